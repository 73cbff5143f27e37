"""The dispute machine over a whole plan, at random (Hypothesis stateful test).

Claims are driven to their notice, queued, funded and paid at random while supervisors object
and report, the operator rules both ways and records recoveries, keepers expire cases, settle
and sweep, patients exit and witnesses try to leave. Before every call the test predicts from
the public state whether it must succeed, and checks it does exactly that; it keeps its own
ghost books of every stake, reward, fee and slash.

After every step: each contract's token balance equals its books to the last unit (Pool
`accounted()`, Witnesses `total_staked()`, Disputes `accounted()` and each of its counters
against the ghost's), no token is created or lost, and every open case keeps the stakes of the
witnesses it may slash in place. At the end of each example every case is closed, every
supervisor pulls and the operator collects: Disputes holds nothing, every supervisor stake was
refunded or forfeited to the operator, every slashed unit went to a reward or the reserve, and
every witness free to leave gets its stake back.

LASHOU_HEAVY=1 runs many more and longer examples.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import boa
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.contracts.helpers import events
from tests.utils.claims import (
    BENEFITS,
    CITY,
    DISPUTED,
    NOTICE,
    PARAMS,
    QUEUED,
    RECENT_HASHES,
    SAME_PROVINCE_CITY,
    commitment,
    now,
    populate,
    to_notice,
)
from tests.utils.deployers import (
    DAY,
    TOKEN,
    deploy_plan,
    fresh_deployer,
    fund,
    register_witness,
)

HEAVY = os.environ.get("LASHOU_HEAVY") == "1"
STAKE = 5 * TOKEN
EXTRA_PATIENTS = 3
SUPERVISORS = 3
OPEN, FRAUD, DISMISSED, EXPIRED = 1, 2, 3, 4
BPS = 10_000


@pytest.fixture(scope="module")
def world():
    with fresh_deployer("st-disputes-deployer"):
        yield _world()


def _world():
    # a reward ratio that leaves remainders when a reward is shared
    params = {**PARAMS, "objection_stake": STAKE, "reward_bps": 1_001}
    plan = deploy_plan(params=params, benefits=BENEFITS)
    w = populate(plan, patients=EXTRA_PATIENTS)
    # supporters deep enough to fund many claims, more witnesses than frauds can use up
    for supporter in w.supporters[:4]:
        fund(plan, supporter, 5_000 * TOKEN)
        with boa.env.prank(supporter):
            plan.pool.top_up(5_000 * TOKEN)
    for i in range(6):
        account = boa.env.generate_address(f"extra-witness-{i}")
        region = CITY if i < 3 else SAME_PROVINCE_CITY
        register_witness(plan, account, commitment=commitment(500 + i), region=region)
        w.city_witnesses.append(account)
    w.supervisors = [boa.env.generate_address(f"supervisor-{i}") for i in range(SUPERVISORS)]
    for who in w.supervisors:
        fund(plan, who, 10_000 * TOKEN, spender=plan.disputes.address)
    fund(plan, plan.operator, 10_000 * TOKEN, spender=plan.disputes.address)
    # every example starts with claims under notice (driving one there is the slow part)
    boa.env.evm.patch.prev_hashes = RECENT_HASHES
    w.first_claims = [to_notice(plan, patient)[0] for patient in [w.patient, w.other_patient]]
    return w


@dataclass
class Ghost:
    """What the test expects, kept apart from the contracts."""

    stakes_held: int = 0
    rewards_owed: int = 0
    fees_owed: int = 0
    staked: dict[str, int] = field(default_factory=dict)  # per supervisor, ever
    stake_back: dict[str, int] = field(default_factory=dict)
    rewards_paid: int = 0
    fees_collected: int = 0
    forfeited: int = 0
    slashed: int = 0
    slash_rewards: int = 0  # the part of slashes kept as rewards
    slash_to_reserve: int = 0
    recovered: int = 0
    witness_stakes: int = 0
    witness_returned: int = 0
    case_stakes: dict[tuple[int, int], int] = field(default_factory=dict)
    swept: dict[int, int] = field(default_factory=dict)


indices = st.integers(min_value=0, max_value=63)


class DisputesMachine(RuleBasedStateMachine):
    """Each example starts from the deployed plan: titanoboa's plugin anchors every example."""

    world = None  # set by the test from its module fixture

    def __init__(self) -> None:
        super().__init__()
        w = self.world
        self.plan = w.plan
        self.disputes, self.claims, self.pool = w.plan.disputes, w.plan.claims, w.plan.pool
        self.registry, self.token = w.plan.witnesses, w.plan.token
        self.patients = [w.patient, w.other_patient] + w.supporters[4:]
        self.supervisors = w.supervisors
        self.witnesses = w.witnesses
        self.claim_ids: list[int] = []
        # where the dispute machine stands, kept here so rules can aim at what can happen
        self.open: dict[int, int] = {}  # claim id -> round of its open case
        self.members: dict[tuple[int, int], list[str]] = {}  # (claim, round) -> supervisors
        self.frauds: set[int] = set()
        self.owed: set[tuple[int, str]] = set()  # (claim, supervisor) that may pull something
        self.g = Ghost(witness_stakes=self.registry.total_staked())
        self.holders = (
            [self.pool.address, self.registry.address, self.disputes.address, self.plan.operator]
            + w.supporters
            + [w.patient, w.other_patient]
            + self.witnesses
            + self.supervisors
        )
        self.supply = self.token.totalSupply()

    @initialize()
    def start(self):
        boa.env.evm.patch.prev_hashes = RECENT_HASHES
        self.claim_ids = list(self.world.first_claims)

    # -- helpers ------------------------------------------------------------------------------
    def pick(self, i: int, where=None) -> int:
        """Claim `i` among those `where(claim_id)` holds for (among all if none does)."""
        found = [c for c in self.claim_ids if where is None or where(c)] or self.claim_ids
        return found[i % len(found)]

    def status_in(self, *statuses: int):
        return lambda claim_id: self.claims.claim(claim_id).status in statuses

    def call(self, ok: bool, fn, *args, sender: str):
        """Call `fn` as `sender`: it must succeed exactly when `ok`."""
        with boa.env.prank(sender):
            if ok:
                return fn(*args)
            with boa.reverts():
                fn(*args)
        return None

    def open_round(self, claim_id: int) -> int:
        r = self.disputes.rounds(claim_id)
        return r if r and self.disputes.cases(claim_id, r).outcome == OPEN else 0

    def may_join(self, claim_id: int, sup: str, round_: int) -> bool:
        rec = self.disputes.supervisor(claim_id, sup)
        if rec.round == 0:
            return True
        if rec.round == round_:
            return False
        return self.disputes.cases(claim_id, rec.round).outcome != EXPIRED or rec.refunded

    def joined(self, claim_id: int, sup: str, opened: bool) -> None:
        stake = self.plan.config.objection_stake()
        r = self.disputes.rounds(claim_id)
        self.g.stakes_held += stake
        self.g.staked[sup] = self.g.staked.get(sup, 0) + stake
        self.g.case_stakes[(claim_id, r)] = self.g.case_stakes.get((claim_id, r), 0) + stake
        if opened:
            assert r >= 1 and self.disputes.cases(claim_id, r).outcome == OPEN
            assert claim_id not in self.open
        self.open[claim_id] = r
        self.members.setdefault((claim_id, r), []).append(sup)
        self.owed.discard((claim_id, sup))  # an earlier case's stake was pulled (or forfeited)

    def closed(self, claim_id: int, refunds: bool) -> None:
        r = self.open.pop(claim_id)
        if refunds:
            self.owed.update((claim_id, sup) for sup in self.members[(claim_id, r)])

    def aim(self, i: int, targets) -> int:
        """One of `targets` mostly; now and then any claim, to check refusals."""
        if targets and i % 6:
            return sorted(targets)[i % len(targets)]
        return self.pick(i)

    # -- claims ---------------------------------------------------------------------------------
    @rule(p=indices, mild=st.booleans())
    def file_to_notice(self, p, mild):
        can_file = [
            who
            for who in self.patients
            if self.pool.coverage(who)[5] and self.claims.open_claim_of(who) == 0
        ]
        if not can_file:
            return
        patient = can_file[p % len(can_file)]
        try:
            claim_id, _ = to_notice(self.plan, patient, condition_class=int(mild))
        except AssertionError:  # no full panel left to draw: the claim waits in its draw
            return
        self.claim_ids.append(claim_id)

    @precondition(lambda self: self.claim_ids)
    @rule(i=indices)
    def finalize(self, i):
        claim_id = self.pick(i, self.status_in(NOTICE))
        c = self.claims.claim(claim_id)
        if c.status != NOTICE:
            return
        if c.deadline > now():
            boa.env.time_travel(seconds=c.deadline - now())
        member = self.pool.is_membership(c.patient, c.membership_id)
        if member:
            self.claims.finalize(claim_id)
        else:
            self.claims.cancel(claim_id)

    @rule(days=st.integers(min_value=0, max_value=12))
    def time_passes(self, days):
        """Days go by (0: to the next settlement), and the period is settled when it is due."""
        if days:
            boa.env.time_travel(seconds=days * DAY)
        elif self.pool.next_settlement() > now():
            boa.env.time_travel(seconds=self.pool.next_settlement() - now())
        if self.pool.next_settlement() <= now():
            self.pool.settle()

    def pull_payout(self, i):
        claim_id = self.pick(i, self.status_in(QUEUED))
        p = self.pool.payouts(claim_id)
        if p.patient == "0x0000000000000000000000000000000000000000":
            return
        paid, held, cancelled, _ = self.pool.payout_state(claim_id)
        funded = p.cum_before + p.amount <= self.pool.funded_total()
        ok = funded and not paid and not held and not cancelled
        self.call(ok, self.pool.pull_payout, claim_id, sender=p.patient)
        if ok:
            assert self.pool.payout_state(claim_id)[3] == now()

    @rule(p=indices, witness=st.booleans())
    def someone_leaves(self, p, witness):
        """A patient exits the plan, or an approving witness tries to take its stake back."""
        if not witness:
            patient = self.patients[p % len(self.patients)]
            self.call(self.pool.member(patient)[2] != 0, self.pool.exit, sender=patient)
            return
        approvers = [w for c in self.claim_ids for w in self.claims.approvers(c)]
        witness = (approvers or self.witnesses)[p % len(approvers or self.witnesses)]
        record = self.registry.witness(witness)
        registered = record.commitment != b"\x00" * 32
        ok = registered and record.locked_bonds == 0 and now() >= record.liable_until
        self.call(ok, self.registry.unstake, sender=witness)
        if ok:
            self.g.witness_returned += record.stake

    def sweep_cancelled(self, claim_id):
        if not self.pool.payout_state(claim_id)[2]:
            return
        p = self.pool.payouts(claim_id)
        funded = min(max(self.pool.funded_total() - p.cum_before, 0), p.amount)
        moved = funded - self.g.swept.get(claim_id, 0)
        reserve = self.pool.reserve()
        got = self.call(moved > 0, self.pool.sweep_cancelled, claim_id, sender=self.plan.operator)
        if moved > 0:
            assert got == moved
            assert self.pool.reserve() == reserve + moved
            self.g.swept[claim_id] = funded

    # -- the rules that drive disputes: each picks one of a few actions --------------------------
    @precondition(lambda self: self.claim_ids)
    @rule(i=indices, s=indices, later=st.booleans())
    def supervise(self, i, s, later):
        """A supervisor objects to a claim under notice, or reports fraud on a queued one."""
        if later:
            self.report_fraud(i, s)
        else:
            self.object(i, s)

    @precondition(lambda self: self.open)
    @rule(i=indices, fraud=st.booleans(), late=st.booleans())
    def decide(self, i, fraud, late):
        """The operator rules on an open case, or its deadline passes and anyone expires it."""
        if late:
            self.expire(i)
        else:
            self.rule_case(i, fraud)

    @precondition(lambda self: self.claim_ids)
    @rule(
        i=indices,
        s=indices,
        amount=st.integers(min_value=0, max_value=60 * TOKEN),
        what=st.sampled_from(["withdraw", "withdraw", "recover", "fees", "payout", "sweep"]),
    )
    def money_moves(self, i, s, amount, what):
        """Someone pulls or brings in money: a supervisor, the operator, a patient, a keeper."""
        if what == "withdraw" and self.members:
            self.withdraw(i, s)
        elif what == "recover" and self.frauds:
            self.record_recovery(i, amount)
        elif what == "fees" and self.g.fees_owed:
            self.collect_fees()
        elif what == "sweep":
            self.sweep_cancelled(self.pick(i, lambda c: self.pool.payout_state(c)[2]))
        else:
            self.pull_payout(i)

    # -- supervisors ----------------------------------------------------------------------------
    def object(self, i, s):
        claim_id = self.pick(i, self.status_in(NOTICE, DISPUTED))
        sup = self.supervisors[s % len(self.supervisors)]
        c = self.claims.claim(claim_id)
        r = self.disputes.rounds(claim_id)
        ok = False
        if c.status == NOTICE:
            member = self.pool.is_membership(c.patient, c.membership_id)
            ok = now() < c.deadline and member and self.may_join(claim_id, sup, r + 1)
        elif c.status == DISPUTED:
            case = self.disputes.cases(claim_id, r)
            ok = now() < c.deadline and now() < case.deadline and self.may_join(claim_id, sup, r)
        opened = c.status == NOTICE
        self.call(ok, self.disputes.object, claim_id, b"\x0e" * 32, sender=sup)
        if ok:
            self.joined(claim_id, sup, opened)
            assert self.claims.claim(claim_id).status == DISPUTED

    def report_fraud(self, i, s):
        claim_id = self.pick(i, self.status_in(QUEUED))
        sup = self.supervisors[s % len(self.supervisors)]
        c = self.claims.claim(claim_id)
        ok, opened = False, False
        if c.status == QUEUED and not self.disputes.fraud_confirmed(claim_id):
            paid, _, _, pulled_at = self.pool.payout_state(claim_id)
            in_window = not paid or now() < pulled_at + self.plan.config.report_window()
            r = self.open_round(claim_id)
            if r:
                case = self.disputes.cases(claim_id, r)
                ok = in_window and now() < case.deadline and self.may_join(claim_id, sup, r)
            else:
                opened = True
                ok = in_window and self.may_join(claim_id, sup, self.disputes.rounds(claim_id) + 1)
        self.call(ok, self.disputes.report_fraud, claim_id, b"\x0f" * 32, sender=sup)
        if ok:
            self.joined(claim_id, sup, opened)
            if not self.pool.payout_state(claim_id)[0]:
                assert self.pool.payout_state(claim_id)[1]  # held until the ruling

    def withdraw(self, i, s):
        if self.owed and s % 6:
            claim_id, sup = sorted(self.owed)[i % len(self.owed)]
        else:
            claim_id, sup = self.pick(i), self.supervisors[s % len(self.supervisors)]
        stake, reward, ok = self.due(claim_id, sup)
        before = self.token.balanceOf(sup)
        self.call(ok, self.disputes.withdraw, claim_id, sender=sup)
        if ok:
            self.withdrew(sup, stake, reward, before)
        self.owed.discard((claim_id, sup))

    def due(self, claim_id: int, sup: str) -> tuple[int, int, bool]:
        rec = self.disputes.supervisor(claim_id, sup)
        if rec.round == 0:
            return 0, 0, False
        case = self.disputes.cases(claim_id, rec.round)
        if case.outcome in (OPEN, DISMISSED):
            return 0, 0, False
        stake = 0 if rec.refunded else rec.stake
        reward = 0
        if case.outcome == FRAUD:
            n, r = case.supervisors, case.reward
            share = r // n + (1 if rec.index + r % n >= n else 0)
            assert share >= rec.received, "a share shrank"
            reward = share - rec.received
        return stake, reward, stake + reward > 0

    def withdrew(self, sup: str, stake: int, reward: int, before: int) -> None:
        assert self.token.balanceOf(sup) - before == stake + reward
        self.g.stakes_held -= stake
        self.g.rewards_owed -= reward
        self.g.stake_back[sup] = self.g.stake_back.get(sup, 0) + stake
        self.g.rewards_paid += reward

    # -- operator and keepers ---------------------------------------------------------------
    def rule_case(self, i, fraud):
        claim_id = self.aim(i, self.open)
        r = self.open_round(claim_id)
        ok = bool(r) and now() < self.disputes.cases(claim_id, r).deadline
        if not ok:
            self.call(
                False, self.disputes.rule, claim_id, fraud, b"\x0a" * 32, sender=self.plan.operator
            )
            return
        c = self.claims.claim(claim_id)
        approvers = list(dict.fromkeys(self.claims.approvers(claim_id)))
        bond = self.plan.config.witness_bond()
        expected_slash = sum(min(bond, self.registry.witness(w).stake) for w in approvers)
        reserve, staked = self.pool.reserve(), self.registry.total_staked()
        self.call(
            True, self.disputes.rule, claim_id, fraud, b"\x0a" * 32, sender=self.plan.operator
        )
        (log,) = events(self.disputes, "DisputeRuled")
        stakes = self.g.case_stakes[(claim_id, r)]
        self.closed(claim_id, refunds=fraud)
        if not fraud:
            assert (log.fee, log.slashed) == (stakes, 0)
            self.g.stakes_held -= stakes
            self.g.fees_owed += stakes
            self.g.forfeited += stakes
            assert self.pool.reserve() == reserve
            return
        target = c.benefit * self.plan.config.reward_bps() // BPS
        reward = min(target, expected_slash)
        assert (log.slashed, log.reward, log.to_reserve) == (
            expected_slash,
            reward,
            expected_slash - reward,
        )
        assert self.registry.total_staked() == staked - expected_slash
        swept = sum(e.swept for e in events(self.disputes, "PayoutCancelled", self.pool))
        if swept:
            self.g.swept[claim_id] = swept
        assert self.pool.reserve() == reserve + log.to_reserve + swept
        assert self.pool.banned(c.commitment)
        self.frauds.add(claim_id)
        self.g.rewards_owed += reward
        self.g.slashed += expected_slash
        self.g.slash_rewards += reward
        self.g.slash_to_reserve += expected_slash - reward
        self.g.witness_stakes -= expected_slash

    def expire(self, i):
        claim_id = self.aim(i, self.open)
        r = self.open_round(claim_id)
        if r and self.disputes.cases(claim_id, r).deadline > now() and i % 2:
            boa.env.time_travel(seconds=self.disputes.cases(claim_id, r).deadline - now())
        ok = bool(r) and now() >= self.disputes.cases(claim_id, r).deadline
        self.call(ok, self.disputes.expire, claim_id, sender=self.supervisors[0])
        if ok:
            self.closed(claim_id, refunds=True)
            assert self.claims.claim(claim_id).status != DISPUTED
            assert not self.pool.payout_state(claim_id)[1]

    def record_recovery(self, i, amount):
        claim_id = self.aim(i, self.frauds)
        ok = self.disputes.fraud_confirmed(claim_id) and amount > 0
        reserve = self.pool.reserve()
        self.call(ok, self.disputes.record_recovery, claim_id, amount, sender=self.plan.operator)
        if ok:
            (log,) = events(self.disputes, "RecoveryRecorded")
            case = self.disputes.cases(claim_id, self.disputes.rounds(claim_id))
            assert log.to_reward + log.to_reserve == amount
            assert case.reward <= case.target
            assert log.to_reserve == 0 or case.reward == case.target
            assert self.pool.reserve() == reserve + log.to_reserve
            self.g.rewards_owed += log.to_reward
            self.g.recovered += amount
            r = self.disputes.rounds(claim_id)
            self.owed.update((claim_id, sup) for sup in self.members[(claim_id, r)])

    def collect_fees(self):
        owed = self.g.fees_owed
        self.call(owed > 0, self.disputes.collect_fees, sender=self.plan.operator)
        if owed:
            self.g.fees_owed = 0
            self.g.fees_collected += owed

    # -- invariants -----------------------------------------------------------------------------
    @invariant()
    def books_balance(self):
        t = self.token
        assert t.balanceOf(self.pool.address) == self.pool.accounted()
        assert t.balanceOf(self.registry.address) == self.registry.total_staked()
        assert self.registry.total_staked() == self.g.witness_stakes - self.g.witness_returned
        assert t.balanceOf(self.disputes.address) == self.disputes.accounted()
        assert self.disputes.stakes_held() == self.g.stakes_held
        assert self.disputes.rewards_owed() == self.g.rewards_owed
        assert self.disputes.fees_owed() == self.g.fees_owed

    @invariant()
    def open_cases_hold_their_witnesses(self):
        for claim_id in self.claim_ids:
            r = self.open_round(claim_id)
            assert r == self.open.get(claim_id, 0)
            if not r:
                continue
            deadline = self.disputes.cases(claim_id, r).deadline
            for w in self.claims.approvers(claim_id):
                record = self.registry.witness(w)
                if record.commitment != b"\x00" * 32:
                    assert record.liable_until >= deadline

    def teardown(self):
        """Close every case, pull everything owed, and account for every stake."""
        boa.env.time_travel(seconds=31 * DAY)
        for claim_id in list(self.open):
            self.disputes.expire(claim_id)
            self.closed(claim_id, refunds=True)
        for claim_id in self.claim_ids:
            for sup in self.supervisors:
                stake, reward, ok = self.due(claim_id, sup)
                if ok:
                    before = self.token.balanceOf(sup)
                    with boa.env.prank(sup):
                        self.disputes.withdraw(claim_id)
                    self.withdrew(sup, stake, reward, before)
        if self.g.fees_owed:
            self.collect_fees()
        # a cancelled payout's place in the queue reaches the reserve once settlements fund it
        for _ in range(3):
            self.time_passes(0)
        for claim_id in self.claim_ids:
            if self.pool.payout_state(claim_id)[2]:
                self.sweep_cancelled(claim_id)
                p = self.pool.payouts(claim_id)
                if p.cum_before + p.amount <= self.pool.funded_total():
                    assert self.g.swept[claim_id] == p.amount
        self.books_balance()
        t = self.token
        assert sum(t.balanceOf(a) for a in self.holders) == t.totalSupply() == self.supply
        g = self.g
        assert self.token.balanceOf(self.disputes.address) == 0
        assert g.stakes_held == g.rewards_owed == g.fees_owed == 0
        # every supervisor stake came back or became the operator's fee
        assert sum(g.staked.values()) == sum(g.stake_back.values()) + g.fees_collected
        assert g.forfeited == g.fees_collected
        # every slashed unit went to a reward or the reserve; rewards never beat their sources
        assert g.slashed == g.slash_rewards + g.slash_to_reserve
        assert g.rewards_paid <= g.slashed + g.recovered
        # every witness free to leave gets its stake back
        boa.env.time_travel(seconds=400 * DAY)
        for w in self.witnesses:
            record = self.registry.witness(w)
            if record.commitment != b"\x00" * 32 and record.locked_bonds == 0:
                with boa.env.prank(w):
                    self.registry.unstake()
                g.witness_returned += record.stake
        locked = sum(
            self.registry.witness(w).stake
            for w in self.witnesses
            if self.registry.witness(w).locked_bonds
        )
        assert self.registry.total_staked() == locked
        self.books_balance()


SETTINGS = settings(
    max_examples=200 if HEAVY else 10,
    stateful_step_count=80 if HEAVY else 40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.stateful
def test_dispute_machine(world):
    DisputesMachine.world = world
    run_state_machine_as_test(DisputesMachine, settings=SETTINGS)
