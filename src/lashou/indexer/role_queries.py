"""The read side the role pages need: one account's claims, assignments and cases, and what
waits on the operator. Keyword arguments only, an open `session` first; the index as of its
checkpoint, like `lashou.indexer.queries`. Nothing here holds a name, an ID or a document.

- `member_detail(session=…, address=…)` → `MemberDetail | None`: `MemberView` with the lapse
  warning, the address's claims and the payouts it may pull.
- `witness_record(session=…, address=…)` → `WitnessView | None`.
- `witness_assignments(session=…, address=…, now=…)` → `list[WitnessAssignment]`, newest claim
  first, each saying whether the witness reported and whether a report is due at `now`.
- `supervised(session=…, address=…)` → `list[Supervised]`: every objection and fraud report the
  address staked, oldest first, with the case it joined.
- `operator_docket(session=…)` → `OperatorDocket`: claims in review and in arbitration, open
  disputes, and fraud cases on paid claims with money still to recover.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import fields

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from lashou.indexer import models as m
from lashou.indexer.queries import as_view, checkpoint, claim_views, member_status
from lashou.indexer.views import (
    ClaimView,
    DisputeView,
    MemberClaim,
    MemberDetail,
    OperatorDocket,
    Supervised,
    WitnessAssignment,
    WitnessView,
)

# Warn a covered member when fewer full-cap settlements than this are left before it lapses:
# at the default 14-day period, about six weeks ahead, and right after a minimum deposit.
LAPSE_WARNING_PERIODS = 3
STAKES = ("ObjectionRaised", "FraudReported")
KINDS = {"ObjectionRaised": "objection", "FraudReported": "fraud report"}


def _is(column: InstrumentedAttribute[str], address: str) -> ColumnElement[bool]:
    """`column` holds `address`, in any letter case."""
    return func.lower(column) == address.lower()


def member_detail(*, session: Session, address: str) -> MemberDetail | None:
    """The latest membership of `address` with its lapse warning, claims and ready payouts."""
    view = member_status(session=session, address=address)
    if view is None:
        return None
    pool = session.get(m.PoolState, 1)
    funded = pool.benefits_funded if pool is not None else 0
    rows = session.scalars(
        select(m.Claim).where(_is(m.Claim.patient, address)).order_by(m.Claim.claim_id.desc())
    )
    claims = [
        as_view(MemberClaim, row, payout_ready=row.status == "queued"
                and row.cum_before is not None and row.cum_before + row.benefit <= funded)
        for row in rows
    ]  # fmt: skip
    return MemberDetail(
        **{f.name: getattr(view, f.name) for f in fields(view)},
        warning_due=view.status == "active" and view.periods_covered < LAPSE_WARNING_PERIODS,
        claims=claims,
        payouts_ready=[c.claim_id for c in claims if c.payout_ready],
    )


def witness_record(*, session: Session, address: str) -> WitnessView | None:
    """The registry's record of `address` (any letter case), or None if it never registered."""
    row = session.scalars(select(m.Witness).where(_is(m.Witness.address, address))).first()
    return as_view(WitnessView, row) if row is not None else None


def witness_assignments(*, session: Session, address: str, now: int) -> list[WitnessAssignment]:
    """Every seat `address` was drawn for, newest claim first; `to_report` as of `now`."""
    query = (
        select(m.Assignment, m.Claim.status)
        .join(m.Claim, m.Claim.claim_id == m.Assignment.claim_id)
        .where(_is(m.Assignment.witness, address))
        .order_by(m.Assignment.claim_id.desc(), m.Assignment.slot)
    )
    return [
        as_view(
            WitnessAssignment,
            seat,
            claim_status=status,
            reported=seat.verdict in ("approved", "rejected"),
            to_report=seat.verdict == "pending" and status == "witnessing" and now < seat.deadline,
        )  # fmt: skip
        for seat, status in session.execute(query)
    ]


def supervised(*, session: Session, address: str) -> list[Supervised]:
    """The stakes `address` put on cases, oldest first, each with the case it joined (the
    latest case the claim had opened by then)."""
    query = (
        select(m.Event)
        .where(m.Event.name.in_(STAKES), func.lower(m.Event.args).contains(address.lower()))
        .order_by(m.Event.block_number, m.Event.log_index)
    )
    stakes = [
        (e, args) for e in session.scalars(query)
        if str((args := json.loads(e.args)).get("supervisor", "")).lower() == address.lower()
    ]  # fmt: skip
    claim_ids = {int(e.claim_id or 0) for e, _ in stakes}
    openings: dict[int, list[tuple[tuple[int, int], int]]] = {c: [] for c in claim_ids}
    opened = (
        select(m.Event)
        .where(m.Event.name == "DisputeOpened", m.Event.claim_id.in_(claim_ids))
        .order_by(m.Event.block_number, m.Event.log_index)
    )
    for e in session.scalars(opened):
        openings[int(e.claim_id or 0)].append(((e.block_number, e.log_index), _round(e)))
    found = []
    for e, args in stakes:
        claim_id = int(e.claim_id or 0)
        earlier = openings[claim_id][: bisect_left(
            [position for position, _ in openings[claim_id]], (e.block_number, e.log_index)
        )]  # fmt: skip
        round_ = earlier[-1][1] if earlier else 0
        case = session.get(m.Dispute, (claim_id, round_))
        claim = session.get(m.Claim, claim_id)
        found.append(
            Supervised(
                claim_id=claim_id, round=round_, kind=KINDS[e.name],
                evidence_hash=str(args["evidence_hash"]), stake=int(args["stake"]),
                raised_at=e.block_time, raised_tx=e.tx_hash,
                case_status=case.status if case is not None else "open",
                claim_status=claim.status if claim is not None else "",
            )
        )  # fmt: skip
    return found


def _round(event: m.Event) -> int:
    return int(json.loads(event.args)["round"])


def operator_docket(*, session: Session) -> OperatorDocket:
    """Claims in review and arbitration, open disputes and recoveries, oldest deadline first."""
    block, time = checkpoint(session=session)

    def claims(status: str) -> list[ClaimView]:
        query = select(m.Claim).where(m.Claim.status == status)
        query = query.order_by(m.Claim.deadline, m.Claim.claim_id)
        return claim_views(session=session, rows=list(session.scalars(query)))

    def cases(*conditions: ColumnElement[bool]) -> list[DisputeView]:
        query = (
            select(m.Dispute, m.Claim.benefit)
            .join(m.Claim, m.Claim.claim_id == m.Dispute.claim_id)
            .where(*conditions)
            .order_by(m.Dispute.deadline, m.Dispute.claim_id)
        )
        return [as_view(DisputeView, c, benefit=benefit) for c, benefit in session.execute(query)]

    # amounts are decimal text on SQLite: compare them here, not in SQL
    paid_frauds = cases(m.Dispute.status == "fraud", m.Claim.paid_at.is_not(None))

    return OperatorDocket(
        checkpoint_block=block, checkpoint_time=time, review=claims("review"),
        arbitration=claims("arbitration"), disputes=cases(m.Dispute.status == "open"),
        recoveries=[c for c in paid_frauds if c.recovered < c.benefit],
    )  # fmt: skip
