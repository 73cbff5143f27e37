"""draw: which lists, which entries, who is eligible, and the bond it locks."""

from __future__ import annotations

import boa
import pytest
from eth_abi import encode
from eth_utils import keccak

from tests.contracts.unit.witnesses.conftest import (
    CITY,
    OTHER_PROVINCE_CITY,
    SAME_PROVINCE_CITY,
    commitment,
    events,
    set_record_field,
)

ZERO = "0x0000000000000000000000000000000000000000"
SEED = b"\x07" * 32
CLAIMS_SEEN = range(1, 41)  # enough claims for a wrong draw to show up


def _index(claim_id: int, tag: int, attempt: int, length: int) -> int:
    types = ["bytes32", "uint256", "uint8", "uint256"]
    word = keccak(encode(types, [SEED, claim_id, tag, attempt]))
    return int.from_bytes(word, "big") % length


def test_draw__city_first(witnesses, register, draw):
    register(1, OTHER_PROVINCE_CITY)
    register(2, SAME_PROVINCE_CITY)
    local = register(3, CITY)
    assert draw(claim_id=9) == local
    (log,) = events(witnesses, "WitnessDrawn")
    assert (log.claim_id, log.witness, log.list_tag) == (9, local, 1)
    assert witnesses.witness(local).locked_bonds == 1


def test_draw__province_when_the_city_has_nobody(witnesses, register, draw):
    register(1, OTHER_PROVINCE_CITY)
    neighbour = register(2, SAME_PROVINCE_CITY)
    assert draw() == neighbour
    (log,) = events(witnesses, "WitnessDrawn")
    assert log.list_tag == 2


def test_draw__nationwide_when_the_province_has_nobody(witnesses, register, draw):
    far = register(1, OTHER_PROVINCE_CITY)
    assert draw() == far
    (log,) = events(witnesses, "WitnessDrawn")
    assert log.list_tag == 3


def test_draw__nobody_registered(witnesses, draw):
    assert draw() == ZERO
    assert events(witnesses, "WitnessDrawn") == []


def test_draw__nobody_eligible(witnesses, register, draw):
    ws = [register(n, region) for n, region in enumerate((CITY, SAME_PROVINCE_CITY), start=1)]
    assert draw(exclude=ws) == ZERO
    assert events(witnesses, "WitnessDrawn") == []
    assert [witnesses.witness(w).locked_bonds for w in ws] == [0, 0]


def test_draw__full_bond_count(witnesses, register, draw, claims, bond):
    w = register(1, amount=2**16 * bond)  # stake enough for every bond the count can hold
    # Thousands of assignments open, one short of the 16 bits the record counts them in.
    set_record_field(witnesses, w, "locked_bonds", 2**16 - 2)
    assert witnesses.free_bonds(w) == 1
    assert draw(claim_id=1) == w
    record = witnesses.witness(w)
    assert (record.locked_bonds, record.liable_until, record.stake) == (2**16 - 1, 0, 2**16 * bond)
    assert witnesses.free_bonds(w) == 0  # one more bond's stake is free, but not the count
    # Full: passed over like a witness without a free bond; the draw itself goes on.
    assert draw(claim_id=2) == ZERO
    assert events(witnesses, "WitnessDrawn") == []
    with boa.env.prank(claims):
        witnesses.release(w)
    assert draw(claim_id=3) == w


def test_draw__index_from_the_seed(witnesses, register, draw):
    city = [register(n) for n in range(1, 21)]  # longer than the tries: hashed indices
    for claim_id in (1, 2, 3):
        with boa.env.anchor():
            assert draw(claim_id=claim_id) == city[_index(claim_id, 1, 0, 20)]


def test_draw__spreads_over_the_list(register, draw):
    city = [register(n) for n in range(1, 21)]
    drawn = set()
    for claim_id in CLAIMS_SEEN:
        with boa.env.anchor():
            drawn.add(draw(claim_id=claim_id))
    assert drawn <= set(city)
    assert len(drawn) >= 10


def test_draw__short_list_is_scanned_whole(witnesses, register, draw):
    city = [register(n) for n in range(1, 9)]  # as long as the tries
    for claim_id in CLAIMS_SEEN:
        # Only the last one is eligible: a short list is scanned whole, so it is always found.
        with boa.env.anchor():
            assert draw(claim_id=claim_id, exclude=city[:-1]) == city[-1]


