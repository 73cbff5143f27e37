"""register: admission signatures, one witness per commitment, the stake and the lists."""

from __future__ import annotations

from pathlib import Path

import boa
import pytest

from tests.contracts.unit.witnesses.conftest import CITY, commitment, events
from tests.utils.deployers import DAY, Key, admit_witness, fund, load

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


@pytest.fixture
def funded(plan, alice, stake):
    fund(plan, alice, 10 * stake, spender=plan.witnesses.address)
    return alice


def _register(plan, account, fields, sig, amount):
    with boa.env.prank(account):
        plan.witnesses.register(*fields, sig, amount)


def test_register__identity_banned_for_fraud(plan, funded, stake):
    c = commitment(7)
    with boa.env.prank(plan.disputes.address):
        plan.pool.bar(c)
    fields, sig = admit_witness(plan, funded, commitment=c, region=CITY)
    with boa.reverts("witnesses: identity banned for fraud"):
        _register(plan, funded, fields, sig, stake)


def test_register__identity_that_received_a_benefit(plan, funded, stake):
    """A benefit bars the identity from joining again, not from witnessing."""
    c = commitment(7)
    with boa.env.prank(plan.claims.address):
        plan.pool.claim_in_notice(1)
        plan.pool.queue_claim(1, funded, 1, c)
    fields, sig = admit_witness(plan, funded, commitment=c, region=CITY)
    _register(plan, funded, fields, sig, stake)
    assert plan.witnesses.holder(c) == funded


def test_register__admitted(plan, witnesses, token, funded, stake):
    c = commitment(7)
    fields, sig = admit_witness(plan, funded, commitment=c, region=CITY)
    _register(plan, funded, fields, sig, stake)

    (log,) = events(witnesses, "WitnessRegistered")
    assert (log.witness, log.commitment, log.province, log.stake) == (funded, c, 11, stake)
    record = witnesses.witness(funded)
    assert (record.commitment, record.region, record.epoch, record.active) == (c, CITY, 1, True)
    assert (record.stake, record.locked_bonds, record.liable_until) == (stake, 0, 0)
    assert witnesses.commitment_of(funded) == c
    assert witnesses.holder(c) == funded
    assert witnesses.nonces(funded) == 1
    assert witnesses.snapshot(CITY) == (1, 1, 1)
    for key in (CITY, 11, 0):
        assert witnesses.list_length(key) == 1
        assert witnesses.entry(key, 0) == (funded, True)
    assert token.balanceOf(witnesses.address) == stake == witnesses.total_staked()
    assert token.balanceOf(funded) == 9 * stake


def test_register__stake_above_minimum(plan, witnesses, funded, stake):
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    _register(plan, funded, fields, sig, 2 * stake + 1)
    assert witnesses.witness(funded).stake == 2 * stake + 1 == witnesses.total_staked()


def test_register__widest_stake(plan, witnesses, alice):
    widest = 2**128 - 1
    fund(plan, alice, widest, spender=witnesses.address)
    fields, sig = admit_witness(plan, alice, commitment=commitment(7), region=999_999)
    _register(plan, alice, fields, sig, widest)
    record = witnesses.witness(alice)
    # Every bit of the stake kept, none spilt into the fields packed beside it.
    assert (record.stake, record.locked_bonds, record.liable_until) == (widest, 0, 0)
    assert (record.epoch, record.region, record.active) == (1, 999_999, True)
    assert witnesses.total_staked() == widest == plan.token.balanceOf(witnesses.address)


def test_register__stake_out_of_range(plan, witnesses, alice):
    fund(plan, alice, 2**128, spender=witnesses.address)
    fields, sig = admit_witness(plan, alice, commitment=commitment(7))
    with boa.reverts("witnesses: stake out of range"):
        _register(plan, alice, fields, sig, 2**128)
    assert witnesses.nonces(alice) == 0
    assert witnesses.total_staked() == 0


def test_register__stake_too_small(plan, witnesses, funded, stake):
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    with boa.reverts("witnesses: stake too small"):
        _register(plan, funded, fields, sig, stake - 1)
    assert witnesses.nonces(funded) == 0


def test_register__without_allowance(plan, witnesses, alice, stake):
    plan.token.mint(alice, stake)
    fields, sig = admit_witness(plan, alice, commitment=commitment(7))
    with boa.reverts("erc20: insufficient allowance"):
        _register(plan, alice, fields, sig, stake)


def test_register__fee_taking_token(plan, alice, stake):
    fee_token = boa.load(str(Path(__file__).with_name("FeeToken.vy")))
    registry = load("Witnesses", fee_token.address, plan.config.address, plan.pool.address)
    fee_token.mint(alice, stake)
    fields, sig = admit_witness(plan, alice, commitment=commitment(7), registry=registry.address)
    with boa.env.prank(alice), boa.reverts("witnesses: token took a fee"):
        registry.register(*fields, sig, stake)


def test_register__deadline_now(plan, witnesses, funded, stake):
    now = boa.env.evm.patch.timestamp
    fields, sig = admit_witness(plan, funded, commitment=commitment(7), deadline=now)
    _register(plan, funded, fields, sig, stake)
    assert witnesses.witness(funded).active


def test_register__expired(plan, witnesses, funded, stake):
    now = boa.env.evm.patch.timestamp
    fields, sig = admit_witness(plan, funded, commitment=commitment(7), deadline=now + DAY)
    boa.env.time_travel(seconds=DAY + 1)
    with boa.reverts("witnesses: admission expired"):
        _register(plan, funded, fields, sig, stake)


