"""The keeper's book of open claims and tier ends: read from the deployment block once, then
only from the blocks after the ones it read, and read again when the chain changed under it."""

from __future__ import annotations

import pytest
from eth_utils.crypto import keccak

from lashou import keeper as keeping
from lashou.chain.tx import Sender, mine, revert, snapshot
from lashou.keeper_book import EventBook
from tests.api.story import Story
from tests.keeper.conftest import Recorded

pytestmark = pytest.mark.e2e

EVENTS_READ = 6  # ClaimFiled, ClaimQueued, ClaimRejected, ClaimCancelled, MemberJoined, …Renewed


def fresh(recorded: Recorded) -> EventBook:
    """A book that reads everything from the deployment block, as every keeper round did."""
    book = EventBook(recorded.plan)
    book.refresh()
    recorded.take()
    return book


def test_refresh__a_second_refresh_reads_only_the_new_blocks(
    story: Story, recorded: Recorded, isolated: None
) -> None:
    book = EventBook(recorded.plan)
    book.refresh()
    start, head = story.plan.deployment.block, story.w3.eth.block_number
    assert len(recorded.ranges) == EVENTS_READ and recorded.take() == {(start, head)}
    assert book.open_claims() == [2, 3, 4]  # claim 1 is queued
    assert set(book.tier_ends()) == {m.address for m in story.world.members}

    filed = story.file(story.world.members[4])
    book.refresh()
    after_filing = story.w3.eth.block_number
    assert recorded.take() == {(head + 1, after_filing)}
    assert book.open_claims() == [2, 3, 4, filed.claim_id]

    claims = story.plan.contract("claims").functions
    call = claims.reject_claim(filed.claim_id, keccak(text="documents do not match"))
    story.world.transact(call, story.roles.operator)
    book.refresh()
    assert recorded.take() == {(after_filing + 1, story.w3.eth.block_number)}
    assert book.open_claims() == [2, 3, 4]
    assert filed.claim_id not in book.final.filed  # a closed claim takes no room

    book.refresh()  # no new block: nothing to read
    assert recorded.take() == set()
    again = fresh(recorded)
    assert (book.open_claims(), book.tier_ends()) == (again.open_claims(), again.tier_ends())


def test_refresh__on_a_chain_that_may_reorg_the_newest_blocks_are_read_again(
    story: Story, recorded: Recorded, isolated: None
) -> None:
    book = EventBook(recorded.plan, window=3)
    book.refresh()
    head = story.w3.eth.block_number
    recorded.take()
    filed = story.file(story.world.members[4])
    book.refresh()
    assert recorded.take() == {(head - 3 + 1, story.w3.eth.block_number)}
    assert filed.claim_id in book.open_claims()


def test_refresh__a_chain_reverted_under_it_is_read_again_from_the_deployment(
    story: Story, recorded: Recorded
) -> None:
    snap = snapshot(story.w3)
    try:
        book = EventBook(recorded.plan)
        filed = story.file(story.world.members[4])
        book.refresh()
        assert filed.claim_id in book.open_claims()
        revert(story.w3, snap)
        mine(story.w3, 8)  # as many blocks as before, and more: other blocks, other hashes
        recorded.take()
        book.refresh()
        assert recorded.take() == {(story.plan.deployment.block, story.w3.eth.block_number)}
        assert book.open_claims() == [2, 3, 4]
    finally:
        story.world.sender.reset()


def test_run_once__a_keeper_keeping_its_book_reads_only_the_new_blocks(
    story: Story, recorded: Recorded, isolated: None
) -> None:
    book = EventBook(recorded.plan)
    sender = Sender(recorded.w3)
    keeping.run_once(recorded.plan, sender, story.roles.keeper, limit=20, book=book)
    assert len(recorded.ranges) == EVENTS_READ
    assert {low for low, _ in recorded.take()} == {story.plan.deployment.block}
    read_to = book.final_to
    mine(story.w3, 2)
    keeping.run_once(recorded.plan, sender, story.roles.keeper, limit=20, book=book)
    assert recorded.take() == {(read_to + 1, story.w3.eth.block_number)}


def test_run_once__without_a_book_reads_everything_again(
    story: Story, recorded: Recorded, isolated: None
) -> None:
    sender = Sender(recorded.w3)
    for _ in range(2):
        keeping.run_once(recorded.plan, sender, story.roles.keeper, limit=20)
        assert {low for low, _ in recorded.take()} == {story.plan.deployment.block}
