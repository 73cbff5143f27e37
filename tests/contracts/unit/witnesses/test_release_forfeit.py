"""release and forfeit_silent: unlocking bonds, liability and the silent forfeit to the reserve."""

from __future__ import annotations

import boa

from tests.contracts.unit.witnesses.conftest import commitment, events
from tests.utils.deployers import TOKEN


def test_release__reported_on_time(plan, witnesses, register, draw, claims):
    w = register(1)
    draw()
    with boa.env.prank(claims):
        witnesses.release(w)
    until = boa.env.evm.patch.timestamp + plan.param("liability_period")
    (log,) = events(witnesses, "WitnessReleased")
    assert (log.witness, log.liable_until) == (w, until)
    record = witnesses.witness(w)
    assert (record.locked_bonds, record.liable_until, record.active) == (0, until, True)


def test_release__liability_end_clamped(plan, witnesses, register, draw, claims, stake):
    # Config does not bound the period; the record holds 40 bits of seconds (year 36,812).
    with boa.env.prank(plan.governance):
        plan.config.set_parameter("liability_period", 2**64)
    w = register(1)
    draw()
    with boa.env.prank(claims):
        witnesses.release(w)
    (log,) = events(witnesses, "WitnessReleased")
    assert log.liable_until == 2**40 - 1
    record = witnesses.witness(w)
    assert (record.liable_until, record.locked_bonds, record.stake) == (2**40 - 1, 0, stake)
    assert (record.epoch, record.active) == (1, True)
    boa.env.time_travel(seconds=100 * 365 * 86_400)
    with boa.env.prank(w), boa.reverts("witnesses: still liable"):
        witnesses.unstake()


def test_release__no_bond_locked(witnesses, register, claims, alice):
    w = register(1)
    for account in (w, alice):
        with boa.env.prank(claims), boa.reverts("witnesses: no bond is locked"):
            witnesses.release(account)
    assert witnesses.witness(w).liable_until == 0


def test_release__one_bond_at_a_time(witnesses, register, draw, claims):
    w = register(1)
    draw(claim_id=1)
    draw(claim_id=2)
    with boa.env.prank(claims):
        witnesses.release(w)
    assert witnesses.witness(w).locked_bonds == 1
    with boa.env.prank(claims):
        witnesses.release(w)
    with boa.env.prank(claims), boa.reverts("witnesses: no bond is locked"):
        witnesses.release(w)


def test_forfeit_silent__to_the_reserve(plan, witnesses, token, register, draw, claims, stake):
    pool = plan.pool
    forfeit = plan.param("silent_forfeit")
    reserve, pool_balance = pool.reserve(), token.balanceOf(pool.address)
    w = register(1)
    draw()
    with boa.env.prank(claims):
        witnesses.forfeit_silent(w)
    (log,) = events(witnesses, "WitnessForfeited")
    assert (log.witness, log.amount) == (w, forfeit)
    (credit,) = events(witnesses, "ReserveCredited")  # emitted by the pool
    assert (credit.source, credit.amount) == (witnesses.address, forfeit)
    assert pool.reserve() == reserve + forfeit
    assert token.balanceOf(pool.address) == pool_balance + forfeit
    record = witnesses.witness(w)
    assert (record.active, record.stake, record.locked_bonds) == (False, stake - forfeit, 0)
    # Deactivated, not gone: it keeps its commitment until it takes the rest back.
    assert witnesses.holder(commitment(1)) == w
    assert token.balanceOf(witnesses.address) == stake - forfeit == witnesses.total_staked()


def test_forfeit_silent__no_bond_locked(witnesses, register, claims, stake):
    w = register(1)
    with boa.env.prank(claims), boa.reverts("witnesses: no bond is locked"):
        witnesses.forfeit_silent(w)
    assert witnesses.witness(w).stake == stake
    assert witnesses.witness(w).active


def test_forfeit_silent__other_bonds_stay_locked(plan, witnesses, register, draw, claims, stake):
    w = register(1)
    draw(claim_id=1)
    draw(claim_id=2)
    with boa.env.prank(claims):
        witnesses.forfeit_silent(w)
    assert witnesses.witness(w).locked_bonds == 1
    with boa.env.prank(w), boa.reverts("witnesses: a bond is locked"):
        witnesses.unstake()
    # Its report on the other claim still counts, and keeps it liable.
    with boa.env.prank(claims):
        witnesses.release(w)
    boa.env.time_travel(seconds=plan.param("liability_period"))
    with boa.env.prank(w):
        witnesses.unstake()
    assert plan.token.balanceOf(w) == stake - plan.param("silent_forfeit")


def test_forfeit_silent__never_more_than_the_stake(plan, witnesses, token, register, draw, claims):
    # A small stake locked under small parameters, then governance raises the forfeit above it.
    small = 400 * TOKEN
    with boa.env.prank(plan.governance):
        plan.config.set_parameter("silent_forfeit", small)
        plan.config.set_parameter("witness_bond", small)
        plan.config.set_parameter("witness_stake", small)
    w = register(1)
    draw()
    with boa.env.prank(plan.governance):
        plan.config.set_parameter("witness_stake", 1_000 * TOKEN)
        plan.config.set_parameter("witness_bond", 1_000 * TOKEN)
        plan.config.set_parameter("silent_forfeit", 1_000 * TOKEN)
    reserve = plan.pool.reserve()
    with boa.env.prank(claims):
        witnesses.forfeit_silent(w)
    (log,) = events(witnesses, "WitnessForfeited")
    assert log.amount == small
    assert plan.pool.reserve() == reserve + small
    assert witnesses.witness(w).stake == 0 == token.balanceOf(witnesses.address)
    # Nothing left, but leaving still frees the commitment.
    with boa.env.prank(w):
        witnesses.unstake()
    (left,) = events(witnesses, "WitnessLeft")
    assert left.amount == 0
    assert witnesses.holder(commitment(1)) == boa.eval("empty(address)")


def test_dismiss__unlocks_without_liability(witnesses, register, draw, claims):
    w = register(1)
    draw()
    with boa.env.prank(claims):
        witnesses.dismiss(w)
    (log,) = events(witnesses, "WitnessExcused")
    assert log.witness == w
    record = witnesses.witness(w)
    assert (record.locked_bonds, record.liable_until, record.active) == (0, 0, True)
    with boa.env.prank(w):
        witnesses.unstake()  # nothing certified, nothing to answer for
    assert not witnesses.witness(w).active


def test_dismiss__no_bond_locked(witnesses, register, claims):
    w = register(1)
    with boa.env.prank(claims), boa.reverts("witnesses: no bond is locked"):
        witnesses.dismiss(w)
