"""The pool against its model, step by step (differential testing with Hypothesis).

Every rule runs on the Vyper pool and on lashou.model.pool; when the model refuses, the
contract must revert, and the other way round. After every step the two must agree on the
index, the frontier, the active weight, the reserve, the queue and every member's balance, and
the pool's token balance must equal what it owes to the last base unit.

LASHOU_HEAVY=1 runs many more and longer examples.
"""

from __future__ import annotations

import os

import boa
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from lashou.model.pool import Pool as Model
from lashou.model.pool import PoolError
from tests.utils.deployers import DAY, TOKEN, admit, deploy_plan, fund

HEAVY = os.environ.get("LASHOU_HEAVY") == "1"
MEMBERS = 8
WITNESSES = 3
WEIGHTS = {0: 3, 1: 1}


@pytest.fixture(scope="module")
def plan():
    # a floor of 200 tokens: the breaker holds bursts, after quiet periods too
    plan = deploy_plan(pool_only=True, notaries=0, params={"breaker_floor": 200 * TOKEN})
    plan.people = [boa.env.generate_address(f"member{i}") for i in range(MEMBERS)]
    plan.witness_people = [boa.env.generate_address(f"witness{i}") for i in range(WITNESSES)]
    for who in plan.people:
        fund(plan, who, 10**9 * TOKEN)
    return plan


amounts = st.integers(min_value=0, max_value=400 * TOKEN)
benefits = st.integers(min_value=1, max_value=300 * TOKEN)
people = st.integers(min_value=0, max_value=MEMBERS - 1)


