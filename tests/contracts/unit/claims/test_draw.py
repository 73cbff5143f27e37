"""Drawing witnesses: the seed block, block-hash expiry, empty slots, the randomness adapter."""

from __future__ import annotations

from pathlib import Path

import boa

from tests.contracts.unit.claims.conftest import (
    CITY,
    DRAWING,
    WITNESSING,
    block_number,
    commitment,
    events,
    mine_past_seed,
    now,
)
from tests.utils.deployers import register_witness

NOT_DRAWING = "claims: claim is not drawing witnesses"
HERE = Path(__file__).parent


def _leave(registry, accounts):
    for account in accounts:
        with boa.env.prank(account):
            registry.unstake()


def test_draw_witnesses__after_the_seed_block(claims, plan, registry, accepted):
    claim_id = accepted()
    mine_past_seed(claims, claim_id)
    claims.draw_witnesses(claim_id)

    assigned = events(claims, "WitnessAssigned")
    deadline = now() + plan.param("witness_period")
    assert [(log.claim_id, log.slot, log.deadline) for log in assigned] == [
        (claim_id, i, deadline) for i in range(3)
    ]
    panel = [str(log.witness) for log in assigned]
    assert len(set(panel)) == 3
    regions = [registry.witness(w).region for w in panel]
    assert regions[0] != CITY and regions[0] // 10_000 == CITY // 10_000  # outside the city
    assert regions[1:] == [CITY, CITY]  # the rest from the city first
    for i, witness in enumerate(panel):
        s = claims.slot(claim_id, i)
        assert (s.witness, s.deadline, s.verdict) == (witness, deadline, 0)
        assert registry.witness(witness).locked_bonds == 1
    c = claims.claim(claim_id)
    assert (c.status, c.seed_block, c.reschedules) == (WITNESSING, 0, 0)


def test_draw_witnesses__at_the_seed_block(claims, accepted):
    claim_id = accepted()
    seed_block = claims.claim(claim_id).seed_block
    boa.env.time_travel(blocks=seed_block - block_number())
    with boa.reverts("claims: seed block not mined yet"):
        claims.draw_witnesses(claim_id)


def test_draw_witnesses__under_review(claims, file):
    claim_id = file()
    with boa.reverts(NOT_DRAWING):
        claims.draw_witnesses(claim_id)


def test_draw_witnesses__twice(claims, drawn):
    claim_id, _ = drawn()
    with boa.reverts(NOT_DRAWING):
        claims.draw_witnesses(claim_id)


def test_draw_witnesses__patient_left(claims, pool, patient, accepted):
    claim_id = accepted()
    mine_past_seed(claims, claim_id)
    with boa.env.prank(patient):
        pool.exit()
    with boa.reverts("claims: patient left the plan: cancel the claim"):
        claims.draw_witnesses(claim_id)


def test_draw_witnesses__hash_still_available_256_blocks_on(claims, accepted):
    claim_id = accepted()
    seed_block = claims.claim(claim_id).seed_block
    boa.env.time_travel(blocks=seed_block + 256 - block_number())
    claims.draw_witnesses(claim_id)
    assert claims.claim(claim_id).status == WITNESSING


def test_draw_witnesses__hash_expired_reschedules(claims, plan, registry, world, accepted):
    claim_id = accepted()
    seed_block = claims.claim(claim_id).seed_block
    boa.env.time_travel(blocks=seed_block + 257 - block_number())
    late = boa.env.generate_address("late-witness")
    register_witness(plan, late, commitment=commitment(900), region=CITY)

    claims.draw_witnesses(claim_id)

    assert events(claims, "WitnessAssigned") == []
    (scheduled,) = events(claims, "DrawScheduled")
    new_seed = block_number() + plan.param("seed_delay")
    assert (scheduled.seed_block, scheduled.reschedules) == (new_seed, 1)
    c = claims.claim(claim_id)
    assert (c.status, c.seed_block, c.reschedules) == (DRAWING, new_seed, 1)
    assert claims.draw_snapshot(claim_id) == registry.snapshot(CITY)  # taken again, now longer
    mine_past_seed(claims, claim_id)
    claims.draw_witnesses(claim_id)
    assert claims.claim(claim_id).status == WITNESSING


