"""The Claims, Witnesses and Disputes events: each claim's state, its panel, the witnesses'
records and the disputes (objections and fraud reports). `Projector` is the whole projection.
"""

from __future__ import annotations

from sqlalchemy import select

from lashou.indexer import models as m
from lashou.indexer.project import Args, PoolProjector

VERDICTS = {True: "approved", False: "rejected"}


class Projector(PoolProjector):
    """Applies every plan event to the read model inside the caller's transaction."""

    # -- Claims ------------------------------------------------------------------------------

    def _on_ClaimFiled(self, e: m.Event, a: Args) -> None:
        # the operator reviews by the filing's time plus the review period then in force
        review = self.s.get(m.Parameter, "review_period")
        deadline = e.block_time + review.value if review is not None else None
        self.s.add(
            m.Claim(
                claim_id=int(a["claim_id"]), patient=str(a["patient"]),
                membership_id=int(a["membership_id"]), province=int(a["province"]),
                tier=int(a["tier"]), condition_class=int(a["condition_class"]),
                benefit=int(a["benefit"]), status="review", rejected_stage=None, approvals=0,
                rejections=0, replacements=0, deadline=deadline, cum_before=None,
                filed_at=e.block_time, filed_tx=e.tx_hash, updated_at=e.block_time,
                paid_at=None, paid_tx=None,
            )
        )  # fmt: skip
        self.s.flush()
        self.pool.claims_filed += 1

    def _on_ClaimReviewed(self, e: m.Event, a: Args) -> None:
        if a["accepted"]:
            self.set_claim(a, e, "drawing", deadline=None)

    def _on_DrawScheduled(self, e: m.Event, a: Args) -> None:
        self.set_claim(a, e, "drawing")

    def _on_PanelRedrawn(self, e: m.Event, a: Args) -> None:
        self.set_claim(a, e, "drawing")

    def _on_WitnessAssigned(self, e: m.Event, a: Args) -> None:
        claim_id, witness, deadline = int(a["claim_id"]), str(a["witness"]), int(a["deadline"])
        self.s.merge(
            m.Assignment(claim_id=claim_id, witness=witness, slot=int(a["slot"]),
                         deadline=deadline, verdict="pending", report_hash=None,
                         assigned_tx=e.tx_hash)
        )  # fmt: skip
        record = self.witness(witness)
        if record is not None:
            record.assignments += 1
        claim = self.claim(claim_id)
        if claim is not None:
            self.set_claim(a, e, "witnessing", deadline=max(claim.deadline or 0, deadline))

    def _assignment(self, a: Args) -> m.Assignment | None:
        return self.s.get(m.Assignment, (int(a["claim_id"]), str(a["witness"])))

    def _on_WitnessReported(self, e: m.Event, a: Args) -> None:
        approved = bool(a["approved"])
        seat = self._assignment(a)
        if seat is not None:
            seat.verdict, seat.report_hash = VERDICTS[approved], str(a["report_hash"])
        witness = self.witness(str(a["witness"]))
        claim = self.claim(a["claim_id"])
        for record in (witness, claim):
            if record is not None:
                if approved:
                    record.approvals += 1
                else:
                    record.rejections += 1

    def _on_WitnessReplaced(self, e: m.Event, a: Args) -> None:
        seat = self._assignment(a)
        if seat is not None:
            seat.verdict = "silent"
        claim = self.claim(a["claim_id"])
        if claim is not None:
            claim.replacements = int(a["replacements"])

    def _on_WitnessDismissed(self, e: m.Event, a: Args) -> None:
        seat = self._assignment(a)
        if seat is not None and seat.verdict == "pending":
            seat.verdict = "dismissed"

    def _on_ArbitrationOpened(self, e: m.Event, a: Args) -> None:
        self.set_claim(a, e, "arbitration", deadline=int(a["ends_at"]))

    def _on_NoticeStarted(self, e: m.Event, a: Args) -> None:
        self.set_claim(a, e, "notice", deadline=int(a["ends_at"]))

    def _on_ClaimDisputed(self, e: m.Event, a: Args) -> None:
        self.set_claim(a, e, "disputed")

    def _on_ClaimQueued(self, e: m.Event, a: Args) -> None:
        self.set_claim(a, e, "queued", deadline=None)

    def _on_ClaimRejected(self, e: m.Event, a: Args) -> None:
        self.set_claim(a, e, "rejected", rejected_stage=int(a["stage"]), deadline=None)

    def _on_ClaimCancelled(self, e: m.Event, a: Args) -> None:
        self.set_claim(a, e, "cancelled", deadline=None)

    # -- Witnesses ---------------------------------------------------------------------------

    def _on_WitnessRegistered(self, e: m.Event, a: Args) -> None:
        address = str(a["witness"])
        record = self.witness(address)
        if record is None:
            record = m.Witness(
                address=address, assignments=0, approvals=0, rejections=0, silent=0,
                forfeited=0, slashed=0, fees_accrued=0, fees_pulled=0, liable_until=0,
            )  # fmt: skip
            self.s.add(record)
        record.province, record.stake, record.status = int(a["province"]), int(a["stake"]), "active"
        record.registered_at, record.registered_tx = e.block_time, e.tx_hash
        self.s.flush()

    def _on_StakeAdded(self, e: m.Event, a: Args) -> None:
        record = self.witness(str(a["witness"]))
        if record is not None:
            record.stake = int(a["stake"])

    def _on_WitnessReleased(self, e: m.Event, a: Args) -> None:
        record = self.witness(str(a["witness"]))
        if record is not None:
            record.liable_until = max(record.liable_until, int(a["liable_until"]))

    _on_WitnessHeld = _on_WitnessReleased

    def _on_WitnessForfeited(self, e: m.Event, a: Args) -> None:
        record = self.witness(str(a["witness"]))
        if record is not None:
            record.stake -= int(a["amount"])
            record.forfeited += int(a["amount"])
            record.silent += 1
            record.status = "inactive"

    def _on_WitnessLeft(self, e: m.Event, a: Args) -> None:
        record = self.witness(str(a["witness"]))
        if record is not None:
            record.stake, record.status = 0, "left"

    def _on_WitnessSlashed(self, e: m.Event, a: Args) -> None:
        record = self.witness(str(a["witness"]))
        if record is not None:
            record.slashed += int(a["amount"])
            record.stake = int(a["stake"])
            if a["deactivated"]:
                record.status = "inactive"

    # -- Disputes ----------------------------------------------------------------------------

    def _on_DisputeOpened(self, e: m.Event, a: Args) -> None:
        self.s.add(
            m.Dispute(
                claim_id=int(a["claim_id"]), round=int(a["round"]), kind="objection",
                status="open", deadline=int(a["deadline"]), supervisors=0, stakes=0, slashed=0,
                reward=0, to_reserve=0, fee=0, recovered=0, reason_hash=None,
                opened_at=e.block_time, opened_tx=e.tx_hash, closed_at=None, closed_tx=None,
            )
        )  # fmt: skip
        self.s.flush()

    def _join(self, a: Args, kind: str) -> None:
        case = self.latest_dispute(int(a["claim_id"]))
        if case is not None:
            if case.supervisors == 0:
                case.kind = kind
            case.supervisors += 1
            case.stakes += int(a["stake"])

    def _on_ObjectionRaised(self, e: m.Event, a: Args) -> None:
        self._join(a, "objection")

    def _on_FraudReported(self, e: m.Event, a: Args) -> None:
        self._join(a, "fraud report")

    def _case(self, a: Args) -> m.Dispute | None:
        return self.s.get(m.Dispute, (int(a["claim_id"]), int(a["round"])))

    def _on_DisputeRuled(self, e: m.Event, a: Args) -> None:
        case = self._case(a)
        if case is not None:
            case.status = "fraud" if a["fraud"] else "dismissed"
            case.reason_hash = str(a["reason_hash"])
            for key in ("slashed", "reward", "to_reserve", "fee"):
                setattr(case, key, int(a[key]))
            case.closed_at, case.closed_tx = e.block_time, e.tx_hash
        claim = self.claim(a["claim_id"])
        if a["fraud"] and claim is not None and claim.status != "rejected":
            # queued or paid: its payout cancelled, or paid out to a fraud (a disputed claim
            # was rejected by the ClaimRejected logged before this ruling)
            self.set_claim(a, e, "fraud")

    def _on_DisputeExpired(self, e: m.Event, a: Args) -> None:
        case = self._case(a)
        if case is not None:
            case.status = "expired"
            case.closed_at, case.closed_tx = e.block_time, e.tx_hash

    def _on_RecoveryRecorded(self, e: m.Event, a: Args) -> None:
        query = (
            select(m.Dispute)
            .where(m.Dispute.claim_id == int(a["claim_id"]), m.Dispute.status == "fraud")
            .order_by(m.Dispute.round.desc())
            .limit(1)
        )
        case = self.s.scalars(query).first()
        if case is not None:
            # a recovery first completes the supervisors' reward, the rest goes to the reserve
            case.recovered += int(a["amount"])
            case.reward += int(a["to_reward"])
            case.to_reserve += int(a["to_reserve"])
