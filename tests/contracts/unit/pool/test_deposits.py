"""top_up and withdraw: a member moves its deposit, settled first, never below the floor."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import event
from tests.contracts.unit.pool.common import BIG_CLAIM, BUCKET, CAP, FLOOR, KEEP, balance
from tests.utils.deployers import TOKEN, fund

BELOW_FLOOR = (
    "pool: withdrawal would leave less than one cap and a bucket width: exit to take everything"
)


@pytest.fixture
def charged(pool, join, queue, settle, alice, stranger):
    """alice in tier 0 (weight 3, 300 tokens) after a settlement charging 3 tokens per weight."""
    join(alice, tier=0, amount=300 * TOKEN)
    queue(1, stranger, 9 * TOKEN)
    settle()
    assert balance(pool, alice) == 291 * TOKEN
    return alice


def _lapse(join, queue, settle, account, stranger):
    join(account, amount=FLOOR)
    queue(1, stranger, BIG_CLAIM)
    settle()
    settle()


# -- top_up ----------------------------------------------------------------------------------------


def test_top_up__settles_then_adds(plan, pool, token, charged):
    alice = charged
    fund(plan, alice, 60 * TOKEN)
    with boa.env.prank(alice):
        pool.top_up(60 * TOKEN)
    log = event(pool, "ToppedUp")
    assert (log.member, log.amount, log.balance) == (alice, 60 * TOKEN, 351 * TOKEN)
    assert pool.member(alice) == (351 * TOKEN, 3, 1, 3 * TOKEN + 117 * TOKEN, False, 1)
    assert pool.bucket_weight(100 * TOKEN // BUCKET) == 0
    assert pool.bucket_weight(120 * TOKEN // BUCKET) == 3
    assert pool.active_weight() == 3
    assert pool.member_funds() == 351 * TOKEN
    assert token.balanceOf(alice) == 0


def test_top_up__not_a_member(plan, pool, alice):
    fund(plan, alice, 10 * TOKEN)
    with boa.env.prank(alice), boa.reverts("pool: not a member"):
        pool.top_up(10 * TOKEN)


def test_top_up__lapsed(plan, pool, join, queue, settle, alice, stranger):
    _lapse(join, queue, settle, alice, stranger)
    fund(plan, alice, 100 * TOKEN)
    with boa.env.prank(alice), boa.reverts("pool: lapsed: join again"):
        pool.top_up(100 * TOKEN)


def test_top_up__coverage_ended_with_a_claim(plan, pool, join, queue, alice):
    join(alice)
    queue(1, alice, 100 * TOKEN)
    fund(plan, alice, 10 * TOKEN)
    with boa.env.prank(alice), boa.reverts("pool: not a member"):
        pool.top_up(10 * TOKEN)


# -- withdraw --------------------------------------------------------------------------------------


def test_withdraw__part(plan, pool, token, charged):
    alice = charged
    with boa.env.prank(alice):
        pool.withdraw(90 * TOKEN)
    log = event(pool, "Withdrawn")
    assert (log.member, log.amount, log.balance) == (alice, 90 * TOKEN, 201 * TOKEN)
    assert pool.member(alice) == (201 * TOKEN, 3, 1, 3 * TOKEN + 67 * TOKEN, False, 1)
    assert pool.bucket_weight(70 * TOKEN // BUCKET) == 3
    assert pool.active_weight() == 3
    assert token.balanceOf(alice) == 90 * TOKEN


def test_withdraw__down_to_the_floor_exactly(plan, pool, token, charged):
    """What stays must keep K ≥ I + c + b: 3 × 11.25 tokens at I = 3."""
    alice = charged
    with boa.env.prank(alice):
        pool.withdraw(291 * TOKEN - 3 * KEEP)
    assert pool.member(alice)[3] == pool.index() + CAP + BUCKET
    assert token.balanceOf(alice) == 291 * TOKEN - 3 * KEEP


def test_withdraw__one_unit_below_the_floor(plan, pool, charged):
    with boa.env.prank(charged), boa.reverts(BELOW_FLOOR):
        pool.withdraw(291 * TOKEN - 3 * KEEP + 1)
    assert balance(pool, charged) == 291 * TOKEN


def test_withdraw__above_the_balance(plan, pool, charged):
    with boa.env.prank(charged), boa.reverts("pool: amount above the balance"):
        pool.withdraw(291 * TOKEN + 1)


def test_withdraw__while_paused(plan, pool, config, token, operator, charged):
    with boa.env.prank(operator):
        config.pause()
    with boa.env.prank(charged):
        pool.withdraw(10 * TOKEN)
    assert token.balanceOf(charged) == 10 * TOKEN


def test_withdraw__not_a_member(plan, pool, alice):
    with boa.env.prank(alice), boa.reverts("pool: not a member"):
        pool.withdraw(1)


def test_withdraw__lapsed(plan, pool, join, queue, settle, alice, stranger):
    _lapse(join, queue, settle, alice, stranger)
    with boa.env.prank(alice), boa.reverts("pool: lapsed: join again"):
        pool.withdraw(1)


def test_withdraw__after_a_cap_cut_only_above_the_frontier(
    plan, pool, config, governance, join, settle, alice
):
    """After the cap is cut, the frontier stands above I + c + b: what stays must reach it."""
    join(alice, amount=100 * TOKEN)
    with boa.env.prank(governance):
        config.set_parameter("cap", 2 * CAP)
        config.set_parameter("cap", 4 * CAP)
    settle()  # nothing to fund; frontier 32 (40 tokens)
    with boa.env.prank(governance):
        config.set_parameter("cap", 2 * CAP)
        config.set_parameter("cap", CAP)
        config.set_parameter("cap", CAP // 2)
    with (
        boa.env.prank(alice),
        boa.reverts("pool: balance too small to stay above the lapse frontier"),
    ):
        pool.withdraw(88 * TOKEN)  # K = 12 ≥ I + c + b = 6.25 but bucket 9 < 32
    with boa.env.prank(alice):
        pool.withdraw(60 * TOKEN)  # K = 40: bucket 32, the frontier itself
    assert pool.member(alice)[4] is False
    assert pool.active_weight() == 1
