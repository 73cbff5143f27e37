"""`lashou witness`: stake, be drawn, report on visits, take fees and the stake back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import click
from eth_utils.crypto import keccak

from lashou import actions
from lashou.cli.context import App, json_option, pass_app
from lashou.cli.helpers import (
    ADDRESS,
    event_args,
    parse_address,
    read_envelope,
    required_flag,
    tx_hash,
)
from lashou.cli.units import AMOUNT, CliError, Money, When
from lashou.identity import signing

VERDICT_FLAG = required_flag("Say whether the visit confirms the claim: add --approve or --reject.")


@click.group()
def witness() -> None:
    """A witness: register with a stake, report on claims it is drawn for, pull its fees."""


@witness.command()
@click.option("--admission", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The attestor's witness admission file.")  # fmt: skip
@click.option("--stake", required=True, type=AMOUNT, help="Tokens to stake, e.g. 3000.")
@json_option
@pass_app
def register(app: App, admission: Path, stake: Decimal) -> None:
    """Register as a witness with an admission and a stake (approving the registry if needed)."""
    envelope = read_envelope(app, admission, "witness-admission", "witnesses")
    assert isinstance(envelope.message, signing.WitnessAdmission)
    amount = app.base(stake)
    registry = app.contract("witnesses")
    call = actions.register(registry, envelope.message, envelope.signature, amount)
    app.ensure_allowance(str(registry.address), amount, call)
    receipt = app.send(call)
    app.emit({"tx": tx_hash(receipt), **_record(app, app.account.address)}, title="Registered.")


@witness.command(name="add-stake")
@click.argument("amount", type=AMOUNT)
@json_option
@pass_app
def add_stake(app: App, amount: Decimal) -> None:
    """Add AMOUNT tokens to the stake (approving the registry if needed)."""
    base = app.base(amount)
    registry = app.contract("witnesses")
    call = registry.functions.add_stake(base)
    app.ensure_allowance(str(registry.address), base, call)
    receipt = app.send(call)
    app.emit({"tx": tx_hash(receipt), **_record(app, app.account.address)}, title="Stake added.")


@witness.command()
@json_option
@pass_app
def unstake(app: App) -> None:
    """Leave the registry and take the whole stake back (once no bond is locked or liable)."""
    registry = app.contract("witnesses")
    receipt = app.send(registry.functions.unstake())
    amount = int(event_args(registry, "WitnessLeft", receipt)["amount"])
    app.emit({"tx": tx_hash(receipt), "returned": Money(amount)}, title="Left the registry.")


@witness.command()
@click.argument("claim_id", type=click.IntRange(min=1))
@click.option("--approve/--reject", "approve", required=True, default=None,
              help="Confirm the claim, or reject it.",
              callback=VERDICT_FLAG)  # fmt: skip
@click.option("--report", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The visit report (off chain; its keccak-256 goes on chain).")  # fmt: skip
@json_option
@pass_app
def report(app: App, claim_id: int, approve: bool, report: Path) -> None:
    """Report on claim CLAIM_ID before the deadline: approve or reject, with the report's hash."""
    content = report.read_bytes()
    if not content:
        raise CliError(f"'{report}' is empty: give the visit report itself, not an empty file.")
    report_hash = keccak(content)
    claims = app.contract("claims")
    receipt = app.send(claims.functions.report(claim_id, approve, report_hash))
    after = actions.claim_record(claims, claim_id)
    app.emit(
        {"tx": tx_hash(receipt), "claim": claim_id, "approved": approve,
         "report_hash": "0x" + report_hash.hex(), "claim_status": str(after.status.name).lower()},
        title="Reported.",
    )  # fmt: skip


@witness.command()
@click.argument("address", required=False, type=ADDRESS)
@json_option
@pass_app
def assignments(app: App, address: str | None) -> None:
    """The claims ADDRESS (or the account) was drawn for, from the WitnessAssigned events."""
    who = parse_address(address) if address else app.address
    claims = app.contract("claims")
    now = app.now()
    found = []
    for event in app.plan.logs("claims", "WitnessAssigned", filters={"witness": who}):
        claim_id, index = int(event["args"]["claim_id"]), int(event["args"]["slot"])
        holder, deadline, verdict = actions.slot(claims, claim_id, index)
        status = actions.claim_record(claims, claim_id).status
        due = holder == who and verdict == 0 and now < deadline and bool(status & actions.OPEN)
        found.append(
            {"claim": claim_id, "slot": index, "deadline": When(deadline),
             "verdict": actions.VERDICTS[verdict] if holder == who else "replaced",
             "claim_status": str(status.name).lower(), "to_report": due}
        )  # fmt: skip
    app.emit({"witness": who, "assignments": found})


@witness.command(name="pull-fees")
@json_option
@pass_app
def pull_fees(app: App) -> None:
    """Pull the witness fees the settlements have funded."""
    pool = app.contract("pool")
    receipt = app.send(pool.functions.pull_fees())
    amount = int(event_args(pool, "FeesPulled", receipt)["amount"])
    app.emit({"tx": tx_hash(receipt), "fees": Money(amount)}, title="Fees pulled.")


@witness.command()
@click.argument("address", required=False, type=ADDRESS)
@json_option
@pass_app
def status(app: App, address: str | None) -> None:
    """A witness's record (ADDRESS, or the account's)."""
    app.emit(_record(app, parse_address(address) if address else app.address))


def _record(app: App, who: str) -> dict[str, object]:
    registry = app.contract("witnesses").functions
    _, region, _, active, stake, locked, liable_until = registry.witness(who).call()
    pool = app.contract("pool").functions
    return {
        "witness": who, "active": bool(active), "province": int(region) // 10_000,
        "stake": Money(int(stake)), "locked_bonds": int(locked),
        "free_bonds": int(registry.free_bonds(who).call()), "liable_until": When(liable_until),
        "fees_owed": Money(int(pool.fee_owed(who).call())),
        "fees_ready": actions.fees_ready(app.contract("pool"), who),
    }  # fmt: skip
