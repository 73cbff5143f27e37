"""The indexer on a real anvil node: catch-up, resume, re-delivery and re-orgs, on SQLite and
on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lashou.chain.params import TOKEN
from lashou.chain.plan import Deployment, Plan
from lashou.chain.tx import revert, snapshot
from lashou.indexer import models as m
from lashou.indexer.follow import Indexer, IndexerError
from tests.indexer.conftest import claim_status, dump, steady_members

pytestmark = pytest.mark.e2e


def _top_up(history, members, amount):
    world = history.world
    hashes = [
        world.send(world.plan.pool.functions.top_up(amount), mb.account, 200_000) for mb in members
    ]
    world.wait(hashes)
    return {h.to_0x_hex() for h in hashes}


def _stored_txs(engine):
    with Session(engine) as s:
        return set(s.scalars(select(m.Event.tx_hash)))


def test_catch_up__from_zero_after_a_demo(history, make_engine):
    engine = make_engine()
    indexer = Indexer(history.w3, history.deployment, engine=engine, batch_blocks=50)
    result = indexer.run_once()
    head = history.w3.eth.block_number
    assert result.checkpoint == head and indexer.checkpoint == head
    assert result.blocks == head - history.deployment.block + 1 and result.batches > 1
    plan = Plan(history.w3, history.deployment)
    pool = plan.contract("pool")
    with Session(engine) as s:
        rows = s.execute(select(m.Event.name, func.count()).group_by(m.Event.name))
        counted = dict(rows.all())
        assert sum(counted.values()) == result.events
        for contract, event in (("pool", "MemberJoined"), ("pool", "PeriodSettled"),
                                ("claims", "WitnessReported"), ("token", "Transfer")):  # fmt: skip
            assert counted[event] == len(plan.logs(contract, event))
        state = s.get(m.PoolState, 1)
        assert state.reserve == pool.functions.reserve().call()
        assert state.index == pool.functions.index().call()
        assert (
            state.period
            == pool.functions.period().call()
            == s.scalar(select(func.count()).select_from(m.Period))
        )
        stored = dict(s.execute(select(m.Claim.claim_id, m.Claim.status)).tuples().all())
        count = plan.contract("claims").functions.claim_count().call()
        assert stored == {i: claim_status(history, i) for i in range(1, count + 1)}
        assert {"paid", "rejected"} <= set(stored.values())


def test_run_once__nothing_new_indexes_nothing(history, make_engine):
    indexer = Indexer(history.w3, history.deployment, engine=make_engine())
    indexer.run_once()
    again = indexer.run_once()
    assert (again.blocks, again.events, again.batches, again.rolled_back) == (0, 0, 0, 0)


def test_run_once__until_a_block_indexes_no_further(history, make_engine):
    engine = make_engine()
    indexer = Indexer(history.w3, history.deployment, engine=engine, batch_blocks=20)
    start = history.deployment.block
    result = indexer.run_once(until=start + 45)
    assert (result.checkpoint, result.blocks, result.batches) == (start + 45, 46, 3)
    with Session(engine) as s:
        assert s.scalar(select(func.max(m.Event.block_number))) <= start + 45
    again = indexer.run_once(until=start + 10)
    assert (again.checkpoint, again.blocks, again.batches) == (start + 45, 0, 0)


def test_run_once__until_past_the_head_stops_at_the_head(history, make_engine):
    indexer = Indexer(history.w3, history.deployment, engine=make_engine())
    head = history.w3.eth.block_number
    assert indexer.run_once(until=head + 1_000).checkpoint == head


def test_resume__after_stopping_mid_stream_equals_a_fresh_index(history, make_engine):
    engine = make_engine()
    first = Indexer(history.w3, history.deployment, engine=engine, batch_blocks=20)
    partial = first.run_once(max_batches=3)
    assert partial.batches == 3
    assert first.checkpoint == history.deployment.block + 59 < history.w3.eth.block_number
    del first  # the process stops; only the database is left
    resumed = Indexer(history.w3, history.deployment, engine=engine, batch_blocks=20)
    assert resumed.checkpoint == history.deployment.block + 59
    rest = resumed.run_once()
    assert rest.checkpoint == history.w3.eth.block_number
    fresh = make_engine()
    whole = Indexer(history.w3, history.deployment, engine=fresh, batch_blocks=1_000).run_once()
    assert partial.events + rest.events == whole.events
    assert dump(engine) == dump(fresh)


def test_index_range__delivered_twice_changes_nothing(history, make_engine):
    engine = make_engine()
    indexer = Indexer(history.w3, history.deployment, engine=engine, batch_blocks=40)
    indexer.run_once()
    before = dump(engine)
    start, end = history.deployment.block, indexer.checkpoint
    assert indexer.index_range(from_block=start, to_block=end) == 0
    assert indexer.index_range(from_block=end - 30, to_block=end) == 0
    assert dump(engine) == before


def test_index_range__overlapping_ranges_equal_one_pass(history, make_engine):
    engine = make_engine()
    indexer = Indexer(history.w3, history.deployment, engine=engine)
    start, end = history.deployment.block, history.w3.eth.block_number
    indexer.index_range(from_block=start, to_block=start + 100)
    indexer.index_range(from_block=start + 50, to_block=end)
    fresh = make_engine()
    Indexer(history.w3, history.deployment, engine=fresh).run_once()
    assert dump(engine) == dump(fresh)


def test_index_range__a_gap_is_refused(history, make_engine):
    indexer = Indexer(history.w3, history.deployment, engine=make_engine())
    start = history.deployment.block
    with pytest.raises(IndexerError, match=f"index from block {start}"):
        indexer.index_range(from_block=start + 10, to_block=start + 20)
    assert indexer.checkpoint == start - 1


def test_open__a_database_of_another_plan_is_refused(history, make_engine):
    engine = make_engine()
    Indexer(history.w3, history.deployment, engine=engine)
    other = Deployment(**{**history.deployment.__dict__, "block_hash": "0x" + "ab" * 32})
    with pytest.raises(IndexerError, match="follows another plan"):
        Indexer(history.w3, other, engine=engine)


def test_confirmations__keep_the_newest_blocks_out(history, make_engine):
    indexer = Indexer(history.w3, history.deployment, engine=make_engine(), confirmations=5)
    assert indexer.run_once().checkpoint == history.w3.eth.block_number - 5


def test_reorg__rolled_back_events_disappear_and_the_new_branch_is_indexed(
    history, make_engine, restore
):
    engine = make_engine()
    indexer = Indexer(history.w3, history.deployment, engine=engine)
    indexer.run_once()
    fork = snapshot(history.w3)
    forked_at = history.w3.eth.block_number
    members = steady_members(history, 6)
    lost = _top_up(history, members[:3], 7 * TOKEN)
    assert indexer.run_once().events > 0 and lost <= _stored_txs(engine)

    revert(history.w3, fork)
    history.world.sender.reset()
    kept = _top_up(history, members[3:], 5 * TOKEN)
    assert history.w3.eth.block_number >= forked_at + 1
    result = indexer.run_once()
    assert result.rolled_back >= 1 and result.checkpoint == history.w3.eth.block_number
    stored = _stored_txs(engine)
    assert not lost & stored and kept <= stored
    fresh = make_engine()
    Indexer(history.w3, history.deployment, engine=fresh).run_once()
    assert dump(engine) == dump(fresh)


def test_reorg__a_shorter_branch_rolls_back_to_the_fork(history, make_engine, restore):
    engine = make_engine()
    indexer = Indexer(history.w3, history.deployment, engine=engine)
    indexer.run_once()
    before = dump(engine)
    fork = snapshot(history.w3)
    lost = _top_up(history, steady_members(history, 2), 3 * TOKEN)
    indexer.run_once()
    revert(history.w3, fork)
    history.world.sender.reset()
    result = indexer.run_once()
    assert result.rolled_back >= 1 and result.checkpoint == history.w3.eth.block_number
    assert not lost & _stored_txs(engine)
    assert dump(engine) == before


def test_absorb__stray_tokens_join_the_indexed_reserve(history, make_engine, restore):
    engine = make_engine()
    indexer = Indexer(history.w3, history.deployment, engine=engine)
    indexer.run_once()
    world = history.world
    pool, token = world.plan.contract("pool"), world.plan.token
    (member,) = steady_members(history, 1)
    world.transact(token.functions.mint(member.address, 3 * TOKEN), world.roles.deployer)
    world.transact(token.functions.transfer(pool.address, 3 * TOKEN), member.account)
    before = pool.functions.reserve().call()
    world.transact(pool.functions.absorb(), member.account)
    assert pool.functions.reserve().call() == before + 3 * TOKEN
    indexer.run_once()
    with Session(engine) as s:
        assert s.get(m.PoolState, 1).reserve == pool.functions.reserve().call()
