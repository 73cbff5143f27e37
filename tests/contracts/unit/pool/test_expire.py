"""expire: a member whose tier ended without a renewal stops sharing costs; the admission
refused when its coverage would end before its waiting period does."""

from __future__ import annotations

import boa

from tests.contracts.helpers import commitment_of, event, now, sign_admission
from tests.utils.deployers import DAY

WAITING = 90 * DAY


def test_join__coverage_ending_before_the_waiting_period(plan, pool, join, alice):
    with boa.reverts(
        "pool: coverage would end before the waiting period does: ask for an admission to the"
        " next tier"
    ):
        join(alice, valid_until=now() + WAITING)
    assert pool.member(alice)[2] == 0


def test_join__coverage_ending_just_after_the_waiting_period(pool, join, alice):
    join(alice, valid_until=now() + WAITING + 1)
    assert pool.member(alice)[2] == 1


def test_expire__after_the_tier_ended(pool, join, settle, alice, bob):
    join(alice, valid_until=now() + WAITING + DAY)
    join(bob)
    weight = pool.active_weight()
    boa.env.time_travel(seconds=WAITING + DAY)
    pool.expire(alice)
    log = event(pool, "CoverageExpired")
    assert (log.member, log.balance) == (alice, pool.member(alice)[0])
    assert pool.member(alice)[2] == 3
    assert pool.active_weight() == weight - 1
    assert pool.coverage(alice)[5] is False
    balance = pool.member(alice)[0]
    settle()
    assert pool.member(alice)[0] == balance  # no longer shares costs


def test_expire__before_the_tier_ended(pool, join, alice, stranger):
    join(alice, valid_until=now() + WAITING + DAY)
    with boa.env.prank(stranger), boa.reverts("pool: coverage has not ended yet"):
        pool.expire(alice)
    assert pool.member(alice)[2] == 1


def test_expire__not_a_member(pool, stranger):
    with boa.reverts("pool: not an active member"):
        pool.expire(stranger)


def test_expire__twice(pool, join, alice):
    join(alice, valid_until=now() + WAITING + DAY)
    boa.env.time_travel(seconds=WAITING + DAY)
    pool.expire(alice)
    with boa.reverts("pool: not an active member"):
        pool.expire(alice)


def test_exit__after_expiry_takes_everything(plan, pool, token, join, alice):
    join(alice, valid_until=now() + WAITING + DAY)
    boa.env.time_travel(seconds=WAITING + DAY)
    pool.expire(alice)
    balance = pool.member(alice)[0]
    before = token.balanceOf(alice)
    with boa.env.prank(alice):
        pool.exit()
    assert token.balanceOf(alice) - before == balance
    assert pool.holder_of(commitment_of(alice)) == boa.eval("empty(address)")


def test_join__again_after_expiry_carries_the_balance(plan, pool, join, alice):
    join(alice, valid_until=now() + WAITING + DAY)
    boa.env.time_travel(seconds=WAITING + DAY)
    pool.expire(alice)
    balance = pool.member(alice)[0]
    fields, sig = sign_admission(plan, alice, commitment=commitment_of(alice), tier=0)
    with boa.env.prank(alice):
        pool.join(*fields, sig, 0)
    assert pool.member(alice)[0] == balance
    assert pool.member(alice)[2] == 1
    assert pool.member(alice)[1] == 3
