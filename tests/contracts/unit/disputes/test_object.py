"""object: supervisors' objections during the notice, one case per claim, one stake each."""

from __future__ import annotations

import boa

from tests.contracts.helpers import events
from tests.contracts.unit.disputes.conftest import (
    EVIDENCE,
    RULING_PERIOD,
    STAKE,
    check_books,
    object_,
)
from tests.utils.claims import DISPUTED, NOTICE, draw_panel, file_claim, now, past_deadline
from tests.utils.deployers import DAY, TOKEN, fund

NOT_IN_NOTICE = "disputes: claim is not under notice"
OPEN = 1


def test_object__first_objection_disputes_the_claim(
    disputes, claims, registry, token, plan, sup, noticed
):
    claim_id, panel = noticed()
    before = token.balanceOf(sup)
    object_(disputes, claim_id, sup)

    deadline = now() + RULING_PERIOD
    (raised,) = events(disputes, "ObjectionRaised")
    assert (raised.claim_id, raised.supervisor, raised.evidence_hash, raised.stake) == (
        claim_id,
        sup,
        EVIDENCE,
        STAKE,
    )
    (opened,) = events(disputes, "DisputeOpened")
    assert (opened.claim_id, opened.round, opened.deadline) == (claim_id, 1, deadline)
    assert [log.claim_id for log in events(disputes, "ClaimDisputed", claims)] == [claim_id]
    held = events(disputes, "WitnessHeld", registry)
    assert sorted((log.witness, log.liable_until) for log in held) == sorted(
        (w, max(deadline, registry.witness(w).liable_until)) for w in panel
    )

    assert claims.claim(claim_id).status == DISPUTED
    assert disputes.rounds(claim_id) == 1
    case = disputes.cases(claim_id, 1)
    assert (case.deadline, case.outcome, case.supervisors, case.stakes) == (
        deadline,
        OPEN,
        1,
        STAKE,
    )
    s = disputes.supervisor(claim_id, sup)
    assert (s.stake, s.received, s.index, s.round, s.refunded) == (STAKE, 0, 0, 1, False)
    assert before - token.balanceOf(sup) == STAKE
    assert disputes.stakes_held() == STAKE
    check_books(plan)


def test_object__later_objections_join_the_case(disputes, claims, plan, supervisors, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, supervisors[0])
    deadline = disputes.cases(claim_id, 1).deadline
    boa.env.time_travel(seconds=DAY)
    object_(disputes, claim_id, supervisors[1])

    assert events(disputes, "DisputeOpened") == []
    assert events(disputes, "ClaimDisputed", claims) == []
    (raised,) = events(disputes, "ObjectionRaised")
    assert raised.supervisor == supervisors[1]
    case = disputes.cases(claim_id, 1)
    assert (case.deadline, case.supervisors, case.stakes) == (deadline, 2, 2 * STAKE)
    assert disputes.supervisor(claim_id, supervisors[1]).index == 1
    assert disputes.rounds(claim_id) == 1
    check_books(plan)


def test_object__twice_by_one_supervisor(disputes, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    with boa.reverts("disputes: already a supervisor of this case"):
        object_(disputes, claim_id, sup)
    assert disputes.cases(claim_id, 1).supervisors == 1


def test_object__stake_follows_the_parameter_in_force(disputes, plan, supervisors, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, supervisors[0])
    with boa.env.prank(plan.governance):
        plan.config.set_parameter("objection_stake", 7 * TOKEN)
    object_(disputes, claim_id, supervisors[1])
    assert disputes.supervisor(claim_id, supervisors[1]).stake == 7 * TOKEN
    assert disputes.cases(claim_id, 1).stakes == STAKE + 7 * TOKEN
    check_books(plan)


def test_object__just_before_the_notice_ends(disputes, claims, sup, noticed):
    claim_id, _ = noticed()
    past_deadline(claims, claim_id, -1)
    object_(disputes, claim_id, sup)
    assert claims.claim(claim_id).status == DISPUTED


def test_object__when_the_notice_ends(disputes, claims, sup, noticed):
    claim_id, _ = noticed()
    past_deadline(claims, claim_id)
    with boa.reverts("disputes: notice period over"):
        object_(disputes, claim_id, sup)
    assert claims.claim(claim_id).status == NOTICE


def test_object__joining_after_the_notice_ends(disputes, claims, supervisors, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, supervisors[0])
    past_deadline(claims, claim_id)  # the notice's end: the claim keeps it while disputed
    with boa.reverts("disputes: notice period over"):
        object_(disputes, claim_id, supervisors[1])


def test_object__joining_after_the_ruling_deadline(disputes, plan, supervisors, noticed):
    # a ruling period shorter than the notice: the case may end before the notice does
    with boa.env.prank(plan.governance):
        plan.config.set_parameter("ruling_period", DAY)
    claim_id, _ = noticed()
    object_(disputes, claim_id, supervisors[0])
    boa.env.time_travel(seconds=DAY)
    with boa.reverts("disputes: ruling deadline passed: expire the case first"):
        object_(disputes, claim_id, supervisors[1])


def test_object__claim_not_under_notice(disputes, plan, patient, sup, queued):
    claim_id = file_claim(plan, patient)
    with boa.reverts(NOT_IN_NOTICE):
        object_(disputes, claim_id, sup)
    draw_panel(plan, claim_id)
    with boa.reverts(NOT_IN_NOTICE):
        object_(disputes, claim_id, sup)


def test_object__queued_claim(disputes, sup, queued):
    claim_id, _ = queued()
    with boa.reverts(NOT_IN_NOTICE):
        object_(disputes, claim_id, sup)


def test_object__unknown_claim(disputes, claims, sup):
    with boa.reverts("disputes: no such claim"):
        object_(disputes, claims.claim_count() + 1, sup)


def test_object__by_the_patient(disputes, patient, noticed):
    claim_id, _ = noticed()
    with boa.reverts("disputes: the patient may not supervise its own claim"):
        object_(disputes, claim_id, patient)


def test_object__by_the_operator(disputes, operator, noticed):
    claim_id, _ = noticed()
    with boa.reverts("disputes: the operator rules and may not supervise"):
        object_(disputes, claim_id, operator)


def test_object__by_an_approving_witness(disputes, noticed):
    claim_id, panel = noticed()
    for witness in panel:
        with boa.reverts("disputes: an approving witness may not supervise the claim"):
            object_(disputes, claim_id, witness)


def test_object__by_a_witness_of_another_claim(disputes, world, claims, noticed):
    claim_id, panel = noticed()
    outsider = next(w for w in world.witnesses if w not in panel)
    fund(world.plan, outsider, STAKE, spender=disputes.address)
    object_(disputes, claim_id, outsider)
    assert claims.claim(claim_id).status == DISPUTED


def test_object__stake_not_approved(disputes, claims, stranger, noticed):
    claim_id, _ = noticed()
    with boa.reverts():
        object_(disputes, claim_id, stranger)
    assert claims.claim(claim_id).status == NOTICE
    assert disputes.rounds(claim_id) == 0


def test_object__patient_left_the_plan(disputes, pool, claims, patient, sup, noticed):
    claim_id, _ = noticed()
    with boa.env.prank(patient):
        pool.exit()
    with boa.reverts("claims: patient left the plan: cancel the claim"):
        object_(disputes, claim_id, sup)
    assert disputes.rounds(claim_id) == 0
