"""Arbitration after a rejection, and the one redrawn panel whose verdict is final."""

from __future__ import annotations

import boa

from tests.contracts.unit.claims.conftest import (
    APPROVED,
    ARBITRATION,
    CITY,
    DRAWING,
    NOTICE,
    QUEUED,
    REJECTED,
    RELEASED,
    WITNESSING,
    block_number,
    events,
    mine_past_seed,
    now,
    report_all,
)

NOT_OPERATOR = "claims: caller is not the operator"
NOT_IN_ARBITRATION = "claims: claim is not in arbitration"


def _rejected_by_witness(claims, drawn):
    """A drawn claim: slot 1 approves, slot 0 rejects; the claim is in arbitration."""
    claim_id, panel = drawn()
    with boa.env.prank(panel[1]):
        claims.report(claim_id, True, b"\x01" * 32)
    with boa.env.prank(panel[0]):
        claims.report(claim_id, False, b"\x02" * 32)
    assert claims.claim(claim_id).status == ARBITRATION
    return claim_id, panel


def _to_deadline(claims, claim_id, offset=0):
    boa.env.time_travel(seconds=claims.claim(claim_id).deadline - now() + offset)


def _redrawn(claims, drawn):
    """Arbitration lapsed and the fresh panel (slots 3-5) is drawn."""
    claim_id, panel = _rejected_by_witness(claims, drawn)
    _to_deadline(claims, claim_id)
    claims.redraw_panel(claim_id)
    mine_past_seed(claims, claim_id)
    claims.draw_witnesses(claim_id)
    return claim_id, panel, [str(claims.slot(claim_id, i).witness) for i in range(3, 6)]


def test_arbitrate__approve(claims, plan, pool, operator, drawn):
    claim_id, _ = _rejected_by_witness(claims, drawn)
    with boa.env.prank(operator):
        claims.arbitrate(claim_id, True, b"\x77" * 32)

    (log,) = events(claims, "ClaimArbitrated")
    assert (log.claim_id, log.approved, log.reason_hash) == (claim_id, True, b"\x77" * 32)
    (notice,) = events(claims, "NoticeStarted")
    assert notice.ends_at == now() + plan.param("notice_period")
    c = claims.claim(claim_id)
    assert (c.status, c.deadline) == (NOTICE, notice.ends_at)
    assert pool.pending_notice() == c.benefit


def test_arbitrate__reject(claims, pool, operator, patient, drawn):
    claim_id, _ = _rejected_by_witness(claims, drawn)
    with boa.env.prank(operator):
        claims.arbitrate(claim_id, False, b"\x78" * 32)

    (log,) = events(claims, "ClaimArbitrated")
    assert log.approved is False
    (rejected,) = events(claims, "ClaimRejected")
    assert (rejected.claim_id, rejected.stage, rejected.reason_hash) == (claim_id, 2, b"\x78" * 32)
    assert claims.claim(claim_id).status == REJECTED
    assert claims.open_claim_of(patient) == 0
    assert pool.pending_notice() == 0


def test_arbitrate__by_anyone_else(claims, alice, drawn):
    claim_id, panel = _rejected_by_witness(claims, drawn)
    for caller in (alice, panel[1]):
        with boa.env.prank(caller), boa.reverts(NOT_OPERATOR):
            claims.arbitrate(claim_id, True, b"\x77" * 32)


def test_arbitrate__just_before_the_deadline(claims, operator, drawn):
    claim_id, _ = _rejected_by_witness(claims, drawn)
    _to_deadline(claims, claim_id, -1)
    with boa.env.prank(operator):
        claims.arbitrate(claim_id, True, b"\x77" * 32)
    assert claims.claim(claim_id).status == NOTICE


def test_arbitrate__at_the_deadline(claims, operator, drawn):
    claim_id, _ = _rejected_by_witness(claims, drawn)
    _to_deadline(claims, claim_id)
    with boa.env.prank(operator), boa.reverts("claims: arbitration period over"):
        claims.arbitrate(claim_id, True, b"\x77" * 32)


def test_arbitrate__not_in_arbitration(claims, operator, drawn):
    claim_id, _ = drawn()
    with boa.env.prank(operator), boa.reverts(NOT_IN_ARBITRATION):
        claims.arbitrate(claim_id, True, b"\x77" * 32)


def test_arbitrate__patient_left(claims, pool, operator, patient, drawn):
    claim_id, _ = _rejected_by_witness(claims, drawn)
    with boa.env.prank(patient):
        pool.exit()
    with boa.env.prank(operator), boa.reverts("claims: patient left the plan: cancel the claim"):
        claims.arbitrate(claim_id, True, b"\x77" * 32)