def test_register__replayed(plan, witnesses, funded, stake):
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    _register(plan, funded, fields, sig, stake)
    with boa.env.prank(funded):
        witnesses.unstake()
    with boa.reverts("witnesses: not signed by the attestor"):
        _register(plan, funded, fields, sig, stake)
    assert not witnesses.witness(funded).active


@pytest.mark.parametrize(
    "tamper",
    ["wrong_chain", "wrong_contract", "wrong_key", "other_witness", "other_region", "old_nonce"],
)
def test_register__signature_for_something_else(plan, witnesses, funded, stake, tamper):
    c = commitment(7)
    kwargs: dict = {}
    signed_for = funded
    if tamper == "wrong_chain":
        kwargs["chain_id"] = plan.chain_id + 1
    elif tamper == "wrong_contract":
        kwargs["registry"] = plan.pool.address
    elif tamper == "wrong_key":
        kwargs["key"] = Key.new()
    elif tamper == "other_witness":
        signed_for = boa.env.generate_address("someone else")
    elif tamper == "other_region":
        kwargs["region"] = CITY + 1
    elif tamper == "old_nonce":
        kwargs["nonce"] = 1
    fields, sig = admit_witness(plan, signed_for, commitment=c, **kwargs)
    if tamper == "other_region":
        fields = (c, CITY, fields[2])
    with boa.reverts("witnesses: not signed by the attestor"):
        _register(plan, funded, fields, sig, stake)
    assert witnesses.holder(c) == boa.eval("empty(address)")


def _split(sig: bytes) -> tuple[int, int, int]:
    return int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:64], "big"), sig[64]


def _join(r: int, s: int, v: int) -> bytes:
    return r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([v])


def test_register__high_s(plan, witnesses, funded, stake):
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    r, s, v = _split(sig)
    # The same signer recovers from (r, n - s) with the other v: refused as malleable.
    malleable = _join(r, SECP256K1_N - s, 55 - v)
    with boa.reverts("ecdsa: invalid signature `s` value"):
        _register(plan, funded, fields, malleable, stake)


def test_register__zero_signer(plan, witnesses, funded, stake):
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    r, s, v = _split(sig)
    for broken in (_join(0, s, v), _join(r, s, 0), b"\x00" * 65):
        with boa.reverts("ecdsa: invalid signature"):
            _register(plan, funded, fields, broken, stake)


def test_register__compact_signature(plan, witnesses, funded, stake):
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    r, s, v = _split(sig)
    compact = r.to_bytes(32, "big") + (s | ((v - 27) << 255)).to_bytes(32, "big")
    # The 64-byte EIP-2098 form of the attestor's valid signature: refused all the same.
    with boa.reverts("witnesses: signature is not 65 bytes"):
        _register(plan, funded, fields, compact, stake)
    with boa.reverts("witnesses: signature is not 65 bytes"):
        _register(plan, funded, fields, sig[:-1], stake)


def test_register__paused(plan, witnesses, funded, stake):
    with boa.env.prank(plan.operator):
        plan.config.pause()
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    with boa.reverts("witnesses: registrations are paused"):
        _register(plan, funded, fields, sig, stake)
    with boa.env.prank(plan.operator):
        plan.config.unpause()
    _register(plan, funded, fields, sig, stake)
    assert witnesses.witness(funded).active


@pytest.mark.parametrize("region", [100_000, 999_999])
def test_register__region_bounds(plan, witnesses, funded, stake, region):
    fields, sig = admit_witness(plan, funded, commitment=commitment(7), region=region)
    _register(plan, funded, fields, sig, stake)
    assert witnesses.snapshot(region) == (1, 1, 1)
    assert witnesses.list_length(region // 10_000) == 1


@pytest.mark.parametrize("region", [0, 99_999, 1_000_000])
def test_register__region_not_six_digits(plan, witnesses, funded, stake, region):
    fields, sig = admit_witness(plan, funded, commitment=commitment(7), region=region)
    with boa.reverts("witnesses: region is not a 6-digit code"):
        _register(plan, funded, fields, sig, stake)


def test_register__empty_commitment(plan, witnesses, funded, stake):
    fields, sig = admit_witness(plan, funded, commitment=b"\x00" * 32)
    with boa.reverts("witnesses: commitment is empty"):
        _register(plan, funded, fields, sig, stake)


def test_register__already_registered(plan, witnesses, funded, stake):
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    _register(plan, funded, fields, sig, stake)
    fields, sig = admit_witness(plan, funded, commitment=commitment(8))
    with boa.reverts("witnesses: already registered"):
        _register(plan, funded, fields, sig, stake)
    assert witnesses.nonces(funded) == 1


def test_register__commitment_taken_by_another_address(plan, witnesses, register, funded, stake):
    first = register(7)
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    with boa.reverts("witnesses: commitment already has a witness"):
        _register(plan, funded, fields, sig, stake)
    assert witnesses.holder(commitment(7)) == first


def test_register__commitment_free_after_its_witness_left(plan, witnesses, register, funded, stake):
    first = register(7)
    with boa.env.prank(first):
        witnesses.unstake()
    fields, sig = admit_witness(plan, funded, commitment=commitment(7))
    _register(plan, funded, fields, sig, stake)
    assert witnesses.holder(commitment(7)) == funded
