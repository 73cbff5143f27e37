"""What each public page shows, read from the index (and, for the rules, the timelock).

Nothing here returns a patient's address, a name or a document hash: the claim pages get
masked rows (province, class, tier, dates, amounts) and timeline steps with a few safe fields.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lashou.indexer import models as m
from lashou.indexer import queries
from lashou.indexer.views import (
    ClaimView,
    DisputeView,
    PanelSeat,
    PeriodView,
    PlanStats,
    TierView,
)

OPEN = ("review", "drawing", "witnessing", "arbitration", "disputed", "queued")
# Timeline arguments safe to publish: no patient, no document, evidence or report hash.
SAFE_ARGS = ("witness", "approve", "round", "fraud", "slot", "deadline")
MONEY_ARGS = ("amount", "benefit", "stake", "slashed", "reward", "to_reserve", "refunded", "fee")
BOARD_LIMIT = 500


@dataclass(frozen=True)
class Dashboard:
    stats: PlanStats
    waiting: int
    periods: list[PeriodView]  # oldest first
    tiers: list[TierView]
    yearly: dict[int, list[int]]  # calendar year (UTC) → what each tier paid that year


def dashboard(session: Session) -> Dashboard:
    periods = list(reversed(queries.periods(session=session, limit=BOARD_LIMIT)))
    tiers = queries.tiers(session=session)
    yearly: dict[int, list[int]] = defaultdict(lambda: [0] * len(tiers))
    for p in periods:
        year = datetime.fromtimestamp(p.block_time, UTC).year
        for i, tier in enumerate(tiers):
            yearly[year][i] += tier.weight * p.share
    return Dashboard(
        stats=queries.plan_stats(session=session), waiting=queries.members_waiting(session=session),
        periods=periods, tiers=tiers, yearly=dict(sorted(yearly.items())),
    )  # fmt: skip


@dataclass(frozen=True)
class MaskedClaim:
    """A claim as the board shows it."""

    claim_id: int
    province: int
    condition_class: int
    tier: int
    benefit: int
    status: str
    filed_at: int
    filed_tx: str
    updated_at: int
    deadline: int | None
    remaining: int | None  # seconds of the current stage left at the checkpoint's block time
    paid_at: int | None
    paid_tx: str | None
    paid_amount: int
    recovered: int  # from the fraudster, once fraud is confirmed


def mask(claim: ClaimView, now: int) -> MaskedClaim:
    remaining = None if claim.deadline is None else max(0, claim.deadline - now)
    return MaskedClaim(
        claim_id=claim.claim_id, province=claim.province, condition_class=claim.condition_class,
        tier=claim.tier, benefit=claim.benefit, status=claim.status, filed_at=claim.filed_at,
        filed_tx=claim.filed_tx, updated_at=claim.updated_at, deadline=claim.deadline,
        remaining=remaining, paid_at=claim.paid_at, paid_tx=claim.paid_tx,
        paid_amount=claim.paid_amount, recovered=claim.recovered,
    )  # fmt: skip


@dataclass(frozen=True)
class Board:
    now: int  # the checkpoint's block time
    checkpoint: int
    notice: list[MaskedClaim]
    open: list[MaskedClaim]
    paid: list[MaskedClaim]
    fraud: list[MaskedClaim]  # confirmed once queued or paid
    rejected: list[MaskedClaim]
    cases: list[DisputeView]


def board(session: Session) -> Board:
    stats = queries.plan_stats(session=session)
    now = stats.checkpoint_time
    rows = [mask(c, now) for c in queries.claims_board(session=session, limit=BOARD_LIMIT)]
    return Board(
        now=now, checkpoint=stats.checkpoint_block,
        notice=[c for c in rows if c.status == "notice"],
        open=[c for c in rows if c.status in OPEN],
        paid=[c for c in rows if c.status == "paid"],
        fraud=[c for c in rows if c.status == "fraud"],
        rejected=[c for c in rows if c.status in ("rejected", "cancelled")],
        cases=queries.fraud_cases(session=session),
    )  # fmt: skip


@dataclass(frozen=True)
class Step:
    event: str
    contract: str
    block_number: int
    block_time: int
    tx_hash: str
    fields: list[tuple[str, Any, bool]] = field(default_factory=list)  # name, value, is money


def _step(
    event: str, contract: str, block: int, time: int, tx_hash: str, args: dict[str, Any]
) -> Step:
    shown = [(k, args[k], False) for k in SAFE_ARGS if k in args]
    shown += [(k, int(args[k]), True) for k in MONEY_ARGS if k in args]
    claim = args.get("claim_id")
    if claim is not None:
        shown.insert(0, ("claim_id", int(claim), False))
    return Step(event, contract, block, time, tx_hash, shown)


@dataclass(frozen=True)
class ClaimPage:
    claim: MaskedClaim
    panel: list[PanelSeat]
    steps: list[Step]
    cases: list[DisputeView]
    now: int


def claim_page(session: Session, claim_id: int) -> ClaimPage | None:
    found = queries.claim_timeline(session=session, claim_id=claim_id)
    if found is None:
        return None
    now = queries.plan_stats(session=session).checkpoint_time
    steps = [
        _step(s.event, s.contract, s.block_number, s.block_time, s.tx_hash, s.args)
        for s in found.steps
    ]
    cases = [c for c in queries.fraud_cases(session=session) if c.claim_id == claim_id]
    return ClaimPage(mask(found.claim, now), found.panel, steps, cases, now)


@dataclass(frozen=True)
class Rules:
    parameters: dict[str, int]
    tiers: list[TierView]
    checkpoint: int


def rules(session: Session) -> Rules:
    return Rules(
        parameters=queries.parameters(session=session), tiers=queries.tiers(session=session),
        checkpoint=queries.plan_stats(session=session).checkpoint_block,
    )  # fmt: skip


def transaction(session: Session, tx_hash: str) -> list[Step]:
    """The plan's events in one transaction, in log order, with the same safe fields."""
    query = (
        select(m.Event)
        .where(func.lower(m.Event.tx_hash) == tx_hash.lower())
        .order_by(m.Event.log_index)
    )
    return [_step(e.name, e.contract, e.block_number, e.block_time, e.tx_hash, json.loads(e.args))
            for e in session.scalars(query)]  # fmt: skip
