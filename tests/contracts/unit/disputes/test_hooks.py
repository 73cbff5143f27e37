"""The hooks only Disputes may call in Pool, Claims and Witnesses, and the wiring that names it."""

from __future__ import annotations

import boa
import pytest
from boa.contracts.vyper.vyper_contract import VyperDeployer

from tests.contracts.helpers import events
from tests.contracts.unit.disputes.conftest import check_books, object_, report, rule
from tests.utils.claims import DISPUTED, NOTICE, commitment, past_deadline, settle_until_funded
from tests.utils.deployers import TOKEN

ZERO = "0x0000000000000000000000000000000000000000"
BARRED = "0x0000000000000000000000000000000000000001"
NOT_DISPUTES_POOL = "pool: caller is not the disputes contract"
NOT_DISPUTES_CLAIMS = "claims: caller is not the disputes contract"
NOT_DISPUTES_WITNESSES = "witnesses: caller is not the disputes contract"


# -- wiring ----------------------------------------------------------------------------------


def _again(contract, *args):
    """Deploy `contract`'s code again at a fresh address (titanoboa keeps an address's storage
    trace across anchors, and a stale trace breaks its revert reports)."""
    deployer = VyperDeployer(contract.compiler_data, filename=contract.filename)
    return deployer.deploy(*args, override_address=boa.env.generate_address())


@pytest.fixture
def fresh(plan):
    """Unwired Pool, Claims and Witnesses deployed by the plan's deployer."""
    with boa.env.prank(plan.deployer):
        pool = _again(plan.pool, plan.token.address, plan.config.address)
        registry = _again(plan.witnesses, plan.token.address, plan.config.address, pool.address)
        claims = _again(plan.claims, plan.config.address, pool.address, registry.address)
    return pool, claims, registry


def test_wire_disputes__by_the_deployer_once(plan, fresh, stranger):
    pool, claims, registry = fresh
    disputes = boa.env.generate_address("disputes")
    with boa.env.prank(plan.deployer):
        pool.wire_disputes(disputes)
        claims.wire(disputes)
        (log,) = events(claims, "DisputesWired")
        assert log.disputes == disputes
        registry.wire_disputes(disputes)
        (log,) = events(registry, "DisputesWired")
        assert log.disputes == disputes
        assert (pool.disputes(), claims.disputes(), registry.disputes()) == (disputes,) * 3
        with boa.reverts("pool: disputes already wired"):
            pool.wire_disputes(stranger)
        with boa.reverts("claims: already wired"):
            claims.wire(stranger)
        with boa.reverts("witnesses: disputes already wired"):
            registry.wire_disputes(stranger)
    assert (pool.disputes(), claims.disputes(), registry.disputes()) == (disputes,) * 3


def test_wire_disputes__by_anyone_else(fresh, stranger):
    pool, claims, registry = fresh
    with boa.env.prank(stranger):
        with boa.reverts("pool: caller is not the deployer"):
            pool.wire_disputes(stranger)
        with boa.reverts("claims: caller is not the deployer"):
            claims.wire(stranger)
        with boa.reverts("witnesses: caller is not the deployer"):
            registry.wire_disputes(stranger)
    assert (pool.disputes(), claims.disputes(), registry.disputes()) == (ZERO,) * 3


def test_wire_disputes__zero_address(plan, fresh):
    pool, claims, registry = fresh
    with boa.env.prank(plan.deployer):
        with boa.reverts("pool: zero address"):
            pool.wire_disputes(ZERO)
        with boa.reverts("claims: disputes is the zero address"):
            claims.wire(ZERO)
        with boa.reverts("witnesses: disputes is the zero address"):
            registry.wire_disputes(ZERO)


def test_deploy__zero_addresses(plan):
    p = plan
    good = [
        p.token.address,
        p.config.address,
        p.pool.address,
        p.claims.address,
        p.witnesses.address,
    ]
    names = ["token", "config", "pool", "claims", "witnesses"]
    for i, name in enumerate(names):
        args = list(good)
        args[i] = ZERO
        with boa.reverts(f"disputes: {name} is the zero address"):
            _again(p.disputes, *args)


# -- Pool ------------------------------------------------------------------------------------


def test_hold_payout__by_disputes(pool, disputes, queued):
    claim_id, _ = queued()
    with boa.env.prank(disputes.address):
        pool.hold_payout(claim_id, True)
        assert pool.payout_state(claim_id)[1] is True
        pool.hold_payout(claim_id, False)
    (log,) = events(pool, "PayoutHeld")
    assert (log.claim_id, log.held) == (claim_id, False)
    assert pool.payout_state(claim_id) == (False, False, False, 0)


