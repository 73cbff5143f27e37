"""`lashou supervisor` (object, report fraud, follow its cases, withdraw what it is owed) and
`lashou dispute` (anyone: see a claim's case, expire one left without a ruling).

Evidence stays off chain; only its keccak-256 hash goes on chain. Stakes, refunds and rewards
are pulled from the Disputes contract, never pushed.
"""

from __future__ import annotations

from typing import Any

import click

from lashou import actions, cases
from lashou.cli.context import App, json_option, pass_app
from lashou.cli.helpers import ADDRESS, DigestType, done, parse_address, tx_hash
from lashou.cli.units import CliError, Money, When, format_time

claim_argument = click.argument("claim_id", type=click.IntRange(min=1, max=2**256 - 1))
evidence_option = click.option(
    "--evidence", required=True, type=DigestType("evidence"),
    help="The evidence file (it stays off chain), or its keccak-256 hash.",
)  # fmt: skip


@click.group()
def supervisor() -> None:
    """A supervisor: stake to object or report fraud, and pull the stake and reward back."""


@supervisor.command(name="object")
@claim_argument
@evidence_option
@json_option
@pass_app
def object_(app: App, claim_id: int, evidence: bytes) -> None:
    """Object to claim CLAIM_ID during its public notice, staking the objection deposit."""
    _stake(app, claim_id, evidence, report=False)


@supervisor.command()
@claim_argument
@evidence_option
@json_option
@pass_app
def report(app: App, claim_id: int, evidence: bytes) -> None:
    """Report fraud on claim CLAIM_ID, queued or paid (within the report window), with a stake."""
    _stake(app, claim_id, evidence, report=True)


@supervisor.command(name="cases")
@click.argument("address", required=False, type=ADDRESS)
@json_option
@pass_app
def cases_(app: App, address: str | None) -> None:
    """The cases ADDRESS (or the account) staked on, their outcomes and what it may withdraw."""
    who = parse_address(address) if address else app.address
    disputes = app.contract("disputes")
    claim_ids: list[int] = []
    for name in ("ObjectionRaised", "FraudReported"):
        for found in app.plan.logs("disputes", name, filters={"supervisor": who}):
            claim_ids.append(int(found["args"]["claim_id"]))
    rows = []
    for claim_id in sorted(set(claim_ids)):
        s = cases.supervision(disputes, claim_id, who)
        if s is None:
            continue
        rows.append(
            {"claim": claim_id, "case": s.case.round, "outcome": s.case.outcome.label,
             "ruling_due": When(s.case.deadline), "stake": Money(s.stake),
             "reward_received": Money(s.received), "stake_refunded": s.refunded,
             "to_withdraw": Money(s.stake_owed + s.reward_owed)}
        )  # fmt: skip
    app.emit({"supervisor": who, "cases": rows})


@supervisor.command()
@claim_argument
@json_option
@pass_app
def withdraw(app: App, claim_id: int) -> None:
    """Pull the stake back and the share of the reward the case on CLAIM_ID owes."""
    disputes = app.contract("disputes")
    receipt = app.send(cases.withdraw(disputes, claim_id))
    args = cases.event(disputes, "StakeWithdrawn", receipt)
    stake, reward = int(args["stake"]), int(args["reward"])
    done(
        app,
        f"Withdrew {app.tokens(stake)} of stake and {app.tokens(reward)} of reward on claim"
        f" {claim_id} (transaction {tx_hash(receipt)}).",
        {"tx": tx_hash(receipt), "claim": claim_id, "stake": Money(stake),
         "reward": Money(reward)},
    )  # fmt: skip


@click.group()
def dispute() -> None:
    """Anyone: see a claim's dispute case, expire one the operator left without a ruling."""


@dispute.command()
@claim_argument
@json_option
@pass_app
def show(app: App, claim_id: int) -> None:
    """The latest case on claim CLAIM_ID."""
    if claim_id > int(app.contract("claims").functions.claim_count().call()):
        raise CliError(f"There is no claim {claim_id}: check the id (claims are numbered from 1).")
    c = cases.case(app.contract("disputes"), claim_id)
    if c.outcome is cases.Outcome.NONE:
        raise CliError(f"Claim {claim_id} has no dispute case: nobody objected or reported.")
    app.emit(
        {"claim": claim_id, "case": c.round, "outcome": c.outcome.label,
         "ruling_due": When(c.deadline), "supervisors": c.supervisors, "stakes": Money(c.stakes),
         "reward_target": Money(c.target), "reward_funded": Money(c.reward)},
    )  # fmt: skip


@dispute.command()
@claim_argument
@json_option
@pass_app
def expire(app: App, claim_id: int) -> None:
    """Close the case on CLAIM_ID past its ruling deadline: stakes refundable, the claim goes on."""
    disputes = app.contract("disputes")
    receipt = app.send(cases.expire(disputes, claim_id))
    args = cases.event(disputes, "DisputeExpired", receipt)
    refunded = int(args["refunded"])
    status = actions.claim_record(app.contract("claims"), claim_id).status
    done(
        app,
        f"Case {args['round']} on claim {claim_id} expired without a ruling: its supervisors may"
        f" withdraw their {app.tokens(refunded)} of stakes, and the claim is"
        f" {str(status.name).lower()} (transaction {tx_hash(receipt)}).",
        {"tx": tx_hash(receipt), "claim": claim_id, "case": int(args["round"]),
         "refunded": Money(refunded), "claim_status": str(status.name).lower()},
    )  # fmt: skip


def _stake(app: App, claim_id: int, evidence: bytes, *, report: bool) -> None:
    """Object or report: approve the stake if needed (once a dry run shows only the allowance
    is missing), send, and say what the case now is."""
    disputes = app.contract("disputes")
    stake = int(app.plan.config.functions.objection_stake().call())
    make = cases.report_fraud if report else cases.object_to
    call = make(disputes, claim_id, evidence)
    app.ensure_allowance(str(disputes.address), stake, call)
    receipt = app.send(call)
    c = cases.case(disputes, claim_id)
    what = "Reported fraud on" if report else "Objected to"
    data: dict[str, Any] = {
        "tx": tx_hash(receipt), "claim": claim_id, "case": c.round, "stake": Money(stake),
        "evidence_hash": "0x" + evidence.hex(), "ruling_due": When(c.deadline),
    }  # fmt: skip
    done(
        app,
        f"{what} claim {claim_id} with a stake of {app.tokens(stake)} (case {c.round}, the"
        f" operator rules by {format_time(c.deadline)}; transaction {tx_hash(receipt)}).",
        data,
    )
