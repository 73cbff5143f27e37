"""The indexer's tables: raw events with the blocks they came in, and the read model derived
from them (members, periods, claims, witnesses, disputes, plan totals).

The read model is a pure function of the raw events and the plan's starting parameters: it is
derived in the same transaction as the events it comes from, and rebuilt from them after a
re-org. Nothing here holds a name, an ID number or a document: the chain has none of them.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from lashou.indexer.types import Uint256


class Base(DeclarativeBase):
    pass


# -- what was read from the chain ----------------------------------------------------------------


class SyncState(Base):
    """The one row saying which plan is indexed and up to which block (the checkpoint)."""

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain_id: Mapped[int] = mapped_column(BigInteger)
    deployment_block: Mapped[int] = mapped_column(BigInteger)
    deployment_hash: Mapped[str] = mapped_column(String(66))
    block_number: Mapped[int] = mapped_column(BigInteger)  # deployment_block - 1: nothing yet
    block_hash: Mapped[str | None] = mapped_column(String(66))
    seed: Mapped[str] = mapped_column(Text)  # JSON: parameters and tiers when the plan began


class Block(Base):
    """A block the index depends on: every block with plan events, and each batch's last one."""

    __tablename__ = "blocks"
    number: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(66))
    timestamp: Mapped[int] = mapped_column(BigInteger)


class Event(Base):
    """One decoded contract event, exactly as the chain logged it."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("block_number", "log_index", name="uq_events_position"),
        Index("ix_events_claim", "claim_id", "block_number", "log_index"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    block_number: Mapped[int] = mapped_column(BigInteger, index=True)
    log_index: Mapped[int] = mapped_column(Integer)
    block_hash: Mapped[str] = mapped_column(String(66))
    block_time: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(String(66))
    contract: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(40), index=True)
    claim_id: Mapped[int | None] = mapped_column(BigInteger)
    args: Mapped[str] = mapped_column(Text)  # JSON; uint256 above 2**53 as decimal strings


# -- the read model --------------------------------------------------------------------------------


class Parameter(Base):
    __tablename__ = "parameters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Uint256)


class Tier(Base):
    __tablename__ = "tiers"
    tier: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    benefit: Mapped[int] = mapped_column(Uint256)
    weight: Mapped[int] = mapped_column(Integer)


class PoolState(Base):
    """The pool's books as of the checkpoint, and running totals since the plan began."""

    __tablename__ = "pool_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    index: Mapped[int] = mapped_column(Uint256, default=0)
    frontier: Mapped[int] = mapped_column(BigInteger, default=0)
    active_weight: Mapped[int] = mapped_column(Uint256, default=0)  # weight sharing costs
    reserve: Mapped[int] = mapped_column(Uint256, default=0)
    period: Mapped[int] = mapped_column(Integer, default=0)
    memberships: Mapped[int] = mapped_column(Integer, default=0)
    deposited: Mapped[int] = mapped_column(Uint256, default=0)
    withdrawn: Mapped[int] = mapped_column(Uint256, default=0)
    contributed: Mapped[int] = mapped_column(Uint256, default=0)
    collected: Mapped[int] = mapped_column(Uint256, default=0)
    benefits_queued: Mapped[int] = mapped_column(Uint256, default=0)
    benefits_funded: Mapped[int] = mapped_column(Uint256, default=0)
    benefits_paid: Mapped[int] = mapped_column(Uint256, default=0)
    fees_accrued: Mapped[int] = mapped_column(Uint256, default=0)
    fees_paid: Mapped[int] = mapped_column(Uint256, default=0)
    claims_filed: Mapped[int] = mapped_column(Integer, default=0)
    updated_block: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_time: Mapped[int] = mapped_column(BigInteger, default=0)


class Crossing(Base):
    """A bucket of members that lapsed, and the index at which their debt stopped."""

    __tablename__ = "crossings"
    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    weight: Mapped[int] = mapped_column(Uint256)
    index: Mapped[int] = mapped_column(Uint256)
    block_number: Mapped[int] = mapped_column(BigInteger)


class Membership(Base):
    """One membership (an account that joins again gets a new one)."""

    __tablename__ = "memberships"
    membership_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    address: Mapped[str] = mapped_column(String(42), index=True)
    tier: Mapped[int] = mapped_column(Integer)
    weight: Mapped[int] = mapped_column(Integer)
    province: Mapped[int] = mapped_column(Integer)
    # active, ended (claim queued), barred, expired, exited, paid, rejoined (lapsed, joined anew)
    status: Mapped[str] = mapped_column(String(12))
    balance: Mapped[int] = mapped_column(Uint256)  # as of the checkpoint index below
    checkpoint: Mapped[int] = mapped_column(Uint256)
    # floor(K / bucket width), K = checkpoint + balance // weight: lapsed once it is crossed
    bucket: Mapped[int] = mapped_column(BigInteger, index=True)
    deposited: Mapped[int] = mapped_column(Uint256)
    withdrawn: Mapped[int] = mapped_column(Uint256)
    joined_at: Mapped[int] = mapped_column(BigInteger)
    waiting_ends: Mapped[int] = mapped_column(BigInteger)
    valid_until: Mapped[int] = mapped_column(BigInteger)
    joined_tx: Mapped[str] = mapped_column(String(66))
    left_at: Mapped[int | None] = mapped_column(BigInteger)
    left_tx: Mapped[str | None] = mapped_column(String(66))


