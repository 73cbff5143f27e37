"""The attestor's admissions: what they carry, who signed them, and what they refuse."""

from __future__ import annotations

import logging
import pickle
from datetime import date, timedelta

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from hypothesis import given, settings
from hypothesis import strategies as st

from lashou.identity import signing
from lashou.identity.attestor import AdmissionRefused, Attestor
from lashou.identity.commitment import Pepper, health_declaration_hash, identity_commitment
from lashou.identity.resident_id import InvalidRegion, InvalidResidentId, check_character
from lashou.identity.synthetic import SyntheticIdentities, SyntheticPerson
from lashou.identity.tiers import Age, NotEligible, TierRule, TierTable, anniversary, utc_midnight

TODAY = date(2026, 1, 1)
NOW = utc_midnight(TODAY) + 3_600
CHAIN_ID = 31_337
POOL = "0x" + "ab" * 20
REGISTRY = "0x" + "cd" * 20
MEMBER = Account.create().address
PEPPER = Pepper(b"\x07" * 32)
ANSWERS = {"smoker": False, "conditions": []}
SALT = b"\x09" * 32
SECP256K1_HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0
KEY = Account.create()
BAD_CHECKSUM = "0x" + "aB" * 20  # mixed case, not the checksum (0xABaBaBaBABab…)
INVALID = "member address is not a valid address: give 0x followed by 40 hex digits"
ATTESTOR = Attestor(PEPPER, bytes(KEY.key))


def person(
    ages: tuple[int, int] = (30, 30), seed: int = 1, region: int = 440305
) -> SyntheticPerson:
    return SyntheticIdentities(seed, on=TODAY).person(region=region, ages=ages)


def admit(p: SyntheticPerson, **overrides: object) -> signing.Admission:
    kwargs: dict[str, object] = {
        "chain_id": CHAIN_ID,
        "pool_address": POOL,
        "nonce": 0,
        "now": NOW,
        "ttl": 86_400,
        "health_salt": SALT,
    }
    kwargs |= overrides
    region = kwargs.pop("region_override", None)
    member = kwargs.pop("member_address", MEMBER)
    return ATTESTOR.admit_member(
        p.id_number,
        p.name,
        ANSWERS,
        member,
        region,
        **kwargs,  # type: ignore[arg-type]
    ).admission


def signer(typed: dict[str, object], signature: bytes) -> str:
    return str(Account.recover_message(encode_typed_data(full_message=typed), signature=signature))


def test_admit_member__signed_admission() -> None:
    p = person()
    signed = ATTESTOR.admit_member(
        p.id_number,
        p.name,
        ANSWERS,
        MEMBER.lower(),
        chain_id=CHAIN_ID,
        pool_address=POOL,
        nonce=4,
        now=NOW,
        ttl=86_400,
        health_salt=SALT,
    )
    assert signed.admission == signing.Admission(
        member=MEMBER,
        commitment=identity_commitment(PEPPER, p.id_number, p.name),
        tier=0,
        validUntil=utc_midnight(anniversary(p.birth_date, 40)),
        region=440305,
        healthHash=health_declaration_hash(ANSWERS, SALT),
        nonce=4,
        deadline=NOW + 86_400,
    )
    assert signed.health_salt == SALT
    typed = signing.admission_typed_data(CHAIN_ID, POOL, signed.admission)
    assert signer(typed, signed.signature) == KEY.address == ATTESTOR.address
    assert len(signed.signature) == 65
    assert int.from_bytes(signed.signature[32:64], "big") <= SECP256K1_HALF_N
    other = signing.admission_typed_data(CHAIN_ID + 1, POOL, signed.admission)
    assert signer(other, signed.signature) != KEY.address


def test_admit_member__nothing_personal_in_result_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    p = person()
    with caplog.at_level(logging.DEBUG):
        signed = ATTESTOR.admit_member(
            p.id_number,
            p.name,
            ANSWERS,
            MEMBER,
            chain_id=CHAIN_ID,
            pool_address=POOL,
            nonce=0,
            now=NOW,
            ttl=60,
        )
    shown = repr(signed) + caplog.text + repr(ATTESTOR)
    for secret in (p.id_number, p.name, f"{p.birth_date:%Y%m%d}", SALT.hex(), KEY.key.hex()):
        assert secret not in shown
    assert SALT not in repr(signed).encode()
    assert len(signed.health_salt) == 32
    assert repr(ATTESTOR) == f"Attestor(address={KEY.address})"
    with pytest.raises(TypeError, match="an attestor cannot be pickled"):
        pickle.dumps(ATTESTOR)