def test_hold_payout__by_anyone_else(pool, plan, stranger, queued):
    claim_id, _ = queued()
    for who in (stranger, plan.claims.address, plan.witnesses.address):
        with boa.env.prank(who), boa.reverts(NOT_DISPUTES_POOL):
            pool.hold_payout(claim_id, True)


def test_hold_payout__not_queued_pulled_or_cancelled(pool, disputes, plan, patient, paid):
    claim_id, _ = paid()
    with boa.env.prank(disputes.address):
        with boa.reverts("pool: claim not queued"):
            pool.hold_payout(claim_id + 1, True)
        with boa.reverts("pool: payout already pulled"):
            pool.hold_payout(claim_id, True)
        with boa.reverts("pool: payout already pulled"):
            pool.cancel_payout(claim_id)


def test_cancel_payout__once(pool, disputes, queued):
    claim_id, _ = queued()
    with boa.env.prank(disputes.address):
        pool.cancel_payout(claim_id)
        with boa.reverts("pool: payout cancelled: fraud was confirmed"):
            pool.cancel_payout(claim_id)
        with boa.reverts("pool: payout cancelled: fraud was confirmed"):
            pool.hold_payout(claim_id, False)


def test_cancel_payout__by_anyone_else(pool, stranger, queued):
    claim_id, _ = queued()
    with boa.env.prank(stranger), boa.reverts(NOT_DISPUTES_POOL):
        pool.cancel_payout(claim_id)


def test_sweep_cancelled__not_cancelled(pool, plan, queued):
    claim_id, _ = queued()
    settle_until_funded(plan, claim_id)
    with boa.reverts("pool: payout not cancelled"):
        pool.sweep_cancelled(claim_id)


def test_sweep_cancelled__nothing_funded_yet(pool, disputes, plan, queued):
    claim_id, _ = queued()
    with boa.env.prank(disputes.address):
        pool.cancel_payout(claim_id)
    with boa.reverts("pool: nothing newly funded to sweep"):
        pool.sweep_cancelled(claim_id)
    settle_until_funded(plan, claim_id)
    assert pool.sweep_cancelled(claim_id) == pool.payouts(claim_id).amount
    check_books(plan)


def test_bar__ends_the_holders_membership(pool, disputes, plan, world):
    member = world.supporters[0]
    weight, active = pool.member(member)[1], pool.active_weight()
    balance = pool.member(member)[0]
    with boa.env.prank(disputes.address):
        pool.bar(commitment(10))
    (log,) = events(pool, "IdentityBarred")
    assert (log.commitment, log.holder) == (commitment(10), member)
    assert pool.holder_of(commitment(10)) == BARRED
    assert pool.active_weight() == active - weight
    assert pool.member(member)[2] == 2  # ended: no coverage, its deposit still its own
    assert pool.coverage(member)[5] is False
    assert pool.banned(commitment(10))
    before = plan.token.balanceOf(member)
    with boa.env.prank(member):
        pool.exit()
    assert plan.token.balanceOf(member) - before == balance
    assert pool.holder_of(commitment(10)) == BARRED
    check_books(plan)


def test_bar__unheld_identity(pool, disputes):
    with boa.env.prank(disputes.address):
        pool.bar(commitment(999))
    (log,) = events(pool, "IdentityBarred")
    assert log.holder == ZERO
    assert pool.holder_of(commitment(999)) == BARRED


def test_bar__by_anyone_else(pool, plan, stranger):
    for who in (stranger, plan.claims.address):
        with boa.env.prank(who), boa.reverts(NOT_DISPUTES_POOL):
            pool.bar(commitment(1))


def test_credit_reserve__by_disputes_only_for_tokens_received(pool, disputes, plan, stranger):
    reserve = pool.reserve()
    with boa.env.prank(disputes.address), boa.reverts("pool: tokens not received"):
        pool.credit_reserve(1)
    plan.token.mint(pool.address, 3)
    with boa.env.prank(stranger), boa.reverts("pool: caller may not credit the reserve"):
        pool.credit_reserve(3)
    with boa.env.prank(disputes.address):
        pool.credit_reserve(3)
    assert pool.reserve() == reserve + 3


# -- Claims ----------------------------------------------------------------------------------


def test_dispute__by_anyone_else(claims, stranger, noticed):
    claim_id, _ = noticed()
    with boa.env.prank(stranger), boa.reverts(NOT_DISPUTES_CLAIMS):
        claims.dispute(claim_id)
    with boa.env.prank(stranger), boa.reverts(NOT_DISPUTES_CLAIMS):
        claims.resolve_dispute(claim_id, False, b"\x00" * 32)
    assert claims.claim(claim_id).status == NOTICE


