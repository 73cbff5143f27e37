"""Replacing silent witnesses: forfeits to the reserve, fresh draws, arbitration after two."""

from __future__ import annotations

import boa

from tests.contracts.unit.claims.conftest import (
    APPROVED,
    ARBITRATION,
    DRAWING,
    RELEASED,
    SILENT,
    WITNESSING,
    events,
    mine_past_seed,
    now,
)

NOT_WITNESSING = "claims: claim is not witnessing"


def _past_deadline(claims, claim_id, index, offset=0):
    boa.env.time_travel(seconds=claims.slot(claim_id, index).deadline - now() + offset)


def _replace(claims, claim_id, index, caller=None):
    with boa.env.prank(caller or boa.env.generate_address("keeper")):
        claims.replace_witness(claim_id, index)


def test_replace_witness__after_the_deadline(claims, plan, pool, registry, world, drawn):
    claim_id, panel = drawn()
    silent = panel[1]
    reserve = pool.reserve()
    stake = registry.witness(silent).stake
    forfeit = plan.param("silent_forfeit")
    _past_deadline(claims, claim_id, 1)

    _replace(claims, claim_id, 1)

    (replaced,) = events(claims, "WitnessReplaced")
    assert (replaced.claim_id, replaced.slot, replaced.witness, replaced.replacements) == (
        claim_id,
        1,
        silent,
        1,
    )
    (assigned,) = events(claims, "WitnessAssigned")
    deadline = now() + plan.param("witness_period")
    replacement = str(assigned.witness)
    assert (assigned.slot, assigned.deadline) == (1, deadline)
    assert replacement not in panel
    # the replacement comes from the province, outside the patient's city
    assert registry.witness(replacement).region in {
        registry.witness(w).region for w in world.province_witnesses
    }
    s = claims.slot(claim_id, 1)
    assert (s.witness, s.deadline, s.verdict) == (replacement, deadline, 0)
    c = claims.claim(claim_id)
    assert (c.status, c.replacements) == (WITNESSING, 1)
    assert claims.replaced(claim_id, 0) == silent
    # the forfeit reached the pool's reserve and the silent witness is out
    assert pool.reserve() == reserve + forfeit
    assert registry.witness(silent).stake == stake - forfeit
    assert not registry.witness(silent).active
    assert registry.witness(silent).locked_bonds == 0
    assert pool.accounted() == plan.token.balanceOf(pool.address)


def test_replace_witness__before_the_deadline(claims, drawn):
    claim_id, _ = drawn()
    _past_deadline(claims, claim_id, 1, -1)
    with boa.reverts("claims: reporting deadline not passed"):
        _replace(claims, claim_id, 1)


def test_replace_witness__who_reported(claims, drawn):
    claim_id, panel = drawn()
    with boa.env.prank(panel[1]):
        claims.report(claim_id, True, b"\xaa" * 32)
    _past_deadline(claims, claim_id, 1)
    with boa.reverts("claims: witness already reported"):
        _replace(claims, claim_id, 1)


def test_replace_witness__slot_outside_the_panel(claims, drawn):
    claim_id, _ = drawn()
    _past_deadline(claims, claim_id, 0)
    with boa.reverts("claims: slot is not in the current panel"):
        _replace(claims, claim_id, 3)


def test_replace_witness__empty_slot(claims, world, registry, accepted):
    keep_outside, keep_city = world.province_witnesses[0], world.city_witnesses[0]
    for w in world.witnesses:
        if w not in (keep_outside, keep_city):
            with boa.env.prank(w):
                registry.unstake()
    claim_id = accepted()
    mine_past_seed(claims, claim_id)
    claims.draw_witnesses(claim_id)  # slot 2 stays empty
    _past_deadline(claims, claim_id, 0)
    with boa.reverts("claims: slot is empty"):
        _replace(claims, claim_id, 2)


def test_replace_witness__under_review(claims, file):
    claim_id = file()
    with boa.reverts(NOT_WITNESSING):
        _replace(claims, claim_id, 0)


def test_replace_witness__under_notice(claims, noticed):
    claim_id, _ = noticed()
    _past_deadline(claims, claim_id, 0)
    with boa.reverts(NOT_WITNESSING):
        _replace(claims, claim_id, 0)


def test_replace_witness__patient_left(claims, pool, patient, drawn):
    claim_id, _ = drawn()
    _past_deadline(claims, claim_id, 0)
    with boa.env.prank(patient):
        pool.exit()
    with boa.reverts("claims: patient left the plan: cancel the claim"):
        _replace(claims, claim_id, 0)


def test_replace_witness__third_silence_goes_to_arbitration(claims, plan, pool, registry, drawn):
    claim_id, panel = drawn()
    with boa.env.prank(panel[0]):
        claims.report(claim_id, True, b"\xaa" * 32)
    silent = [panel[2]]
    for _ in range(2):
        _past_deadline(claims, claim_id, 2)
        _replace(claims, claim_id, 2)
        silent.append(str(claims.slot(claim_id, 2).witness))
    assert claims.claim(claim_id).replacements == 2
    reserve = pool.reserve()
    _past_deadline(claims, claim_id, 2)

    _replace(claims, claim_id, 2)

    assert events(claims, "WitnessReplaced") == []
    (opened,) = events(claims, "ArbitrationOpened")
    assert opened.ends_at == now() + plan.param("arbitration_period")
    (released,) = events(claims, "WitnessDismissed")
    assert (released.slot, released.witness) == (1, panel[1])  # also silent, but let go
    c = claims.claim(claim_id)
    assert (c.status, c.replacements) == (ARBITRATION, 2)
    assert [claims.slot(claim_id, i).verdict for i in range(3)] == [APPROVED, RELEASED, SILENT]
    assert claims.slot(claim_id, 2).witness == silent[2]
    assert [claims.replaced(claim_id, i) for i in range(2)] == silent[:2]
    assert pool.reserve() == reserve + plan.param("silent_forfeit")
    assert registry.witness(panel[1]).active and registry.witness(panel[1]).locked_bonds == 0
    assert pool.fee_owed(panel[1]) == 0
    assert not registry.witness(silent[2]).active


def test_replace_witness__nobody_to_draw_schedules_a_draw(claims, plan, registry, world, drawn):
    claim_id, panel = drawn()
    # nobody outside the patient's city is left but the panel's own slot-0 witness
    for w in world.province_witnesses + world.far_witnesses:
        if w != panel[0]:
            with boa.env.prank(w):
                registry.unstake()
    _past_deadline(claims, claim_id, 1)

    _replace(claims, claim_id, 1)

    assert events(claims, "WitnessAssigned") == []
    (scheduled,) = events(claims, "DrawScheduled")
    assert scheduled.reschedules == 1
    c = claims.claim(claim_id)
    assert (c.status, c.replacements) == (DRAWING, 1)
    assert claims.slot(claim_id, 1).witness == boa.eval("empty(address)")

    # the scheduled draw fills slot 1 from the city, never with the silent witness
    mine_past_seed(claims, claim_id)
    claims.draw_witnesses(claim_id)
    (assigned,) = events(claims, "WitnessAssigned")
    assert assigned.slot == 1
    assert str(assigned.witness) not in panel
    assert claims.claim(claim_id).status == WITNESSING