class Period(Base):
    __tablename__ = "periods"
    period: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    share: Mapped[int] = mapped_column(Uint256)
    active_weight: Mapped[int] = mapped_column(Uint256)
    collected: Mapped[int] = mapped_column(Uint256)
    from_reserve: Mapped[int] = mapped_column(Uint256)
    fees_funded: Mapped[int] = mapped_column(Uint256)
    claims_funded: Mapped[int] = mapped_column(Uint256)
    reserve: Mapped[int] = mapped_column(Uint256)
    index: Mapped[int] = mapped_column(Uint256)
    lapsed_weight: Mapped[int] = mapped_column(Uint256, default=0)
    block_number: Mapped[int] = mapped_column(BigInteger)
    block_time: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(String(66))


class Claim(Base):
    __tablename__ = "claims"
    claim_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    patient: Mapped[str] = mapped_column(String(42), index=True)
    membership_id: Mapped[int] = mapped_column(BigInteger)
    province: Mapped[int] = mapped_column(Integer)
    tier: Mapped[int] = mapped_column(Integer)
    condition_class: Mapped[int] = mapped_column(Integer)
    benefit: Mapped[int] = mapped_column(Uint256)
    status: Mapped[str] = mapped_column(String(16), index=True)
    rejected_stage: Mapped[int | None] = mapped_column(Integer)
    approvals: Mapped[int] = mapped_column(Integer, default=0)
    rejections: Mapped[int] = mapped_column(Integer, default=0)
    replacements: Mapped[int] = mapped_column(Integer, default=0)
    deadline: Mapped[int | None] = mapped_column(BigInteger)  # of the current stage
    cum_before: Mapped[int | None] = mapped_column(Uint256)
    filed_at: Mapped[int] = mapped_column(BigInteger)
    filed_tx: Mapped[str] = mapped_column(String(66))
    updated_at: Mapped[int] = mapped_column(BigInteger)
    paid_at: Mapped[int | None] = mapped_column(BigInteger)
    paid_tx: Mapped[str | None] = mapped_column(String(66))


class Witness(Base):
    __tablename__ = "witnesses"
    address: Mapped[str] = mapped_column(String(42), primary_key=True)
    province: Mapped[int] = mapped_column(Integer)
    stake: Mapped[int] = mapped_column(Uint256)
    status: Mapped[str] = mapped_column(String(12))  # active, inactive, left
    assignments: Mapped[int] = mapped_column(Integer, default=0)
    approvals: Mapped[int] = mapped_column(Integer, default=0)
    rejections: Mapped[int] = mapped_column(Integer, default=0)
    silent: Mapped[int] = mapped_column(Integer, default=0)
    forfeited: Mapped[int] = mapped_column(Uint256, default=0)
    slashed: Mapped[int] = mapped_column(Uint256, default=0)
    fees_accrued: Mapped[int] = mapped_column(Uint256, default=0)
    fees_pulled: Mapped[int] = mapped_column(Uint256, default=0)
    liable_until: Mapped[int] = mapped_column(BigInteger, default=0)
    registered_at: Mapped[int] = mapped_column(BigInteger)
    registered_tx: Mapped[str] = mapped_column(String(66))


class Assignment(Base):
    """A witness's seat on a claim's panel (a replaced witness keeps its row)."""

    __tablename__ = "assignments"
    claim_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("claims.claim_id"), primary_key=True, autoincrement=False
    )
    witness: Mapped[str] = mapped_column(String(42), primary_key=True, index=True)
    slot: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[int] = mapped_column(BigInteger)
    verdict: Mapped[str] = mapped_column(
        String(12)
    )  # pending, approved, rejected, silent, dismissed
    report_hash: Mapped[str | None] = mapped_column(String(66))
    assigned_tx: Mapped[str] = mapped_column(String(66))


class Dispute(Base):
    """One case on a claim: objections during the notice, or fraud reports later."""

    __tablename__ = "disputes"
    claim_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    round: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(12))  # objection, fraud report
    status: Mapped[str] = mapped_column(String(12))  # open, fraud, dismissed, expired
    deadline: Mapped[int] = mapped_column(BigInteger)
    supervisors: Mapped[int] = mapped_column(Integer, default=0)
    stakes: Mapped[int] = mapped_column(Uint256, default=0)
    slashed: Mapped[int] = mapped_column(Uint256, default=0)
    reward: Mapped[int] = mapped_column(Uint256, default=0)
    to_reserve: Mapped[int] = mapped_column(Uint256, default=0)
    fee: Mapped[int] = mapped_column(Uint256, default=0)
    recovered: Mapped[int] = mapped_column(Uint256, default=0)
    reason_hash: Mapped[str | None] = mapped_column(String(66))
    opened_at: Mapped[int] = mapped_column(BigInteger)
    opened_tx: Mapped[str] = mapped_column(String(66))
    closed_at: Mapped[int | None] = mapped_column(BigInteger)
    closed_tx: Mapped[str | None] = mapped_column(String(66))


DERIVED = (
    Parameter, Tier, PoolState, Crossing, Membership, Period, Assignment, Claim, Witness, Dispute
)  # fmt: skip
