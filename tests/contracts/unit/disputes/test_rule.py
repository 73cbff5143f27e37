"""rule: fraud confirmed (rejected, cancelled or marked; barred; slashed; rewarded) or dismissed."""

from __future__ import annotations

import boa

from tests.contracts.helpers import events
from tests.contracts.unit.disputes.conftest import (
    REASON,
    STAKE,
    check_books,
    object_,
    past_ruling_deadline,
    report,
    rule,
)
from tests.utils.claims import (
    CANCELLED,
    QUEUED,
    REJECTED,
    commitment,
    past_deadline,
    settle_until_funded,
    to_queue,
)
from tests.utils.deployers import TOKEN

BARRED = "0x0000000000000000000000000000000000000001"
ZERO = "0x0000000000000000000000000000000000000000"
OPEN, FRAUD, DISMISSED, EXPIRED = 1, 2, 3, 4
BENEFIT = 100 * TOKEN
BOND = 10 * TOKEN
WITNESS_STAKE = 30 * TOKEN
STATUS_ENDED = 2


def _ruled(disputes):
    (log,) = events(disputes, "DisputeRuled")
    return log


def _assert_slashed(disputes, registry, panel):
    slashed = events(disputes, "WitnessSlashed", registry)
    assert sorted((log.witness, log.amount, log.stake, log.deactivated) for log in slashed) == (
        sorted((w, BOND, WITNESS_STAKE - BOND, True) for w in panel)
    )
    for w in panel:
        record = registry.witness(w)
        assert (record.stake, record.active) == (WITNESS_STAKE - BOND, False)


# -- fraud -----------------------------------------------------------------------------------


def test_rule__fraud_on_a_disputed_claim(
    disputes, claims, pool, registry, plan, operator, patient, supervisors, noticed
):
    claim_id, panel = noticed()
    object_(disputes, claim_id, supervisors[0])
    object_(disputes, claim_id, supervisors[1])
    reserve, staked = pool.reserve(), registry.total_staked()
    rule(disputes, operator, claim_id, True)

    log = _ruled(disputes)
    assert (log.claim_id, log.round, log.fraud, log.reason_hash) == (claim_id, 1, True, REASON)
    assert (log.slashed, log.reward, log.to_reserve, log.fee) == (
        3 * BOND,
        BENEFIT // 10,
        3 * BOND - BENEFIT // 10,
        0,
    )
    (rejected,) = events(disputes, "ClaimRejected", claims)
    assert (rejected.claim_id, rejected.stage, rejected.reason_hash) == (claim_id, 5, REASON)
    (barred,) = events(disputes, "IdentityBarred", pool)
    assert (barred.commitment, barred.holder) == (commitment(1), patient)
    (credited,) = events(disputes, "ReserveCredited", pool)
    assert (credited.source, credited.amount) == (disputes.address, log.to_reserve)
    _assert_slashed(disputes, registry, panel)

    assert claims.claim(claim_id).status == REJECTED
    assert claims.open_claim_of(patient) == 0
    assert pool.pending_notice() == 0
    assert pool.reserve() == reserve + log.to_reserve
    assert registry.total_staked() == staked - 3 * BOND
    assert pool.holder_of(commitment(1)) == BARRED
    assert pool.member(patient)[2] == STATUS_ENDED
    assert pool.coverage(patient)[5] is False
    assert disputes.fraud_confirmed(claim_id)
    case = disputes.cases(claim_id, 1)
    assert (case.outcome, case.target, case.reward, case.stakes) == (
        FRAUD,
        BENEFIT // 10,
        BENEFIT // 10,
        2 * STAKE,
    )
    assert (disputes.stakes_held(), disputes.rewards_owed(), disputes.fees_owed()) == (
        2 * STAKE,
        BENEFIT // 10,
        0,
    )
    check_books(plan)


