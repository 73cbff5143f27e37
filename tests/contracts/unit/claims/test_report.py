"""Witness reports: fees and releases, three approvals to notice, a rejection to arbitration."""

from __future__ import annotations

import boa

from tests.contracts.unit.claims.conftest import (
    APPROVED,
    ARBITRATION,
    NOTICE,
    REJECTED_VERDICT,
    RELEASED,
    WITNESSING,
    events,
    now,
)

NOT_WITNESSING = "claims: claim is not witnessing"


def _report(claims, witness, claim_id, approve=True, report_hash=b"\xaa" * 32):
    with boa.env.prank(witness):
        claims.report(claim_id, approve, report_hash)


def test_report__approval(claims, plan, pool, registry, drawn):
    claim_id, panel = drawn()
    _report(claims, panel[1], claim_id)

    (log,) = events(claims, "WitnessReported")
    assert (log.claim_id, log.witness, log.approved, log.report_hash) == (
        claim_id,
        panel[1],
        True,
        b"\xaa" * 32,
    )
    assert claims.slot(claim_id, 1).verdict == APPROVED
    c = claims.claim(claim_id)
    assert (c.status, c.approvals) == (WITNESSING, 1)
    assert registry.witness(panel[1]).locked_bonds == 0
    assert registry.witness(panel[1]).liable_until == now() + plan.param("liability_period")
    assert pool.fee_owed(panel[1]) == plan.param("witness_fee")


def test_report__by_someone_not_on_the_panel(claims, world, alice, drawn):
    claim_id, panel = drawn()
    outsider = next(w for w in world.witnesses if w not in panel)
    for caller in (alice, outsider):
        with boa.env.prank(caller), boa.reverts("claims: caller is not a witness of this claim"):
            claims.report(claim_id, True, b"\xaa" * 32)


def test_report__twice(claims, drawn):
    claim_id, panel = drawn()
    _report(claims, panel[0], claim_id)
    with boa.env.prank(panel[0]), boa.reverts("claims: witness already reported"):
        claims.report(claim_id, False, b"\xbb" * 32)


def test_report__just_before_the_deadline(claims, drawn):
    claim_id, panel = drawn()
    boa.env.time_travel(seconds=claims.slot(claim_id, 0).deadline - now() - 1)
    _report(claims, panel[0], claim_id)
    assert claims.slot(claim_id, 0).verdict == APPROVED


def test_report__at_the_deadline(claims, drawn):
    claim_id, panel = drawn()
    boa.env.time_travel(seconds=claims.slot(claim_id, 0).deadline - now())
    with boa.env.prank(panel[0]), boa.reverts("claims: reporting deadline passed"):
        claims.report(claim_id, True, b"\xaa" * 32)


def test_report__under_review(claims, world, file):
    claim_id = file()
    with boa.env.prank(world.city_witnesses[0]), boa.reverts(NOT_WITNESSING):
        claims.report(claim_id, True, b"\xaa" * 32)


def test_report__before_the_draw(claims, world, accepted):
    claim_id = accepted()
    with boa.env.prank(world.city_witnesses[0]):
        with boa.reverts("claims: caller is not a witness of this claim"):
            claims.report(claim_id, True, b"\xaa" * 32)


def test_report__patient_left(claims, pool, patient, drawn):
    claim_id, panel = drawn()
    with boa.env.prank(patient):
        pool.exit()
    with boa.env.prank(panel[0]), boa.reverts("claims: patient left the plan: cancel the claim"):
        claims.report(claim_id, True, b"\xaa" * 32)


def test_report__three_approvals_open_the_notice(claims, plan, pool, drawn):
    claim_id, panel = drawn()
    _report(claims, panel[0], claim_id)
    _report(claims, panel[1], claim_id)
    assert pool.pending_notice() == 0
    _report(claims, panel[2], claim_id)

    (log,) = events(claims, "NoticeStarted")
    ends_at = now() + plan.param("notice_period")
    assert (log.claim_id, log.ends_at) == (claim_id, ends_at)
    c = claims.claim(claim_id)
    assert (c.status, c.approvals, c.deadline) == (NOTICE, 3, ends_at)
    assert pool.pending_notice() == c.benefit
    assert claims.approvers(claim_id) == panel


def test_report__after_the_notice_opened(claims, noticed):
    claim_id, panel = noticed()
    with boa.env.prank(panel[0]), boa.reverts(NOT_WITNESSING):
        claims.report(claim_id, False, b"\xaa" * 32)


def test_report__rejection_goes_to_arbitration(claims, plan, pool, registry, drawn):
    claim_id, panel = drawn()
    fee = plan.param("witness_fee")
    _report(claims, panel[0], claim_id)
    _report(claims, panel[1], claim_id, approve=False, report_hash=b"\xbb" * 32)

    (opened,) = events(claims, "ArbitrationOpened")
    ends_at = now() + plan.param("arbitration_period")
    assert (opened.claim_id, opened.ends_at) == (claim_id, ends_at)
    (released,) = events(claims, "WitnessDismissed")
    assert (released.claim_id, released.slot, released.witness) == (claim_id, 2, panel[2])
    c = claims.claim(claim_id)
    assert (c.status, c.deadline) == (ARBITRATION, ends_at)
    verdicts = [claims.slot(claim_id, i).verdict for i in range(3)]
    assert verdicts == [APPROVED, REJECTED_VERDICT, RELEASED]
    # both reporters earned their fee; the unreported witness is free, without fee or forfeit
    assert [pool.fee_owed(w) for w in panel] == [fee, fee, 0]
    assert [registry.witness(w).locked_bonds for w in panel] == [0, 0, 0]
    assert registry.witness(panel[2]).active
    assert registry.witness(panel[2]).stake == plan.param("witness_stake")
    assert pool.pending_notice() == 0
    with boa.env.prank(panel[2]), boa.reverts("claims: claim is not witnessing"):
        claims.report(claim_id, True, b"\xaa" * 32)
