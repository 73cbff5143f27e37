"""The read side, checked against the contracts' own views after a demo-sized history."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from lashou.chain.plan import Plan
from lashou.indexer import queries as q
from lashou.indexer.follow import Indexer

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
    assert stats.members_active + stats.members_lapsed + stats.members_left == 20
    assert stats.checkpoint_block == history.w3.eth.block_number


def test_periods__newest_first_with_their_settlement_tx(history, indexed):
    rows = q.periods(session=indexed)
    pool = Plan(history.w3, history.deployment).contract("pool")
    assert [p.period for p in rows] == list(range(pool.functions.period().call(), 0, -1))
    assert all(p.tx_hash.startswith("0x") and len(p.tx_hash) == 66 for p in rows)
    assert sum(p.claims_funded for p in rows) == pool.functions.funded_total().call()
    assert q.periods(session=indexed, limit=2, offset=1) == rows[1:3]


def test_claims_board__filters_by_status(indexed):
    board = q.claims_board(session=indexed)
    assert [c.claim_id for c in board] == [6, 5, 4, 3, 2, 1]
    rejected = q.claims_board(session=indexed, status="rejected")
    assert [(c.claim_id, c.rejected_stage) for c in rejected] == [(5, 1)]
    assert all(c.paid_tx for c in q.claims_board(session=indexed, status="paid"))


def test_claims_board__unknown_status_is_refused(indexed):
    with pytest.raises(ValueError, match="Unknown claim status 'lost'"):
        q.claims_board(session=indexed, status="lost")


def test_claim_timeline__every_step_of_an_arbitrated_claim(indexed):
    timeline = q.claim_timeline(session=indexed, claim_id=3)
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


def test_claim_timeline__replaced_witness_keeps_its_seat_record(indexed):
    timeline = q.claim_timeline(session=indexed, claim_id=4)
    assert "WitnessReplaced" in [s.event for s in timeline.steps]
    assert sorted(seat.verdict for seat in timeline.panel) == ["approved"] * 3 + ["silent"]
    assert timeline.claim.replacements == 1


def test_claim_timeline__unknown_claim_is_none(indexed):
    assert q.claim_timeline(session=indexed, claim_id=999) is None


def test_witnesses__the_silent_one_forfeited_its_slice(history, indexed):
    registry = Plan(history.w3, history.deployment).contract("witnesses")
    rows = q.witnesses(session=indexed)
    assert len(rows) == 9
    silent = [w for w in rows if w.silent]
    assert len(silent) == 1 and silent[0].status == "inactive" and silent[0].forfeited > 0
    assert sum(w.stake for w in rows) == registry.functions.total_staked().call()
    assert q.witnesses(session=indexed, status="inactive") == silent


def test_fraud_cases__none_in_a_plan_without_disputes(indexed):
    assert q.fraud_cases(session=indexed) == []
