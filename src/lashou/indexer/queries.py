"""The read side of the index: what the HTTP API and the pages show, as plain dataclasses.

Every function takes keyword arguments only, starting with an open SQLAlchemy `session` (from
`lashou.indexer.db.sessions(engine=…)`), and reads the index as of its checkpoint. Amounts are
`int` in token base units, times are Unix seconds (block time), provinces are the first two
digits of the GB/T 2260 code. Nothing here holds a name, an ID number or a document.

- `plan_stats(session=…)` → `PlanStats`: members, active weight, reserve, totals, checkpoint.
- `periods(session=…, limit=100, offset=0)` → `list[PeriodView]`, newest first: share per unit
  weight, active weight, collected, from the reserve, claims funded, reserve, tx hash.
- `claims_board(session=…, status=None, limit=100, offset=0)` → `list[ClaimView]`, newest
  first; `status` is one of CLAIM_STATUSES. A claim whose fraud was confirmed after it was
  queued is `fraud` (its payout cancelled, or paid out and then found out: `paid_amount` and
  what the operator `recovered` say which); one exposed during its notice is `rejected`.
- `claim_timeline(session=…, claim_id=…)` → `ClaimTimeline | None`: the claim, its panel and
  every event that names it, oldest first, each with block number, block time and tx hash.
- `member_status(session=…, address=…)` → `MemberView | None`: the account's latest
  membership with its balance as of the index and how many periods it covers at the current cap.
- `members_waiting(session=…)` → members covered but still in their waiting period.
- `parameters(session=…)` → `dict[str, int]` and `tiers(session=…)` → `list[TierView]`: the
  plan's rules as of the checkpoint (its starting values, then every change Config logged).
- `witnesses(session=…, status=None)` → `list[WitnessView]` (stake, assignments, reports,
  forfeits, slashes, fees).
- `fraud_cases(session=…, status=None)` → `list[DisputeView]`: objections and fraud reports,
  newest first; `status` is open, fraud, dismissed or expired.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lashou.indexer import models as m
from lashou.indexer.forecast import covered_periods
from lashou.indexer.project import is_lapsed, settled_balance
from lashou.indexer.views import (
    ClaimTimeline,
    ClaimView,
    DisputeView,
    MemberView,
    PanelSeat,
    PeriodView,
    PlanStats,
    TierView,
    TimelineStep,
    WitnessView,
)

CLAIM_STATUSES = (
    "review", "drawing", "witnessing", "arbitration", "notice", "disputed", "queued", "paid",
    "fraud", "rejected", "cancelled",
)  # fmt: skip
CLOSED = ("paid", "fraud", "rejected", "cancelled")
T = TypeVar("T")


def as_view(cls: type[T], row: Any, **extra: Any) -> T:
    """The view dataclass `cls` of a read-model row: its same-named columns, then `extra`."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    values = {n: getattr(row, n) for n in names if n not in extra and hasattr(row, n)}
    return cls(**values, **extra)


# -- queries -----------------------------------------------------------------------------------


def _param(session: Session, name: str, default: int = 0) -> int:
    row = session.get(m.Parameter, name)
    return row.value if row is not None else default


def _member_view(session: Session, row: m.Membership, pool: m.PoolState, now: int) -> MemberView:
    bucket, cap = _param(session, "bucket_width", 1) or 1, _param(session, "cap", 1) or 1
    status, covered = row.status, 0
    if is_lapsed(session, row):
        status = "lapsed"
    elif status == "active":
        # still counted after n full-cap settlements while floor(K / b)·b ≥ I + (n + 1)·cap
        covered = covered_periods(index=pool.index, run_out=row.bucket * bucket,
                                  bucket_width=bucket, cap=cap)  # fmt: skip
    return as_view(
        MemberView, row, status=status, balance=settled_balance(session, row, index=pool.index),
        run_out_index=row.checkpoint + row.balance // row.weight if row.weight else 0,
        periods_covered=covered, in_waiting_period=now < row.waiting_ends,
    )  # fmt: skip


