"""A draw costs the same with 10 or 1,000 registered witnesses: nothing in it grows with a list."""

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
ADMISSION = keccak(
    b"WitnessAdmission(address witness,bytes32 commitment,uint32 region,uint256 nonce,"
    b"uint256 deadline)"
)


@contextmanager
def _cold() -> Iterator[None]:
    """Every account and slot cold, as in a transaction of its own: titanoboa otherwise keeps
    what earlier calls touched warm. The outer anchors' access journal is set aside, not reset."""
    db = boa.env.evm.vm.state._account_db
    kept = db._journal_accessed_state
    db._reset_access_counters()
    try:
        yield
    finally:
        db._journal_accessed_state = kept


def _domain(plan) -> bytes:
    return keccak(encode(
        ["bytes32", "bytes32", "bytes32", "uint256", "address"],
        [keccak(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
         keccak(b"lashou Witnesses"), keccak(b"1"), plan.chain_id, plan.witnesses.address],
    ))


def _register_many(plan, first: int, last: int) -> None:
    """Register witnesses first..last in CITY: the attestor signs the EIP-712 digest directly
    (checked against lashou.identity.signing once), to keep a thousand admissions quick."""
    witnesses, token = plan.witnesses, plan.token
    stake = plan.param("witness_stake")
    deadline = boa.env.evm.patch.timestamp + DAY
    domain = _domain(plan)
    attestor = keys.PrivateKey(plan.attestor.private_key)
    for n in range(first, last + 1):
        account = boa.env.generate_address()
        c = commitment(n)
        digest = keccak(b"\x19\x01" + domain + keccak(encode(
            ["bytes32", "address", "bytes32", "uint32", "uint256", "uint256"],
            [ADMISSION, account, c, CITY, 0, deadline],
        )))
        sig = attestor.sign_msg_hash(digest).to_bytes()
        sig = sig[:64] + bytes([sig[64] + 27])
        if n == first:
            assert admit_witness(plan, account, commitment=c, region=CITY, deadline=deadline)[1] == sig
        token.mint(account, stake)
        with boa.env.prank(account):
            token.approve(witnesses.address, stake)
            witnesses.register(c, CITY, deadline, sig, stake)


def _draw_gas(plan, claims, **kwargs) -> list[int]:
    """Gas of a draw for each claim id, every one rolled back so all see the same lists."""
    witnesses = plan.witnesses
    lengths = witnesses.snapshot(CITY)
    used = []
    for claim_id in CLAIM_IDS:
        with _cold(), boa.env.anchor(), boa.env.prank(claims):
            witnesses.draw(claim_id, b"\x07" * 32, CITY, b"\xee" * 32, *lengths, False, [], **kwargs)
            used.append(witnesses._computation.get_gas_used())
    return used


def _worst_gas(plan, claims) -> list[int]:
    """Gas of a draw that finds nobody: everyone lives in the patient's city, outside_city set."""
    witnesses = plan.witnesses
    lengths = witnesses.snapshot(CITY)
    used = []
    for claim_id in CLAIM_IDS:
        with _cold(), boa.env.anchor(), boa.env.prank(claims):
            drawn = witnesses.draw(claim_id, b"\x07" * 32, CITY, b"\xee" * 32, *lengths, True, [])
            assert drawn == "0x0000000000000000000000000000000000000000"
            used.append(witnesses._computation.get_gas_used())
    return used


@pytest.fixture(scope="module")
def measured(plan, claims):
    """Draw gas with FEW, then with MANY witnesses in the city (all rolled back afterwards)."""
    with boa.env.anchor():
        gas = {}
        _register_many(plan, 1, FEW)
        assert plan.witnesses.snapshot(CITY) == (FEW, FEW, FEW)
        gas[FEW] = (_draw_gas(plan, claims), _worst_gas(plan, claims))
        _register_many(plan, FEW + 1, MANY)
        assert plan.witnesses.snapshot(CITY) == (MANY, MANY, MANY)
        gas[MANY] = (_draw_gas(plan, claims), _worst_gas(plan, claims))
    return gas


def test_draw__gas_does_not_grow_with_the_lists(measured):
    (few_found, few_worst), (many_found, many_worst) = measured[FEW], measured[MANY]
    print(f"\ndraw gas, witness found   {FEW:>5}: {few_found}")
    print(f"draw gas, witness found   {MANY:>5}: {many_found}")
    print(f"draw gas, nobody eligible {FEW:>5}: {few_worst}")
    print(f"draw gas, nobody eligible {MANY:>5}: {many_worst}")
    # A witness found at once: the very same work whatever the list lengths.
    assert max(many_found) <= min(few_found) * 1.03
    assert min(many_found) >= max(few_found) * 0.97
    # Nobody eligible: every list is tried a fixed number of times. A short list repeats
    # entries (already warm, so cheaper); a long one reads each once, which is the ceiling.
    assert max(few_worst) <= min(many_worst) * 1.03
    assert max(many_worst) <= min(many_worst) * 1.03
    assert max(many_worst) < 250_000
