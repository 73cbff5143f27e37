"""`lashou operator`: platform review, arbitration and the emergency pause.

A reason is published off chain; only its keccak-256 hash goes on chain.
"""

from __future__ import annotations

import click
from eth_utils.crypto import keccak

from lashou import actions
from lashou.cli.context import App, json_option, pass_app
from lashou.cli.helpers import required_flag, tx_hash
from lashou.cli.units import When

claim_argument = click.argument("claim_id", type=click.IntRange(min=1))
reason_option = click.option(
    "--reason", required=True, metavar="TEXT",
    help="The published reason (only its hash goes on chain).",
)  # fmt: skip

DECISION_FLAG = required_flag("Say how the claim is decided: add --approve or --reject.")


@click.group()
def operator() -> None:
    """The operator: review claims, arbitrate, pause joins and new claims."""


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