def test_draw_witnesses__empty_slot_drawn_again(claims, plan, registry, world, accepted):
    keep_outside, keep_city = world.province_witnesses[0], world.city_witnesses[0]
    _leave(registry, [w for w in world.witnesses if w not in (keep_outside, keep_city)])
    claim_id = accepted()
    mine_past_seed(claims, claim_id)

    claims.draw_witnesses(claim_id)

    assigned = events(claims, "WitnessAssigned")
    assert [(log.slot, log.witness) for log in assigned] == [(0, keep_outside), (1, keep_city)]
    first_deadline = assigned[0].deadline
    (scheduled,) = events(claims, "DrawScheduled")
    assert scheduled.reschedules == 1
    assert claims.claim(claim_id).status == DRAWING
    assert claims.slot(claim_id, 2).witness == boa.eval("empty(address)")

    # a witness assigned while another slot waits can already report
    with boa.env.prank(keep_outside):
        claims.report(claim_id, True, b"\x01" * 32)

    # a witness registered after the snapshot cannot be drawn by this schedule
    newcomer = boa.env.generate_address("newcomer-witness")
    register_witness(plan, newcomer, commitment=commitment(901), region=CITY)
    mine_past_seed(claims, claim_id)
    claims.draw_witnesses(claim_id)
    assert events(claims, "WitnessAssigned") == []
    assert claims.claim(claim_id).reschedules == 2

    # the next schedule's snapshot includes it
    mine_past_seed(claims, claim_id)
    claims.draw_witnesses(claim_id)
    (log,) = events(claims, "WitnessAssigned")
    assert (log.slot, log.witness, log.deadline) == (
        2,
        newcomer,
        now() + plan.param("witness_period"),
    )
    assert claims.slot(claim_id, 0).deadline == first_deadline  # filled slots keep theirs
    c = claims.claim(claim_id)
    assert (c.status, c.approvals, c.seed_block) == (WITNESSING, 1, 0)


def test_draw_witnesses__never_the_patients_own_commitment(claims, plan, registry, world, accepted):
    _leave(registry, world.city_witnesses)
    own = boa.env.generate_address("patient-as-witness")
    register_witness(plan, own, commitment=world.patient_commitment, region=CITY)
    claim_id = accepted()
    mine_past_seed(claims, claim_id)
    claims.draw_witnesses(claim_id)
    panel = [claims.slot(claim_id, i).witness for i in range(3)]
    assert own not in panel
    assert all(w in world.province_witnesses + world.far_witnesses for w in panel)


def _with_source(plan, ready, word=b"\x99" * 32):
    source = boa.load(str(HERE / "FakeRandomness.vy"))
    source.set_word(ready, word)
    with boa.env.prank(plan.governance):
        plan.config.set_randomness_source(source.address)
    return source


def test_draw_witnesses__randomness_source_not_ready(claims, plan, accepted):
    _with_source(plan, False)
    claim_id = accepted()
    mine_past_seed(claims, claim_id)
    with boa.reverts("claims: randomness not ready"):
        claims.draw_witnesses(claim_id)


def test_draw_witnesses__randomness_source_word(claims, plan, accepted):
    _with_source(plan, True)
    claim_id = accepted()
    boa.env.time_travel(blocks=1_000)  # block hashes no longer matter
    claims.draw_witnesses(claim_id)
    assert events(claims, "DrawScheduled") == []
    assert claims.claim(claim_id).status == WITNESSING


def test_slot__out_of_range(claims, drawn):
    claim_id, panel = drawn()
    assert claims.slot(claim_id, 5).witness == boa.eval("empty(address)")
    with boa.reverts("claims: no such slot"):
        claims.slot(claim_id, 6)
