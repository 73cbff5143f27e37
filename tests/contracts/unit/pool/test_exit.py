"""exit: a member leaves at any time, paying first its share of claims past witnessing."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import BARRED, commitment_of, event, events
from tests.contracts.unit.pool.common import BIG_CLAIM, BUCKET, CAP, FLOOR, balance
from tests.utils.deployers import TOKEN


@pytest.fixture
def two(join, alice, bob):
    """alice (weight 3, 300 tokens) and bob (weight 1, 100 tokens): active weight 4."""
    join(alice, tier=0, amount=300 * TOKEN)
    join(bob, tier=1, amount=100 * TOKEN)
    return alice, bob


def _in_notice(pool, claims_caller, amount):
    with boa.env.prank(claims_caller):
        pool.claim_in_notice(amount)


def _exit(pool, account):
    with boa.env.prank(account):
        pool.exit()
    return event(pool, "MemberExited")


def test_exit__nothing_pending(plan, pool, token, two):
    alice, bob = two
    log = _exit(pool, alice)
    assert (log.member, log.membership_id, log.contribution, log.refund) == (
        alice,
        1,
        0,
        300 * TOKEN,
    )
    assert token.balanceOf(alice) == 300 * TOKEN
    assert pool.member(alice) == (0, 0, 0, 0, False, 1)  # only the nonce stays
    assert pool.membership(alice) == (0, 0, 0, 0, 0)
    assert not pool.is_membership(alice, 1)
    assert pool.coverage(alice)[0] == 0 and not pool.coverage(alice)[5]
    assert pool.holder_of(commitment_of(alice)) == boa.eval("empty(address)")
    assert pool.active_weight() == 1
    assert pool.bucket_weight(100 * TOKEN // BUCKET) == 1  # bob's; alice's weight left
    assert pool.member_funds() == 100 * TOKEN
    assert pool.reserve() == 0


def test_exit__claim_in_notice(plan, pool, token, claims_caller, two):
    alice, _ = two
    pending = 10 * TOKEN + 1
    _in_notice(pool, claims_caller, pending)
    log = _exit(pool, alice)
    # its share per unit weight over the whole active weight (4), rounded up, times its weight
    contribution = -(-pending // 4) * 3
    assert contribution == 7_500_003
    assert (log.contribution, log.refund) == (contribution, 300 * TOKEN - contribution)
    assert pool.reserve() == contribution
    assert token.balanceOf(alice) == 300 * TOKEN - contribution
    assert pool.member_funds() == 100 * TOKEN


def test_exit__queued_and_not_yet_funded(plan, pool, queue, settle, stranger, two):
    alice, _ = two
    queue(1, stranger, 100 * TOKEN)
    settle()  # share 10 × weight 4 = 40 funded: 60 still pending
    assert pool.funded_total() == 40 * TOKEN
    log = _exit(pool, alice)
    assert log.contribution == 60 * TOKEN // 4 * 3
    assert log.refund == 270 * TOKEN - 45 * TOKEN
    assert pool.reserve() == 45 * TOKEN


def test_exit__net_of_the_reserve(plan, pool, claims_caller, credit, two):
    alice, _ = two
    credit(4 * TOKEN)
    _in_notice(pool, claims_caller, 10 * TOKEN)
    log = _exit(pool, alice)
    assert log.contribution == 6 * TOKEN // 4 * 3
    assert pool.reserve() == 4 * TOKEN + 4_500_000


def test_exit__reserve_above_pending(plan, pool, token, claims_caller, credit, two):
    alice, _ = two
    credit(20 * TOKEN)
    _in_notice(pool, claims_caller, 20 * TOKEN)
    log = _exit(pool, alice)
    assert (log.contribution, log.refund) == (0, 300 * TOKEN)
    assert pool.reserve() == 20 * TOKEN
    assert token.balanceOf(alice) == 300 * TOKEN


def test_exit__contribution_at_most_the_balance(plan, pool, token, claims_caller, two):
    alice, _ = two
    _in_notice(pool, claims_caller, BIG_CLAIM)
    with boa.env.prank(alice):
        pool.exit()
    log = event(pool, "MemberExited")
    assert (log.contribution, log.refund) == (300 * TOKEN, 0)
    assert events(pool, "Transfer", emitter=token) == []  # nothing to send
    assert token.balanceOf(alice) == 0
    assert pool.reserve() == 300 * TOKEN


def test_exit__last_member_pays_its_share(plan, pool, join, claims_caller, alice):
    """Alone in the pool, a leaver's share of pending claims is all of them (up to its balance)."""
    join(alice, tier=0, amount=300 * TOKEN)
    _in_notice(pool, claims_caller, 30 * TOKEN)
    log = _exit(pool, alice)
    assert (log.contribution, log.refund) == (30 * TOKEN, 270 * TOKEN)
    assert pool.reserve() == 30 * TOKEN
    assert pool.active_weight() == 0


def test_exit__lapsed_takes_its_rest(plan, pool, token, join, queue, settle, alice, bob, stranger):
    join(alice, amount=FLOOR)
    join(bob, amount=1_000 * TOKEN)
    queue(1, stranger, BIG_CLAIM)
    settle()
    settle()
    assert pool.member(alice)[4]  # lapsed at index 20
    funds = pool.member_funds()
    reserve = pool.reserve()
    log = _exit(pool, alice)
    assert (log.contribution, log.refund) == (0, FLOOR - 2 * CAP)
    assert token.balanceOf(alice) == FLOOR - 2 * CAP
    assert pool.reserve() == reserve
    assert pool.member_funds() == funds - (FLOOR - 2 * CAP)
    assert pool.active_weight() == 1  # bob's, untouched


def test_exit__coverage_ended_with_a_claim(plan, pool, token, join, queue, settle, alice, bob):
    join(alice, amount=100 * TOKEN)
    join(bob, tier=0, amount=3_000 * TOKEN)
    queue(1, alice, 30 * TOKEN)
    log = _exit(pool, alice)
    assert (log.contribution, log.refund) == (0, 100 * TOKEN)
    assert token.balanceOf(alice) == 100 * TOKEN
    assert (
        pool.holder_of(commitment_of(alice)) == BARRED
    )  # the benefit is still due, the identity barred
    settle()
    with boa.env.prank(alice):
        pool.pull_payout(1)
    pulled = event(pool, "PayoutPulled")
    assert (pulled.amount, pulled.refund) == (30 * TOKEN, 0)
    assert token.balanceOf(alice) == 130 * TOKEN


def test_exit__while_paused(plan, pool, config, token, operator, two):
    alice, _ = two
    with boa.env.prank(operator):
        config.pause()
    _exit(pool, alice)
    assert token.balanceOf(alice) == 300 * TOKEN


def test_exit__not_a_member(plan, pool, alice):
    with boa.env.prank(alice), boa.reverts("pool: not a member"):
        pool.exit()


def test_exit__twice(plan, pool, two):
    alice, _ = two
    _exit(pool, alice)
    with boa.env.prank(alice), boa.reverts("pool: not a member"):
        pool.exit()


def test_exit__settles_its_debt_first(plan, pool, token, queue, settle, stranger, two):
    alice, _ = two
    queue(1, stranger, 8 * TOKEN)
    settle()  # share 2 per weight: alice owes 6
    assert balance(pool, alice) == 294 * TOKEN
    log = _exit(pool, alice)
    assert (log.contribution, log.refund) == (0, 294 * TOKEN)
    assert token.balanceOf(alice) == 294 * TOKEN