def test_admit_member__random_health_salt() -> None:
    p = person()
    first = ATTESTOR.admit_member(
        p.id_number,
        p.name,
        ANSWERS,
        MEMBER,
        chain_id=CHAIN_ID,
        pool_address=POOL,
        nonce=0,
        now=NOW,
        ttl=60,
    )
    second = ATTESTOR.admit_member(
        p.id_number,
        p.name,
        ANSWERS,
        MEMBER,
        chain_id=CHAIN_ID,
        pool_address=POOL,
        nonce=0,
        now=NOW,
        ttl=60,
    )
    assert first.health_salt != second.health_salt
    assert first.admission.healthHash == health_declaration_hash(ANSWERS, first.health_salt)
    assert first.admission.commitment == second.admission.commitment


def test_admit_member__region_override() -> None:
    assert admit(person(), region_override=110101).region == 110101


def test_admit_member__invalid_region_override() -> None:
    with pytest.raises(InvalidRegion, match="residence region code must be a 6-digit"):
        admit(person(), region_override=990101)


def test_admit_member__second_tier() -> None:
    p = person(ages=(45, 45))
    admission = admit(p)
    assert admission.tier == 1
    assert admission.validUntil == utc_midnight(anniversary(p.birth_date, 60))


def test_admit_member__too_old() -> None:
    with pytest.raises(NotEligible, match="too old to join: coverage ends at the age of 60 years"):
        admit(person(ages=(60, 70)))


def test_admit_member__too_young() -> None:
    baby = f"440305{TODAY - timedelta(days=29):%Y%m%d}001"
    with pytest.raises(NotEligible, match="too young to join"):
        ATTESTOR.admit_member(
            baby + check_character(baby),
            "测试甲一",
            ANSWERS,
            MEMBER,
            chain_id=CHAIN_ID,
            pool_address=POOL,
            nonce=0,
            now=NOW,
            ttl=60,
        )


def test_admit_member__governance_table() -> None:
    table = TierTable([TierRule(tier=5, starts=Age(18), ends=Age(70), benefit=1, weight=2)])
    attestor = Attestor(PEPPER, bytes(KEY.key), table)
    p = person(ages=(65, 65))
    signed = attestor.admit_member(
        p.id_number,
        p.name,
        ANSWERS,
        MEMBER,
        chain_id=CHAIN_ID,
        pool_address=POOL,
        nonce=0,
        now=NOW,
        ttl=60,
    )
    assert signed.admission.tier == 5
    assert signed.admission.validUntil == utc_midnight(anniversary(p.birth_date, 70))


def test_admit_member__invalid_id() -> None:
    p = person()
    wrong = p.id_number[:17] + ("0" if p.id_number[17] != "0" else "1")
    with pytest.raises(InvalidResidentId) as error:
        ATTESTOR.admit_member(
            wrong,
            p.name,
            ANSWERS,
            MEMBER,
            chain_id=CHAIN_ID,
            pool_address=POOL,
            nonce=0,
            now=NOW,
            ttl=60,
        )
    assert str(error.value) == "check digit does not match: re-enter the number from the card"


def test_admit_member__born_after_now() -> None:
    later = SyntheticIdentities(1, on=TODAY + timedelta(days=400)).resident_id(ages=(0, 0))
    with pytest.raises(InvalidResidentId, match="birth date is in the future"):
        ATTESTOR.admit_member(
            later,
            "测试甲一",
            ANSWERS,
            MEMBER,
            chain_id=CHAIN_ID,
            pool_address=POOL,
            nonce=0,
            now=NOW,
            ttl=60,
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("member_address", "0x1234", INVALID),
        ("member_address", "ab" * 20, INVALID),
        ("member_address", "0X" + "ab" * 20, INVALID),
        (
            "member_address",
            BAD_CHECKSUM,
            "member address has a wrong checksum: copy the address again from its wallet",
        ),
        (
            "member_address",
            "0x" + "00" * 20,
            "member address is the zero address: give a real account",
        ),
        (
            "pool_address",
            "pool",
            "pool address is not a valid address: give 0x followed by 40 hex digits",
        ),
        ("nonce", -1, "nonce is negative: read the account's current nonce from chain"),
        ("now", -1, "time is before 1970: give the current time in seconds"),
        ("ttl", 0, "admission lifetime must be positive: give ttl in seconds"),
    ],
)
def test_admit_member__refused(field: str, value: object, message: str) -> None:
    with pytest.raises(AdmissionRefused) as error:
        admit(person(), **{field: value})
    assert str(error.value) == message


