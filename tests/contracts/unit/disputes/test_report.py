"""report_fraud: on a queued claim (its payout held) or a paid one within the report window."""

from __future__ import annotations

import boa

from tests.contracts.helpers import events
from tests.contracts.unit.disputes.conftest import (
    EVIDENCE,
    REPORT_WINDOW,
    RULING_PERIOD,
    STAKE,
    check_books,
    object_,
    past_ruling_deadline,
    report,
    rule,
    withdraw,
)
from tests.utils.claims import now, settle_until_funded

NOT_QUEUED = "disputes: claim is not queued or paid"
OPEN, FRAUD, DISMISSED, EXPIRED = 1, 2, 3, 4


def test_report_fraud__queued_claim_holds_its_payout(
    disputes, pool, registry, plan, patient, sup, queued
):
    claim_id, panel = queued()
    report(disputes, claim_id, sup)

    deadline = now() + RULING_PERIOD
    (reported,) = events(disputes, "FraudReported")
    assert (reported.claim_id, reported.supervisor, reported.evidence_hash, reported.stake) == (
        claim_id,
        sup,
        EVIDENCE,
        STAKE,
    )
    (opened,) = events(disputes, "DisputeOpened")
    assert (opened.round, opened.deadline) == (1, deadline)
    (held,) = events(disputes, "PayoutHeld", pool)
    assert (held.claim_id, held.held) == (claim_id, True)
    assert len(events(disputes, "WitnessHeld", registry)) == 3
    assert pool.payout_state(claim_id) == (False, True, False, 0)
    assert pool.payouts(claim_id).held

    settle_until_funded(plan, claim_id)
    with boa.env.prank(patient), boa.reverts("pool: payout held by a dispute"):
        pool.pull_payout(claim_id)
    check_books(plan)


def test_report_fraud__paid_claim_within_the_window(disputes, pool, plan, sup, paid):
    claim_id, _ = paid()
    pulled_at = pool.payout_state(claim_id)[3]
    assert pulled_at == now()
    boa.env.time_travel(seconds=REPORT_WINDOW - 1)
    report(disputes, claim_id, sup)
    assert events(disputes, "PayoutHeld", pool) == []
    assert disputes.cases(claim_id, 1).outcome == OPEN
    check_books(plan)


def test_report_fraud__paid_claim_after_the_window(disputes, sup, paid):
    claim_id, _ = paid()
    boa.env.time_travel(seconds=REPORT_WINDOW)
    with boa.reverts("disputes: report window after the payout is over"):
        report(disputes, claim_id, sup)


def test_report_fraud__later_reports_join_the_case(disputes, pool, plan, supervisors, queued):
    claim_id, _ = queued()
    report(disputes, claim_id, supervisors[0])
    report(disputes, claim_id, supervisors[1])
    assert events(disputes, "DisputeOpened") == []
    assert events(disputes, "PayoutHeld", pool) == []
    case = disputes.cases(claim_id, 1)
    assert (case.supervisors, case.stakes) == (2, 2 * STAKE)
    with boa.reverts("disputes: already a supervisor of this case"):
        report(disputes, claim_id, supervisors[1])
    check_books(plan)


def test_report_fraud__claim_under_notice_or_disputed(disputes, supervisors, noticed):
    claim_id, _ = noticed()
    with boa.reverts(NOT_QUEUED):
        report(disputes, claim_id, supervisors[0])
    object_(disputes, claim_id, supervisors[0])
    with boa.reverts(NOT_QUEUED):
        report(disputes, claim_id, supervisors[1])


def test_report_fraud__rejected_claim(disputes, operator, supervisors, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, supervisors[0])
    rule(disputes, operator, claim_id, True)
    with boa.reverts(NOT_QUEUED):
        report(disputes, claim_id, supervisors[1])


def test_report_fraud__fraud_already_confirmed(disputes, operator, supervisors, queued):
    claim_id, _ = queued()
    report(disputes, claim_id, supervisors[0])
    rule(disputes, operator, claim_id, True)
    with boa.reverts("disputes: fraud already confirmed"):
        report(disputes, claim_id, supervisors[1])


def test_report_fraud__joining_after_the_ruling_deadline(disputes, supervisors, queued):
    claim_id, _ = queued()
    report(disputes, claim_id, supervisors[0])
    past_ruling_deadline(disputes, claim_id)
    with boa.reverts("disputes: ruling deadline passed: expire the case first"):
        report(disputes, claim_id, supervisors[1])


def test_report_fraud__after_an_expired_case_opens_a_new_one(
    disputes, pool, plan, supervisors, queued
):
    claim_id, _ = queued()
    report(disputes, claim_id, supervisors[0])
    past_ruling_deadline(disputes, claim_id)
    disputes.expire(claim_id)
    assert pool.payout_state(claim_id)[1] is False

    report(disputes, claim_id, supervisors[1])
    assert disputes.rounds(claim_id) == 2
    assert disputes.cases(claim_id, 1).outcome == EXPIRED
    assert disputes.cases(claim_id, 2).outcome == OPEN
    assert pool.payout_state(claim_id)[1] is True
    # the first supervisor takes its stake of the expired case back before joining again
    with boa.reverts("disputes: withdraw the stake of the earlier case first"):
        report(disputes, claim_id, supervisors[0])
    withdraw(disputes, claim_id, supervisors[0])
    report(disputes, claim_id, supervisors[0])
    s = disputes.supervisor(claim_id, supervisors[0])
    assert (s.round, s.index, s.refunded) == (2, 1, False)
    check_books(plan)


def test_report_fraud__after_a_dismissed_case(disputes, operator, plan, supervisors, queued):
    claim_id, _ = queued()
    report(disputes, claim_id, supervisors[0])
    rule(disputes, operator, claim_id, False)
    report(disputes, claim_id, supervisors[0])  # its forfeited stake leaves nothing to take
    assert disputes.rounds(claim_id) == 2
    assert disputes.supervisor(claim_id, supervisors[0]).round == 2
    check_books(plan)


def test_report_fraud__by_the_patient_operator_or_an_approver(disputes, patient, operator, queued):
    claim_id, panel = queued()
    for who, message in [
        (patient, "disputes: the patient may not supervise its own claim"),
        (operator, "disputes: the operator rules and may not supervise"),
        (panel[2], "disputes: an approving witness may not supervise the claim"),
    ]:
        with boa.reverts(message):
            report(disputes, claim_id, who)
