"""`lashou keeper`: the permissionless transitions, one at a time or every due one at once."""

from __future__ import annotations

from typing import Any

import click
from web3.types import TxReceipt

from lashou import actions
from lashou import keeper as keeping
from lashou.cli.context import App, json_option, pass_app
from lashou.cli.helpers import tx_hash
from lashou.cli.units import Money, When

claim_argument = click.argument("claim_id", type=click.IntRange(min=1, max=2**256 - 1))


@click.group()
def keeper() -> None:
    """Anyone: settle periods and move claims past their deadlines."""


@keeper.command()
@json_option
@pass_app
def settle(app: App) -> None:
    """Settle the next settlement period (once it is over)."""
    pool = app.contract("pool")
    receipt = app.send(pool.functions.settle())
    figures = actions.settled(pool, receipt)
    if figures is None:
        held = int(pool.functions.held_period().call())
        app.emit(
            {"tx": tx_hash(receipt), "held_period": held},
            title=f"Period {held} is held by the circuit breaker: governance must confirm it"
            f" (`lashou gov propose confirm-period {held}`, then `lashou gov execute` after"
            " the delay).",
        )
        return
    app.emit({"tx": tx_hash(receipt), **_period(app, figures, receipt)},
             title=f"Period {figures['period']} settled.")  # fmt: skip


@keeper.command()
@click.argument("max_buckets", type=click.IntRange(1, keeping.MAX_CROSS))
@json_option
@pass_app
def advance(app: App, max_buckets: int) -> None:
    """Cross up to MAX_BUCKETS buckets towards the frontier a raised cap demands."""
    pool = app.contract("pool")
    receipt = app.send(pool.functions.advance(max_buckets))
    fn = pool.functions
    app.emit(
        {"tx": tx_hash(receipt), "lapsed_buckets": actions.lapsed_buckets(pool, receipt),
         "frontier": int(fn.frontier().call()), "target": int(fn.target_frontier().call())},
    )  # fmt: skip


def _claim_command(name: str, function: str, doc: str, *, slot: bool = False) -> None:
    """A keeper command that calls Claims.`function`(CLAIM_ID[, SLOT])."""

    def command(app: App, claim_id: int, slot_index: int | None = None) -> None:
        claims = app.contract("claims")
        args = (claim_id,) if slot_index is None else (claim_id, slot_index)
        receipt = app.send(claims.functions[function](*args))
        after = actions.claim_record(claims, claim_id)
        result: dict[str, Any] = {"tx": tx_hash(receipt), "claim": claim_id,
                                  "claim_status": str(after.status.name).lower()}  # fmt: skip
        drawn = actions.assigned(claims, receipt)
        if drawn:
            result["witnesses"] = [{"slot": s, "witness": w} for s, w in sorted(drawn.items())]
        app.emit(result)

    command.__doc__ = doc
    decorated: Any = pass_app(command)
    decorated = json_option(decorated)
    if slot:
        slot_argument = click.argument("slot_index", metavar="SLOT", type=click.IntRange(0, 5))
        decorated = slot_argument(decorated)
    decorated = claim_argument(decorated)
    keeper.command(name=name)(decorated)


_claim_command("draw", "draw_witnesses",
               "Draw the witnesses of claim CLAIM_ID once its seed block is mined.")  # fmt: skip
_claim_command("replace", "replace_witness",
               "Replace the silent witness in SLOT of claim CLAIM_ID (after its deadline).",
               slot=True)  # fmt: skip
_claim_command("redraw", "redraw_panel", "Draw a fresh, final panel after a lapsed arbitration.")
_claim_command("finalize", "finalize", "Queue the payout of claim CLAIM_ID after its notice.")
_claim_command("cancel", "cancel", "Cancel claim CLAIM_ID, whose patient left the plan.")
_claim_command("skip-review", "skip_review", "Move on a claim the operator did not review in time.")


@keeper.command(name="run-once")
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True,
              help="Most transactions to send.")  # fmt: skip
@json_option
@pass_app
def run_once(app: App, limit: int) -> None:
    """Make every due transition: claims past their deadlines, then the settlements due."""
    outcomes = keeping.run_once(app.plan, app.sender, app.account, limit=limit)
    done = [{"action": o.label, "tx": o.tx, "error": o.error} for o in outcomes]
    if not app.as_json:
        for item in done:
            mark = item["tx"] or (f"failed: {item['error']}" if item["error"] else "")
            click.echo(f"{item['action']}: {mark}" if mark else str(item["action"]))
        if not done:
            click.echo("Nothing is due.")
        return
    app.emit({"transitions": done})


def _period(app: App, figures: dict[str, int], receipt: TxReceipt) -> dict[str, Any]:
    pool = app.contract("pool")
    return {
        "period": figures["period"],
        "share_per_unit_weight": Money(figures["share"]),
        "active_weight": figures["active_weight"],
        "collected": Money(figures["collected"]),
        "from_reserve": Money(figures["from_reserve"]),
        "fees_funded": Money(figures["fees_funded"]),
        "claims_funded": Money(figures["claims_funded"]),
        "reserve": Money(figures["reserve"]),
        "lapsed_buckets": actions.lapsed_buckets(pool, receipt),
        "next_settlement": When(int(pool.functions.next_settlement().call())),
    }
