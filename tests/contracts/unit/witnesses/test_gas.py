"""A draw costs the same with 10 or 200 registered witnesses: nothing in it grows with a list.

The claims drawn for are picked so that, among 200, each try of a draw meets an entry of a
witness no other try met: every read is a first one (cold), the most a draw can cost. Among 10,
tries meet the same witnesses again, which only makes a draw cheaper. So a longer registry
cannot make a draw dearer than the 200 case shows.

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

FEW, MANY = 10, 200
TRIES_PER_LIST = 8  # witness_lists.TRIES_PER_LIST
LIST_TAGS = (1, 2, 3)  # city, province, nationwide
DRAWS = 5
SEED, PATIENT = b"\x07" * 32, b"\xee" * 32
ZERO = "0x0000000000000000000000000000000000000000"
DOMAIN_TYPE = b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
ADMISSION_TYPE = (
    b"WitnessAdmission(address witness,bytes32 commitment,uint32 region,uint256 nonce,"
    b"uint256 deadline)"
)


def _tried(claim_id: int, length: int) -> list[int]:
    """The entries a draw on lists of `length` > TRIES_PER_LIST looks at, every list tried in
    full (as witness_lists._index): all three lists hold the same witnesses in the same order."""
    return [
        int.from_bytes(
            keccak(
                encode(["bytes32", "uint256", "uint8", "uint256"], [SEED, claim_id, tag, attempt])
            ),
            "big",
        )
        % length
        for tag in LIST_TAGS
        for attempt in range(TRIES_PER_LIST)
    ]


# The first claims whose tries all meet different witnesses among MANY: 24 distinct entries.
CLAIM_IDS = [c for c in range(1, 200) if len(set(_tried(c, MANY))) == 24][:DRAWS]


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
    (checked once against lashou.identity.signing) to keep the admissions quick."""
    witnesses, token = plan.witnesses, plan.token
    stake = plan.param("witness_stake")
    deadline = boa.env.evm.patch.timestamp + DAY
    domain = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                keccak(DOMAIN_TYPE),
                keccak(b"lashou Witnesses"),
                keccak(b"1"),
                plan.chain_id,
                witnesses.address,
            ],
        )
    )
    attestor = keys.PrivateKey(plan.attestor.private_key)
    for n in range(first, last + 1):
        account, c = boa.env.generate_address(), commitment(n)
        admission = keccak(
            encode(
                ["bytes32", "address", "bytes32", "uint32", "uint256", "uint256"],
                [keccak(ADMISSION_TYPE), account, c, CITY, 0, deadline],
            )
        )
        v, r, s = attestor.sign_msg_hash(keccak(b"\x19\x01" + domain + admission)).vrs
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([v + 27])
        if n == first:
            _, expected = admit_witness(plan, account, commitment=c, region=CITY, deadline=deadline)
            assert sig == expected
        token.mint(account, stake)
        with boa.env.prank(account):
            token.approve(witnesses.address, stake)
            witnesses.register(c, CITY, deadline, sig, stake)


def _draw_gas(plan, claims, *, outside_city: bool) -> tuple[list[int], list[str]]:
    """Gas of a draw for each claim id, each rolled back so all see the same lists."""
    witnesses = plan.witnesses
    lengths = witnesses.snapshot(CITY)
    used, drawn = [], []
    for claim_id in CLAIM_IDS:
        with _cold(), boa.env.anchor(), boa.env.prank(claims):
            drawn.append(witnesses.draw(claim_id, SEED, CITY, PATIENT, *lengths, outside_city, []))
            used.append(witnesses._computation.get_gas_used())
    return used, drawn


def _without_free_bonds(plan) -> None:
    """Raise the stake and the bond above every registered stake: nobody can take a bond."""
    stake = plan.param("witness_stake")
    with boa.env.prank(plan.governance):
        plan.config.set_parameter("witness_stake", 2 * stake)
        plan.config.set_parameter("witness_bond", 2 * stake)


@pytest.fixture(scope="module")
def measured(plan, claims):
    """Draw gas with FEW, then MANY witnesses in the city (all rolled back afterwards), in
    three cases: `found` at the first try; `outside` the city, where everyone lives (province
    and nationwide lists tried in full); `no bond` free anywhere (all three lists in full)."""
    assert len(CLAIM_IDS) == DRAWS
    gas = {}
    with boa.env.anchor():
        _register_many(plan, 1, FEW)
        for n, last in ((FEW, MANY), (MANY, None)):
            assert plan.witnesses.snapshot(CITY) == (n, n, n)
            gas[n] = {}
            gas[n]["found"], drawn = _draw_gas(plan, claims, outside_city=False)
            assert ZERO not in drawn
            gas[n]["outside"], drawn = _draw_gas(plan, claims, outside_city=True)
            assert set(drawn) == {ZERO}
            with boa.env.anchor():
                _without_free_bonds(plan)
                gas[n]["no bond"], drawn = _draw_gas(plan, claims, outside_city=False)
            assert set(drawn) == {ZERO}
            if last:
                _register_many(plan, n + 1, last)
    return gas


def test_draw__gas_does_not_grow_with_the_lists(measured):
    print()
    for case in ("found", "outside", "no bond"):
        for n in (FEW, MANY):
            print(f"draw gas, {case:<7} among {n:>4} witnesses: {measured[n][case]}")
    few, many = measured[FEW], measured[MANY]
    # A witness found at the first try: the very same work whatever the list lengths.
    assert max(many["found"]) <= min(few["found"]) * 1.03
    assert min(many["found"]) >= max(few["found"]) * 0.97
    # Nobody eligible: each list is tried a fixed number of times. Among MANY every try reads
    # a witness of its own, cold: the ceiling, the same for every claim. Among FEW tries meet
    # witnesses again (warm the second time): never dearer.
    for case in ("outside", "no bond"):
        assert len(set(many[case])) == 1
        assert max(few[case]) <= many[case][0]
    # Three lists in full cost more than two, and even they stay within a fixed budget: each
    # try reads one entry word and one witness word (about 6,400 gas a try, 24 tries).
    assert many["outside"][0] < many["no bond"][0] < 180_000