def checkpoint(*, session: Session) -> tuple[int, int]:
    """(block number, block time) the index is complete up to; (0, 0) before its first run."""
    state = session.get(m.SyncState, 1)
    if state is None:
        return 0, 0
    block = session.get(m.Block, state.block_number)
    return state.block_number, block.timestamp if block is not None else 0


def _pool(session: Session) -> m.PoolState:
    return session.get(m.PoolState, 1) or m.PoolState(id=1, index=0, frontier=0)


def plan_stats(*, session: Session) -> PlanStats:
    """The plan's totals as of the checkpoint."""
    pool = _pool(session)
    state = session.get(m.SyncState, 1)
    checkpoint = state.block_number if state is not None else 0
    block = session.get(m.Block, checkpoint)
    now = block.timestamp if block is not None else 0
    active = m.Membership.status == "active"
    holding = session.scalar(select(func.count()).where(active)) or 0
    lapsed_query = select(func.count()).select_from(m.Membership).where(active)
    lapsed = session.scalar(lapsed_query.join(m.Crossing, m.Crossing.bucket == m.Membership.bucket))
    lapsed = lapsed or 0
    funds = pool.deposited - pool.withdrawn - pool.collected - pool.contributed
    grouped = session.execute(select(m.Claim.status, func.count()).group_by(m.Claim.status))
    claims: dict[str, int] = dict(grouped.all())
    closed = sum(claims.get(s, 0) for s in CLOSED)
    paid = session.scalar(select(func.count()).where(m.Claim.paid_at.is_not(None))) or 0
    witnesses = session.scalar(select(func.count()).where(m.Witness.status == "active")) or 0
    fraud = session.scalar(select(func.count()).where(m.Dispute.status == "fraud")) or 0
    return PlanStats(
        checkpoint_block=checkpoint, checkpoint_time=now, memberships=pool.memberships or 0,
        members_active=holding - lapsed, members_lapsed=lapsed,
        members_left=(pool.memberships or 0) - holding, active_weight=pool.active_weight,
        member_funds=funds,
        reserve=pool.reserve or 0, index=pool.index or 0, period=pool.period or 0,
        cap=_param(session, "cap"), deposited=pool.deposited or 0, withdrawn=pool.withdrawn or 0,
        collected=pool.collected or 0, benefits_queued=pool.benefits_queued or 0,
        benefits_funded=pool.benefits_funded or 0, benefits_paid=pool.benefits_paid or 0,
        fees_accrued=pool.fees_accrued or 0, fees_paid=pool.fees_paid or 0,
        claims_filed=pool.claims_filed or 0, claims_paid=paid,
        claims_open=sum(claims.values()) - closed, witnesses_active=witnesses,
        fraud_confirmed=fraud,
    )  # fmt: skip


def members_waiting(*, session: Session) -> int:
    """Covered members (active, not lapsed) whose waiting period has not ended at the checkpoint."""
    state = session.get(m.SyncState, 1)
    block = session.get(m.Block, state.block_number) if state is not None else None
    now = block.timestamp if block is not None else 0
    query = select(m.Membership).where(
        m.Membership.status == "active", m.Membership.waiting_ends > now
    )
    return sum(1 for row in session.scalars(query) if not is_lapsed(session, row))


def parameters(*, session: Session) -> dict[str, int]:
    """Every parameter of the plan by name, as of the checkpoint."""
    return {row.name: row.value for row in session.scalars(select(m.Parameter))}


def tiers(*, session: Session) -> list[TierView]:
    """The benefit table: each tier's benefit and weight, as of the checkpoint."""
    return [as_view(TierView, row) for row in session.scalars(select(m.Tier).order_by(m.Tier.tier))]


def periods(*, session: Session, limit: int = 100, offset: int = 0) -> list[PeriodView]:
    """Settled periods, newest first."""
    query = select(m.Period).order_by(m.Period.period.desc()).limit(limit).offset(offset)
    return [as_view(PeriodView, row) for row in session.scalars(query)]


