"""Derive the read model from the plan's events, one event at a time, in chain order.

`Projector.apply` is the only writer of the read-model tables. It mirrors the pool's rules of
src/lashou/model/pool.py just far enough to keep each membership's balance as of its checkpoint
index (a member's run-out index K = checkpoint + balance // weight never changes between its own
transactions), so a balance "as of now" is computed lazily at query time, as the contract does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lashou.indexer import models as m

Args = dict[str, Any]


def settled(session: Session, member: m.Membership, *, index: int) -> tuple[int, int]:
    """(balance, checkpoint) of the membership with its debt up to `index` paid, or up to its
    bucket's crossing when it lapsed: a bucket is crossed (logged) exactly when members in it
    lapse, and their debt stops at the crossing's index."""
    if member.status != "active" or member.weight == 0:
        return member.balance, member.checkpoint
    crossing = session.get(m.Crossing, member.bucket)
    upto = crossing.index if crossing is not None else index
    return member.balance - member.weight * (upto - member.checkpoint), upto


def settled_balance(session: Session, member: m.Membership, *, index: int) -> int:
    """The membership's balance as of `index` (see `settled`)."""
    return settled(session, member, index=index)[0]


def is_lapsed(session: Session, member: m.Membership) -> bool:
    """An active membership whose bucket was crossed: it no longer shares costs."""
    return member.status == "active" and session.get(m.Crossing, member.bucket) is not None


