"""Attacks on the dispute machine, each a short sequence that must fail safely."""

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
from tests.utils.claims import (
    CITY,
    DRAWING,
    QUEUED,
    REJECTED,
    commitment,
    file_claim,
    mine_past_seed,
    past_deadline,
    settle_until_funded,
    to_notice,
)
from tests.utils.deployers import DAY, TOKEN, admit, fund, register_witness

BENEFIT = 100 * TOKEN
BOND = 10 * TOKEN


def test_attack__patient_as_its_own_supervisor(disputes, claims, patient, noticed, queued):
    claim_id, _ = noticed()
    with boa.reverts("disputes: the patient may not supervise its own claim"):
        object_(disputes, claim_id, patient)
    past_deadline(claims, claim_id)
    claims.finalize(claim_id)
    with boa.reverts("disputes: the patient may not supervise its own claim"):
        report(disputes, claim_id, patient)
    assert disputes.rounds(claim_id) == 0


def test_attack__patient_as_its_own_witness(plan, registry, world):
    # the patient's identity registers as a witness from a second address, alone in its city
    for w in world.city_witnesses:
        with boa.env.prank(w):
            registry.unstake()
    alias = boa.env.generate_address("patient-alias")
    register_witness(plan, alias, commitment=commitment(1), region=CITY)
    assert registry.free_bonds(alias) > 0
    claim_id, panel = to_notice(plan, world.patient)
    assert alias not in panel  # the city's only live witness, passed over for the province
    assert registry.witness(alias).locked_bonds == 0
    assert alias not in plan.claims.approvers(claim_id)


def test_attack__supervisor_objecting_to_its_own_claim(
    disputes, pool, token, plan, operator, patient, noticed
):
    # the patient objects from a second address to collect the reward: it is barred, its claim
    # rejected, and the reward it collects is a tenth of what it gave up, paid by the witnesses
    claim_id, _ = noticed()
    alias = boa.env.generate_address("patient-alias")
    fund(plan, alias, STAKE, spender=disputes.address)
    object_(disputes, claim_id, alias)
    reserve = pool.reserve()
    rule(disputes, operator, claim_id, True)
    withdraw(disputes, claim_id, alias)
    gained = token.balanceOf(alias) - STAKE
    assert gained == BENEFIT // 10 < BENEFIT
    assert plan.claims.claim(claim_id).status == REJECTED
    assert pool.banned(commitment(1))
    assert pool.reserve() >= reserve  # the reward came from the slashed bonds, not the reserve
    check_books(plan)


def test_attack__witness_drawn_twice_for_one_claim(plan, registry, world, patient):
    # two witnesses are left, each with stake for three bonds: a panel of three never repeats one
    keep = {world.province_witnesses[0], world.far_witnesses[0]}
    for w in world.witnesses:
        if w not in keep:
            with boa.env.prank(w):
                registry.unstake()
    claim_id = file_claim(plan, patient)
    with boa.env.prank(plan.operator):
        plan.claims.accept_claim(claim_id)
    for _ in range(3):
        mine_past_seed(plan.claims, claim_id)
        plan.claims.draw_witnesses(claim_id)
    slots = [str(plan.claims.slot(claim_id, i).witness) for i in range(3)]
    drawn = [w for w in slots if w != "0x0000000000000000000000000000000000000000"]
    assert sorted(drawn) == sorted(keep)
    assert plan.claims.claim(claim_id).status == DRAWING  # the third slot waits for a witness
    assert all(registry.witness(w).locked_bonds == 1 for w in keep)


def test_attack__banned_commitment_joins_again_from_a_new_address(
    disputes, pool, plan, operator, patient, sup, noticed
):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, True)
    with boa.env.prank(patient):
        pool.exit()  # takes its own deposit back
    for account in (boa.env.generate_address("new-address"), patient):
        fund(plan, account, 100 * TOKEN)
        fields, sig = admit(plan, account, commitment=commitment(1), tier=1, region=CITY)
        with boa.env.prank(account), boa.reverts("pool: identity may not join again"):
            pool.join(*fields, sig, 100 * TOKEN)
    assert pool.banned(commitment(1))


def test_attack__ruling_by_a_non_operator(disputes, plan, patient, supervisors, noticed):
    claim_id, panel = noticed()
    object_(disputes, claim_id, supervisors[0])
    for who in (
        patient,
        supervisors[0],
        supervisors[1],
        panel[0],
        plan.governance,
        plan.pool.address,
        plan.claims.address,
    ):
        for fraud in (True, False):
            with boa.env.prank(who), boa.reverts("disputes: caller is not the operator"):
                disputes.rule(claim_id, fraud, b"\x01" * 32)
    assert disputes.cases(claim_id, 1).outcome == 1


