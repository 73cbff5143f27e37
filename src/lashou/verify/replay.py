"""The plan's public state re-derived from its events alone, in memory.

`Replay.apply` takes the plan's decoded logs in chain order (`lashou.indexer.decode` turns raw
logs into them; nothing else of the indexer is used) and keeps what the contracts keep: the
pool's totals, each account's latest membership settled lazily against the cost index (a
member's debt stops at the crossing of its bucket), each claim's status (with `fraud` for one
whose fraud was confirmed after it was queued or paid, as the index has it) and each witness's
stake. The one number no event carries, the bucket width, is fixed when the plan is deployed
and given to the replay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lashou.indexer.decode import DecodedLog

Args = dict[str, Any]
# the claims contract's status after each event that moves a claim (None: unchanged)
CLAIM_STATUS = {
    "DrawScheduled": "drawing", "PanelRedrawn": "drawing", "WitnessAssigned": "witnessing",
    "ArbitrationOpened": "arbitration", "NoticeStarted": "notice", "ClaimDisputed": "disputed",
    "ClaimQueued": "queued", "ClaimRejected": "rejected", "ClaimCancelled": "cancelled",
}  # fmt: skip
TOTALS = (
    "member_funds", "active_weight", "reserve", "index", "period", "queued_total",
    "funded_total", "paid_total", "swept_total", "fees_accrued", "fees_funded", "fees_paid",
    "memberships",
)  # fmt: skip


@dataclass
class Membership:
    membership_id: int
    weight: int
    balance: int  # as of `checkpoint`
    checkpoint: int  # the cost index the balance was settled to
    status: str = "active"  # active, ended (a claim queued, or barred), expired, none (left)


@dataclass
class Replay:
    bucket_width: int
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TOTALS, 0))
    members: dict[str, Membership] = field(default_factory=dict)
    crossings: dict[int, int] = field(default_factory=dict)  # bucket → index when crossed
    claims: dict[int, str] = field(default_factory=dict)
    stakes: dict[str, int] = field(default_factory=dict)
    events: int = 0

    def apply(self, log: DecodedLog) -> None:
        self.events += 1
        status = CLAIM_STATUS.get(log.name)
        if status is not None and log.contract == "claims":
            self.claims[int(log.args["claim_id"])] = status
        handler: Callable[[Args], None] | None = getattr(self, f"_on_{log.name}", None)
        if handler is not None:
            handler(log.args)

    # -- members, lazily settled -----------------------------------------------------------

    def bucket(self, m: Membership) -> int:
        return (m.checkpoint + m.balance // m.weight) // self.bucket_width if m.weight else 0

    def lapsed(self, m: Membership) -> bool:
        return m.status == "active" and self.bucket(m) in self.crossings

    def balance(self, m: Membership) -> int:
        """The balance as of now: debt up to the current index, or up to its bucket's crossing."""
        if m.status != "active":
            return m.balance
        upto = self.crossings.get(self.bucket(m), self.totals["index"])
        return m.balance - m.weight * (upto - m.checkpoint)

    def status(self, address: str) -> str:
        m = self.members.get(address)
        if m is None:
            return "none"
        return "lapsed" if self.lapsed(m) else m.status

    def _settle(self, m: Membership) -> None:
        m.balance, m.checkpoint = self.balance(m), self.totals["index"]

    def _stop_sharing(self, m: Membership) -> None:
        if m.status == "active" and not self.lapsed(m):
            self.totals["active_weight"] -= m.weight

    def _member(self, a: Args, key: str = "member") -> Membership | None:
        return self.members.get(str(a[key]))

    # -- pool events -------------------------------------------------------------------------

    def _on_MemberJoined(self, a: Args) -> None:
        old, carry = self._member(a), 0
        if old is not None and old.status in ("active", "expired"):
            self._stop_sharing(old)
            carry = self.balance(old)
        deposit = int(a["deposit"])
        self.totals["member_funds"] += deposit - carry
        self.totals["active_weight"] += int(a["weight"])
        self.totals["memberships"] += 1
        self.members[str(a["member"])] = Membership(
            int(a["membership_id"]), int(a["weight"]), deposit, self.totals["index"]
        )

    def _on_MemberRenewed(self, a: Args) -> None:
        m = self._member(a)
        if m is not None:
            self._settle(m)
            self.totals["active_weight"] += int(a["weight"]) - m.weight
            m.weight = int(a["weight"])

    def _on_ToppedUp(self, a: Args) -> None:
        self._rebalance(a, int(a["amount"]))

    def _on_Withdrawn(self, a: Args) -> None:
        self._rebalance(a, -int(a["amount"]))

    def _rebalance(self, a: Args, change: int) -> None:
        self.totals["member_funds"] += change
        m = self._member(a)
        if m is not None:
            m.balance, m.checkpoint = int(a["balance"]), self.totals["index"]

    def _on_MemberExited(self, a: Args) -> None:
        contribution, refund = int(a["contribution"]), int(a["refund"])
        m = self._member(a)
        if m is not None:
            self._stop_sharing(m)
            m.status, m.balance = "none", 0
        self.totals["member_funds"] -= contribution + refund
        self.totals["reserve"] += contribution

    def _on_CoverageExpired(self, a: Args) -> None:
        m = self._member(a)
        if m is not None:
            self._stop_sharing(m)
            m.status, m.balance, m.checkpoint = "expired", int(a["balance"]), self.totals["index"]

    def _on_IdentityBarred(self, a: Args) -> None:
        m = self._member(a, "holder")
        if m is not None and m.status == "active":
            self._stop_sharing(m)
            self._settle(m)
            m.status = "ended"

    def _on_BucketCrossed(self, a: Args) -> None:
        self.crossings[int(a["bucket"])] = int(a["index"])
        self.totals["active_weight"] -= int(a["weight"])

    def _on_PeriodSettled(self, a: Args) -> None:
        t = self.totals
        t["period"], t["index"], t["reserve"] = int(a["period"]), int(a["index"]), int(a["reserve"])
        t["member_funds"] -= int(a["collected"])
        t["funded_total"] += int(a["claims_funded"])
        t["fees_funded"] += int(a["fees_funded"])

    def _on_ReserveCredited(self, a: Args) -> None:
        self.totals["reserve"] += int(a["amount"])

    def _on_CancelledPayoutSwept(self, a: Args) -> None:
        self.totals["swept_total"] += int(a["amount"])
        self.totals["reserve"] = int(a["reserve"])

    def _on_PayoutQueued(self, a: Args) -> None:
        m = self._member(a, "patient")
        if m is not None and m.status == "active":
            self._stop_sharing(m)
            self._settle(m)
            m.status = "ended"
        self.totals["queued_total"] += int(a["amount"])

    def _on_PayoutPulled(self, a: Args) -> None:
        m = self._member(a, "patient")
        if m is not None and m.status == "ended":
            m.status, m.balance = "none", 0
        self.totals["paid_total"] += int(a["amount"])
        self.totals["member_funds"] -= int(a["refund"])
        self.claims[int(a["claim_id"])] = "paid"

    def _on_PayoutHeld(self, a: Args) -> None:
        self.claims[int(a["claim_id"])] = "disputed" if a["held"] else "queued"

    def _on_DisputeRuled(self, a: Args) -> None:
        # fraud confirmed on a claim queued or paid (a disputed one was rejected just before)
        claim_id = int(a["claim_id"])
        if a["fraud"] and self.claims.get(claim_id) != "rejected":
            self.claims[claim_id] = "fraud"

    def _on_FeeAccrued(self, a: Args) -> None:
        self.totals["fees_accrued"] += int(a["amount"])

    def _on_FeesPulled(self, a: Args) -> None:
        self.totals["fees_paid"] += int(a["amount"])

    # -- claims and witnesses ----------------------------------------------------------------

    def _on_ClaimFiled(self, a: Args) -> None:
        self.claims[int(a["claim_id"])] = "review"

    def _on_ClaimReviewed(self, a: Args) -> None:
        if a["accepted"]:
            self.claims[int(a["claim_id"])] = "drawing"

    def _on_WitnessRegistered(self, a: Args) -> None:
        self.stakes[str(a["witness"])] = int(a["stake"])

    def _on_StakeAdded(self, a: Args) -> None:
        self.stakes[str(a["witness"])] = int(a["stake"])

    def _on_WitnessForfeited(self, a: Args) -> None:
        self.stakes[str(a["witness"])] -= int(a["amount"])

    def _on_WitnessSlashed(self, a: Args) -> None:
        self.stakes[str(a["witness"])] = int(a["stake"])

    def _on_WitnessLeft(self, a: Args) -> None:
        self.stakes[str(a["witness"])] = 0
