"""A claim found fraudulent after an objection during its notice: the dispute, the slashed
witnesses, the barred patient and the reserve, as the index shows them and as the chain has them;
and one found fraudulent once queued, whose payout is cancelled."""

from __future__ import annotations

from functools import partial

import pytest
from eth_utils import keccak
from sqlalchemy.orm import Session

from lashou.actions import ClaimStatus
from lashou.chain.tx import increase_time, mine
from lashou.indexer import queries as q
from lashou.indexer.follow import Indexer
from lashou.sim.claimflow import SEVERE, ClaimFlow, SimClaim
from lashou.sim.world import Habit, Person, derived_account
from lashou.verify.check import verify
from lashou.verify.sources import from_index

pytestmark = pytest.mark.e2e


def _approved(history) -> tuple[SimClaim, Person]:
    """One more claim approved by its whole panel and under notice, and a funded supervisor."""
    world = history.world
    plan = world.plan
    pool, disputes = plan.contract("pool"), plan.contract("disputes")
    patient = next(
        mb for mb in world.members
        if mb.habit is Habit.STEADY and pool.functions.coverage(mb.address).call()[5]
    )  # fmt: skip
    # the demo's slashes and forfeits may have left too few free witnesses for a full panel
    world.recruit_witnesses(3, patient.region, plan.config.functions.witness_stake().call())
    claim = SimClaim("a claim found fraudulent", patient, SEVERE)
    flow = ClaimFlow(world)
    flow.file(claim)
    flow.review(claim, accept=True)
    flow.draw(claim)
    for slot in sorted(claim.witnesses):
        flow.report(claim, slot, approve=True)
    supervisor = Person(derived_account("supervisor", world.seed), 110101, "", "")
    stake = plan.config.functions.objection_stake().call()
    world.fund([supervisor], [stake], disputes.address)
    return claim, supervisor


@pytest.fixture
def fraud(history, restore):
    """One more claim, objected to during its notice and ruled fraudulent."""
    world = history.world
    disputes = world.plan.contract("disputes")
    claim, supervisor = _approved(history)
    evidence = keccak(text="the hospital has no such record")
    world.transact(disputes.functions.object(claim.claim_id, evidence), supervisor.account)
    ruling = disputes.functions.rule(claim.claim_id, True, keccak(text="forged diagnosis"))
    world.transact(ruling, world.roles.operator)
    mine(history.w3)
    return claim


@pytest.fixture
def indexed(history, make_engine, fraud):
    engine = make_engine()
    Indexer(history.w3, history.deployment, engine=engine).run_once()
    with Session(engine) as session:
        yield session


def test_fraud_cases__a_ruled_objection(history, fraud, indexed):
    (case,) = [c for c in q.fraud_cases(session=indexed) if c.claim_id == fraud.claim_id]
    assert (case.claim_id, case.round, case.kind, case.status) == (
        fraud.claim_id,
        1,
        "objection",
        "fraud",
    )
    assert case.supervisors == 1 and case.slashed > 0 and case.reward > 0
    assert case.benefit == fraud.benefit and case.closed_tx and case.opened_tx
    assert q.fraud_cases(session=indexed, status="open") == []
    disputes = history.world.plan.contract("disputes")
    count = history.world.plan.contract("claims").functions.claim_count().call()
    confirmed = [i for i in range(1, count + 1) if disputes.functions.fraud_confirmed(i).call()]
    assert fraud.claim_id in confirmed
    assert q.plan_stats(session=indexed).fraud_confirmed == len(confirmed)


def test_claim_timeline__objection_and_ruling_in_order(fraud, indexed):
    timeline = q.claim_timeline(session=indexed, claim_id=fraud.claim_id)
    names = [s.event for s in timeline.steps]
    order = ["NoticeStarted", "DisputeOpened", "ObjectionRaised", "ClaimDisputed", "DisputeRuled"]
    assert [names.index(name) for name in order] == sorted(names.index(name) for name in order)
    assert timeline.claim.status == "rejected" and timeline.claim.rejected_stage is not None


def test_witnesses__approvers_slashed_as_the_registry_says(history, fraud, indexed):
    registry = history.world.plan.contract("witnesses")
    rows = {w.address: w for w in q.witnesses(session=indexed)}
    for address in fraud.witnesses.values():
        on_chain = registry.functions.witness(address).call()
        assert rows[address].slashed > 0
        assert rows[address].stake == on_chain[4]
        assert (rows[address].status == "active") == on_chain[3]


def test_member_status__the_fraudulent_patient_is_barred(history, fraud, indexed):
    pool = history.world.plan.contract("pool")
    view = q.member_status(session=indexed, address=fraud.patient.address)
    assert view.status == "barred" and view.periods_covered == 0
    balance, _, status, _, _, _ = pool.functions.member(fraud.patient.address).call()
    assert status == 2 and view.balance == balance
    stats = q.plan_stats(session=indexed)
    assert stats.reserve == pool.functions.reserve().call()
    assert stats.member_funds == pool.functions.member_funds().call()
    assert stats.active_weight == pool.functions.active_weight().call()


def test_claim__fraud_confirmed_on_a_queued_claim_is_fraud_with_nothing_paid(
    history, restore, make_engine
):
    """Reported while queued, its payout is held (disputed); confirmed, the payout is
    cancelled and the claim is fraud. The replayed events, the contracts and the index agree
    at each step."""
    world = history.world
    plan = world.plan
    claims, disputes = plan.contract("claims"), plan.contract("disputes")
    claim, supervisor = _approved(history)
    increase_time(history.w3, plan.config.functions.notice_period().call() + 1)
    ClaimFlow(world).finalize(claim)
    report = disputes.functions.report_fraud(claim.claim_id, keccak(text="a second policy"))
    world.transact(report, supervisor.account)
    engine = make_engine()
    indexer = Indexer(history.w3, history.deployment, engine=engine)
    indexer.run_once()
    with Session(engine) as session:
        held = q.claim_timeline(session=session, claim_id=claim.claim_id).claim
    assert held.status == "disputed"
    assert verify(plan, index=partial(from_index, engine)).ok
    ruling = disputes.functions.rule(claim.claim_id, True, keccak(text="two policies, one illness"))
    world.transact(ruling, world.roles.operator)
    indexer.run_once()
    with Session(engine) as session:
        found = q.claim_timeline(session=session, claim_id=claim.claim_id).claim
        assert q.claims_board(session=session, status="fraud")[0].claim_id == claim.claim_id
    assert (found.status, found.paid_at, found.paid_amount, found.recovered) == (
        "fraud",
        None,
        0,
        0,
    )
    assert claims.functions.claim(claim.claim_id).call()[1] == ClaimStatus.QUEUED  # on chain
    result = verify(plan, index=partial(from_index, engine))
    assert result.ok, result.differences
