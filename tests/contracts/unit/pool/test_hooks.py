"""wire, and the hooks only the Claims and Witnesses contracts may call."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import BARRED, commitment_of, event
from tests.contracts.unit.pool.common import BUCKET, FLOOR
from tests.utils.deployers import TOKEN

NOT_CLAIMS = "pool: caller is not the claims contract"


# -- wire ------------------------------------------------------------------------------------------


@pytest.fixture
def unwired(plan, deployer):
    # A fresh address each time: titanoboa keeps its storage trace of an address across
    # anchors, and a stale trace from another contract breaks its revert report.
    with boa.env.prank(deployer):
        return plan.pool.deployer.deploy(
            plan.token.address, plan.config.address, override_address=boa.env.generate_address()
        )


def test_wire__by_the_deployer_once(unwired, deployer, claims_caller, witnesses_caller):
    with boa.env.prank(deployer):
        unwired.wire(claims_caller, witnesses_caller)
        assert (unwired.claims(), unwired.witnesses()) == (claims_caller, witnesses_caller)
        with boa.reverts("pool: already wired"):
            unwired.wire(witnesses_caller, claims_caller)
    assert unwired.claims() == claims_caller


def test_wire__by_anyone_else(unwired, stranger):
    with boa.env.prank(stranger), boa.reverts("pool: caller is not the deployer"):
        unwired.wire(stranger, stranger)
    assert unwired.claims() == boa.eval("empty(address)")


def test_wire__zero_address(unwired, deployer, claims_caller):
    with boa.env.prank(deployer), boa.reverts("pool: zero address"):
        unwired.wire(claims_caller, boa.eval("empty(address)"))


# -- notice ----------------------------------------------------------------------------------------


def test_claim_in_notice__by_claims(pool, claims_caller):
    with boa.env.prank(claims_caller):
        pool.claim_in_notice(7)
        pool.claim_in_notice(5)
        pool.claim_left_notice(7)
    assert pool.pending_notice() == 5


@pytest.mark.parametrize("who", ["stranger", "witnesses"])
def test_claim_in_notice__by_anyone_else(pool, stranger, witnesses_caller, who):
    caller = {"stranger": stranger, "witnesses": witnesses_caller}[who]
    with boa.env.prank(caller), boa.reverts(NOT_CLAIMS):
        pool.claim_in_notice(1)


def test_claim_left_notice__by_anyone_else(pool, claims_caller, stranger):
    with boa.env.prank(claims_caller):
        pool.claim_in_notice(1)
    with boa.env.prank(stranger), boa.reverts(NOT_CLAIMS):
        pool.claim_left_notice(1)
    assert pool.pending_notice() == 1


# -- queue_claim -----------------------------------------------------------------------------------


def test_queue_claim__ends_the_patients_coverage(pool, join, claims_caller, alice, bob):
    join(alice, amount=100 * TOKEN)
    join(bob, amount=50 * TOKEN)
    with boa.env.prank(claims_caller):
        pool.claim_in_notice(30 * TOKEN)
        pool.queue_claim(9, alice, 30 * TOKEN, commitment_of(alice))
    log = event(pool, "PayoutQueued")
    assert (log.claim_id, log.patient, log.amount, log.cum_before) == (9, alice, 30 * TOKEN, 0)
    p = pool.payouts(9)
    assert (p.patient, p.amount, p.cum_before, p.paid, p.held) == (
        alice,
        30 * TOKEN,
        0,
        False,
        False,
    )
    assert pool.queued_total() == 30 * TOKEN
    assert pool.pending_notice() == 0
    assert pool.member(alice) == (100 * TOKEN, 1, 2, 100 * TOKEN, False, 1)  # status 2: ended
    assert not pool.coverage(alice)[5]
    assert pool.holder_of(commitment_of(alice)) == BARRED
    assert pool.active_weight() == 1
    assert pool.bucket_weight(100 * TOKEN // BUCKET) == 0
    with boa.env.prank(claims_caller):
        pool.claim_in_notice(5 * TOKEN)
        pool.queue_claim(10, bob, 5 * TOKEN, commitment_of(bob))
    assert event(pool, "PayoutQueued").cum_before == 30 * TOKEN
    assert pool.active_weight() == 0


def test_queue_claim__lapsed_patient(pool, join, queue, settle, alice, bob):
    join(alice, amount=FLOOR)
    join(bob, amount=1_000 * TOKEN)
    queue(1, boa.env.generate_address("patient"), 10**6 * TOKEN)
    settle()
    settle()
    assert pool.member(alice)[4]
    queue(2, alice, 5 * TOKEN)
    assert pool.member(alice)[:3] == (FLOOR - 20 * TOKEN, 1, 2)  # settled at its crossing
    assert pool.active_weight() == 1  # bob's: the lapsed weight had already left


def test_queue_claim__twice(pool, claims_caller, stranger):
    with boa.env.prank(claims_caller):
        pool.claim_in_notice(2)
        pool.queue_claim(1, stranger, 1, bytes(32))
        with boa.reverts("pool: claim already queued"):
            pool.queue_claim(1, stranger, 1, bytes(32))


def test_queue_claim__by_anyone_else(pool, stranger):
    with boa.env.prank(stranger), boa.reverts(NOT_CLAIMS):
        pool.queue_claim(1, stranger, 1, bytes(32))


# -- fees and the reserve --------------------------------------------------------------------------


def test_accrue_fee__by_claims(pool, claims_caller, alice, bob):
    with boa.env.prank(claims_caller):
        pool.accrue_fee(alice, 2 * TOKEN)
        log = event(pool, "FeeAccrued")
        pool.accrue_fee(bob, 3 * TOKEN)
    assert (log.witness, log.amount) == (alice, 2 * TOKEN)
    assert (pool.fee_owed(alice), pool.fee_position(alice)) == (2 * TOKEN, 2 * TOKEN)
    assert (pool.fee_owed(bob), pool.fee_position(bob)) == (3 * TOKEN, 5 * TOKEN)
    assert pool.fees_accrued() == 5 * TOKEN


def test_accrue_fee__by_anyone_else(pool, stranger):
    with boa.env.prank(stranger), boa.reverts(NOT_CLAIMS):
        pool.accrue_fee(stranger, 1)


@pytest.mark.parametrize("who", ["claims", "witnesses"])
def test_credit_reserve__tokens_received(pool, token, claims_caller, witnesses_caller, who):
    source = {"claims": claims_caller, "witnesses": witnesses_caller}[who]
    token.mint(pool.address, 4 * TOKEN)
    with boa.env.prank(source):
        pool.credit_reserve(4 * TOKEN)
    log = event(pool, "ReserveCredited")
    assert (log.source, log.amount) == (source, 4 * TOKEN)
    assert pool.reserve() == 4 * TOKEN


def test_credit_reserve__without_tokens_received(pool, token, join, witnesses_caller):
    join(amount=100 * TOKEN)  # the members' tokens are not the reserve's
    token.mint(pool.address, 4 * TOKEN)
    with boa.env.prank(witnesses_caller), boa.reverts("pool: tokens not received"):
        pool.credit_reserve(4 * TOKEN + 1)
    with boa.env.prank(witnesses_caller):
        pool.credit_reserve(4 * TOKEN)
        with boa.reverts("pool: tokens not received"):  # the same tokens, credited twice
            pool.credit_reserve(1)


def test_credit_reserve__by_anyone_else(pool, token, stranger):
    token.mint(pool.address, 1)
    with boa.env.prank(stranger), boa.reverts("pool: caller may not credit the reserve"):
        pool.credit_reserve(1)
    with boa.env.prank(pool.witnesses()):  # keep the identity whole: credit the unit properly
        pool.credit_reserve(1)


# -- absorb -------------------------------------------------------------------------------------


def test_absorb__stray_tokens_join_the_reserve(pool, token, join, stranger):
    join(amount=100 * TOKEN)
    token.mint(pool.address, 3 * TOKEN)  # sent straight to the pool: nobody's
    with boa.env.prank(stranger):
        assert pool.absorb() == 3 * TOKEN
    log = event(pool, "ReserveCredited")
    assert (log.source, log.amount) == (stranger, 3 * TOKEN)
    assert pool.reserve() == 3 * TOKEN
    assert pool.member_funds() == 100 * TOKEN


def test_absorb__nothing_stray(pool, join, stranger):
    join(amount=100 * TOKEN)
    with boa.env.prank(stranger), boa.reverts("pool: no stray tokens to absorb"):
        pool.absorb()
