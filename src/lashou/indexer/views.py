"""The dataclasses the read-side queries return (see `lashou.indexer.queries`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class PlanStats:
    checkpoint_block: int
    checkpoint_time: int
    memberships: int  # ever opened
    members_active: int
    members_lapsed: int
    members_left: int  # no longer covered: exited, expired, ended with a claim, barred, rejoined
    active_weight: int
    member_funds: int  # Σ balances as of the index
    reserve: int
    index: int  # cumulative cost per unit of weight
    period: int  # settlements so far
    cap: int
    deposited: int
    withdrawn: int
    collected: int
    benefits_queued: int
    benefits_funded: int
    benefits_paid: int
    fees_accrued: int
    fees_paid: int
    claims_filed: int
    claims_paid: int  # benefits pulled, those whose fraud was found out later included
    claims_open: int
    witnesses_active: int
    fraud_confirmed: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TierView:
    tier: int
    benefit: int
    weight: int


@dataclass(frozen=True)
class PeriodView:
    period: int
    share: int
    active_weight: int
    collected: int
    from_reserve: int
    fees_funded: int
    claims_funded: int
    reserve: int
    index: int
    lapsed_weight: int
    block_number: int
    block_time: int
    tx_hash: str


@dataclass(frozen=True)
class ClaimView:
    claim_id: int
    patient: str
    membership_id: int
    province: int
    tier: int
    condition_class: int  # 0 severe, 1 mild
    benefit: int
    status: str  # queries.CLAIM_STATUSES; fraud: confirmed once queued or paid
    rejected_stage: int | None
    approvals: int
    rejections: int
    replacements: int
    deadline: int | None
    cum_before: int | None
    filed_at: int
    filed_tx: str
    updated_at: int
    paid_at: int | None
    paid_tx: str | None
    paid_amount: int  # the benefit the patient pulled (0 until then)
    recovered: int  # money the operator recovered from the fraudster (status fraud)


@dataclass(frozen=True)
class TimelineStep:
    event: str  # the contract event's name: ClaimFiled, WitnessAssigned, PayoutPulled, …
    contract: str
    block_number: int
    log_index: int
    block_time: int
    tx_hash: str
    args: dict[str, Any]


@dataclass(frozen=True)
class PanelSeat:
    witness: str
    slot: int
    deadline: int
    verdict: str  # pending, approved, rejected, silent, dismissed
    report_hash: str | None
    assigned_tx: str


@dataclass(frozen=True)
class ClaimTimeline:
    claim: ClaimView
    panel: list[PanelSeat]
    steps: list[TimelineStep]


@dataclass(frozen=True)
class MemberView:
    address: str
    membership_id: int
    tier: int
    weight: int
    province: int
    status: str  # active, lapsed, ended (claim queued), barred, expired, exited, paid, rejoined
    balance: int  # as of the index
    deposited: int
    withdrawn: int
    joined_at: int
    joined_tx: str
    waiting_ends: int
    valid_until: int
    in_waiting_period: bool  # as of the checkpoint's block time
    run_out_index: int
    periods_covered: int  # full-cap settlements the balance still pays while covered


@dataclass(frozen=True)
class WitnessView:
    address: str
    province: int
    stake: int
    status: str  # active, inactive, left
    assignments: int
    approvals: int
    rejections: int
    silent: int
    forfeited: int
    slashed: int
    fees_accrued: int
    fees_pulled: int
    liable_until: int
    registered_at: int
    registered_tx: str


@dataclass(frozen=True)
class DisputeView:
    claim_id: int
    round: int
    kind: str  # objection, fraud report
    status: str  # open, fraud, dismissed, expired
    deadline: int
    supervisors: int
    stakes: int
    slashed: int
    reward: int  # the supervisors' reward so far: from the slashed bonds, then recoveries
    to_reserve: int  # slashed bonds beyond the reward, then recoveries beyond it
    fee: int
    recovered: int
    reason_hash: str | None
    opened_at: int
    opened_tx: str
    closed_at: int | None
    closed_tx: str | None
    benefit: int


# -- what the role pages read (see `lashou.indexer.role_queries`) -----------------------------


@dataclass(frozen=True)
class MemberClaim:
    claim_id: int
    status: str  # as ClaimView's
    condition_class: int
    benefit: int
    deadline: int | None  # of the claim's current stage
    filed_at: int
    filed_tx: str
    paid_at: int | None
    payout_ready: bool  # queued, funded by the settlements so far, not held: the patient may pull


@dataclass(frozen=True)
class MemberDetail(MemberView):
    warning_due: bool  # covered, and fewer than LAPSE_WARNING_PERIODS full-cap settlements left
    claims: list[MemberClaim]  # every claim the address filed, newest first
    payouts_ready: list[int]  # ids of the claims whose payout it may pull now


@dataclass(frozen=True)
class WitnessAssignment:
    claim_id: int
    slot: int
    deadline: int  # to report by
    verdict: str  # pending, approved, rejected, silent (replaced), dismissed
    reported: bool
    report_hash: str | None
    assigned_tx: str
    claim_status: str
    to_report: bool  # pending, the claim still witnessing and the deadline not passed


@dataclass(frozen=True)
class Supervised:
    """One stake a supervisor put on a case (an objection or a fraud report)."""

    claim_id: int
    round: int
    kind: str  # objection, fraud report
    evidence_hash: str
    stake: int
    raised_at: int
    raised_tx: str
    case_status: str  # open, fraud, dismissed, expired
    claim_status: str


@dataclass(frozen=True)
class OperatorDocket:
    """What waits on the operator, oldest deadline first; public data only."""

    checkpoint_block: int
    checkpoint_time: int
    review: list[ClaimView]  # accept or reject by `deadline`
    arbitration: list[ClaimView]  # approve or reject by `deadline`
    disputes: list[DisputeView]  # rule by `deadline`
    recoveries: list[DisputeView]  # fraud confirmed after the payout: money still to recover
