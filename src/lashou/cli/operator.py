"""`lashou operator`: platform review, arbitration, rulings on disputes, recoveries, fees and
the emergency pause.

A reason or ruling is published off chain; only its keccak-256 hash goes on chain.
"""

from __future__ import annotations

from decimal import Decimal

import click
from eth_utils.crypto import keccak

from lashou import actions, cases
from lashou.cli.context import App, json_option, pass_app
from lashou.cli.helpers import DigestType, done, required_flag, tx_hash
from lashou.cli.units import AMOUNT, CliError, Money, When

claim_argument = click.argument("claim_id", type=click.IntRange(min=1, max=2**256 - 1))
reason_option = click.option(
    "--reason", required=True, metavar="TEXT",
    help="The published reason (only its hash goes on chain).",
)  # fmt: skip

DECISION_FLAG = required_flag("Say how the claim is decided: add --approve or --reject.")


@click.group()
def operator() -> None:
    """The operator: review claims, arbitrate, rule on disputes, pause joins and new claims."""


@operator.command()
@claim_argument
@json_option
@pass_app
def accept(app: App, claim_id: int) -> None:
    """Accept claim CLAIM_ID at review; its witness draw is scheduled."""
    claims = app.contract("claims")
    receipt = app.send(claims.functions.accept_claim(claim_id))
    c = actions.claim_record(claims, claim_id)
    app.emit(
        {"tx": tx_hash(receipt), "claim": claim_id, "seed_block": c.seed_block},
        title=f"Claim {claim_id} accepted; its witnesses can be drawn after block {c.seed_block}.",
    )


@operator.command()
@claim_argument
@reason_option
@json_option
@pass_app
def reject(app: App, claim_id: int, reason: str) -> None:
    """Reject claim CLAIM_ID at review with a reason."""
    reason_hash = keccak(text=reason)
    receipt = app.send(app.contract("claims").functions.reject_claim(claim_id, reason_hash))
    app.emit(
        {"tx": tx_hash(receipt), "claim": claim_id, "reason_hash": "0x" + reason_hash.hex()},
        title=f"Claim {claim_id} rejected.",
    )


@operator.command()
@claim_argument
@click.option("--approve/--reject", "approve", required=True, default=None,
              help="Let the claim stand (notice opens), or reject it.",
              callback=DECISION_FLAG)  # fmt: skip
@reason_option
@json_option
@pass_app
def arbitrate(app: App, claim_id: int, approve: bool, reason: str) -> None:
    """Decide claim CLAIM_ID in arbitration, with a reason."""
    reason_hash = keccak(text=reason)
    claims = app.contract("claims")
    receipt = app.send(claims.functions.arbitrate(claim_id, approve, reason_hash))
    status = actions.claim_record(claims, claim_id).status
    app.emit(
        {"tx": tx_hash(receipt), "claim": claim_id, "approved": approve,
         "reason_hash": "0x" + reason_hash.hex(), "claim_status": str(status.name).lower()},
        title=f"Claim {claim_id} arbitrated.",
    )  # fmt: skip


@operator.command()
@json_option
@pass_app
def pause(app: App) -> None:
    """Pause joins and new claims for 14 days (withdrawals, exits and pulls go on)."""
    config = app.plan.config.functions
    receipt = app.send(config.pause())
    until = int(config.paused_until().call())
    app.emit({"tx": tx_hash(receipt), "paused_until": When(until)}, title="Paused.")


@operator.command()
@json_option
@pass_app
def unpause(app: App) -> None:
    """Lift the pause."""
    receipt = app.send(app.plan.config.functions.unpause())
    app.emit({"tx": tx_hash(receipt)}, title="Unpaused.")


@operator.command()
@claim_argument
@click.argument("outcome", type=click.Choice(["fraud", "dismissed"]))
@click.option("--ruling", required=True, type=DigestType("ruling"),
              help="The published ruling (kept off chain), or its keccak-256 hash.")  # fmt: skip
@json_option
@pass_app
def rule(app: App, claim_id: int, outcome: str, ruling: bytes) -> None:
    """Rule on the open case of CLAIM_ID: fraud (confirmed) or dismissed."""
    disputes = app.contract("disputes")
    fraud = outcome == "fraud"
    receipt = app.send(cases.rule(disputes, claim_id, fraud, ruling))
    args = cases.event(disputes, "DisputeRuled", receipt)
    slashed, reward = int(args["slashed"]), int(args["reward"])
    to_reserve, fee = int(args["to_reserve"]), int(args["fee"])
    tx = tx_hash(receipt)
    if fraud:
        line = (
            f"Fraud confirmed on claim {claim_id}: {app.tokens(slashed)} slashed from its"
            f" approving witnesses, {app.tokens(reward)} kept as the supervisors' reward,"
            f" {app.tokens(to_reserve)} to the reserve (transaction {tx})."
        )
    else:
        line = (
            f"Case on claim {claim_id} dismissed: the supervisors' {app.tokens(fee)} of stakes"
            f" are the investigation fee (`operator collect-fees`) and the claim goes on"
            f" (transaction {tx})."
        )
    done(app, line, {
        "tx": tx, "claim": claim_id, "case": int(args["round"]), "outcome": outcome,
        "ruling_hash": "0x" + ruling.hex(), "slashed": Money(slashed), "reward": Money(reward),
        "to_reserve": Money(to_reserve), "fee": Money(fee),
    })  # fmt: skip


@operator.command(name="record-recovery")
@claim_argument
@click.argument("amount", type=AMOUNT)
@json_option
@pass_app
def record_recovery(app: App, claim_id: int, amount: Decimal) -> None:
    """Bring in AMOUNT tokens recovered from the fraudster of CLAIM_ID: they first complete the
    supervisors' reward, the rest goes to the reserve (approving the disputes contract)."""
    base = app.base(amount)
    if base == 0:
        raise CliError("Nothing to record: give the amount recovered, above 0.")
    disputes = app.contract("disputes")
    call = cases.record_recovery(disputes, claim_id, base)
    app.ensure_allowance(str(disputes.address), base, call)
    receipt = app.send(call)
    args = cases.event(disputes, "RecoveryRecorded", receipt)
    to_reward, to_reserve = int(args["to_reward"]), int(args["to_reserve"])
    done(
        app,
        f"Recorded {app.tokens(base)} recovered on claim {claim_id}: {app.tokens(to_reward)} to"
        f" the supervisors' reward, {app.tokens(to_reserve)} to the reserve (transaction"
        f" {tx_hash(receipt)}).",
        {"tx": tx_hash(receipt), "claim": claim_id, "amount": Money(base),
         "to_reward": Money(to_reward), "to_reserve": Money(to_reserve)},
    )  # fmt: skip


@operator.command(name="collect-fees")
@json_option
@pass_app
def collect_fees(app: App) -> None:
    """Pull the investigation fees of dismissed cases (the supervisors' forfeited stakes)."""
    disputes = app.contract("disputes")
    receipt = app.send(cases.collect_fees(disputes))
    amount = int(cases.event(disputes, "FeesCollected", receipt)["amount"])
    done(
        app,
        f"Collected {app.tokens(amount)} of investigation fees (transaction {tx_hash(receipt)}).",
        {"tx": tx_hash(receipt), "fees": Money(amount)},
    )
