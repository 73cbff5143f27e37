"""A draw costs the same with 10 or 1,000 registered witnesses: nothing in it grows with a list.

Gas is execution gas with every account and slot cold, as in a transaction of its own, and is
printed; nothing is timed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import boa
import pytest
from eth_abi import encode
from eth_keys import keys
from eth_utils import keccak

from tests.contracts.unit.witnesses.conftest import CITY, commitment
from tests.utils.deployers import DAY, admit_witness

FEW, MANY = 10, 1_000
CLAIM_IDS = range(1, 6)
SEED, PATIENT = b"\x07" * 32, b"\xee" * 32
ZERO = "0x0000000000000000000000000000000000000000"
DOMAIN_TYPE = b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
ADMISSION_TYPE = (
    b"WitnessAdmission(address witness,bytes32 commitment,uint32 region,uint256 nonce,"
    b"uint256 deadline)"
)


@contextmanager
def _cold() -> Iterator[None]:
    """Every account and slot cold: titanoboa otherwise keeps warm whatever earlier calls
    touched. The enclosing anchors' access journal is set aside and restored, not reset."""
    accounts = boa.env.evm.vm.state._account_db
    kept = accounts._journal_accessed_state
    accounts._reset_access_counters()
    try:
        yield
    finally:
        accounts._journal_accessed_state = kept


def _register_many(plan, first: int, last: int) -> None:
    """Register witnesses first..last in CITY. The attestor signs the EIP-712 digest directly
    (checked once against lashou.identity.signing) to keep a thousand admissions quick."""
    witnesses, token = plan.witnesses, plan.token
    stake = plan.param("witness_stake")
    deadline = boa.env.evm.patch.timestamp + DAY
    domain = keccak(encode(
        ["bytes32", "bytes32", "bytes32", "uint256", "address"],
        [keccak(DOMAIN_TYPE), keccak(b"lashou Witnesses"), keccak(b"1"), plan.chain_id,
         witnesses.address],
    ))
    attestor = keys.PrivateKey(plan.attestor.private_key)
    for n in range(first, last + 1):
        account, c = boa.env.generate_address(), commitment(n)
        admission = keccak(encode(
            ["bytes32", "address", "bytes32", "uint32", "uint256", "uint256"],
            [keccak(ADMISSION_TYPE), account, c, CITY, 0, deadline],
        ))
        v, r, s = attestor.sign_msg_hash(keccak(b"\x19\x01" + domain + admission)).vrs
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([v + 27])
        if n == first:
            _, expected = admit_witness(plan, account, commitment=c, region=CITY, deadline=deadline)
            assert sig == expected
        token.mint(account, stake)
        with boa.env.prank(account):
            token.approve(witnesses.address, stake)
            witnesses.register(c, CITY, deadline, sig, stake)


def _draw_gas(plan, claims, *, outside_city: bool) -> list[int]:
    """Gas of a draw for each claim id, each rolled back so all see the same lists."""
    witnesses = plan.witnesses
    lengths = witnesses.snapshot(CITY)
    used = []
    for claim_id in CLAIM_IDS:
        with _cold(), boa.env.anchor(), boa.env.prank(claims):
            drawn = witnesses.draw(claim_id, SEED, CITY, PATIENT, *lengths, outside_city, [])
            used.append(witnesses._computation.get_gas_used())
        # Everyone lives in the patient's city: outside it, nobody is eligible.
        assert (drawn == ZERO) == outside_city
    return used


@pytest.fixture(scope="module")
def measured(plan, claims):
    """Draw gas with FEW, then MANY witnesses in the city (all rolled back afterwards)."""
    gas = {}
    with boa.env.anchor():
        _register_many(plan, 1, FEW)
        for n, last in ((FEW, MANY), (MANY, None)):
            assert plan.witnesses.snapshot(CITY) == (n, n, n)
            gas[n] = {
                "found": _draw_gas(plan, claims, outside_city=False),
                "nobody": _draw_gas(plan, claims, outside_city=True),
            }
            if last:
                _register_many(plan, n + 1, last)
    return gas


def test_draw__gas_does_not_grow_with_the_lists(measured):
    print()
    for case in ("found", "nobody"):
        for n in (FEW, MANY):
            print(f"draw gas, {case:<6} among {n:>5} witnesses: {measured[n][case]}")
    few, many = measured[FEW], measured[MANY]
    # A witness found at the first try: the very same work whatever the list lengths.
    assert max(many["found"]) <= min(few["found"]) * 1.03
    assert min(many["found"]) >= max(few["found"]) * 0.97
    # Nobody eligible: each list is tried a fixed number of times. A short list repeats
    # entries (warm the second time, so cheaper); a long one reads each once: the ceiling.
    assert max(few["nobody"]) <= min(many["nobody"]) * 1.03
    assert max(many["nobody"]) <= min(many["nobody"]) * 1.03
    assert max(many["nobody"]) < 250_000
