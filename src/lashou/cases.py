"""Objections, fraud reports and their rulings as contract calls and readings, shared by the
`lashou` command and the simulator (the disputes half of `lashou.actions`).

Functions named after an action return the contract call without sending it; the others read
the Disputes contract or decode its events from a receipt. Everything the contract owes is
pulled: a supervisor withdraws its stake and reward, the operator collects its fees.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from web3.contract import Contract
from web3.logs import DISCARD
from web3.types import BlockIdentifier, TxReceipt


class Outcome(IntEnum):
    """contracts/dispute_book.vy: a case's outcome (0: no such case)."""

    NONE = 0
    OPEN = 1
    FRAUD = 2
    DISMISSED = 3
    EXPIRED = 4

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Outcome.NONE: "no case", Outcome.OPEN: "open", Outcome.FRAUD: "fraud confirmed",
    Outcome.DISMISSED: "dismissed", Outcome.EXPIRED: "expired",
}  # fmt: skip
BPS = 10_000  # contracts/constants.vy: basis points of the reward ratio


# -- actions -------------------------------------------------------------------------------


def object_to(disputes: Contract, claim_id: int, evidence_hash: bytes) -> Any:
    """Disputes.object: stake the objection deposit against a claim under notice."""
    return disputes.functions.object(claim_id, evidence_hash)


def report_fraud(disputes: Contract, claim_id: int, evidence_hash: bytes) -> Any:
    """Disputes.report_fraud: stake against a queued claim, or a paid one within the window."""
    return disputes.functions.report_fraud(claim_id, evidence_hash)


def rule(disputes: Contract, claim_id: int, fraud: bool, reason_hash: bytes) -> Any:
    """Disputes.rule: the operator decides the claim's open case."""
    return disputes.functions.rule(claim_id, fraud, reason_hash)


def record_recovery(disputes: Contract, claim_id: int, amount: int) -> Any:
    """Disputes.record_recovery: the operator brings in `amount` recovered from a fraudster."""
    return disputes.functions.record_recovery(claim_id, amount)


def withdraw(disputes: Contract, claim_id: int) -> Any:
    """Disputes.withdraw: a supervisor pulls its stake back and its share of the reward."""
    return disputes.functions.withdraw(claim_id)


def collect_fees(disputes: Contract) -> Any:
    """Disputes.collect_fees: the operator pulls the investigation fees of dismissed cases."""
    return disputes.functions.collect_fees()


def expire(disputes: Contract, claim_id: int) -> Any:
    """Disputes.expire: anyone closes a case left without a ruling past its deadline."""
    return disputes.functions.expire(claim_id)


# -- readings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One case of a claim, in base units and timestamps."""

    claim_id: int
    round: int
    deadline: int
    outcome: Outcome
    supervisors: int
    stakes: int
    target: int  # the reward a fraud ruling aims at: reward ratio × benefit
    reward: int  # the part of it funded so far (slashed bonds, then recoveries)


def case(
    disputes: Contract,
    claim_id: int,
    round_: int | None = None,
    *,
    block: BlockIdentifier = "latest",
) -> Case:
    """Case `round_` of the claim (its latest by default) as of `block`; outcome NONE when it
    has none."""
    if round_ is None:
        round_ = int(disputes.functions.rounds(claim_id).call(block_identifier=block))
    deadline, outcome, supervisors, stakes, target, reward = disputes.functions.cases(
        claim_id, round_
    ).call(block_identifier=block)
    return Case(
        claim_id=claim_id, round=round_, deadline=int(deadline), outcome=Outcome(int(outcome)),
        supervisors=int(supervisors), stakes=int(stakes), target=int(target), reward=int(reward),
    )  # fmt: skip


@dataclass(frozen=True)
class Supervision:
    """A supervisor's place in the latest case it joined on a claim, and what it may pull."""

    case: Case
    stake: int
    received: int  # reward withdrawn so far
    refunded: bool  # stake withdrawn
    stake_owed: int  # what `withdraw` would pay now
    reward_owed: int


def supervision(
    disputes: Contract, claim_id: int, account: str, *, block: BlockIdentifier = "latest"
) -> Supervision | None:
    """`account`'s record on the claim (None if it never staked on it), as the contract's
    `withdraw` would settle it at `block`."""
    stake, received, index, round_, refunded = disputes.functions.supervisor(
        claim_id, account
    ).call(block_identifier=block)
    if not round_:
        return None
    c = case(disputes, claim_id, int(round_), block=block)
    stake_owed = reward_owed = 0
    if c.outcome in (Outcome.FRAUD, Outcome.EXPIRED) and not refunded:
        stake_owed = int(stake)
    if c.outcome is Outcome.FRAUD:
        reward_owed = share(c.reward, c.supervisors, int(index)) - int(received)
    return Supervision(
        case=c, stake=int(stake), received=int(received), refunded=bool(refunded),
        stake_owed=stake_owed, reward_owed=reward_owed,
    )  # fmt: skip


def share(reward: int, supervisors: int, index: int) -> int:
    """dispute_book._share: supervisor `index`'s part of `reward` split between `supervisors`
    (reward // n each, the remainder one unit each to the last to join)."""
    part = reward // supervisors
    return part + 1 if index + reward % supervisors >= supervisors else part


def reward_for(benefit: int, reward_bps: int, slashed: int, recovered: int = 0) -> int:
    """The supervisors' reward of a fraud case: min(ratio × benefit, slashed + recovered)."""
    return min(benefit * reward_bps // BPS, slashed + recovered)


@dataclass(frozen=True)
class Holdings:
    """What the Disputes contract owes; its token balance must equal the total."""

    stakes_held: int
    rewards_owed: int
    fees_owed: int

    @property
    def total(self) -> int:
        return self.stakes_held + self.rewards_owed + self.fees_owed


def holdings(disputes: Contract) -> Holdings:
    fn = disputes.functions
    return Holdings(
        stakes_held=int(fn.stakes_held().call()),
        rewards_owed=int(fn.rewards_owed().call()),
        fees_owed=int(fn.fees_owed().call()),
    )


def event(disputes: Contract, name: str, receipt: TxReceipt) -> dict[str, Any]:
    """The arguments of the Disputes event `name` in `receipt` (ints as ints)."""
    found = disputes.events[name]().process_receipt(receipt, errors=DISCARD)
    if not found:
        raise LookupError(f"The transaction emitted no {name} event: check the claim id.")
    return dict(found[0]["args"])
