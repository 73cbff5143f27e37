"""add_stake and unstake: topping up, leaving, bonds, liability and tombstones."""

from __future__ import annotations

import boa

from tests.contracts.unit.witnesses.conftest import CITY, commitment, events, set_record_field
from tests.utils.deployers import DAY, admit_witness, fund


def test_add_stake__active_witness(plan, witnesses, token, register, stake):
    w = register(1)
    fund(plan, w, 500, spender=witnesses.address)
    with boa.env.prank(w):
        witnesses.add_stake(500)
    (log,) = events(witnesses, "StakeAdded")
    assert (log.witness, log.amount, log.stake) == (w, 500, stake + 500)
    assert witnesses.witness(w).stake == stake + 500
    assert token.balanceOf(witnesses.address) == stake + 500 == witnesses.total_staked()


def test_add_stake__up_to_the_widest_stake(plan, witnesses, register, stake):
    w = register(1)
    top_up = 2**128 - 1 - stake
    fund(plan, w, top_up, spender=witnesses.address)
    with boa.env.prank(w):
        witnesses.add_stake(top_up)
    record = witnesses.witness(w)
    assert (record.stake, record.locked_bonds, record.active) == (2**128 - 1, 0, True)
    assert (record.epoch, record.region) == (1, CITY)


def test_add_stake__stake_out_of_range(plan, witnesses, register, stake):
    w = register(1)
    top_up = 2**128 - stake
    fund(plan, w, top_up, spender=witnesses.address)
    with boa.env.prank(w), boa.reverts("witnesses: stake out of range"):
        witnesses.add_stake(top_up)
    assert witnesses.witness(w).stake == stake == witnesses.total_staked()


def test_add_stake__not_a_witness(witnesses, plan, alice):
    fund(plan, alice, 500, spender=witnesses.address)
    with boa.env.prank(alice), boa.reverts("witnesses: not an active witness"):
        witnesses.add_stake(500)


def test_add_stake__deactivated_witness(plan, witnesses, register, draw, claims):
    w = register(1)
    draw()
    with boa.env.prank(claims):
        witnesses.forfeit_silent(w)
    fund(plan, w, 500, spender=witnesses.address)
    with boa.env.prank(w), boa.reverts("witnesses: not an active witness"):
        witnesses.add_stake(500)


def test_add_stake__zero(witnesses, register):
    w = register(1)
    with boa.env.prank(w), boa.reverts("witnesses: amount is zero"):
        witnesses.add_stake(0)


def test_add_stake__without_allowance(plan, witnesses, register):
    w = register(1)
    plan.token.mint(w, 500)
    with boa.env.prank(w):
        plan.token.approve(witnesses.address, 0)
    with boa.env.prank(w), boa.reverts("erc20: insufficient allowance"):
        witnesses.add_stake(500)


def test_unstake__free_witness(witnesses, token, register, stake):
    w = register(1)
    with boa.env.prank(w):
        witnesses.unstake()
    (log,) = events(witnesses, "WitnessLeft")
    assert (log.witness, log.amount) == (w, stake)
    record = witnesses.witness(w)
    assert (record.commitment, record.active, record.stake, record.epoch) == (
        b"\x00" * 32,
        False,
        0,
        1,
    )
    assert witnesses.holder(commitment(1)) == boa.eval("empty(address)")
    assert witnesses.commitment_of(w) == b"\x00" * 32
    assert token.balanceOf(w) == stake
    assert token.balanceOf(witnesses.address) == 0 == witnesses.total_staked()
    # The lists keep the entries, tombstoned.
    assert witnesses.snapshot(CITY) == (1, 1, 1)
    assert witnesses.entry(CITY, 0) == (w, False)


def test_unstake__not_registered(witnesses, alice):
    with boa.env.prank(alice), boa.reverts("witnesses: not registered"):
        witnesses.unstake()


def test_unstake__twice(witnesses, register):
    w = register(1)
    with boa.env.prank(w):
        witnesses.unstake()
    with boa.env.prank(w), boa.reverts("witnesses: not registered"):
        witnesses.unstake()


def test_unstake__bond_locked(witnesses, register, draw, stake):
    w = register(1)
    assert draw() == w
    with boa.env.prank(w), boa.reverts("witnesses: a bond is locked"):
        witnesses.unstake()
    assert witnesses.witness(w).stake == stake