def test_admit_witness__signed_admission() -> None:
    p = person(ages=(50, 50))
    witness = Account.create().address
    signed = ATTESTOR.admit_witness(
        p.id_number,
        f" {p.name} ",
        witness.lower(),
        chain_id=CHAIN_ID,
        witnesses_address=REGISTRY,
        nonce=2,
        now=NOW,
        ttl=600,
    )
    assert signed.admission == signing.WitnessAdmission(
        witness=witness,
        commitment=identity_commitment(PEPPER, p.id_number, p.name),
        region=440305,
        nonce=2,
        deadline=NOW + 600,
    )
    typed = signing.witness_admission_typed_data(CHAIN_ID, REGISTRY, signed.admission)
    assert signer(typed, signed.signature) == KEY.address
    assert p.id_number not in repr(signed) and p.name not in repr(signed)


def test_admit_witness__same_commitment_as_member() -> None:
    p = person()
    witness = ATTESTOR.admit_witness(
        p.id_number,
        p.name,
        MEMBER,
        110105,
        chain_id=CHAIN_ID,
        witnesses_address=REGISTRY,
        nonce=0,
        now=NOW,
        ttl=60,
    )
    assert witness.admission.commitment == admit(p).commitment
    assert witness.admission.region == 110105


def test_admit_witness__eighteenth_birthday() -> None:
    born = TODAY.replace(year=TODAY.year - 18)
    body = f"310101{born:%Y%m%d}002"
    adult = body + check_character(body)
    signed = ATTESTOR.admit_witness(
        adult,
        "测试甲一",
        MEMBER,
        chain_id=CHAIN_ID,
        witnesses_address=REGISTRY,
        nonce=0,
        now=NOW,
        ttl=60,
    )
    assert signed.admission.region == 310101
    day_before = NOW - 86_400
    with pytest.raises(AdmissionRefused) as error:
        ATTESTOR.admit_witness(
            adult,
            "测试甲一",
            MEMBER,
            chain_id=CHAIN_ID,
            witnesses_address=REGISTRY,
            nonce=0,
            now=day_before,
            ttl=60,
        )
    assert str(error.value) == "too young to be a witness: witnesses must be at least 18 years old"


def test_admit_witness__refused() -> None:
    p = person()
    with pytest.raises(AdmissionRefused) as error:
        ATTESTOR.admit_witness(
            p.id_number,
            p.name,
            MEMBER,
            chain_id=CHAIN_ID,
            witnesses_address="0x" + "00" * 20,
            nonce=0,
            now=NOW,
            ttl=60,
        )
    assert str(error.value) == "witness registry address is the zero address: give a real account"
    with pytest.raises(AdmissionRefused, match="witness address is not a valid address"):
        ATTESTOR.admit_witness(
            p.id_number,
            p.name,
            "nobody",
            chain_id=CHAIN_ID,
            witnesses_address=REGISTRY,
            nonce=0,
            now=NOW,
            ttl=60,
        )
    with pytest.raises(AdmissionRefused, match="admission lifetime must be positive"):
        ATTESTOR.admit_witness(
            p.id_number,
            p.name,
            MEMBER,
            chain_id=CHAIN_ID,
            witnesses_address=REGISTRY,
            nonce=0,
            now=NOW,
            ttl=-5,
        )


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 2**64 - 1))
def test_admit_member__recovers_to_attestor(seed: int, nonce: int) -> None:
    p = SyntheticIdentities(seed, on=TODAY).person(ages=(0, 59))
    if TODAY < p.birth_date + timedelta(days=30):
        return
    signed = ATTESTOR.admit_member(
        p.id_number,
        p.name,
        ANSWERS,
        MEMBER,
        chain_id=CHAIN_ID,
        pool_address=POOL,
        nonce=nonce,
        now=NOW,
        ttl=60,
    )
    assert signed.admission.region == p.region
    assert signed.admission.tier == (0 if TODAY < anniversary(p.birth_date, 40) else 1)
    typed = signing.admission_typed_data(CHAIN_ID, POOL, signed.admission)
    assert signer(typed, signed.signature) == KEY.address