def test_attack__ruling_after_the_deadline(disputes, claims, operator, sup, noticed):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    past_ruling_deadline(disputes, claim_id)
    with boa.reverts("disputes: ruling deadline passed"):
        rule(disputes, operator, claim_id, True)
    disputes.expire(claim_id)
    with boa.reverts("disputes: no open case on this claim"):
        rule(disputes, operator, claim_id, True)
    assert claims.claim(claim_id).status == QUEUED


def test_attack__second_payout_of_the_same_claim(
    disputes, claims, pool, plan, operator, patient, sup, noticed
):
    claim_id, _ = noticed()
    object_(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, False)  # dismissed: queued once
    with boa.reverts("claims: claim is not under notice"):
        claims.finalize(claim_id)
    with boa.env.prank(claims.address), boa.reverts("pool: claim already queued"):
        pool.queue_claim(claim_id, patient, BENEFIT, bytes(32))
    settle_until_funded(plan, claim_id)
    with boa.env.prank(patient):
        pool.pull_payout(claim_id)
    with boa.env.prank(patient), boa.reverts("pool: payout already pulled"):
        pool.pull_payout(claim_id)
    # a fraud report after payout marks it; nothing is paid again
    report(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, False)
    with boa.env.prank(patient), boa.reverts("pool: payout already pulled"):
        pool.pull_payout(claim_id)
    assert pool.paid_total() == BENEFIT
    check_books(plan)


def test_attack__cancelled_payout_cannot_be_pulled(
    disputes, pool, plan, operator, patient, sup, queued
):
    claim_id, _ = queued()
    settle_until_funded(plan, claim_id)
    report(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, True)
    with boa.env.prank(patient), boa.reverts("pool: payout cancelled: fraud was confirmed"):
        pool.pull_payout(claim_id)
    assert pool.paid_total() == 0


def test_attack__unstaking_to_escape_a_pending_slash(
    disputes, registry, plan, operator, sup, noticed
):
    with boa.env.prank(plan.governance):  # a liability shorter than a case
        plan.config.set_parameter("liability_period", 10 * DAY)
    claim_id, panel = noticed()
    object_(disputes, claim_id, sup)
    deadline = disputes.cases(claim_id, 1).deadline
    assert all(registry.witness(w).liable_until == deadline for w in panel)
    boa.env.time_travel(seconds=15 * DAY)  # past the liability of the reports themselves
    for w in panel:
        with boa.env.prank(w), boa.reverts("witnesses: still liable"):
            registry.unstake()
    rule(disputes, operator, claim_id, True)
    assert all(registry.witness(w).stake == 20 * TOKEN for w in panel)
    boa.env.time_travel(seconds=deadline - boa.env.evm.patch.timestamp)
    with boa.env.prank(panel[0]):
        registry.unstake()  # the rest of its stake, once the case's hold has ended
    assert registry.witness(panel[0]).stake == 0
    check_books(plan)


def test_attack__slashed_witness_leaves_the_draws(
    disputes, plan, registry, world, operator, sup, noticed
):
    claim_id, panel = noticed()
    object_(disputes, claim_id, sup)
    rule(disputes, operator, claim_id, True)
    assert all(not registry.witness(w).active for w in panel)
    _, next_panel = to_notice(plan, world.other_patient)
    assert not set(panel) & set(next_panel)


def test_attack__reward_larger_than_what_was_slashed(
    disputes, pool, plan, operator, supervisors, noticed
):
    with boa.env.prank(plan.governance):
        plan.config.set_parameter("reward_bps", 10_000)
    claim_id, _ = noticed()
    object_(disputes, claim_id, supervisors[0])
    object_(disputes, claim_id, supervisors[1])
    reserve = pool.reserve()
    rule(disputes, operator, claim_id, True)
    (log,) = events(disputes, "DisputeRuled")
    assert (log.slashed, log.reward, log.to_reserve) == (3 * BOND, 3 * BOND, 0)
    assert pool.reserve() == reserve
    paid = 0
    for who in supervisors[:2]:
        before = plan.token.balanceOf(who)
        withdraw(disputes, claim_id, who)
        paid += plan.token.balanceOf(who) - before - STAKE
    assert paid == 3 * BOND
    assert disputes.accounted() == 0
    check_books(plan)