def test_redraw_panel__after_a_lapsed_arbitration(claims, plan, registry, alice, drawn):
    claim_id, _ = _rejected_by_witness(claims, drawn)
    _to_deadline(claims, claim_id)
    with boa.env.prank(alice):
        claims.redraw_panel(claim_id)

    seed_block = block_number() + plan.param("seed_delay")
    (log,) = events(claims, "PanelRedrawn")
    assert (log.claim_id, log.seed_block) == (claim_id, seed_block)
    (scheduled,) = events(claims, "DrawScheduled")
    assert (scheduled.seed_block, scheduled.reschedules) == (seed_block, 0)
    c = claims.claim(claim_id)
    assert (c.status, c.redrawn, c.approvals, c.seed_block) == (DRAWING, True, 0, seed_block)
    assert claims.draw_snapshot(claim_id) == registry.snapshot(CITY)


def test_redraw_panel__before_the_deadline(claims, drawn):
    claim_id, _ = _rejected_by_witness(claims, drawn)
    _to_deadline(claims, claim_id, -1)
    with boa.reverts("claims: arbitration period not over"):
        claims.redraw_panel(claim_id)


def test_redraw_panel__not_in_arbitration(claims, drawn):
    claim_id, _ = drawn()
    with boa.reverts(NOT_IN_ARBITRATION):
        claims.redraw_panel(claim_id)


def test_redraw_panel__patient_left(claims, pool, patient, drawn):
    claim_id, _ = _rejected_by_witness(claims, drawn)
    _to_deadline(claims, claim_id)
    with boa.env.prank(patient):
        pool.exit()
    with boa.reverts("claims: patient left the plan: cancel the claim"):
        claims.redraw_panel(claim_id)


def test_redrawn_panel__excludes_every_earlier_witness(claims, registry, drawn):
    claim_id, panel, fresh = _redrawn(claims, drawn)
    assert len(set(fresh)) == 3 and not set(fresh) & set(panel)
    assert registry.witness(fresh[0]).region != CITY  # slot 3 from outside the city
    assert claims.claim(claim_id).status == WITNESSING
    # the first panel can no longer report, the new one can
    with boa.env.prank(panel[2]), boa.reverts("claims: caller is not a witness of this claim"):
        claims.report(claim_id, True, b"\x01" * 32)
    assert claims.slot(claim_id, 2).verdict == RELEASED


def test_redrawn_panel__approval_is_final(claims, drawn):
    claim_id, panel, fresh = _redrawn(claims, drawn)
    report_all(claims, claim_id, fresh)
    c = claims.claim(claim_id)
    assert (c.status, c.approvals) == (NOTICE, 3)
    # every approving witness stays on record: the first panel's and the fresh panel's
    assert claims.approvers(claim_id) == [panel[1]] + fresh
    assert [claims.slot(claim_id, i).verdict for i in range(3, 6)] == [APPROVED] * 3


def test_redrawn_panel__rejection_is_final(claims, pool, patient, drawn):
    claim_id, _, fresh = _redrawn(claims, drawn)
    with boa.env.prank(fresh[1]):
        claims.report(claim_id, False, b"\x09" * 32)

    (rejected,) = events(claims, "ClaimRejected")
    assert (rejected.stage, rejected.reason_hash) == (3, b"\x09" * 32)
    assert [log.witness for log in events(claims, "WitnessDismissed")] == [fresh[0], fresh[2]]
    assert claims.claim(claim_id).status == REJECTED
    assert claims.open_claim_of(patient) == 0
    assert events(claims, "ArbitrationOpened") == []


def test_redraw_panel__second_lapse_rejects(claims, drawn):
    claim_id, _, fresh = _redrawn(claims, drawn)
    for _ in range(3):  # slot 3 stays silent: two replacements, then arbitration again
        boa.env.time_travel(seconds=claims.slot(claim_id, 3).deadline - now())
        claims.replace_witness(claim_id, 3)
    assert claims.claim(claim_id).status == ARBITRATION
    _to_deadline(claims, claim_id)

    claims.redraw_panel(claim_id)

    (rejected,) = events(claims, "ClaimRejected")
    assert (rejected.stage, rejected.reason_hash) == (4, b"\x00" * 32)
    assert events(claims, "PanelRedrawn") == []
    assert claims.claim(claim_id).status == REJECTED


def test_arbitrate__approved_claim_is_queued_after_its_notice(claims, pool, operator, drawn):
    claim_id, _ = _rejected_by_witness(claims, drawn)
    with boa.env.prank(operator):
        claims.arbitrate(claim_id, True, b"\x77" * 32)
    _to_deadline(claims, claim_id)
    claims.finalize(claim_id)
    assert claims.claim(claim_id).status == QUEUED
    assert pool.payouts(claim_id).amount == claims.claim(claim_id).benefit