def test_draw__outside_city(register, draw):
    city = [register(n, CITY) for n in range(1, 4)]
    neighbour = register(10, SAME_PROVINCE_CITY)
    far = register(11, OTHER_PROVINCE_CITY)
    for claim_id in CLAIMS_SEEN:
        with boa.env.anchor():
            drawn = draw(claim_id=claim_id, outside_city=True)
            assert drawn in (neighbour, far)
            assert drawn not in city
    assert draw(outside_city=False) in city


def test_draw__outside_city_falls_back_to_nationwide_outside_the_city(witnesses, register, draw):
    for n in range(1, 4):
        register(n, CITY)
    far = register(11, OTHER_PROVINCE_CITY)
    for claim_id in CLAIMS_SEEN:
        with boa.env.anchor():
            assert draw(claim_id=claim_id, outside_city=True) == far
            (log,) = events(witnesses, "WitnessDrawn")
            assert log.list_tag == 3


def test_draw__outside_city_with_only_the_city(register, draw):
    for n in range(1, 4):
        register(n, CITY)
    assert draw(outside_city=True) == ZERO


def test_draw__exclusion(register, draw):
    city = [register(n) for n in range(1, 4)]
    neighbour = register(10, SAME_PROVINCE_CITY)
    for claim_id in CLAIMS_SEEN:
        with boa.env.anchor():
            assert draw(claim_id=claim_id, exclude=city[:2]) == city[2]
    assert draw(exclude=city) == neighbour
    assert draw(exclude=[*city, neighbour]) == ZERO


def test_draw__never_the_patient(register, draw):
    patient_witness = register(42)
    other = register(43)
    for claim_id in CLAIMS_SEEN:
        with boa.env.anchor():
            assert draw(claim_id=claim_id, patient=commitment(42)) == other
    assert draw(patient=commitment(43)) == patient_witness


def test_draw__patient_is_the_only_witness(register, draw):
    register(42)
    assert draw(patient=commitment(42)) == ZERO


def test_draw__snapshot_bound(witnesses, register, draw):
    early = register(1)
    lengths = witnesses.snapshot(CITY)
    late = [register(n) for n in range(2, 12)]
    for claim_id in CLAIMS_SEEN:
        with boa.env.anchor():
            assert draw(claim_id=claim_id, lengths=lengths) == early
    assert draw(lengths=lengths, exclude=[early]) == ZERO
    assert draw(exclude=[early]) in late


def test_draw__lengths_past_the_lists(register, draw):
    only = register(1)
    assert draw(lengths=(1_000, 1_000, 1_000)) == only


def test_draw__tombstoned_never_drawn(witnesses, register, draw):
    gone = register(1)
    stays = register(2)
    with boa.env.prank(gone):
        witnesses.unstake()
    for claim_id in CLAIMS_SEEN:
        with boa.env.anchor():
            assert draw(claim_id=claim_id) == stays
    assert draw(exclude=[stays]) == ZERO


def test_draw__forfeited_never_drawn(witnesses, register, draw, claims):
    silent = register(1)
    draw()
    with boa.env.prank(claims):
        witnesses.forfeit_silent(silent)
    assert draw() == ZERO


def test_draw__locks_one_bond_per_assignment(plan, witnesses, register, draw, stake, bond):
    assert stake == 3 * bond
    w = register(1)
    for claim_id in (1, 2, 3):
        assert draw(claim_id=claim_id) == w
    assert witnesses.witness(w).locked_bonds == 3
    assert witnesses.free_bonds(w) == 0
    assert draw(claim_id=4) == ZERO
    with boa.env.prank(witnesses.claims()):
        witnesses.release(w)
    assert witnesses.free_bonds(w) == 1
    assert draw(claim_id=4) == w


@pytest.mark.parametrize("extra", [0, 1])
def test_draw__free_stake_must_cover_a_bond(witnesses, register, draw, bond, stake, extra):
    w = register(1, amount=stake + bond - 1 + extra)  # 3 bonds plus (almost) a fourth
    for claim_id in (1, 2, 3):
        assert draw(claim_id=claim_id) == w
    assert draw(claim_id=4) == (w if extra else ZERO)