def test_rule__fraud_on_a_queued_claim_not_yet_funded(
    disputes, pool, plan, operator, patient, sup, queued
):
    claim_id, _ = queued()
    report(disputes, claim_id, sup)
    reserve = pool.reserve()
    rule(disputes, operator, claim_id, True)

    (cancelled,) = events(disputes, "PayoutCancelled", pool)
    assert (cancelled.claim_id, cancelled.patient, cancelled.amount, cancelled.swept) == (
        claim_id,
        patient,
        BENEFIT,
        0,
    )
    assert pool.payout_state(claim_id) == (False, False, True, 0)
    with boa.env.prank(patient), boa.reverts("pool: payout cancelled: fraud was confirmed"):
        pool.pull_payout(claim_id)
    assert pool.reserve() == reserve + 20 * TOKEN  # the slashed bonds beyond the reward
    check_books(plan)

    # its place in the queue is funded by a settlement, then swept into the reserve
    settle_until_funded(plan, claim_id)
    reserve = pool.reserve()
    assert pool.sweep_cancelled(claim_id) == BENEFIT
    (swept,) = events(pool, "CancelledPayoutSwept")
    assert (swept.claim_id, swept.amount, swept.reserve) == (claim_id, BENEFIT, reserve + BENEFIT)
    assert pool.swept_total() == BENEFIT
    check_books(plan)
    with boa.reverts("pool: nothing newly funded to sweep"):
        pool.sweep_cancelled(claim_id)


def test_rule__fraud_on_a_funded_claim_moves_it_to_the_reserve_at_once(
    disputes, pool, plan, operator, sup, queued
):
    claim_id, _ = queued()
    settle_until_funded(plan, claim_id)
    report(disputes, claim_id, sup)
    reserve = pool.reserve()
    rule(disputes, operator, claim_id, True)
    (cancelled,) = events(disputes, "PayoutCancelled", pool)
    assert cancelled.swept == BENEFIT
    assert pool.reserve() == reserve + BENEFIT + 20 * TOKEN
    with boa.reverts("pool: nothing newly funded to sweep"):
        pool.sweep_cancelled(claim_id)
    check_books(plan)


def test_rule__fraud_on_a_partly_funded_claim(disputes, pool, plan, world, operator, sup):
    first, _ = to_queue(plan, world.other_patient)
    claim_id, _ = to_queue(plan, world.patient)
    past_deadline(plan.claims, claim_id)
    boa.env.time_travel(seconds=pool.next_settlement() - boa.env.evm.patch.timestamp)
    pool.settle()
    cum_before = pool.payouts(claim_id).cum_before
    funded = pool.funded_total() - cum_before
    assert 0 < funded < BENEFIT  # the first claim is funded whole, this one in part

    report(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, True)
    assert events(disputes, "PayoutCancelled", pool)[0].swept == funded
    check_books(plan)
    settle_until_funded(plan, claim_id)
    assert pool.sweep_cancelled(claim_id) == BENEFIT - funded
    assert pool.swept_total() == BENEFIT
    check_books(plan)


def test_rule__fraud_on_a_paid_claim_marks_it(disputes, pool, registry, plan, operator, sup, paid):
    claim_id, panel = paid()
    report(disputes, claim_id, sup)
    reserve = pool.reserve()
    rule(disputes, operator, claim_id, True)

    assert events(disputes, "PayoutCancelled", pool) == []
    (barred,) = events(disputes, "IdentityBarred", pool)
    assert barred.holder == ZERO  # already barred by its paid claim
    _assert_slashed(disputes, registry, panel)
    assert disputes.fraud_confirmed(claim_id)
    assert pool.payouts(claim_id).paid
    assert pool.reserve() == reserve + 20 * TOKEN
    check_books(plan)


def test_rule__fraud_after_the_patient_left(
    disputes, claims, pool, plan, operator, patient, sup, noticed
):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    with boa.env.prank(patient):
        pool.exit()
    assert pool.holder_of(commitment(1)) == ZERO
    rule(disputes, operator, claim_id, True)
    assert claims.claim(claim_id).status == REJECTED
    assert pool.holder_of(commitment(1)) == BARRED
    assert pool.pending_notice() == 0
    check_books(plan)


def test_rule__reward_capped_at_what_was_slashed(disputes, pool, plan, operator, sup, noticed):
    with boa.env.prank(plan.governance):
        plan.config.set_parameter("reward_bps", 10_000)  # the whole benefit
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    reserve = pool.reserve()
    rule(disputes, operator, claim_id, True)
    log = _ruled(disputes)
    assert (log.slashed, log.reward, log.to_reserve) == (3 * BOND, 3 * BOND, 0)
    case = disputes.cases(claim_id, 1)
    assert (case.target, case.reward) == (BENEFIT, 3 * BOND)
    assert events(disputes, "ReserveCredited", pool) == []
    assert pool.reserve() == reserve  # never paid from the reserve
    check_books(plan)