class PoolMachine(RuleBasedStateMachine):
    """Each example starts from the deployed plan: titanoboa's plugin anchors every example."""

    claims = Bundle("claims")
    plan = None  # set by the test from its module fixture

    def __init__(self) -> None:
        super().__init__()
        self.pool = self.plan.pool
        cfg = self.plan.config
        self.model = Model(
            cap=cfg.cap(),
            bucket=cfg.bucket_width(),
            breaker_factor=cfg.breaker_factor(),
            breaker_floor=cfg.breaker_floor(),
        )
        self.next_claim = 1

    # -- helpers ----------------------------------------------------------------------------
    def both(self, model_step, contract_step, sender=None):
        """Run a step on both; they must both succeed or both refuse."""
        snapshot = _copy(self.model)
        try:
            expected = model_step()
        except PoolError:
            self.model = snapshot
            with boa.reverts():
                with boa.env.prank(sender or boa.env.eoa):
                    contract_step()
            return None
        with boa.env.prank(sender or boa.env.eoa):
            contract_step()
        return expected

    # -- rules ------------------------------------------------------------------------------
    @initialize()
    def start(self):
        pass

    @rule(i=people, tier=st.sampled_from([0, 1]), amount=amounts)
    def join(self, i, tier, amount):
        who = self.plan.people[i]
        args, sig = admit(self.plan, who, commitment=bytes([i + 1]) * 32, tier=tier)
        self.both(
            lambda: self.model.join(who, WEIGHTS[tier], amount),
            lambda: self.pool.join(*args, sig, amount),
            sender=who,
        )

    @rule(i=people, amount=amounts)
    def top_up(self, i, amount):
        who = self.plan.people[i]
        self.both(lambda: self.model.top_up(who, amount), lambda: self.pool.top_up(amount), who)

    @rule(i=people, amount=amounts)
    def withdraw(self, i, amount):
        who = self.plan.people[i]
        before = self.plan.token.balanceOf(who)
        ok = self.both(
            lambda: self.model.withdraw(who, amount) or True,
            lambda: self.pool.withdraw(amount),
            who,
        )
        if ok:
            assert self.plan.token.balanceOf(who) - before == amount

    @rule(i=people)
    def exit(self, i):
        who = self.plan.people[i]
        before = self.plan.token.balanceOf(who)
        out = self.both(lambda: self.model.exit(who), lambda: self.pool.exit(), who)
        if out is not None:
            assert self.plan.token.balanceOf(who) - before == out

    @rule(target=claims, i=people, amount=benefits, queue=st.booleans())
    def claim_passes_witnessing(self, i, amount, queue):
        """A claim clears witnessing (enters notice) and maybe its notice (queued)."""
        who = self.plan.people[i]
        claim_id = self.next_claim
        self.next_claim += 1
        with boa.env.prank(self.plan.claims_caller):
            self.pool.claim_in_notice(amount)
            self.model.claim_in_notice(amount)
            if queue:
                self.pool.queue_claim(claim_id, who, amount, bytes([i + 1]) * 32)
                self.model.queue_claim(claim_id, who, amount)
                return multiple(claim_id)
            self.pool.claim_left_notice(amount)
            self.model.claim_left_notice(amount)
        return multiple()

    @rule(w=st.integers(min_value=0, max_value=WITNESSES - 1), amount=st.integers(1, 200 * TOKEN))
    def fee_accrues(self, w, amount):
        who = self.plan.witness_people[w]
        with boa.env.prank(self.plan.claims_caller):
            self.pool.accrue_fee(who, amount)
        self.model.accrue_fee(who, amount)

    @rule(amount=st.integers(1, 400 * TOKEN))
    def forfeit_reaches_reserve(self, amount):
        self.plan.token.mint(self.pool.address, amount)
        with boa.env.prank(self.plan.witnesses_caller):
            self.pool.credit_reserve(amount)
        self.model.credit_reserve(amount)

    @rule(periods=st.integers(min_value=1, max_value=3))
    def settle(self, periods):
        for _ in range(periods):
            boa.env.time_travel(seconds=14 * DAY)
            self.both(lambda: self.model.settle(), lambda: self.pool.settle())

    @rule(factor=st.sampled_from([(1, 2), (2, 3), (3, 2), (2, 1)]))
    def governance_changes_cap(self, factor):
        num, den = factor
        old, b = self.model.cap, self.model.bucket
        new_cap = old * num // den
        allowed = 4 * b <= new_cap <= 32 * b and new_cap <= 2 * old and 2 * new_cap >= old
        with boa.env.prank(self.plan.governance):
            if not allowed:
                with boa.reverts():
                    self.plan.config.set_parameter("cap", new_cap)
                return
            self.plan.config.set_parameter("cap", new_cap)
        self.model.cap = new_cap

    @rule(n=st.integers(min_value=0, max_value=40))
    def advance(self, n):
        crossed = self.pool.advance(n)
        assert crossed == self.model.advance(n)

    @rule(claim_id=claims)
    def pull_payout(self, claim_id):
        p = self.model.payouts[claim_id]
        before = self.plan.token.balanceOf(p.patient)
        out = self.both(
            lambda: self.model.pull_payout(claim_id),
            lambda: self.pool.pull_payout(claim_id),
            p.patient,
        )
        if out is not None:
            assert self.plan.token.balanceOf(p.patient) - before == out

    @rule(w=st.integers(min_value=0, max_value=WITNESSES - 1))
    def pull_fees(self, w):
        who = self.plan.witness_people[w]
        out = self.both(lambda: self.model.pull_fees(who), lambda: self.pool.pull_fees(), who)
        if out is not None:
            assert self.plan.token.balanceOf(who) == sum_pulled(self, who, out)

    # -- invariants ---------------------------------------------------------------------------
    @invariant()
    def money_is_conserved(self):
        held = self.plan.token.balanceOf(self.pool.address)
        assert held == self.pool.accounted() == self.model.accounted()

    @invariant()
    def pool_matches_model(self):
        m = self.model
        assert self.pool.index() == m.index
        assert self.pool.frontier() == m.frontier
        assert self.pool.active_weight() == m.active_weight
        assert self.pool.reserve() == m.reserve
        assert self.pool.funded_total() == m.funded_total
        assert self.pool.queued_total() == m.queued_total
        assert self.pool.member_funds() == m.member_funds
        assert self.pool.period() == m.periods

    @invariant()
    def members_match_model_and_can_pay(self):
        m = self.model
        counted = 0
        for who in self.plan.people:
            balance, weight, status, run_out, lapsed, _ = self.pool.member(who)
            assert balance == m.balance_of(who)
            if who not in m.members:
                assert status == 0
                continue
            assert lapsed == m.is_lapsed(who)
            if m.is_active(who):
                counted += weight
                # an active member sits at or above the frontier and can always pay a full cap
                # (unless a cap raise still waits for advance() to move the frontier up)
                assert run_out // m.bucket >= m.frontier
                assert run_out >= m.index + m.cap or m.frontier < m.target_frontier()
            elif status == 1:
                # a lapsed member sits below the frontier (which a cap cut leaves where it was)
                assert run_out // m.bucket < m.frontier
        assert counted == self.pool.active_weight()


def sum_pulled(machine, who, out):
    machine.pulled = getattr(machine, "pulled", {})
    machine.pulled[who] = machine.pulled.get(who, 0) + out
    return machine.pulled[who]


def _copy(model: Model) -> Model:
    import copy

    return copy.deepcopy(model)


SETTINGS = settings(
    max_examples=300 if HEAVY else 25,
    stateful_step_count=80 if HEAVY else 35,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.stateful
def test_pool_matches_model(plan):
    PoolMachine.plan = plan
    run_state_machine_as_test(PoolMachine, settings=SETTINGS)
