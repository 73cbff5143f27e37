"""Views for pages and the Claims contract: snapshot, commitment_of, entry, free_bonds."""

from __future__ import annotations

import boa

from tests.contracts.unit.witnesses.conftest import (
    CITY,
    OTHER_PROVINCE_CITY,
    SAME_PROVINCE_CITY,
    commitment,
)

ZERO = "0x0000000000000000000000000000000000000000"


def test_snapshot__lengths_by_region(witnesses, register):
    register(1, CITY)
    register(2, CITY)
    register(3, SAME_PROVINCE_CITY)
    register(4, OTHER_PROVINCE_CITY)
    assert witnesses.snapshot(CITY) == (2, 3, 4)
    assert witnesses.snapshot(SAME_PROVINCE_CITY) == (1, 3, 4)
    assert witnesses.snapshot(OTHER_PROVINCE_CITY) == (1, 1, 4)
    assert witnesses.list_length(31) == 1


def test_snapshot__nobody_yet(witnesses):
    assert witnesses.snapshot(CITY) == (0, 0, 0)


def test_commitment_of__registered(witnesses, register):
    w = register(5)
    assert witnesses.commitment_of(w) == commitment(5)


def test_commitment_of__never_registered(witnesses, alice):
    assert witnesses.commitment_of(alice) == b"\x00" * 32


def test_entry__past_the_end(witnesses, register):
    w = register(1)
    assert witnesses.entry(0, 0) == (w, True)
    assert witnesses.entry(0, 1) == (ZERO, False)


def test_free_bonds__active_witness(witnesses, register, stake, bond):
    w = register(1, amount=stake + bond // 2)
    assert witnesses.free_bonds(w) == stake // bond


def test_free_bonds__not_active(witnesses, register, alice):
    w = register(1)
    with boa.env.prank(w):
        witnesses.unstake()
    assert witnesses.free_bonds(w) == 0
    assert witnesses.free_bonds(alice) == 0
