"""expire: no ruling by the deadline; the stakes are refunded and the claim goes on."""

from __future__ import annotations

import boa

from tests.contracts.helpers import events
from tests.contracts.unit.disputes.conftest import (
    STAKE,
    check_books,
    object_,
    past_ruling_deadline,
    report,
    withdraw,
)
from tests.utils.claims import CANCELLED, QUEUED, settle_until_funded

OPEN, FRAUD, DISMISSED, EXPIRED = 1, 2, 3, 4


def test_expire__disputed_claim_is_queued(
    disputes, claims, pool, plan, stranger, patient, supervisors, noticed
):
    claim_id, _ = noticed()
    object_(disputes, claim_id, supervisors[0])
    object_(disputes, claim_id, supervisors[1])
    past_ruling_deadline(disputes, claim_id)
    with boa.env.prank(stranger):
        disputes.expire(claim_id)

    (log,) = events(disputes, "DisputeExpired")
    assert (log.claim_id, log.round, log.refunded) == (claim_id, 1, 2 * STAKE)
    (queued,) = events(disputes, "ClaimQueued", claims)
    assert queued.claim_id == claim_id
    assert claims.claim(claim_id).status == QUEUED
    assert pool.payouts(claim_id).patient == patient
    assert disputes.cases(claim_id, 1).outcome == EXPIRED
    assert disputes.stakes_held() == 2 * STAKE  # owed back, pulled by each supervisor
    check_books(plan)


def test_expire__before_the_deadline(disputes, claims, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    past_ruling_deadline(disputes, claim_id, -1)
    with boa.reverts("disputes: ruling deadline not passed"):
        disputes.expire(claim_id)
    assert disputes.cases(claim_id, 1).outcome == OPEN


def test_expire__held_payout_is_released(disputes, pool, plan, patient, sup, queued):
    claim_id, _ = queued()
    report(disputes, claim_id, sup)
    past_ruling_deadline(disputes, claim_id)
    disputes.expire(claim_id)
    (released,) = events(disputes, "PayoutHeld", pool)
    assert released.held is False
    settle_until_funded(plan, claim_id)
    with boa.env.prank(patient):
        pool.pull_payout(claim_id)
    withdraw(disputes, claim_id, sup)
    check_books(plan)


def test_expire__patient_left_cancels_the_claim(disputes, claims, pool, patient, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    with boa.env.prank(patient):
        pool.exit()
    past_ruling_deadline(disputes, claim_id)
    disputes.expire(claim_id)
    assert claims.claim(claim_id).status == CANCELLED
    assert pool.pending_notice() == 0


def test_expire__no_open_case(disputes, operator, sup, noticed):
    claim_id, _ = noticed()
    with boa.reverts("disputes: no open case on this claim"):
        disputes.expire(claim_id)
    object_(disputes, claim_id, sup)
    past_ruling_deadline(disputes, claim_id)
    disputes.expire(claim_id)
    with boa.reverts("disputes: no open case on this claim"):
        disputes.expire(claim_id)
