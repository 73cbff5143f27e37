"""`lashou member`: join with an admission, manage the deposit, leave, and claim."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from lashou import actions
from lashou.cli.context import App, json_option, pass_app
from lashou.cli.helpers import ADDRESS, event_args, parse_address, read_envelope, tx_hash
from lashou.cli.units import AMOUNT, CliError, Money, When
from lashou.identity import signing


@click.group()
def member() -> None:
    """A member: join, top up, withdraw, exit, see its standing, and claim."""


@member.command()
@click.option("--admission", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The attestor's admission file.")  # fmt: skip
@click.option("--deposit", required=True, type=AMOUNT, help="Tokens to deposit, e.g. 100.5.")
@json_option
@pass_app
def join(app: App, admission: Path, deposit: Decimal) -> None:
    """Join the plan with an admission and a first deposit (approving the pool if needed)."""
    envelope = read_envelope(app, admission, "member-admission", "pool")
    assert isinstance(envelope.message, signing.Admission)
    amount = app.base(deposit)
    pool = app.contract("pool")
    call = actions.join(pool, envelope.message, envelope.signature, amount)
    app.ensure_allowance(str(pool.address), amount, call)
    receipt = app.send(call)
    app.emit({"tx": tx_hash(receipt), **_standing(app, app.account.address)}, title="Joined.")


@member.command(name="top-up")
@click.argument("amount", type=AMOUNT)
@json_option
@pass_app
def top_up(app: App, amount: Decimal) -> None:
    """Add AMOUNT tokens to the deposit (approving the pool if needed)."""
    base = _positive(app, amount, "top up")
    pool = app.contract("pool")
    call = pool.functions.top_up(base)
    app.ensure_allowance(str(pool.address), base, call)
    receipt = app.send(call)
    app.emit({"tx": tx_hash(receipt), **_standing(app, app.account.address)}, title="Topped up.")


@member.command()
@click.argument("amount", type=AMOUNT)
@json_option
@pass_app
def withdraw(app: App, amount: Decimal) -> None:
    """Take AMOUNT tokens of the deposit back (a full cap must stay; `exit` takes all)."""
    base = _positive(app, amount, "withdraw")
    receipt = app.send(app.contract("pool").functions.withdraw(base))
    app.emit({"tx": tx_hash(receipt), **_standing(app, app.account.address)}, title="Withdrawn.")


@member.command(name="exit")
@json_option
@pass_app
def exit_(app: App) -> None:
    """Leave the plan: pay the share of claims already past witnessing, take the rest back."""
    pool = app.contract("pool")
    receipt = app.send(pool.functions.exit())
    args = event_args(pool, "MemberExited", receipt)
    app.emit(
        {"tx": tx_hash(receipt), "contribution": Money(int(args["contribution"])),
         "refund": Money(int(args["refund"]))},
        title="Left the plan.",
    )  # fmt: skip


@member.command()
@click.argument("address", required=False, type=ADDRESS)
@json_option
@pass_app
def status(app: App, address: str | None) -> None:
    """A member's standing (ADDRESS, or the account's)."""
    app.emit(_standing(app, parse_address(address) if address else app.address))


@member.group()
def claim() -> None:
    """File a claim, follow it, pull its benefit."""


@claim.command(name="file")
@click.option("--diagnosis", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The notary's diagnosis file.")  # fmt: skip
@json_option
@pass_app
def file_(app: App, diagnosis: Path) -> None:
    """File a claim with a notary's attestation of the diagnosis."""
    envelope = read_envelope(app, diagnosis, "diagnosis", "claims")
    assert isinstance(envelope.message, signing.Diagnosis)
    claims = app.contract("claims")
    receipt = app.send(actions.file_claim(claims, envelope.message, envelope.signature))
    claim_id, benefit = actions.filed(claims, receipt)
    app.emit(
        {"tx": tx_hash(receipt), "claim": claim_id, "benefit": Money(benefit)},
        title=f"Claim {claim_id} filed; the operator reviews it next.",
    )


@claim.command()
@click.argument("claim_id", type=click.IntRange(min=1, max=2**256 - 1))
@json_option
@pass_app
def show(app: App, claim_id: int) -> None:
    """Where claim CLAIM_ID stands, with its witness slots."""
    claims = app.contract("claims")
    c = actions.claim_record(claims, claim_id)
    if not c.status:
        raise CliError(f"There is no claim {claim_id} on this plan: check the id.")
    slots = []
    for index in c.panel:
        witness, deadline, verdict = actions.slot(claims, claim_id, index)
        if int(witness, 16):
            slots.append({"slot": index, "witness": witness, "deadline": When(deadline),
                          "verdict": actions.VERDICTS[verdict]})  # fmt: skip
    app.emit(
        {"claim": claim_id, "patient": c.patient, "status": str(c.status.name).lower(),
         "benefit": Money(c.benefit), "deadline": When(c.deadline),
         "payable": actions.payout_ready(app.contract("pool"), claim_id), "witnesses": slots},
    )  # fmt: skip


@claim.command()
@click.argument("claim_id", type=click.IntRange(min=1, max=2**256 - 1))
@json_option
@pass_app
def pull(app: App, claim_id: int) -> None:
    """Pull the funded benefit of claim CLAIM_ID (and what is left of the deposit)."""
    pool = app.contract("pool")
    receipt = app.send(pool.functions.pull_payout(claim_id))
    args = event_args(pool, "PayoutPulled", receipt)
    app.emit(
        {"tx": tx_hash(receipt), "claim": claim_id, "benefit": Money(int(args["amount"])),
         "refund": Money(int(args["refund"]))},
        title="Benefit pulled.",
    )  # fmt: skip


def _standing(app: App, address: str) -> dict[str, Any]:
    s = actions.member_status(app.plan, address)
    pool = app.contract("pool").functions
    return {
        "address": s.address, "status": s.status, "balance": Money(s.balance),
        "weight": s.weight, "tier": s.tier, "covered": s.covered, "lapsed": s.lapsed,
        "waiting_ends": When(s.waiting_ends), "valid_until": When(s.valid_until),
        "periods_covered_at_cap": s.periods_covered,
        "next_settlement": When(int(pool.next_settlement().call())),
    }  # fmt: skip


def _positive(app: App, amount: Decimal, action: str) -> int:
    base = app.base(amount)
    if base == 0:
        raise CliError(f"Nothing to {action}: give an amount above 0.")
    return base