def test_rule__slash_takes_at_most_the_stake(disputes, registry, plan, operator, sup, noticed):
    claim_id, panel = noticed()
    object_(disputes, claim_id, sup)
    with boa.env.prank(plan.governance):  # a bond now larger than the stakes
        plan.config.set_parameter("witness_stake", 40 * TOKEN)
        plan.config.set_parameter("witness_bond", 40 * TOKEN)
    rule(disputes, operator, claim_id, True)
    assert _ruled(disputes).slashed == 3 * WITNESS_STAKE
    assert all(registry.witness(w).stake == 0 for w in panel)
    check_books(plan)


# -- dismissed -------------------------------------------------------------------------------


def test_rule__dismissed_objection_queues_the_claim(
    disputes, claims, pool, registry, plan, operator, patient, supervisors, noticed
):
    claim_id, panel = noticed()
    object_(disputes, claim_id, supervisors[0])
    object_(disputes, claim_id, supervisors[1])
    stakes = [registry.witness(w).stake for w in panel]
    rule(disputes, operator, claim_id, False)

    log = _ruled(disputes)
    assert (log.fraud, log.slashed, log.reward, log.to_reserve, log.fee) == (
        False,
        0,
        0,
        0,
        2 * STAKE,
    )
    (queued,) = events(disputes, "ClaimQueued", claims)
    assert (queued.claim_id, queued.patient, queued.benefit) == (claim_id, patient, BENEFIT)
    assert claims.claim(claim_id).status == QUEUED
    assert pool.payouts(claim_id).amount == BENEFIT
    assert pool.pending_notice() == 0
    assert [registry.witness(w).stake for w in panel] == stakes
    assert disputes.cases(claim_id, 1).outcome == DISMISSED
    assert (disputes.stakes_held(), disputes.fees_owed()) == (0, 2 * STAKE)
    assert not disputes.fraud_confirmed(claim_id)
    check_books(plan)


def test_rule__dismissed_report_releases_the_payout(
    disputes, pool, plan, operator, patient, sup, queued
):
    claim_id, _ = queued()
    report(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, False)
    (released,) = events(disputes, "PayoutHeld", pool)
    assert (released.claim_id, released.held) == (claim_id, False)
    assert pool.payout_state(claim_id) == (False, False, False, 0)
    settle_until_funded(plan, claim_id)
    with boa.env.prank(patient):
        pool.pull_payout(claim_id)
    check_books(plan)


def test_rule__dismissed_report_on_a_paid_claim(disputes, pool, plan, operator, sup, paid):
    claim_id, _ = paid()
    report(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, False)
    assert events(disputes, "PayoutHeld", pool) == []
    assert disputes.fees_owed() == STAKE
    check_books(plan)


def test_rule__dismissed_after_the_patient_left_cancels_the_claim(
    disputes, claims, pool, plan, operator, patient, sup, noticed
):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    with boa.env.prank(patient):
        pool.exit()
    rule(disputes, operator, claim_id, False)
    (cancelled,) = events(disputes, "ClaimCancelled", claims)
    assert cancelled.claim_id == claim_id
    assert claims.claim(claim_id).status == CANCELLED
    assert pool.pending_notice() == 0
    check_books(plan)


# -- refusals --------------------------------------------------------------------------------


def test_rule__by_anyone_but_the_operator(disputes, plan, patient, supervisors, noticed):
    claim_id, panel = noticed()
    object_(disputes, claim_id, supervisors[0])
    for who in (patient, supervisors[0], panel[0], plan.governance):
        with boa.env.prank(who), boa.reverts("disputes: caller is not the operator"):
            disputes.rule(claim_id, True, REASON)
    assert disputes.cases(claim_id, 1).outcome == OPEN


def test_rule__just_before_the_deadline(disputes, operator, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    past_ruling_deadline(disputes, claim_id, -1)
    rule(disputes, operator, claim_id, False)
    assert disputes.cases(claim_id, 1).outcome == DISMISSED


def test_rule__at_the_deadline(disputes, operator, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    past_ruling_deadline(disputes, claim_id)
    with boa.reverts("disputes: ruling deadline passed"):
        rule(disputes, operator, claim_id, True)


def test_rule__no_open_case(disputes, operator, sup, noticed):
    claim_id, _ = noticed()
    with boa.reverts("disputes: no open case on this claim"):
        rule(disputes, operator, claim_id, True)
    object_(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, False)
    with boa.reverts("disputes: no open case on this claim"):
        rule(disputes, operator, claim_id, True)
