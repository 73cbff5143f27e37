"""join: the attestor's admission, the first deposit, one membership per identity."""

from __future__ import annotations

from pathlib import Path

import boa
import pytest
from eth_account.messages import _hash_eip191_message, encode_typed_data
from eth_keys import keys

from lashou.identity import signing
from tests.contracts.helpers import (
    BARRED,
    CITY,
    PROVINCE,
    commitment_of,
    compact,
    deploy,
    event,
    high_s,
    now,
    sign_admission,
)
from tests.contracts.unit.pool.common import BIG_CLAIM, BUCKET, CAP, FLOOR, WAITING, balance
from tests.utils.deployers import DAY, TOKEN, Key, fund

FEE_TOKEN = str(Path(__file__).with_name("FeeToken.vy"))
NOT_ATTESTOR = "pool: admission not signed by the attestor"
BELOW_FRONTIER = "pool: balance too small to stay above the lapse frontier"
TOO_SMALL = "pool: deposit too small: it must cover two caps and a bucket width per unit of weight"


def _signed(plan, account, **kwargs):
    fund(plan, account, kwargs.pop("amount", 100 * TOKEN))
    kwargs.setdefault("commitment", commitment_of(account))
    return sign_admission(plan, account, **kwargs)


def test_join__admitted(plan, pool, token, alice):
    amount = 3 * FLOOR + 7
    valid_until = now() + 3_000 * DAY
    fields, sig = _signed(plan, alice, amount=amount, tier=0, valid_until=valid_until)
    with boa.env.prank(alice):
        pool.join(*fields, sig, amount)

    log = event(pool, "MemberJoined")
    assert log.member == alice
    assert log.membership_id == 1
    assert log.commitment == commitment_of(alice)
    assert (log.tier, log.weight, log.province) == (0, 3, PROVINCE)
    assert log.deposit == amount
    assert log.waiting_ends == now() + WAITING
    assert log.valid_until == valid_until
    assert log.health_hash == b"\x11" * 32
    # balance, weight, status, run-out index K = I + balance // w, lapsed, nonce
    assert pool.member(alice) == (amount, 3, 1, amount // 3, False, 1)
    assert pool.membership(alice) == (1, CITY, now(), now() + WAITING, valid_until)
    assert pool.coverage(alice) == (1, 0, CITY, now() + WAITING, valid_until, True)
    assert pool.is_membership(alice, 1)
    assert pool.holder_of(commitment_of(alice)) == alice
    assert pool.active_weight() == 3
    assert pool.bucket_weight(amount // 3 // BUCKET) == 3
    assert pool.member_funds() == amount
    assert token.balanceOf(pool) == amount
    assert token.balanceOf(alice) == 0


def test_join__paused(plan, pool, config, operator, alice):
    with boa.env.prank(operator):
        config.pause()
    fields, sig = _signed(plan, alice)
    with boa.env.prank(alice), boa.reverts("pool: joining is paused"):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__admission_expires_at_its_deadline(plan, pool, alice, bob):
    fields, sig = _signed(plan, alice, deadline=now())
    with boa.env.prank(alice):
        pool.join(*fields, sig, 100 * TOKEN)  # still valid in its last second
    fields, sig = _signed(plan, bob, deadline=now() - 1)
    with boa.env.prank(bob), boa.reverts("pool: admission expired: ask the attestor for a new one"):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__replayed_admission(plan, pool, alice):
    fields, sig = _signed(plan, alice, amount=200 * TOKEN)
    with boa.env.prank(alice):
        pool.join(*fields, sig, 100 * TOKEN)
        assert pool.nonces(alice) == 1
        with boa.reverts(NOT_ATTESTOR):  # the nonce moved on
            pool.join(*fields, sig, 100 * TOKEN)
        pool.exit()
        assert pool.nonces(alice) == 1  # an exit keeps the nonce
        with boa.reverts(NOT_ATTESTOR):
            pool.join(*fields, sig, 100 * TOKEN)


def test_join__admission_for_another_member(plan, pool, alice, bob):
    fields, sig = _signed(plan, alice)
    fund(plan, bob, 100 * TOKEN)
    with boa.env.prank(bob), boa.reverts(NOT_ATTESTOR):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__signed_by_another_key(plan, pool, alice):
    fields, sig = _signed(plan, alice, key=Key.new())
    with boa.env.prank(alice), boa.reverts(NOT_ATTESTOR):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__signed_for_another_chain(plan, pool, alice):
    fields, sig = _signed(plan, alice, chain_id=plan.chain_id + 1)
    with boa.env.prank(alice), boa.reverts(NOT_ATTESTOR):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__signed_for_another_contract(plan, pool, config, alice):
    fields, sig = _signed(plan, alice, contract=config.address)
    with boa.env.prank(alice), boa.reverts(NOT_ATTESTOR):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__high_s_signature(plan, pool, alice):
    fields, sig = _signed(plan, alice)
    malleated = high_s(sig)
    adm = signing.Admission(alice, *fields[:5], nonce=0, deadline=fields[5])
    typed = signing.admission_typed_data(plan.chain_id, pool.address, adm)
    digest = _hash_eip191_message(encode_typed_data(full_message=typed))
    recovered = keys.Signature(malleated[:64] + bytes([malleated[64] - 27]))
    assert recovered.recover_public_key_from_msg_hash(digest).to_checksum_address() == (
        plan.attestor.address
    )  # the other form of the attestor's own signature...
    with boa.env.prank(alice), boa.reverts("ecdsa: invalid signature `s` value"):
        pool.join(*fields, malleated, 100 * TOKEN)  # ...refused: low s only


def test_join__compact_64_byte_signature(plan, pool, alice):
    fields, sig = _signed(plan, alice)
    with boa.env.prank(alice), boa.reverts("pool: signature must be 65 bytes"):
        pool.join(*fields, compact(sig), 100 * TOKEN)


@pytest.mark.parametrize(
    "garbage",
    [b"\x00" * 65, b"\x01" * 65, b"\x00" * 64 + b"\x1b"],
    ids=["zero", "v-out-of-range", "zero-r-s"],
)
def test_join__unrecoverable_signature(plan, pool, alice, garbage):
    fields, _ = _signed(plan, alice)
    with boa.env.prank(alice), boa.reverts("ecdsa: invalid signature"):
        pool.join(*fields, garbage, 100 * TOKEN)


def test_join__signature_of_nobody(plan, pool, alice):
    fields, sig = _signed(plan, alice)
    tampered = sig[:64] + bytes([55 - sig[64]])  # the other point: some other address
    with boa.env.prank(alice), boa.reverts(NOT_ATTESTOR):
        pool.join(*fields, tampered, 100 * TOKEN)


def test_join__unknown_tier(plan, pool, alice):
    fields, sig = _signed(plan, alice, tier=5)
    with boa.env.prank(alice), boa.reverts("pool: unknown tier"):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__tier_ends_after_now(plan, pool, alice, bob):
    fields, sig = _signed(plan, alice, valid_until=now() + plan.config.waiting_period() + 1)
    with boa.env.prank(alice):
        pool.join(*fields, sig, 100 * TOKEN)
    fields, sig = _signed(plan, bob, valid_until=now())
    with boa.env.prank(bob), boa.reverts("pool: tier already ended: renew the admission"):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__tier_end_far_ahead_kept_exact(plan, pool, alice, bob):
    """Every uint64 tier end the attestor may sign is stored as signed."""
    far = 2**64 - 1
    fields, sig = _signed(plan, alice, valid_until=far)
    with boa.env.prank(alice):
        pool.join(*fields, sig, 100 * TOKEN)
    assert pool.membership(alice) == (1, CITY, now(), now() + WAITING, far)
    fields, sig = _signed(plan, bob, valid_until=2**40 + 7)
    with boa.env.prank(bob):
        pool.join(*fields, sig, 100 * TOKEN)
    assert pool.membership(bob) == (2, CITY, now(), now() + WAITING, 2**40 + 7)
    assert pool.is_membership(bob, 2)
    assert pool.coverage(bob)[4] == 2**40 + 7


@pytest.mark.parametrize("region", [100_000, 999_999])
def test_join__six_digit_region(plan, pool, alice, region):
    fields, sig = _signed(plan, alice, region=region)
    with boa.env.prank(alice):
        pool.join(*fields, sig, 100 * TOKEN)
    assert event(pool, "MemberJoined").province == region // 10_000
    assert pool.membership(alice)[1] == region


@pytest.mark.parametrize("region", [0, 99_999, 1_000_000, 2**32 - 1])
def test_join__bad_region(plan, pool, alice, region):
    fields, sig = _signed(plan, alice, region=region)
    with boa.env.prank(alice), boa.reverts("pool: region is not a 6-digit code"):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__identity_held_from_another_address(plan, pool, join, alice, bob):
    join(alice)
    fields, sig = _signed(plan, bob, commitment=commitment_of(alice))
    with boa.env.prank(bob), boa.reverts("pool: identity already holds a membership"):
        pool.join(*fields, sig, 100 * TOKEN)
    assert pool.holder_of(commitment_of(alice)) == alice


def test_join__identity_free_again_after_exit(plan, pool, join, alice, bob):
    join(alice)
    with boa.env.prank(alice):
        pool.exit()
    join(bob, commitment=commitment_of(alice))
    assert event(pool, "MemberJoined").membership_id == 2
    assert pool.holder_of(commitment_of(alice)) == bob


def test_join__already_a_member(plan, pool, join, alice):
    join(alice)
    fields, sig = _signed(plan, alice)
    with boa.env.prank(alice), boa.reverts("pool: already a member"):
        pool.join(*fields, sig, 100 * TOKEN)


@pytest.mark.parametrize(("tier", "weight"), [(0, 3), (1, 1)])
def test_join__deposit_exactly_at_the_floor(plan, pool, alice, tier, weight):
    fields, sig = _signed(plan, alice, tier=tier, amount=weight * FLOOR)
    with boa.env.prank(alice):
        pool.join(*fields, sig, weight * FLOOR)
    assert pool.member(alice)[3] == pool.index() + 2 * CAP + BUCKET


@pytest.mark.parametrize(("tier", "weight"), [(0, 3), (1, 1)])
def test_join__deposit_one_unit_below_the_floor(plan, pool, alice, tier, weight):
    fields, sig = _signed(plan, alice, tier=tier, amount=weight * FLOOR)
    with boa.env.prank(alice), boa.reverts(TOO_SMALL):
        pool.join(*fields, sig, weight * FLOOR - 1)


def test_join__floor_counts_from_the_current_index(plan, pool, join, queue, settle, alice, bob):
    join(alice, amount=1_000 * TOKEN)
    queue(1, alice, BIG_CLAIM)  # alice's coverage ends; nobody else shares: share 0
    join(bob, amount=1_000 * TOKEN)
    settle()
    assert pool.index() == CAP
    carol = boa.env.generate_address("carol")
    fields, sig = _signed(plan, carol, amount=FLOOR)
    with boa.env.prank(carol):
        pool.join(*fields, sig, FLOOR)
    assert pool.member(carol)[3] == CAP + FLOOR


def test_join__token_taking_a_fee_refused(plan, config, alice):
    fee_token = deploy(FEE_TOKEN)
    fee_pool = plan.pool.deployer.deploy(fee_token.address, config.address)
    fee_token.mint(alice, 100 * TOKEN)
    fields, sig = sign_admission(
        plan, alice, commitment=commitment_of(alice), nonce=0, contract=fee_pool.address
    )
    with boa.env.prank(alice), boa.reverts("pool: token took a fee on transfer: use a plain token"):
        fee_pool.join(*fields, sig, 100 * TOKEN)
    assert fee_token.balanceOf(fee_pool) == fee_pool.accounted() == 0


def test_join__again_after_lapse(plan, pool, join, queue, settle, alice, stranger):
    join(alice, amount=FLOOR)  # K = 21.25: lapses at the second full-cap settlement
    queue(1, stranger, BIG_CLAIM)
    settle()
    settle()
    assert pool.member(alice)[4]  # lapsed
    carry = FLOOR - 2 * CAP  # its debt stopped at the crossing, index 20
    assert balance(pool, alice) == carry
    funds_before = pool.member_funds()

    boa.env.time_travel(seconds=DAY)
    fields, sig = _signed(plan, alice, amount=FLOOR - carry)
    with boa.env.prank(alice):
        pool.join(*fields, sig, FLOOR - carry)  # the carried balance counts toward the floor

    log = event(pool, "MemberJoined")
    assert log.membership_id == 2
    assert log.deposit == FLOOR
    assert log.waiting_ends == now() + WAITING
    assert pool.member(alice) == (FLOOR, 1, 1, 2 * CAP + FLOOR, False, 2)
    assert pool.membership(alice)[0] == 2
    assert pool.membership(alice)[2] == now()  # a new membership: seniority starts again
    assert not pool.is_membership(alice, 1)
    assert pool.member_funds() == funds_before + FLOOR - carry
    assert pool.active_weight() == 1


def test_join__again_after_lapse_below_the_floor(plan, pool, join, queue, settle, alice, stranger):
    join(alice, amount=FLOOR)
    queue(1, stranger, BIG_CLAIM)
    settle()
    settle()
    carry = FLOOR - 2 * CAP
    fields, sig = _signed(plan, alice, amount=FLOOR)
    with boa.env.prank(alice), boa.reverts(TOO_SMALL):
        pool.join(*fields, sig, FLOOR - carry - 1)


def test_join__barred_after_a_queued_claim(plan, pool, join, queue, alice, bob):
    join(alice)
    queue(1, alice, 100 * TOKEN)
    assert pool.holder_of(commitment_of(alice)) == BARRED
    fields, sig = _signed(plan, alice)
    with boa.env.prank(alice), boa.reverts("pool: identity may not join again"):
        pool.join(*fields, sig, 100 * TOKEN)
    fields, sig = _signed(plan, bob, commitment=commitment_of(alice))
    with boa.env.prank(bob), boa.reverts("pool: identity may not join again"):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__ended_account_with_another_identity(plan, pool, join, queue, alice):
    join(alice)
    queue(1, alice, 100 * TOKEN)
    fields, sig = _signed(plan, alice, commitment=b"\x42" * 32)
    with boa.env.prank(alice), boa.reverts("pool: coverage ended with a claim: pull the payout"):
        pool.join(*fields, sig, 100 * TOKEN)


def test_join__after_a_cap_cut_only_above_the_frontier(
    plan, pool, config, governance, settle, alice, bob
):
    """After the cap is cut, the frontier stands above I + 2c + b: a join must still reach it."""
    with boa.env.prank(governance):
        config.set_parameter("cap", 2 * CAP)
        config.set_parameter("cap", 4 * CAP)
    settle()  # frontier: ceil((0 + 40) / 1.25) = 32
    with boa.env.prank(governance):
        config.set_parameter("cap", 2 * CAP)
        config.set_parameter("cap", CAP)
        config.set_parameter("cap", CAP // 2)
    assert pool.frontier() == 32
    assert pool.target_frontier() == 4

    low = 2 * (CAP // 2) + BUCKET  # I + 2c + b with the new cap: bucket 9, long crossed
    fields, sig = _signed(plan, alice, amount=low)
    with boa.env.prank(alice), boa.reverts(BELOW_FRONTIER):
        pool.join(*fields, sig, low)

    fields, sig = _signed(plan, bob, amount=32 * BUCKET)
    with boa.env.prank(bob):
        pool.join(*fields, sig, 32 * BUCKET)
    assert pool.member(bob)[4] is False
    assert pool.coverage(bob)[5]
    assert pool.active_weight() == 1


def test_join__again_after_lapse_with_another_identity(
    plan, pool, join, queue, settle, alice, bob, stranger
):
    """A lapsed account joining again under a new identity lets go of the old one."""
    join(alice, amount=FLOOR)
    queue(1, stranger, BIG_CLAIM)
    settle()
    settle()
    old, new = commitment_of(alice), b"\x42" * 32
    fields, sig = _signed(plan, alice, commitment=new)
    with boa.env.prank(alice):
        pool.join(*fields, sig, 100 * TOKEN)
    assert pool.holder_of(new) == alice
    assert pool.holder_of(old) == boa.eval("empty(address)")
    join(bob, commitment=old)
    assert pool.holder_of(old) == bob
