"""settle: one period per call, the reserve first, a capped share, fees then claims in order."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import event, events, now
from tests.contracts.unit.pool.common import BIG_CLAIM, CAP, FLOOR, PERIOD, balance


@pytest.fixture
def five(join, alice, bob, carol):
    """alice (weight 3), bob and carol (weight 1): active weight 5, 300 tokens per weight."""
    join(alice, tier=0, amount=900 * 10**6)
    join(bob, tier=1, amount=300 * 10**6)
    join(carol, tier=1, amount=300 * 10**6)
    return alice, bob, carol


def _settled(pool):
    return event(pool, "PeriodSettled")


def test_settle__before_the_period_ends(pool):
    boa.env.time_travel(seconds=pool.next_settlement() - now() - 1)
    with boa.reverts("pool: period not over yet"):
        pool.settle()
    boa.env.time_travel(seconds=1)
    pool.settle()
    assert _settled(pool).period == 1


def test_settle__one_period_per_call_catching_up(pool, stranger):
    first = pool.next_settlement()
    boa.env.time_travel(seconds=first - now() + 2 * PERIOD + 5)
    for period in (1, 2, 3):
        with boa.env.prank(stranger):  # anyone may settle
            pool.settle()
        assert _settled(pool).period == period
        assert pool.period() == period
    assert pool.next_settlement() == first + 3 * PERIOD
    with boa.reverts("pool: period not over yet"):
        pool.settle()


def test_settle__nothing_to_fund(pool, five, settle):
    settle()
    log = _settled(pool)
    assert (log.share, log.active_weight, log.collected, log.reserve, log.index) == (0, 5, 0, 0, 0)
    assert pool.frontier() == pool.target_frontier() == 8  # ceil((0 + c) / b)
    assert pool.active_weight() == 5


def test_settle__share_rounds_up_and_the_surplus_joins_the_reserve(pool, five, queue, settle):
    alice, bob, carol = five
    queue(1, boa.env.generate_address("patient"), 12_345_679)
    funds = pool.member_funds()
    settle()
    share = -(-12_345_679 // 5)
    assert share == 2_469_136
    log = _settled(pool)
    assert log.period == 1
    assert (log.share, log.active_weight, log.collected) == (share, 5, 5 * share)
    assert (log.from_reserve, log.fees_funded, log.claims_funded) == (0, 0, 12_345_679)
    assert (log.reserve, log.index) == (1, share)
    assert pool.index() == share
    assert pool.funded_total() == 12_345_679
    assert pool.reserve() == 1
    assert pool.member_funds() == funds - 5 * share
    assert balance(pool, alice) == 900 * 10**6 - 3 * share
    assert balance(pool, bob) == balance(pool, carol) == 300 * 10**6 - share


def test_settle__share_capped_at_the_cap(pool, five, queue, settle):
    alice, _, _ = five
    patient = boa.env.generate_address("patient")
    queue(1, patient, BIG_CLAIM)
    settle()
    log = _settled(pool)
    assert (log.share, log.collected, log.claims_funded, log.reserve) == (CAP, 5 * CAP, 5 * CAP, 0)
    assert pool.funded_total() == 5 * CAP
    assert balance(pool, alice) == 900 * 10**6 - 3 * CAP
    with boa.env.prank(patient), boa.reverts("pool: payout not funded yet: wait for a settlement"):
        pool.pull_payout(1)


def test_settle__reserve_spent_first(pool, five, queue, settle, credit):
    credit(4 * 10**6)
    queue(1, boa.env.generate_address("patient"), 10 * 10**6)
    settle()
    log = _settled(pool)
    assert (log.from_reserve, log.share, log.collected) == (4 * 10**6, 1_200_000, 6 * 10**6)
    assert (log.claims_funded, log.reserve) == (10 * 10**6, 0)
    assert pool.reserve() == 0


def test_settle__reserve_alone_enough(pool, five, queue, settle, credit):
    alice, _, _ = five
    credit(25 * 10**6)
    queue(1, boa.env.generate_address("patient"), 10 * 10**6)
    settle()
    log = _settled(pool)
    assert (log.share, log.collected, log.from_reserve, log.claims_funded) == (
        0,
        0,
        10 * 10**6,
        10 * 10**6,
    )
    assert pool.reserve() == 15 * 10**6
    assert pool.index() == 0
    assert balance(pool, alice) == 900 * 10**6


def test_settle__fees_funded_before_claims(pool, token, five, queue, settle, accrue):
    witness = boa.env.generate_address("witness")
    patient = boa.env.generate_address("patient")
    accrue(witness, 30 * 10**6)
    queue(1, patient, 40 * 10**6)
    settle()  # at most cap × 5 = 50 collected: the 30 of fees first, 20 to the claim
    log = _settled(pool)
    assert (log.share, log.collected, log.fees_funded, log.claims_funded) == (
        CAP,
        50 * 10**6,
        30 * 10**6,
        20 * 10**6,
    )
    assert pool.fees_funded() == 30 * 10**6
    assert pool.funded_total() == 20 * 10**6
    with boa.env.prank(witness):
        pool.pull_fees()
    assert token.balanceOf(witness) == 30 * 10**6
    with boa.env.prank(patient), boa.reverts("pool: payout not funded yet: wait for a settlement"):
        pool.pull_payout(1)


def test_settle__claims_funded_in_queue_order(pool, token, five, queue, settle):
    first, second = (boa.env.generate_address(n) for n in ("first", "second"))
    queue(1, first, 30 * 10**6)
    queue(2, second, 30 * 10**6)
    assert pool.payouts(2).cum_before == 30 * 10**6
    settle()  # 50 collected: claim 1 whole, 20 of claim 2
    assert pool.funded_total() == 50 * 10**6
    with boa.env.prank(second), boa.reverts("pool: payout not funded yet: wait for a settlement"):
        pool.pull_payout(2)
    with boa.env.prank(first):
        pool.pull_payout(1)
    settle()  # 10 more needed: ceil(10 / 5) = 2 per weight
    assert _settled(pool).share == 2 * 10**6
    with boa.env.prank(second):
        pool.pull_payout(2)
    assert token.balanceOf(first) == token.balanceOf(second) == 30 * 10**6


def test_settle__with_no_member_the_reserve_still_funds_the_queue(
    pool, join, queue, settle, credit, alice
):
    credit(10 * 10**6)
    queue(1, boa.env.generate_address("patient"), 25 * 10**6)
    settle()
    log = _settled(pool)
    assert (log.share, log.active_weight, log.from_reserve, log.claims_funded) == (
        0,
        0,
        10 * 10**6,
        10 * 10**6,
    )
    assert pool.frontier() == 8  # the frontier still moves
    join(alice, amount=100 * 10**6)
    settle()
    log = _settled(pool)
    assert (log.period, log.share, log.active_weight, log.claims_funded) == (2, CAP, 1, CAP)
    settle()
    assert _settled(pool).share == 5 * 10**6
    assert pool.funded_total() == 25 * 10**6


def test_settle__after_everyone_lapsed(pool, join, queue, settle, alice, bob):
    join(alice, amount=FLOOR)
    queue(1, boa.env.generate_address("patient"), BIG_CLAIM)
    settle()
    settle()
    assert pool.active_weight() == 0  # alice lapsed at index 20
    settle()
    log = _settled(pool)
    assert (log.period, log.share, log.active_weight, log.collected) == (3, 0, 0, 0)
    assert pool.frontier() == pool.target_frontier()
    join(bob, amount=100 * 10**6)
    settle()
    log = _settled(pool)
    assert (log.share, log.active_weight, log.collected, log.index) == (CAP, 1, CAP, 3 * CAP)
    assert balance(pool, bob) == 90 * 10**6
    assert balance(pool, alice) == FLOOR - 2 * CAP


def test_settle__logs_nothing_crossed_when_buckets_are_empty(pool, five, settle):
    settle()
    assert events(pool, "BucketCrossed") == []
