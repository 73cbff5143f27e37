"""The attestor service's core: check an applicant, then sign an EIP-712 admission.

The name and the ID number live only inside one call: they are validated, folded into the keyed
commitment, and dropped. Nothing here logs, and no result or error carries them. Every refusal
is a `ValueError` whose message is one sentence saying what is wrong and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from eth_account import Account
from eth_utils.address import (
    is_checksum_address,
    is_checksum_formatted_address,
    to_checksum_address,
)

from lashou.identity import signing
from lashou.identity.commitment import (
    Pepper,
    health_declaration_hash,
    identity_commitment,
    new_salt,
)
from lashou.identity.resident_id import ResidentId, parse, validate_region
from lashou.identity.tiers import DEFAULT_TIERS, TierTable, anniversary, utc_date

_HEX_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
WITNESS_MIN_AGE = 18  # a witness signs a visit report: an adult's act


class AdmissionRefused(ValueError):
    """A request the attestor will not sign as it stands."""


@dataclass(frozen=True)
class SignedAdmission:
    """A member admission, its signature, and the salt of its health-declaration hash.

    Whoever keeps the declaration keeps the salt with it, to prove the declaration later; the
    salt stays out of the repr since with it the answers could be guessed from the hash.
    """

    admission: signing.Admission
    signature: bytes
    health_salt: bytes = field(repr=False)


@dataclass(frozen=True)
class SignedWitnessAdmission:
    admission: signing.WitnessAdmission
    signature: bytes


class Attestor:
    """Holds the pepper and the attestor's signing key; shows only its address."""

    __slots__ = ("__key", "_pepper", "address", "tiers")

    def __init__(self, pepper: Pepper, key: bytes | str, tiers: TierTable = DEFAULT_TIERS) -> None:
        self._pepper = pepper
        self.__key = key
        self.address: str = Account.from_key(key).address
        self.tiers = tiers

    def __repr__(self) -> str:
        return f"Attestor(address={self.address})"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("an attestor cannot be pickled: build it where it is used")

    def admit_member(
        self,
        id_number: str,
        name: str,
        health_answers: Mapping[str, object],
        member_address: str,
        region_override: int | None = None,
        *,
        chain_id: int,
        pool_address: str,
        nonce: int,
        now: int,
        ttl: int,
        health_salt: bytes | None = None,
    ) -> SignedAdmission:
        """Validate the applicant, derive tier, tier end and region, and sign the admission.

        `region_override` is the current residence's GB/T 2260 code when it differs from the
        code in the ID number. `now` (seconds) dates the age; the admission expires at
        `now + ttl`. `health_salt` is drawn at random unless given.
        """
        member = _address(member_address, "member")
        pool = _address(pool_address, "pool")
        _check_terms(nonce, now, ttl)
        today = utc_date(now)
        resident = parse(id_number, today=today)
        tier = self.tiers.tier_for(resident.birth_date, today)
        salt = health_salt if health_salt is not None else new_salt()
        admission = signing.Admission(
            member=member,
            commitment=identity_commitment(self._pepper, id_number, name, today=today),
            tier=tier.tier,
            validUntil=tier.valid_until,
            region=_region(resident, region_override),
            healthHash=health_declaration_hash(health_answers, salt),
            nonce=nonce,
            deadline=now + ttl,
        )
        signature = signing.sign_admission(self.__key, chain_id, pool, admission)
        return SignedAdmission(admission=admission, signature=signature, health_salt=salt)

    def admit_witness(
        self,
        id_number: str,
        name: str,
        witness_address: str,
        region_override: int | None = None,
        *,
        chain_id: int,
        witnesses_address: str,
        nonce: int,
        now: int,
        ttl: int,
    ) -> SignedWitnessAdmission:
        """Validate an adult applicant and sign its admission to the witness registry.

        The commitment is the same as the person's member commitment, so the contracts can keep
        a patient from witnessing its own claim.
        """
        witness = _address(witness_address, "witness")
        registry = _address(witnesses_address, "witness registry")
        _check_terms(nonce, now, ttl)
        today = utc_date(now)
        resident = parse(id_number, today=today)
        if today < anniversary(resident.birth_date, WITNESS_MIN_AGE):
            raise AdmissionRefused(
                f"too young to be a witness: witnesses must be at least {WITNESS_MIN_AGE} years old"
            )
        admission = signing.WitnessAdmission(
            witness=witness,
            commitment=identity_commitment(self._pepper, id_number, name, today=today),
            region=_region(resident, region_override),
            nonce=nonce,
            deadline=now + ttl,
        )
        signature = signing.sign_witness_admission(self.__key, chain_id, registry, admission)
        return SignedWitnessAdmission(admission=admission, signature=signature)


def _address(value: str, what: str) -> str:
    if not _HEX_ADDRESS.fullmatch(value):
        raise AdmissionRefused(
            f"{what} address is not a valid address: give 0x followed by 40 hex digits"
        )
    if is_checksum_formatted_address(value) and not is_checksum_address(value):
        raise AdmissionRefused(
            f"{what} address has a wrong checksum: copy the address again from its wallet"
        )
    if int(value, 16) == 0:
        raise AdmissionRefused(f"{what} address is the zero address: give a real account")
    return to_checksum_address(value)


def _check_terms(nonce: int, now: int, ttl: int) -> None:
    if nonce < 0:
        raise AdmissionRefused("nonce is negative: read the account's current nonce from chain")
    if now < 0:
        raise AdmissionRefused("time is before 1970: give the current time in seconds")
    if ttl <= 0:
        raise AdmissionRefused("admission lifetime must be positive: give ttl in seconds")


def _region(resident: ResidentId, override: int | None) -> int:
    return resident.region if override is None else validate_region(override)