def claims_board(
    *, session: Session, status: str | None = None, limit: int = 100, offset: int = 0
) -> list[ClaimView]:
    """Claims, newest first, optionally of one status (see CLAIM_STATUSES)."""
    if status is not None and status not in CLAIM_STATUSES:
        raise ValueError(
            f"Unknown claim status {status!r}: use one of {', '.join(CLAIM_STATUSES)}."
        )
    query = select(m.Claim).order_by(m.Claim.claim_id.desc()).limit(limit).offset(offset)
    if status is not None:
        query = query.where(m.Claim.status == status)
    return claim_views(session=session, rows=list(session.scalars(query)))


def claim_views(*, session: Session, rows: list[m.Claim]) -> list[ClaimView]:
    """The claims as views, with what was recovered from the fraudster of each (one query)."""
    recovered: dict[int, int] = {}
    confirmed = select(m.Dispute.claim_id, m.Dispute.recovered).where(
        m.Dispute.status == "fraud", m.Dispute.claim_id.in_([row.claim_id for row in rows])
    )
    for claim_id, amount in session.execute(confirmed):
        recovered[claim_id] = recovered.get(claim_id, 0) + amount
    # a pulled payout is the claim's whole benefit (the pool queues the benefit, pays it whole)
    return [
        as_view(ClaimView, row, paid_amount=row.benefit if row.paid_at is not None else 0,
                recovered=recovered.get(row.claim_id, 0))
        for row in rows
    ]  # fmt: skip


def claim_timeline(*, session: Session, claim_id: int) -> ClaimTimeline | None:
    """A claim with its panel and every event naming it, oldest first; None if unknown."""
    row = session.get(m.Claim, claim_id)
    if row is None:
        return None
    seats = session.scalars(
        select(m.Assignment).where(m.Assignment.claim_id == claim_id).order_by(m.Assignment.slot)
    )
    events = session.scalars(
        select(m.Event)
        .where(m.Event.claim_id == claim_id)
        .order_by(m.Event.block_number, m.Event.log_index)
    )
    steps = [
        TimelineStep(
            event=e.name,
            contract=e.contract,
            block_number=e.block_number,
            log_index=e.log_index,
            block_time=e.block_time,
            tx_hash=e.tx_hash,
            args=json.loads(e.args),
        )  # fmt: skip
        for e in events
    ]
    (claim,) = claim_views(session=session, rows=[row])
    return ClaimTimeline(claim, [as_view(PanelSeat, s) for s in seats], steps)


def member_status(*, session: Session, address: str) -> MemberView | None:
    """The latest membership of `address` (any letter case), or None if it never joined."""
    query = (
        select(m.Membership)
        .where(func.lower(m.Membership.address) == address.lower())
        .order_by(m.Membership.membership_id.desc())
        .limit(1)
    )
    row = session.scalars(query).first()
    if row is None:
        return None
    state = session.get(m.SyncState, 1)
    block = session.get(m.Block, state.block_number) if state is not None else None
    return _member_view(session, row, _pool(session), block.timestamp if block else 0)


def witnesses(*, session: Session, status: str | None = None) -> list[WitnessView]:
    """Registered witnesses (optionally active, inactive or left), by address."""
    query = select(m.Witness).order_by(m.Witness.address)
    if status is not None:
        query = query.where(m.Witness.status == status)
    return [as_view(WitnessView, row) for row in session.scalars(query)]


def fraud_cases(*, session: Session, status: str | None = None) -> list[DisputeView]:
    """Disputes on claims (objections and fraud reports), newest first."""
    query = (
        select(m.Dispute, m.Claim.benefit)
        .join(m.Claim, m.Claim.claim_id == m.Dispute.claim_id)
        .order_by(m.Dispute.opened_at.desc(), m.Dispute.claim_id.desc())
    )
    if status is not None:
        query = query.where(m.Dispute.status == status)
    return [as_view(DisputeView, case, benefit=benefit) for case, benefit in session.execute(query)]
