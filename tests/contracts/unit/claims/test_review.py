"""Platform review: the operator accepts or rejects in time; silence accepts."""

from __future__ import annotations

import boa

from tests.contracts.unit.claims.conftest import (
    CITY,
    DRAWING,
    REJECTED,
    block_number,
    events,
    now,
)

NOT_OPERATOR = "claims: caller is not the operator"
NOT_UNDER_REVIEW = "claims: claim is not under review"


def _to_deadline(claims, claim_id, offset=0):
    boa.env.time_travel(seconds=claims.claim(claim_id).deadline - now() + offset)


def test_accept_claim__by_operator(claims, plan, registry, operator, file):
    claim_id = file()
    with boa.env.prank(operator):
        claims.accept_claim(claim_id)

    (reviewed,) = events(claims, "ClaimReviewed")
    assert (reviewed.claim_id, reviewed.accepted, reviewed.by_operator) == (claim_id, True, True)
    (scheduled,) = events(claims, "DrawScheduled")
    seed_block = block_number() + plan.param("seed_delay")
    assert (scheduled.claim_id, scheduled.seed_block, scheduled.reschedules) == (
        claim_id,
        seed_block,
        0,
    )
    c = claims.claim(claim_id)
    assert (c.status, c.seed_block, c.deadline, c.reschedules) == (DRAWING, seed_block, 0, 0)
    assert claims.draw_snapshot(claim_id) == registry.snapshot(CITY)


def test_accept_claim__by_anyone_else(claims, alice, file):
    claim_id = file()
    with boa.env.prank(alice), boa.reverts(NOT_OPERATOR):
        claims.accept_claim(claim_id)


def test_accept_claim__just_before_the_deadline(claims, operator, file):
    claim_id = file()
    _to_deadline(claims, claim_id, -1)
    with boa.env.prank(operator):
        claims.accept_claim(claim_id)
    assert claims.claim(claim_id).status == DRAWING


def test_accept_claim__at_the_deadline(claims, operator, file):
    claim_id = file()
    _to_deadline(claims, claim_id)
    with boa.env.prank(operator), boa.reverts("claims: review period over"):
        claims.accept_claim(claim_id)


def test_accept_claim__unknown_claim(claims, operator):
    with boa.env.prank(operator), boa.reverts(NOT_UNDER_REVIEW):
        claims.accept_claim(1)


def test_accept_claim__twice(claims, operator, accepted):
    claim_id = accepted()
    with boa.env.prank(operator), boa.reverts(NOT_UNDER_REVIEW):
        claims.accept_claim(claim_id)


def test_accept_claim__patient_left(claims, pool, operator, patient, file):
    claim_id = file()
    with boa.env.prank(patient):
        pool.exit()
    with boa.env.prank(operator), boa.reverts("claims: patient left the plan: cancel the claim"):
        claims.accept_claim(claim_id)


def test_reject_claim__by_operator(claims, operator, patient, file):
    claim_id = file()
    with boa.env.prank(operator):
        claims.reject_claim(claim_id, b"\x5e" * 32)

    (reviewed,) = events(claims, "ClaimReviewed")
    assert (reviewed.accepted, reviewed.by_operator) == (False, True)
    (rejected,) = events(claims, "ClaimRejected")
    assert (rejected.claim_id, rejected.stage, rejected.reason_hash) == (claim_id, 1, b"\x5e" * 32)
    assert claims.claim(claim_id).status == REJECTED
    assert claims.open_claim_of(patient) == 0


def test_reject_claim__by_anyone_else(claims, alice, file):
    claim_id = file()
    with boa.env.prank(alice), boa.reverts(NOT_OPERATOR):
        claims.reject_claim(claim_id, b"\x5e" * 32)


def test_reject_claim__just_before_the_deadline(claims, operator, file):
    claim_id = file()
    _to_deadline(claims, claim_id, -1)
    with boa.env.prank(operator):
        claims.reject_claim(claim_id, b"\x5e" * 32)
    assert claims.claim(claim_id).status == REJECTED


def test_reject_claim__at_the_deadline(claims, operator, file):
    claim_id = file()
    _to_deadline(claims, claim_id)
    with boa.env.prank(operator), boa.reverts("claims: review period over"):
        claims.reject_claim(claim_id, b"\x5e" * 32)


def test_reject_claim__after_acceptance(claims, operator, accepted):
    claim_id = accepted()
    with boa.env.prank(operator), boa.reverts(NOT_UNDER_REVIEW):
        claims.reject_claim(claim_id, b"\x5e" * 32)


def test_skip_review__at_the_deadline_by_anyone(claims, alice, file):
    claim_id = file()
    _to_deadline(claims, claim_id)
    with boa.env.prank(alice):
        claims.skip_review(claim_id)
    (reviewed,) = events(claims, "ClaimReviewed")
    assert (reviewed.accepted, reviewed.by_operator) == (True, False)
    assert len(events(claims, "DrawScheduled")) == 1
    assert claims.claim(claim_id).status == DRAWING


def test_skip_review__before_the_deadline(claims, alice, file):
    claim_id = file()
    _to_deadline(claims, claim_id, -1)
    with boa.env.prank(alice), boa.reverts("claims: review period not over"):
        claims.skip_review(claim_id)


def test_skip_review__after_a_rejection(claims, operator, alice, file):
    claim_id = file()
    deadline = claims.claim(claim_id).deadline
    with boa.env.prank(operator):
        claims.reject_claim(claim_id, b"\x5e" * 32)
    boa.env.time_travel(seconds=deadline - now())
    with boa.env.prank(alice), boa.reverts(NOT_UNDER_REVIEW):
        claims.skip_review(claim_id)


def test_skip_review__patient_left(claims, pool, patient, alice, file):
    claim_id = file()
    with boa.env.prank(patient):
        pool.exit()
    _to_deadline(claims, claim_id)
    with boa.env.prank(alice), boa.reverts("claims: patient left the plan: cancel the claim"):
        claims.skip_review(claim_id)