def test_dispute__only_under_notice(claims, disputes, noticed, queued):
    claim_id, _ = noticed()
    with boa.env.prank(disputes.address):
        with boa.reverts("claims: claim is not disputed"):
            claims.resolve_dispute(claim_id, False, b"\x00" * 32)
        claims.dispute(claim_id)
        assert claims.claim(claim_id).status == DISPUTED
        with boa.reverts("claims: claim is not under notice"):
            claims.dispute(claim_id)


def test_dispute__after_the_notice(claims, disputes, noticed):
    claim_id, _ = noticed()
    past_deadline(claims, claim_id)
    with boa.env.prank(disputes.address), boa.reverts("claims: notice period over"):
        claims.dispute(claim_id)


# -- Witnesses -------------------------------------------------------------------------------


def test_hold__keeps_the_later_end(registry, disputes, noticed):
    _, panel = noticed()
    until = registry.witness(panel[0]).liable_until
    with boa.env.prank(disputes.address):
        registry.hold(panel[0], until - 1)
        assert registry.witness(panel[0]).liable_until == until
        registry.hold(panel[0], until + 5)
    (log,) = events(registry, "WitnessHeld")
    assert (log.witness, log.liable_until) == (panel[0], until + 5)
    assert registry.witness(panel[0]).liable_until == until + 5


def test_hold__witness_that_left(registry, disputes, world):
    w = world.far_witnesses[1]
    with boa.env.prank(w):
        registry.unstake()
    with boa.env.prank(disputes.address):
        registry.hold(w, 2**39)
    assert events(registry, "WitnessHeld") == []
    assert registry.witness(w).liable_until == 0


def test_hold__by_anyone_else(registry, plan, stranger, world):
    for who in (stranger, plan.claims.address):
        with boa.env.prank(who), boa.reverts(NOT_DISPUTES_WITNESSES):
            registry.hold(world.witnesses[0], 2**39)


def test_slash__takes_up_to_the_stake(registry, disputes, plan, token, world):
    w = world.city_witnesses[0]
    staked, held = registry.total_staked(), token.balanceOf(disputes.address)
    with boa.env.prank(disputes.address):
        assert registry.slash(w, 12 * TOKEN) == 12 * TOKEN
    (log,) = events(registry, "WitnessSlashed")
    assert (log.witness, log.amount, log.stake, log.deactivated) == (
        w,
        12 * TOKEN,
        18 * TOKEN,
        True,
    )
    with boa.env.prank(disputes.address):
        assert registry.slash(w, 100 * TOKEN) == 18 * TOKEN
    (log,) = events(registry, "WitnessSlashed")
    assert (log.amount, log.stake, log.deactivated) == (18 * TOKEN, 0, False)  # already inactive
    assert registry.witness(w).stake == 0
    assert registry.total_staked() == staked - 30 * TOKEN
    assert token.balanceOf(disputes.address) - held == 30 * TOKEN
    assert token.balanceOf(registry.address) == registry.total_staked()


def test_slash__above_the_minimum_stays_active(registry, disputes, plan, world):
    w = world.city_witnesses[1]
    plan.token.mint(w, 20 * TOKEN)
    with boa.env.prank(w):
        plan.token.approve(registry.address, 20 * TOKEN)
        registry.add_stake(20 * TOKEN)
    with boa.env.prank(disputes.address):
        registry.slash(w, 10 * TOKEN)
    assert events(registry, "WitnessSlashed")[0].deactivated is False
    record = registry.witness(w)
    assert (record.stake, record.active) == (40 * TOKEN, True)


def test_slash__by_anyone_else(registry, plan, stranger, world):
    for who in (stranger, plan.claims.address, plan.pool.address):
        with boa.env.prank(who), boa.reverts(NOT_DISPUTES_WITNESSES):
            registry.slash(world.witnesses[0], TOKEN)


def test_ruling_flow__keeps_every_book(disputes, plan, operator, supervisors, noticed, queued):
    """One objection and one report, each ruled, with the books checked after every step."""
    claim_id, _ = noticed()
    check_books(plan)
    object_(disputes, claim_id, supervisors[0])
    check_books(plan)
    rule(disputes, operator, claim_id, False)
    check_books(plan)
    report(disputes, claim_id, supervisors[1])
    check_books(plan)
    rule(disputes, operator, claim_id, True)
    check_books(plan)