class PoolProjector:
    """Applies the Config and Pool events to the read model inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.s = session
        pool = session.get(m.PoolState, 1)
        if pool is None:
            pool = m.PoolState(id=1)
            for column in m.PoolState.__table__.columns:
                if column.default is not None and column.name != "id":
                    setattr(pool, column.name, column.default.arg)
            session.add(pool)
        self.pool = pool
        self._members: dict[str, m.Membership | None] = {}  # also keeps them in the session
        self._witnesses: dict[str, m.Witness | None] = {}
        self._bucket: int | None = None
        self._crossed_weight: dict[str, int] = {}  # per transaction, for its settlement
        self._handlers: dict[str, Callable[[m.Event, Args], None]] = {
            name[4:]: getattr(self, name) for name in dir(self) if name.startswith("_on_")
        }

    def apply(self, event: m.Event, args: Args) -> None:
        handler = self._handlers.get(event.name)
        if handler is not None:
            handler(event, args)
        self.pool.updated_block = event.block_number
        self.pool.updated_time = event.block_time

    # -- lookups and lazy settlement ----------------------------------------------------------

    def member(self, address: str) -> m.Membership | None:
        """The account's latest membership."""
        if address not in self._members:
            query = (
                select(m.Membership)
                .where(m.Membership.address == address)
                .order_by(m.Membership.membership_id.desc())
                .limit(1)
            )
            self._members[address] = self.s.scalars(query).first()
        return self._members[address]

    def settled_balance(self, member: m.Membership) -> int:
        return settled_balance(self.s, member, index=self.pool.index)

    def settle(self, member: m.Membership) -> None:
        member.balance, member.checkpoint = settled(self.s, member, index=self.pool.index)

    def place(self, member: m.Membership, *, balance: int) -> None:
        """The member's balance is `balance` at the current index; file it in its bucket."""
        member.balance, member.checkpoint = balance, self.pool.index
        run_out = member.checkpoint + member.balance // member.weight if member.weight else 0
        member.bucket = run_out // self.bucket()

    def stop_sharing(self, member: m.Membership) -> None:
        """An active member leaves the active weight (unless a crossing took it out already)."""
        if member.status == "active" and not is_lapsed(self.s, member):
            self.pool.active_weight -= member.weight

    def bucket(self) -> int:
        """The bucket width: fixed for the plan's life, so read once per projector."""
        if self._bucket is None:
            row = self.s.get(m.Parameter, "bucket_width")
            self._bucket = row.value if row is not None and row.value else 1
        return self._bucket

    def claim(self, claim_id: Any) -> m.Claim | None:
        return self.s.get(m.Claim, int(claim_id))

    def witness(self, address: str) -> m.Witness | None:
        if self._witnesses.get(address) is None:
            self._witnesses[address] = self.s.get(m.Witness, address)
        return self._witnesses[address]

    def set_claim(self, args: Args, event: m.Event, status: str, **values: Any) -> None:
        claim = self.claim(args["claim_id"])
        if claim is None:
            return
        claim.status = status
        claim.updated_at = event.block_time
        for key, value in values.items():
            setattr(claim, key, value)

    def latest_dispute(self, claim_id: int) -> m.Dispute | None:
        query = (
            select(m.Dispute)
            .where(m.Dispute.claim_id == claim_id)
            .order_by(m.Dispute.round.desc())
            .limit(1)
        )
        return self.s.scalars(query).first()

    # -- Config ------------------------------------------------------------------------------

    def _on_ParameterChanged(self, e: m.Event, a: Args) -> None:
        self.s.merge(m.Parameter(name=str(a["name"]), value=int(a["current"])))

    def _on_TierChanged(self, e: m.Event, a: Args) -> None:
        tier = int(a["tier"])
        self.s.merge(m.Tier(tier=tier, benefit=int(a["benefit"]), weight=int(a["weight"])))

    # -- Pool: members ---------------------------------------------------------------------

    def _on_MemberJoined(self, e: m.Event, a: Args) -> None:
        address = str(a["member"])
        carry = 0
        old = self.member(address)
        if old is not None and old.status in ("active", "expired"):
            carry = self.settled_balance(old) if old.status == "active" else old.balance
            old.status = "rejoined" if old.status == "active" else "expired"
            old.balance, old.checkpoint = 0, self.pool.index
            old.left_at, old.left_tx = e.block_time, e.tx_hash
        deposit = int(a["deposit"])
        joined = m.Membership(
            membership_id=int(a["membership_id"]), address=address, tier=int(a["tier"]),
            weight=int(a["weight"]), province=int(a["province"]), status="active",
            deposited=deposit - carry, withdrawn=0, joined_at=e.block_time,
            waiting_ends=int(a["waiting_ends"]), valid_until=int(a["valid_until"]),
            joined_tx=e.tx_hash, left_at=None, left_tx=None,
        )  # fmt: skip
        self.place(joined, balance=deposit)
        self.pool.active_weight += joined.weight
        self.s.add(joined)
        self._members[address] = joined
        self.pool.memberships += 1
        self.pool.deposited += deposit - carry

    def _on_MemberRenewed(self, e: m.Event, a: Args) -> None:
        member = self.member(str(a["member"]))
        if member is not None:
            self.settle(member)
            self.pool.active_weight += int(a["weight"]) - member.weight
            member.tier, member.weight = int(a["tier"]), int(a["weight"])
            member.valid_until = int(a["valid_until"])
            self.place(member, balance=member.balance)

    def _on_ToppedUp(self, e: m.Event, a: Args) -> None:
        member = self.member(str(a["member"]))
        if member is not None:
            self.place(member, balance=int(a["balance"]))
            member.deposited += int(a["amount"])
            self.pool.deposited += int(a["amount"])

    def _on_Withdrawn(self, e: m.Event, a: Args) -> None:
        member = self.member(str(a["member"]))
        if member is not None:
            self.place(member, balance=int(a["balance"]))
            member.withdrawn += int(a["amount"])
            self.pool.withdrawn += int(a["amount"])

    def _on_MemberExited(self, e: m.Event, a: Args) -> None:
        member = self.member(str(a["member"]))
        contribution, refund = int(a["contribution"]), int(a["refund"])
        if member is not None:
            self.stop_sharing(member)
            member.status, member.balance = "exited", 0
            member.withdrawn += refund
            member.left_at, member.left_tx = e.block_time, e.tx_hash
        self.pool.reserve += contribution
        self.pool.contributed += contribution
        self.pool.withdrawn += refund

    def _on_CoverageExpired(self, e: m.Event, a: Args) -> None:
        member = self.member(str(a["member"]))
        if member is not None:
            self.stop_sharing(member)
            member.status, member.balance = "expired", int(a["balance"])

    def _on_IdentityBarred(self, e: m.Event, a: Args) -> None:
        member = self.member(str(a["holder"]))
        if member is not None and member.status == "active":
            self.stop_sharing(member)
            self.settle(member)
            member.status = "barred"

    # -- Pool: settlements, payouts, fees ------------------------------------------------------

    def _on_BucketCrossed(self, e: m.Event, a: Args) -> None:
        bucket, weight = int(a["bucket"]), int(a["weight"])
        self.s.add(
            m.Crossing(
                bucket=bucket, weight=weight, index=int(a["index"]), block_number=e.block_number
            )
        )
        self.s.flush()
        self.pool.frontier = max(self.pool.frontier, bucket + 1)
        self.pool.active_weight -= weight
        self._crossed_weight[e.tx_hash] = self._crossed_weight.get(e.tx_hash, 0) + weight

    def _on_PeriodSettled(self, e: m.Event, a: Args) -> None:
        values = {k: int(a[k]) for k in (
            "period", "share", "active_weight", "collected", "from_reserve", "fees_funded",
            "claims_funded", "reserve", "index",
        )}  # fmt: skip
        lapsed = self._crossed_weight.pop(e.tx_hash, 0)
        self.s.add(
            m.Period(**values, lapsed_weight=lapsed, block_number=e.block_number,
                     block_time=e.block_time, tx_hash=e.tx_hash)
        )  # fmt: skip
        pool = self.pool
        pool.index, pool.reserve, pool.period = values["index"], values["reserve"], values["period"]
        pool.collected += values["collected"]
        pool.benefits_funded += values["claims_funded"]
        cap = self.s.get(m.Parameter, "cap")
        if cap is not None:
            target = -(-(pool.index + cap.value) // self.bucket())
            pool.frontier = max(pool.frontier, target)

    def _on_ReserveCredited(self, e: m.Event, a: Args) -> None:
        self.pool.reserve += int(a["amount"])

    def _on_CancelledPayoutSwept(self, e: m.Event, a: Args) -> None:
        self.pool.reserve = int(a["reserve"])

    def _on_PayoutQueued(self, e: m.Event, a: Args) -> None:
        member = self.member(str(a["patient"]))
        if member is not None and member.status == "active":
            self.stop_sharing(member)
            self.settle(member)
            member.status = "ended"
        self.pool.benefits_queued += int(a["amount"])
        claim = self.claim(a["claim_id"])
        if claim is not None:
            claim.cum_before = int(a["cum_before"])

    def _on_PayoutPulled(self, e: m.Event, a: Args) -> None:
        member = self.member(str(a["patient"]))
        refund = int(a["refund"])
        if member is not None and member.status == "ended":
            member.status, member.balance = "paid", 0
            member.withdrawn += refund
            member.left_at, member.left_tx = e.block_time, e.tx_hash
        self.pool.benefits_paid += int(a["amount"])
        self.pool.withdrawn += refund
        self.set_claim(a, e, "paid", paid_at=e.block_time, paid_tx=e.tx_hash)

    def _on_PayoutHeld(self, e: m.Event, a: Args) -> None:
        self.set_claim(a, e, "disputed" if a["held"] else "queued")

    def _on_PayoutCancelled(self, e: m.Event, a: Args) -> None:
        self.pool.reserve += int(a["swept"])

    def _on_FeeAccrued(self, e: m.Event, a: Args) -> None:
        witness = self.witness(str(a["witness"]))
        if witness is not None:
            witness.fees_accrued += int(a["amount"])
        self.pool.fees_accrued += int(a["amount"])

    def _on_FeesPulled(self, e: m.Event, a: Args) -> None:
        witness = self.witness(str(a["witness"]))
        if witness is not None:
            witness.fees_pulled += int(a["amount"])
        self.pool.fees_paid += int(a["amount"])
