"""The pool's money rules (DESIGN §4) as plain Python, small enough to read in one sitting.

Every quantity is an integer in token base units; the contract is tested against this model
step by step (tests/contracts/stateful). Costs are shared through a global index I (cumulative
cost per unit of weight): a member checkpointed at I_m owes w·(I − I_m). A member's run-out
index K = I_m + balance // w never changes when it is settled lazily. Members sit in buckets of
width b by K; a bucket is *crossed* once its members could no longer pay a full period cap c:
every bucket below the frontier ceil((I + c) / b) is crossed, its weight leaves the active
weight W and its members' debt stops at the index of the crossing. So a member is active exactly
while K ≥ b·ceil((I + c) / b), can never owe more than it holds, and every step is O(1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ACTIVE, ENDED = 1, 2
MAX_CROSS = 33  # buckets one settlement may cross: the cap spans at most 32 bucket widths
BREAKER_HISTORY = 4  # periods in the circuit breaker's trailing average


class PoolError(Exception):
    """A rule refused the operation; nothing changed."""


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@dataclass
class Member:
    weight: int
    balance: int  # as of the checkpoint
    checkpoint: int  # I_m
    status: int = ACTIVE

    def run_out(self) -> int:
        return self.checkpoint + self.balance // self.weight


@dataclass
class Payout:
    patient: str
    amount: int
    cum_before: int
    paid: bool = False


@dataclass
class Pool:
    cap: int
    bucket: int
    index: int = 0
    frontier: int = 0  # first bucket not crossed
    active_weight: int = 0
    bucket_weight: dict[int, int] = field(default_factory=dict)
    crossed_at: dict[int, int] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    member_funds: int = 0
    reserve: int = 0
    queued_total: int = 0
    funded_total: int = 0
    paid_total: int = 0
    pending_notice: int = 0
    fees_accrued: int = 0
    fees_funded: int = 0
    fees_paid: int = 0
    fee_owed: dict[str, int] = field(default_factory=dict)
    fee_pos: dict[str, int] = field(default_factory=dict)
    payouts: dict[int, Payout] = field(default_factory=dict)
    periods: int = 0
    shares: list[int] = field(default_factory=list)
    breaker_factor: int = 5
    breaker_floor: int = 0
    queued_in_period: list[int] = field(default_factory=lambda: [0] * BREAKER_HISTORY)
    queued_at_last_settlement: int = 0
    confirmed: set[int] = field(default_factory=set)
    barred: set[str] = field(default_factory=set)

    # -- views ----------------------------------------------------------------------------
    def target_frontier(self) -> int:
        return ceil_div(self.index + self.cap, self.bucket)

    def is_lapsed(self, who: str) -> bool:
        m = self.members[who]
        return m.status == ACTIVE and m.run_out() // self.bucket < self.frontier

    def is_active(self, who: str) -> bool:
        m = self.members.get(who)
        return m is not None and m.status == ACTIVE and not self.is_lapsed(who)

    def balance_of(self, who: str) -> int:
        """A member's balance settled up to now (lazily, as the contract would)."""
        m = self.members.get(who)
        if m is None:
            return 0
        if m.status != ACTIVE:
            return m.balance
        bucket = m.run_out() // self.bucket
        upto = self.crossed_at[bucket] if bucket < self.frontier else self.index
        return m.balance - m.weight * (upto - m.checkpoint)

    def accounted(self) -> int:
        """What the pool must hold: every token has exactly one owner."""
        return (
            self.member_funds
            + self.reserve
            + (self.funded_total - self.paid_total)
            + (self.fees_funded - self.fees_paid)
        )

    # -- internal steps ---------------------------------------------------------------------
    def _settle(self, who: str) -> Member:
        m = self.members[who]
        if m.status == ACTIVE:
            m.balance = self.balance_of(who)
            m.checkpoint = self.index
        return m

    def _place(self, m: Member) -> None:
        b = m.run_out() // self.bucket
        self.bucket_weight[b] = self.bucket_weight.get(b, 0) + m.weight
        self.active_weight += m.weight

    def _unplace(self, m: Member) -> None:
        b = m.run_out() // self.bucket
        self.bucket_weight[b] -= m.weight
        self.active_weight -= m.weight

    def _cross(self, limit: int) -> int:
        crossed = 0
        target = self.target_frontier()
        while self.frontier < target and crossed < limit:
            self.active_weight -= self.bucket_weight.get(self.frontier, 0)
            self.crossed_at[self.frontier] = self.index
            self.frontier += 1
            crossed += 1
        return crossed

    def _check_floor(self, m: Member, extra: int) -> None:
        # after a cap cut the frontier can stand above I + extra: a member must still reach it
        if m.run_out() < self.index + extra or m.run_out() // self.bucket < self.frontier:
            raise PoolError("deposit too small")

    # -- operations ---------------------------------------------------------------------------
    def join(self, who: str, weight: int, amount: int) -> None:
        if who in self.barred:
            raise PoolError("identity may not join again")
        carry = 0
        old = self.members.get(who)
        if old is not None:
            if not self.is_lapsed(who):
                raise PoolError("already a member")
            carry = self._settle(who).balance
        m = Member(weight=weight, balance=carry + amount, checkpoint=self.index)
        self._check_floor(m, 2 * self.cap + self.bucket)
        self.members[who] = m
        self.member_funds += amount
        self._place(m)

    def top_up(self, who: str, amount: int) -> None:
        if who not in self.members or self.members[who].status != ACTIVE:
            raise PoolError("not a member")
        if self.is_lapsed(who):
            raise PoolError("lapsed: join again")
        m = self._settle(who)
        self._unplace(m)
        m.balance += amount
        self.member_funds += amount
        self._place(m)

    def withdraw(self, who: str, amount: int) -> None:
        if who not in self.members or not self.is_active(who):
            raise PoolError("not an active member")
        m = self._settle(who)
        if amount > m.balance:
            raise PoolError("deposit too small")
        after = Member(m.weight, m.balance - amount, m.checkpoint)
        self._check_floor(after, self.cap + self.bucket)
        self._unplace(m)
        m.balance -= amount
        self.member_funds -= amount
        self._place(m)

    def exit(self, who: str) -> int:
        """Leave; an active member first pays its share of claims past witnessing."""
        if who not in self.members:
            raise PoolError("not a member")
        active = self.is_active(who)
        m = self._settle(who)
        contribution = 0
        if active:
            pending = self.pending_notice + self.queued_total - self.funded_total
            if pending > self.reserve and self.active_weight > 0:
                per_weight = ceil_div(pending - self.reserve, self.active_weight)
                contribution = min(m.balance, per_weight * m.weight)
            self._unplace(m)
        self.reserve += contribution
        out = m.balance - contribution
        self.member_funds -= m.balance
        del self.members[who]
        return out

    def breaker_allows(self, period: int, newly_queued: int) -> bool:
        """A period queuing more than k times the average of the last four waits for governance."""
        if period <= BREAKER_HISTORY or newly_queued == 0:
            return True
        average = sum(self.queued_in_period) // BREAKER_HISTORY
        if newly_queued <= self.breaker_floor or newly_queued <= average * self.breaker_factor:
            return True
        return period in self.confirmed

    def settle(self) -> int | None:
        """Settle one period; the share per unit weight, or None if the breaker held it."""
        self._cross(MAX_CROSS)
        if self.frontier < self.target_frontier():
            raise PoolError("call advance first")
        period = self.periods + 1
        newly_queued = self.queued_total - self.queued_at_last_settlement
        if not self.breaker_allows(period, newly_queued):
            return None
        need = self.queued_total - self.funded_total + self.fees_accrued - self.fees_funded
        from_reserve = min(self.reserve, need)
        self.reserve -= from_reserve
        share = 0
        if self.active_weight > 0 and need > from_reserve:
            share = min(ceil_div(need - from_reserve, self.active_weight), self.cap)
        collected = share * self.active_weight
        self.index += share
        self.member_funds -= collected
        available = from_reserve + collected
        fees = min(self.fees_accrued - self.fees_funded, available)
        self.fees_funded += fees
        available -= fees
        claims = min(self.queued_total - self.funded_total, available)
        self.funded_total += claims
        self.reserve += available - claims
        self._cross(MAX_CROSS)
        self.periods = period
        self.shares.append(share)
        self.queued_in_period[period % BREAKER_HISTORY] = newly_queued
        self.queued_at_last_settlement = self.queued_total
        return share

    def advance(self, max_buckets: int) -> int:
        return self._cross(min(max_buckets, MAX_CROSS))

    def claim_in_notice(self, amount: int) -> None:
        self.pending_notice += amount

    def claim_left_notice(self, amount: int) -> None:
        self.pending_notice -= amount

    def queue_claim(self, claim_id: int, patient: str, amount: int) -> None:
        self.pending_notice -= amount
        self.payouts[claim_id] = Payout(patient, amount, self.queued_total)
        self.queued_total += amount
        if patient in self.members and self.members[patient].status == ACTIVE:
            active = self.is_active(patient)
            m = self._settle(patient)
            if active:
                self._unplace(m)
            m.status = ENDED
        # the identity that received a benefit may never join again
        self.barred.add(patient)

    def pull_payout(self, claim_id: int) -> int:
        p = self.payouts[claim_id]
        if p.paid or p.cum_before + p.amount > self.funded_total:
            raise PoolError("payout not funded yet")
        p.paid = True
        self.paid_total += p.amount
        refund = 0
        m = self.members.get(p.patient)
        if m is not None and m.status == ENDED:
            refund = m.balance
            self.member_funds -= refund
            del self.members[p.patient]
        return p.amount + refund

    def accrue_fee(self, witness: str, amount: int) -> None:
        self.fees_accrued += amount
        self.fee_owed[witness] = self.fee_owed.get(witness, 0) + amount
        self.fee_pos[witness] = self.fees_accrued

    def pull_fees(self, witness: str) -> int:
        owed = self.fee_owed.get(witness, 0)
        if owed == 0 or self.fee_pos[witness] > self.fees_funded:
            raise PoolError("no fees payable yet")
        self.fee_owed[witness] = 0
        self.fees_paid += owed
        return owed

    def credit_reserve(self, amount: int) -> None:
        self.reserve += amount
