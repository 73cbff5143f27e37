"""EIP-712 attestations: the attestor's admissions and the notaries' diagnoses.

Every signature is bound to the chain id and the verifying contract (the domain), carries the
account's current nonce on that contract and an expiry; the contracts accept only low-s,
65-byte signatures from the expected signer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data

VERSION = "1"
POOL_DOMAIN = "lashou Pool"
WITNESSES_DOMAIN = "lashou Witnesses"
CLAIMS_DOMAIN = "lashou Claims"

EIP712_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]

ADMISSION_TYPE = [
    {"name": "member", "type": "address"},
    {"name": "commitment", "type": "bytes32"},
    {"name": "tier", "type": "uint8"},
    {"name": "validUntil", "type": "uint64"},
    {"name": "region", "type": "uint32"},
    {"name": "healthHash", "type": "bytes32"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]

WITNESS_ADMISSION_TYPE = [
    {"name": "witness", "type": "address"},
    {"name": "commitment", "type": "bytes32"},
    {"name": "region", "type": "uint32"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]

DIAGNOSIS_TYPE = [
    {"name": "patient", "type": "address"},
    {"name": "document", "type": "bytes32"},
    {"name": "firstConsultation", "type": "uint64"},
    {"name": "diagnosedAt", "type": "uint64"},
    {"name": "conditionClass", "type": "uint8"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]


@dataclass(frozen=True)
class Admission:
    member: str
    commitment: bytes
    tier: int
    validUntil: int
    region: int
    healthHash: bytes
    nonce: int
    deadline: int


@dataclass(frozen=True)
class WitnessAdmission:
    witness: str
    commitment: bytes
    region: int
    nonce: int
    deadline: int


@dataclass(frozen=True)
class Diagnosis:
    patient: str
    document: bytes
    firstConsultation: int
    diagnosedAt: int
    conditionClass: int
    nonce: int
    deadline: int


def _typed(
    domain_name: str,
    chain_id: int,
    contract: str,
    primary: str,
    fields: list[dict[str, str]],
    message: dict[str, Any],
) -> dict[str, Any]:
    return {
        "types": {"EIP712Domain": EIP712_DOMAIN, primary: fields},
        "primaryType": primary,
        "domain": {
            "name": domain_name,
            "version": VERSION,
            "chainId": chain_id,
            "verifyingContract": contract,
        },
        "message": message,
    }


def _sign(key: bytes | str, typed: dict[str, Any]) -> bytes:
    signed = Account.sign_message(encode_typed_data(full_message=typed), private_key=key)
    return bytes(signed.signature)


def admission_typed_data(chain_id: int, pool: str, admission: Admission) -> dict[str, Any]:
    return _typed(POOL_DOMAIN, chain_id, pool, "Admission", ADMISSION_TYPE, asdict(admission))


def witness_admission_typed_data(
    chain_id: int, witnesses: str, admission: WitnessAdmission
) -> dict[str, Any]:
    return _typed(
        WITNESSES_DOMAIN,
        chain_id,
        witnesses,
        "WitnessAdmission",
        WITNESS_ADMISSION_TYPE,
        asdict(admission),
    )


def diagnosis_typed_data(chain_id: int, claims: str, diagnosis: Diagnosis) -> dict[str, Any]:
    return _typed(CLAIMS_DOMAIN, chain_id, claims, "Diagnosis", DIAGNOSIS_TYPE, asdict(diagnosis))


def sign_admission(key: bytes | str, chain_id: int, pool: str, admission: Admission) -> bytes:
    """The attestor admits `admission.member` to the plan at `pool`."""
    return _sign(key, admission_typed_data(chain_id, pool, admission))


def sign_witness_admission(
    key: bytes | str, chain_id: int, witnesses: str, admission: WitnessAdmission
) -> bytes:
    """The attestor admits `admission.witness` to the witness registry."""
    return _sign(key, witness_admission_typed_data(chain_id, witnesses, admission))


def sign_diagnosis(key: bytes | str, chain_id: int, claims: str, diagnosis: Diagnosis) -> bytes:
    """A notary attests a patient's diagnosis for a claim at `claims`."""
    return _sign(key, diagnosis_typed_data(chain_id, claims, diagnosis))
