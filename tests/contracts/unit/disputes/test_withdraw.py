"""withdraw, record_recovery, collect_fees: what supervisors, the reserve and the operator get."""

from __future__ import annotations

import boa

from tests.contracts.helpers import events
from tests.contracts.unit.disputes.conftest import (
    STAKE,
    check_books,
    object_,
    past_ruling_deadline,
    report,
    rule,
    withdraw,
)
from tests.utils.deployers import TOKEN

NOTHING = "disputes: nothing to withdraw"
REWARD = 10 * TOKEN  # 10 % of the 100-token benefit; the three bonds slashed are 30


def _fraud(disputes, operator, claim_id, who):
    for account in who:
        object_(disputes, claim_id, account)
    rule(disputes, operator, claim_id, True)


def _recover(disputes, operator, claim_id, amount):
    with boa.env.prank(operator):
        disputes.record_recovery(claim_id, amount)


# -- withdraw --------------------------------------------------------------------------------


def test_withdraw__stake_and_reward_after_fraud(disputes, token, plan, operator, sup, noticed):
    claim_id, _ = noticed()
    _fraud(disputes, operator, claim_id, [sup])
    before = token.balanceOf(sup)
    withdraw(disputes, claim_id, sup)

    (log,) = events(disputes, "StakeWithdrawn")
    assert (log.claim_id, log.supervisor, log.stake, log.reward) == (claim_id, sup, STAKE, REWARD)
    assert token.balanceOf(sup) - before == STAKE + REWARD
    s = disputes.supervisor(claim_id, sup)
    assert (s.refunded, s.received) == (True, REWARD)
    assert (disputes.stakes_held(), disputes.rewards_owed()) == (0, 0)
    check_books(plan)
    with boa.reverts(NOTHING):
        withdraw(disputes, claim_id, sup)


def test_withdraw__reward_shared_with_the_remainder_to_the_last(
    disputes, token, plan, operator, supervisors, noticed
):
    claim_id, _ = noticed()
    three = supervisors[:3]
    _fraud(disputes, operator, claim_id, three)
    got = []
    for who in reversed(three):  # the order of withdrawals does not matter
        before = token.balanceOf(who)
        withdraw(disputes, claim_id, who)
        got.append(token.balanceOf(who) - before - STAKE)
    got.reverse()
    assert got == [REWARD // 3, REWARD // 3, REWARD - 2 * (REWARD // 3)]
    assert sum(got) == REWARD
    assert disputes.accounted() == 0
    check_books(plan)


def test_withdraw__stake_after_expiry(disputes, token, plan, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    past_ruling_deadline(disputes, claim_id)
    disputes.expire(claim_id)
    before = token.balanceOf(sup)
    withdraw(disputes, claim_id, sup)
    assert token.balanceOf(sup) - before == STAKE
    assert events(disputes, "StakeWithdrawn")[0].reward == 0
    check_books(plan)
    with boa.reverts(NOTHING):
        withdraw(disputes, claim_id, sup)


def test_withdraw__after_dismissal(disputes, operator, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, False)
    with boa.reverts("disputes: stake forfeited: the case was dismissed"):
        withdraw(disputes, claim_id, sup)


def test_withdraw__case_still_open(disputes, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    with boa.reverts("disputes: case not decided yet"):
        withdraw(disputes, claim_id, sup)


def test_withdraw__not_a_supervisor(disputes, stranger, supervisors, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, supervisors[0])
    with boa.reverts("disputes: not a supervisor of this claim"):
        withdraw(disputes, claim_id, stranger)


# -- record_recovery -------------------------------------------------------------------------


def test_record_recovery__completes_the_reward_then_the_reserve(
    disputes, pool, token, plan, operator, supervisors, noticed
):
    with boa.env.prank(plan.governance):
        plan.config.set_parameter("reward_bps", 5_000)  # target 50, above the 30 slashed
    claim_id, _ = noticed()
    _fraud(disputes, operator, claim_id, supervisors[:2])
    assert disputes.cases(claim_id, 1).reward == 30 * TOKEN
    withdraw(disputes, claim_id, supervisors[0])  # takes 15 of the 30 now

    reserve = pool.reserve()
    _recover(disputes, operator, claim_id, 35 * TOKEN)
    (log,) = events(disputes, "RecoveryRecorded")
    assert (log.claim_id, log.amount, log.to_reward, log.to_reserve) == (
        claim_id,
        35 * TOKEN,
        20 * TOKEN,
        15 * TOKEN,
    )
    assert pool.reserve() == reserve + 15 * TOKEN
    assert disputes.cases(claim_id, 1).reward == 50 * TOKEN
    check_books(plan)

    # each supervisor ends with half of the 50, whenever it pulled
    before = [token.balanceOf(s) for s in supervisors[:2]]
    withdraw(disputes, claim_id, supervisors[0])
    withdraw(disputes, claim_id, supervisors[1])
    gained = [token.balanceOf(s) - b for s, b in zip(supervisors[:2], before, strict=True)]
    assert gained == [10 * TOKEN, STAKE + 25 * TOKEN]
    assert [disputes.supervisor(claim_id, s).received for s in supervisors[:2]] == [25 * TOKEN] * 2
    assert disputes.accounted() == 0
    check_books(plan)

    # once the reward is whole, a recovery goes to the reserve only
    _recover(disputes, operator, claim_id, 1)
    assert events(disputes, "RecoveryRecorded")[0].to_reserve == 1
    check_books(plan)


def test_record_recovery__by_anyone_but_the_operator(disputes, plan, operator, sup, noticed):
    claim_id, _ = noticed()
    _fraud(disputes, operator, claim_id, [sup])
    for who in (sup, plan.governance):
        with boa.env.prank(who), boa.reverts("disputes: caller is not the operator"):
            disputes.record_recovery(claim_id, TOKEN)


def test_record_recovery__no_fraud_confirmed(disputes, operator, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    with boa.reverts("disputes: fraud not confirmed on this claim"):
        _recover(disputes, operator, claim_id, TOKEN)
    rule(disputes, operator, claim_id, False)
    with boa.reverts("disputes: fraud not confirmed on this claim"):
        _recover(disputes, operator, claim_id, TOKEN)


def test_record_recovery__zero(disputes, operator, sup, noticed):
    claim_id, _ = noticed()
    _fraud(disputes, operator, claim_id, [sup])
    with boa.reverts("disputes: amount is zero"):
        _recover(disputes, operator, claim_id, 0)


# -- collect_fees ----------------------------------------------------------------------------


def test_collect_fees__after_dismissals(disputes, token, plan, operator, supervisors, noticed):
    first, _ = noticed()
    object_(disputes, first, supervisors[0])
    object_(disputes, first, supervisors[1])
    rule(disputes, operator, first, False)
    # the claim is queued now: a report opens a second case on it
    report(disputes, first, supervisors[2])
    rule(disputes, operator, first, False)
    before = token.balanceOf(operator)
    with boa.env.prank(operator):
        disputes.collect_fees()
    (log,) = events(disputes, "FeesCollected")
    assert (log.operator, log.amount) == (operator, 3 * STAKE)
    assert token.balanceOf(operator) - before == 3 * STAKE
    assert disputes.fees_owed() == 0
    check_books(plan)
    with boa.env.prank(operator), boa.reverts("disputes: no fees owed"):
        disputes.collect_fees()


def test_collect_fees__by_anyone_but_the_operator(disputes, operator, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, False)
    with boa.env.prank(sup), boa.reverts("disputes: caller is not the operator"):
        disputes.collect_fees()
    assert disputes.fees_owed() == STAKE