def test_unstake__during_liability(plan, witnesses, register, draw, claims):
    w = register(1)
    draw()
    with boa.env.prank(claims):
        witnesses.release(w)
    liable_until = witnesses.witness(w).liable_until
    assert liable_until == boa.env.evm.patch.timestamp + plan.param("liability_period")
    boa.env.time_travel(seconds=plan.param("liability_period") - 1)
    with boa.env.prank(w), boa.reverts("witnesses: still liable"):
        witnesses.unstake()
    boa.env.time_travel(seconds=1)
    with boa.env.prank(w):
        witnesses.unstake()
    assert witnesses.witness(w).stake == 0


def test_unstake__liability_follows_the_latest_report(plan, witnesses, register, draw, claims):
    w = register(1, amount=3 * plan.param("witness_bond"))
    period = plan.param("liability_period")
    draw(claim_id=1)
    draw(claim_id=2)
    boa.env.time_travel(seconds=10 * DAY)
    with boa.env.prank(claims):
        witnesses.release(w)  # the later report first
    later = witnesses.witness(w).liable_until
    boa.env.time_travel(seconds=-5 * DAY)
    with boa.env.prank(claims):
        witnesses.release(w)  # an earlier liability never shortens it
    (log,) = events(witnesses, "WitnessReleased")
    assert log.liable_until == later == witnesses.witness(w).liable_until
    boa.env.time_travel(seconds=5 * DAY + period - 1)
    with boa.env.prank(w), boa.reverts("witnesses: still liable"):
        witnesses.unstake()


def test_unstake__tombstoned_entries_survive_a_new_registration(
    plan, witnesses, register, draw, stake
):
    w = register(1)
    with boa.env.prank(w):
        witnesses.unstake()
    # Same address, same commitment, new admission: a new epoch and new entries.
    register(1, account=w)
    record = witnesses.witness(w)
    assert (record.epoch, record.active, record.commitment) == (2, True, commitment(1))
    assert witnesses.snapshot(CITY) == (2, 2, 2)
    assert witnesses.entry(CITY, 0) == (w, False)
    assert witnesses.entry(CITY, 1) == (w, True)
    # A claim whose snapshot covers only the old entry never draws the witness again.
    for claim_id in range(1, 30):
        assert draw(claim_id=claim_id, lengths=(1, 1, 1)) == boa.eval("empty(address)")
    assert draw(lengths=(2, 2, 2)) == w


def test_unstake__forfeited_witness_takes_back_the_rest(
    plan, witnesses, token, register, draw, claims, stake
):
    w = register(1)
    draw()
    with boa.env.prank(claims):
        witnesses.forfeit_silent(w)
    forfeit = plan.param("silent_forfeit")
    with boa.env.prank(w):
        witnesses.unstake()
    (log,) = events(witnesses, "WitnessLeft")
    assert log.amount == stake - forfeit
    assert token.balanceOf(w) == stake - forfeit
    assert token.balanceOf(witnesses.address) == 0 == witnesses.total_staked()


def test_register__again_up_to_the_last_epoch(plan, witnesses, register, stake):
    w = register(1)
    with boa.env.prank(w):
        witnesses.unstake()
    # Four billion registrations of one address, short of the last the record can count.
    set_record_field(witnesses, w, "epoch", 2**32 - 2)
    register(1, account=w)
    record = witnesses.witness(w)
    assert (record.epoch, record.active, record.stake) == (2**32 - 1, True, stake)
    assert witnesses.entry(CITY, 1) == (w, True)
    with boa.env.prank(w):
        witnesses.unstake()
    fund(plan, w, stake, spender=witnesses.address)
    fields, sig = admit_witness(plan, w, commitment=commitment(1))
    with boa.env.prank(w), boa.reverts("witnesses: epoch out of range"):
        witnesses.register(*fields, sig, stake)
    assert witnesses.witness(w).epoch == 2**32 - 1


def test_register__again_needs_a_new_admission(plan, witnesses, register, stake):
    w = register(1)
    fields, sig = admit_witness(plan, w, commitment=commitment(1))  # nonce 1
    with boa.env.prank(w):
        witnesses.unstake()
    fund(plan, w, stake, spender=witnesses.address)
    with boa.env.prank(w):
        witnesses.register(*fields, sig, stake)
    assert witnesses.witness(w).epoch == 2
