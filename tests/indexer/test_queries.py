"""The read side, checked against the contracts' own views after a demo-sized history."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from lashou import cases
from lashou.chain.plan import Plan
from lashou.indexer import models as m
from lashou.indexer import queries as q
from lashou.indexer.db import MIGRATIONS
from lashou.indexer.follow import Indexer
from lashou.indexer.seed import PARAMETERS
from lashou.sim.fraud import AFTER_PAYOUT, DISMISSED, UPHELD
from tests.indexer.conftest import claim_status, sim_claim

pytestmark = pytest.mark.e2e


@pytest.fixture
def indexed(history, make_engine):
    engine = make_engine()
    Indexer(history.w3, history.deployment, engine=engine).run_once()
    with Session(engine) as session:
        yield session


def test_member_status__matches_the_pool_for_every_member(history, indexed):
    pool = Plan(history.w3, history.deployment).contract("pool")
    seen = set()
    for member in history.world.members:
        view = q.member_status(session=indexed, address=member.address.lower())
        balance, weight, status, run_out, lapsed, _ = pool.functions.member(member.address).call()
        seen.add(view.status)
        if status == 1:
            assert view.status == ("lapsed" if lapsed else "active")
            assert (view.balance, view.weight, view.run_out_index) == (balance, weight, run_out)
        else:
            assert view.status in ("exited", "paid") and view.balance == balance == 0
    assert {"active", "lapsed", "exited", "paid"} <= seen


def _counted_after(settlements, view, stats, bucket):
    """Whether the member is still counted after `settlements` full-cap settlements: its
    bucket is at or above the frontier the pool would demand, ceil((I + cap) / b)."""
    index = stats.index + settlements * stats.cap
    return view.run_out_index // bucket >= -(-(index + stats.cap) // bucket)


def test_member_status__periods_covered_follow_the_cap(history, indexed):
    stats = q.plan_stats(session=indexed)
    bucket = Plan(history.w3, history.deployment).config.functions.bucket_width().call()
    for member in history.world.members:
        view = q.member_status(session=indexed, address=member.address)
        if view.status != "active":
            assert view.periods_covered == 0
            continue
        covered = view.periods_covered
        assert covered >= 1
        assert all(_counted_after(k, view, stats, bucket) for k in range(covered))
        assert not _counted_after(covered, view, stats, bucket)


def test_member_status__unknown_address_is_none(indexed):
    assert q.member_status(session=indexed, address="0x" + "00" * 19 + "42") is None


def test_plan_stats__agree_with_the_pool(history, indexed):
    pool = Plan(history.w3, history.deployment).contract("pool")
    stats = q.plan_stats(session=indexed)
    assert stats.active_weight == pool.functions.active_weight().call()
    assert stats.member_funds == pool.functions.member_funds().call()
    assert stats.reserve == pool.functions.reserve().call()
    assert stats.benefits_paid == pool.functions.paid_total().call()
    assert stats.fees_paid == pool.functions.fees_paid().call()
    claims = Plan(history.w3, history.deployment).contract("claims")
    pulled = pool.events.PayoutPulled().get_logs(from_block=0)
    assert (stats.memberships, stats.claims_filed, stats.claims_paid) == (
        pool.functions.membership_count().call(),
        claims.functions.claim_count().call(),
        len(pulled),
    )
    holding = [pool.functions.member(mb.address).call() for mb in history.world.members]
    lapsed = sum(1 for _, _, status, _, gone, _ in holding if status == 1 and gone)
    active = sum(1 for _, _, status, _, gone, _ in holding if status == 1 and not gone)
    assert (stats.members_active, stats.members_lapsed) == (active, lapsed)
    assert stats.members_left == stats.memberships - active - lapsed > 0
    disputes = Plan(history.w3, history.deployment).contract("disputes")
    count = claims.functions.claim_count().call()
    confirmed = [i for i in range(1, count + 1) if disputes.functions.fraud_confirmed(i).call()]
    assert stats.fraud_confirmed == len(confirmed) > 0
    assert stats.checkpoint_block == history.w3.eth.block_number


def test_periods__newest_first_with_their_settlement_tx(history, indexed):
    rows = q.periods(session=indexed)
    pool = Plan(history.w3, history.deployment).contract("pool")
    assert [p.period for p in rows] == list(range(pool.functions.period().call(), 0, -1))
    assert all(p.tx_hash.startswith("0x") and len(p.tx_hash) == 66 for p in rows)
    assert sum(p.claims_funded for p in rows) == pool.functions.funded_total().call()
    assert q.periods(session=indexed, limit=2, offset=1) == rows[1:3]


def test_claims_board__filters_by_status(history, indexed):
    plan = Plan(history.w3, history.deployment)
    count = plan.contract("claims").functions.claim_count().call()
    board = q.claims_board(session=indexed)
    assert [c.claim_id for c in board] == list(range(count, 0, -1))
    assert [c.status for c in board] == [claim_status(history, c.claim_id) for c in board]
    rejected = q.claims_board(session=indexed, status="rejected")
    logged = sorted(
        ((int(e["args"]["claim_id"]), int(e["args"]["stage"]))
         for e in plan.logs("claims", "ClaimRejected")),
        reverse=True,
    )  # fmt: skip
    assert [(c.claim_id, c.rejected_stage) for c in rejected] == logged
    # the demo rejects one claim at review and one whose fraud an objection exposed
    refused = {c.claim_id for c in history.demo.claims if c.outcome.startswith("rejected")}
    assert {c.claim_id for c in rejected} == refused and len(refused) == 2
    paid = q.claims_board(session=indexed, status="paid")
    pulled = {int(e["args"]["claim_id"]): e for e in plan.logs("pool", "PayoutPulled")}
    (found_out,) = q.claims_board(session=indexed, status="fraud")  # paid, then found out
    assert found_out.claim_id in pulled
    assert {c.claim_id for c in paid} == set(pulled) - {found_out.claim_id}
    assert all(c.paid_tx == pulled[c.claim_id]["transactionHash"].to_0x_hex() for c in paid)
    assert all(c.paid_amount == pulled[c.claim_id]["args"]["amount"] for c in paid + [found_out])
    assert {c.recovered for c in paid} == {0}


def test_claims_board__unknown_status_is_refused(indexed):
    with pytest.raises(ValueError, match="Unknown claim status 'lost'"):
        q.claims_board(session=indexed, status="lost")


def test_claim_timeline__every_step_of_an_arbitrated_claim(history, indexed):
    arbitrated = sim_claim(history, "arbitrated")
    timeline = q.claim_timeline(session=indexed, claim_id=arbitrated.claim_id)
    names = [step.event for step in timeline.steps]
    for wanted in ("ClaimFiled", "ClaimReviewed", "DrawScheduled", "WitnessAssigned",
                   "WitnessReported", "ArbitrationOpened", "ClaimArbitrated", "NoticeStarted",
                   "ClaimQueued", "PayoutQueued", "PayoutPulled"):  # fmt: skip
        assert wanted in names
    positions = [(s.block_number, s.log_index) for s in timeline.steps]
    assert positions == sorted(positions)
    assert all(len(s.tx_hash) == 66 and s.block_time > 0 for s in timeline.steps)
    assert sorted(seat.verdict for seat in timeline.panel) == ["approved", "approved", "rejected"]
    assert timeline.claim.status == "paid"


def test_claim_timeline__replaced_witness_keeps_its_seat_record(history, indexed):
    replaced = sim_claim(history, "slot 2 silent witness replaced")
    timeline = q.claim_timeline(session=indexed, claim_id=replaced.claim_id)
    assert "WitnessReplaced" in [s.event for s in timeline.steps]
    assert sorted(seat.verdict for seat in timeline.panel) == ["approved"] * 3 + ["silent"]
    assert timeline.claim.replacements == 1


def test_claim_timeline__unknown_claim_is_none(indexed):
    assert q.claim_timeline(session=indexed, claim_id=999) is None


def _sums(plan, contract, event, field):
    """amount per account (`field` names it) over every log of `event`."""
    out: dict[str, int] = {}
    for e in plan.logs(contract, event):
        out[e["args"][field]] = out.get(e["args"][field], 0) + int(e["args"]["amount"])
    return out


def test_witnesses__as_the_registry_has_them(history, indexed):
    plan = Plan(history.w3, history.deployment)
    registry = plan.contract("witnesses")
    rows = q.witnesses(session=indexed)
    assert sorted(w.address for w in rows) == sorted(w.address for w in history.world.witnesses)
    for row in rows:
        on_chain = registry.functions.witness(row.address).call()
        assert (row.stake, row.status == "active") == (on_chain[4], on_chain[3])
    assert sum(w.stake for w in rows) == registry.functions.total_staked().call()
    inactive = q.witnesses(session=indexed, status="inactive")
    assert inactive == [w for w in rows if w.status == "inactive"]
    # the upheld objection and the fraud reported after payout slashed their approvers
    slashed = _sums(plan, "witnesses", "WitnessSlashed", "witness")
    assert {w.address: w.slashed for w in rows if w.slashed} == slashed and slashed


def test_witnesses__the_silent_one_forfeited_its_slice(history, indexed):
    plan = Plan(history.w3, history.deployment)
    forfeited = _sums(plan, "witnesses", "WitnessForfeited", "witness")
    rows = q.witnesses(session=indexed)
    silent = [w for w in rows if w.silent]
    assert len(silent) == 1 and silent[0].status == "inactive"
    assert {w.address: w.forfeited for w in silent} == forfeited


def _first_dispute_block(plan) -> int:
    return min(e["blockNumber"] for e in plan.logs("disputes", "DisputeOpened"))


def test_fraud_cases__none_in_a_plan_without_disputes(history, make_engine):
    """The demo's plan as it stood before its first dispute opened: no case, nothing
    confirmed; the cases appear once the rest of the chain is indexed."""
    plan = Plan(history.w3, history.deployment)
    indexer = Indexer(history.w3, history.deployment, engine=make_engine())
    before = _first_dispute_block(plan) - 1
    indexer.index_range(from_block=history.deployment.block, to_block=before)
    with Session(indexer.engine) as session:
        assert q.fraud_cases(session=session) == []
        assert q.plan_stats(session=session).fraud_confirmed == 0
    indexer.run_once()
    with Session(indexer.engine) as session:
        opened = plan.logs("disputes", "DisputeOpened")
        assert len(q.fraud_cases(session=session)) == len(opened) > 0


OUTCOMES = {
    cases.Outcome.OPEN: "open", cases.Outcome.FRAUD: "fraud",
    cases.Outcome.DISMISSED: "dismissed", cases.Outcome.EXPIRED: "expired",
}  # fmt: skip
KINDS = {UPHELD: "objection", DISMISSED: "objection", AFTER_PAYOUT: "fraud report"}


def test_fraud_cases__each_as_the_disputes_contract_has_it(history, indexed):
    plan = Plan(history.w3, history.deployment)
    disputes = plan.contract("disputes")
    rows = q.fraud_cases(session=indexed)
    played = {c.claim.claim_id: c for c in history.demo.fraud.cases}
    assert sorted(c.claim_id for c in rows) == sorted(played)
    for row in rows:
        chain = cases.case(disputes, row.claim_id, row.round)
        assert (row.status, row.supervisors, row.stakes, row.deadline) == (
            OUTCOMES[chain.outcome],
            chain.supervisors,
            chain.stakes,
            chain.deadline,
        )
        assert row.reward == chain.reward  # the slashed part and what recoveries completed
        story = played[row.claim_id]
        assert row.kind == KINDS[story.kind]
        assert (row.slashed, row.fee, row.recovered) == (story.slashed, story.fee, story.recovered)
        assert (row.reward, row.to_reserve) == (story.reward, story.to_reserve)
        assert row.benefit == story.claim.benefit
    dismissed = q.fraud_cases(session=indexed, status="dismissed")
    assert [c.claim_id for c in dismissed] == [history.demo.fraud.case(DISMISSED).claim.claim_id]


def test_fraud_cases__a_recovery_completes_the_reward_then_feeds_the_reserve(history, indexed):
    plan = Plan(history.w3, history.deployment)
    (recovery,) = plan.logs("disputes", "RecoveryRecorded")
    args = recovery["args"]
    assert args["to_reward"] > 0 and args["to_reserve"] > 0  # the demo's recovery does both
    (row,) = [c for c in q.fraud_cases(session=indexed) if c.claim_id == args["claim_id"]]
    (ruled,) = [e["args"] for e in plan.logs("disputes", "DisputeRuled")
                if e["args"]["claim_id"] == args["claim_id"]]  # fmt: skip
    assert row.recovered == args["amount"]
    assert row.reward == ruled["reward"] + args["to_reward"]
    assert row.to_reserve == ruled["to_reserve"] + args["to_reserve"]
    assert q.plan_stats(session=indexed).reserve == plan.contract("pool").functions.reserve().call()
    # the claim was paid before the fraud was found: the claim says so, with what came back
    claim = q.claim_timeline(session=indexed, claim_id=row.claim_id).claim
    (pulled,) = [e["args"] for e in plan.logs("pool", "PayoutPulled")
                 if e["args"]["claim_id"] == row.claim_id]  # fmt: skip
    assert (claim.status, claim.paid_amount, claim.recovered) == (
        "fraud",
        pulled["amount"],
        args["amount"],
    )
    assert claim.paid_at is not None and claim.paid_tx
    assert row.status == "fraud" and row.kind == "fraud report"


def test_member_status__patients_of_confirmed_frauds(history, indexed):
    """The patient whose fraud an objection exposed lost its coverage and took its deposit
    back; the one found out after payout had already left with its benefit. Neither identity
    may join again."""
    plan = Plan(history.w3, history.deployment)
    pool, claims = plan.contract("pool"), plan.contract("claims")
    upheld, after = history.demo.fraud.case(UPHELD), history.demo.fraud.case(AFTER_PAYOUT)
    for case, status in ((upheld, "exited"), (after, "paid")):
        view = q.member_status(session=indexed, address=case.claim.patient.address)
        assert (view.status, view.balance, view.periods_covered) == (status, 0, 0)
        commitment = claims.functions.claim(case.claim.claim_id).call()[-1]
        assert pool.functions.banned(commitment).call()


def test_parameters__as_config_has_them_now(history, indexed):
    config = Plan(history.w3, history.deployment).config
    stored = {p.name: p.value for p in indexed.scalars(select(m.Parameter))}
    assert set(PARAMETERS) <= set(stored)  # breaker_floor among them
    assert stored == {name: getattr(config.functions, name)().call() for name in stored}


def _migrate_index(engine, command_name: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, command_name)(config, revision)


def test_migration_0002__an_index_projected_before_shows_fraud_found_after_payout(
    history, make_engine
):
    """Revision 0001's projection left the claim paid; 0002 moves it to fraud, and back."""
    engine = make_engine()
    Indexer(history.w3, history.deployment, engine=engine).run_once()
    after = history.demo.fraud.case(AFTER_PAYOUT).claim.claim_id

    def statuses() -> dict[int, str]:
        with Session(engine) as session:
            return {c.claim_id: c.status for c in q.claims_board(session=session)}

    projected = statuses()
    assert projected[after] == "fraud"
    _migrate_index(engine, "downgrade", "0001")
    assert statuses() == {**projected, after: "paid"}
    _migrate_index(engine, "upgrade", "head")
    assert statuses() == projected


def test_migration_0003__claims_in_review_get_their_review_deadline(history, make_engine):
    """Revision 0002's projection left a claim in review without a deadline; 0003 sets it to
    the filing's time plus the review period, and downgrading clears it again."""
    engine = make_engine()
    Indexer(history.w3, history.deployment, engine=engine).run_once()
    period = history.world.plan.config.functions.review_period().call()
    with engine.begin() as connection:  # a claim as the old projection kept it in review
        connection.execute(
            text("UPDATE claims SET status = 'review', deadline = NULL WHERE claim_id = 1")
        )
    _migrate_index(engine, "downgrade", "0002")

    def claim_1() -> tuple[int | None, int]:
        with Session(engine) as session:
            claim = session.get(m.Claim, 1)
            assert claim is not None
            return claim.deadline, claim.filed_at

    assert claim_1()[0] is None
    _migrate_index(engine, "upgrade", "head")
    deadline, filed_at = claim_1()
    assert deadline == filed_at + period
    _migrate_index(engine, "downgrade", "0002")
    assert claim_1()[0] is None
