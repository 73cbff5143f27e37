"""pull_payout and pull_fees: money is pulled by its owner, once, when funded."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import BARRED, commitment_of, event
from tests.utils.deployers import TOKEN

NOT_FUNDED = "pool: payout not funded yet: wait for a settlement"


@pytest.fixture
def claimed(pool, join, queue, alice, bob):
    """alice (weight 1, 100 tokens) has a 30-token claim queued; bob (weight 3) pays for it."""
    join(alice, amount=100 * TOKEN)
    join(bob, tier=0, amount=3_000 * TOKEN)
    queue(1, alice, 30 * TOKEN)
    return alice


def test_pull_payout__with_the_rest_of_the_deposit(pool, token, settle, claimed):
    alice = claimed
    settle()  # bob's 3 × 10 fund it
    paid = pool.paid_total()
    with boa.env.prank(alice):
        pool.pull_payout(1)
    log = event(pool, "PayoutPulled")
    assert (log.claim_id, log.patient) == (1, alice)
    assert (log.amount, log.refund) == (30 * TOKEN, 100 * TOKEN)
    assert token.balanceOf(alice) == 130 * TOKEN
    assert pool.payouts(1).paid
    assert pool.paid_total() == paid + 30 * TOKEN
    assert pool.member(alice) == (0, 0, 0, 0, False, 1)
    assert pool.membership(alice)[0] == 0
    assert pool.holder_of(commitment_of(alice)) == BARRED
    assert pool.holder_of(commitment_of(alice)) == BARRED
    assert pool.member_funds() == 3_000 * TOKEN - 30 * TOKEN


def test_pull_payout__not_funded_yet(pool, claimed):
    with boa.env.prank(claimed), boa.reverts(NOT_FUNDED):
        pool.pull_payout(1)


def test_pull_payout__not_the_patient(pool, settle, claimed, bob):
    settle()
    with boa.env.prank(bob), boa.reverts("pool: caller is not the claim's patient"):
        pool.pull_payout(1)


def test_pull_payout__unknown_claim(pool, claimed):
    with boa.env.prank(claimed), boa.reverts("pool: caller is not the claim's patient"):
        pool.pull_payout(2)


def test_pull_payout__twice(pool, settle, claimed):
    settle()
    with boa.env.prank(claimed):
        pool.pull_payout(1)
        with boa.reverts("pool: payout already pulled"):
            pool.pull_payout(1)


def test_pull_payout__while_paused(pool, config, token, operator, settle, claimed):
    settle()
    with boa.env.prank(operator):
        config.pause()
    with boa.env.prank(claimed):
        pool.pull_payout(1)
    assert token.balanceOf(claimed) == 130 * TOKEN


def test_pull_payout__patient_without_membership(pool, token, join, queue, settle):
    patient = boa.env.generate_address("patient")
    join(amount=1_000 * TOKEN)
    queue(1, patient, 5 * TOKEN)
    settle()
    with boa.env.prank(patient):
        pool.pull_payout(1)
    assert event(pool, "PayoutPulled").refund == 0
    assert token.balanceOf(patient) == 5 * TOKEN


# -- pull_fees -------------------------------------------------------------------------------------


@pytest.fixture
def witness(join, accrue):
    join(amount=1_000 * TOKEN)
    w = boa.env.generate_address("witness")
    accrue(w, 2 * TOKEN)
    return w


def test_pull_fees__funded(pool, token, settle, witness):
    settle()
    with boa.env.prank(witness):
        pool.pull_fees()
    log = event(pool, "FeesPulled")
    assert (log.witness, log.amount) == (witness, 2 * TOKEN)
    assert token.balanceOf(witness) == 2 * TOKEN
    assert pool.fee_owed(witness) == 0
    assert pool.fees_paid() == 2 * TOKEN


def test_pull_fees__not_funded_yet(pool, witness):
    with boa.env.prank(witness), boa.reverts("pool: fees not funded yet: wait for a settlement"):
        pool.pull_fees()


def test_pull_fees__none_owed(pool, settle, witness, stranger):
    settle()
    with boa.env.prank(stranger), boa.reverts("pool: no fees owed"):
        pool.pull_fees()
    with boa.env.prank(witness):
        pool.pull_fees()
        with boa.reverts("pool: no fees owed"):
            pool.pull_fees()


def test_pull_fees__waits_for_the_latest_accrual(pool, token, accrue, settle, witness):
    settle()
    accrue(witness, 3 * TOKEN)  # owed 5 now; the last 3 not funded yet
    with boa.env.prank(witness), boa.reverts("pool: fees not funded yet: wait for a settlement"):
        pool.pull_fees()
    settle()
    with boa.env.prank(witness):
        pool.pull_fees()
    assert token.balanceOf(witness) == 5 * TOKEN
