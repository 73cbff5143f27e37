"""Request and response bodies, in families per resource (`…In` comes in, `…Public` goes out)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from eth_utils.address import is_address, to_checksum_address
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from lashou.documents.address import Kind

UINT256_MAX = 2**256 - 1
_HASH = re.compile(r"^0x[0-9a-fA-F]{64}$")


def _address(value: str) -> str:
    if not is_address(value):
        raise ValueError("not a valid address (its mixed case is not its EIP-55 checksum)")
    return str(to_checksum_address(value))


def _hash(value: str) -> str:
    if not _HASH.match(value):
        raise ValueError("not a 32-byte hash (0x and 64 hex digits)")
    return value.lower()


ADDRESS_PATTERN = r"^0x[0-9a-fA-F]{40}$"
HASH_PATTERN = r"^0x[0-9a-fA-F]{64}$"
Address = Annotated[
    str,
    Field(
        pattern=ADDRESS_PATTERN,
        description="0x and 40 hex digits; mixed case must be a valid EIP-55 checksum",
        examples=["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
    ),
    AfterValidator(_address),
]
Hash32 = Annotated[
    str, Field(pattern=HASH_PATTERN, examples=["0x" + "ab" * 32]), AfterValidator(_hash)
]
ReasonHash = Annotated[
    str,
    Field(
        pattern=HASH_PATTERN,
        description="keccak-256 of the published reason's UTF-8 text (as `lashou operator"
        " reject --reason` hashes it); the text itself stays off chain",
        examples=["0x" + "cd" * 32],
    ),
    AfterValidator(_hash),
]
Amount = Annotated[int, Field(ge=1, le=UINT256_MAX, description="base units of the token")]
ClaimId = Annotated[int, Field(ge=1, le=UINT256_MAX)]


class Strict(BaseModel):
    """A request body: no field it does not name, and every value of its own JSON type (a
    number is not `true`, `"5"` or `5.0`; a yes-or-no is not `1` or `"yes"`)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorPublic(BaseModel):
    """Every refusal: one sentence saying what went wrong and what to do."""

    detail: str


def refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for refusals a route may answer with."""
    return {status: {"model": ErrorPublic} for status in statuses}


# -- health --------------------------------------------------------------------------------


class HealthPublic(BaseModel):
    status: Literal["ok", "degraded"]
    chain_id: int | None
    block: int | None
    detail: str | None = None


# -- auth ----------------------------------------------------------------------------------


class NoncePublic(BaseModel):
    nonce: str
    expires: datetime
    domain: str
    uri: str = Field(description="the site: the message's URI must be on its origin (http or"
                     " https, the same host and port)")  # fmt: skip
    chain_id: int
    message: str | None = Field(None, description="the message to sign, when an address is given")


class SignInIn(Strict):
    message: str = Field(max_length=4096, description="the EIP-4361 message as signed")
    signature: str = Field(max_length=200, description="personal_sign signature, 0x hex")


class SessionPublic(BaseModel):
    address: str
    expires: datetime
    token: str = Field(description="also set as an httpOnly cookie; send as a bearer token")


class AccountPublic(BaseModel):
    address: str


# -- documents -----------------------------------------------------------------------------


class DocumentPublic(BaseModel):
    hash: str = Field(description="the content address: the hash the chain holds")
    kind: Kind
    claim_id: int
    size: int
    created: datetime


class DocumentUploaded(DocumentPublic):
    salt: str | None = Field(None, description="a diagnosis's salt, as given")


# -- transactions --------------------------------------------------------------------------


class UnsignedTxPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    data: str
    value: int
    chainId: int
    gas: int


class SenderIn(Strict):
    sender: Address


class ApproveIn(SenderIn):
    spender: Literal["pool", "witnesses", "disputes"]
    amount: Amount


class JoinIn(SenderIn):
    admission: dict[str, Any] = Field(description="the attestor's member-admission file")
    deposit: Amount


class AmountIn(SenderIn):
    amount: Amount


class FileClaimIn(SenderIn):
    diagnosis: dict[str, Any] = Field(description="the notary's diagnosis file")


class WitnessReportIn(SenderIn):
    claim_id: ClaimId
    approve: bool
    report_hash: Hash32


class EvidenceIn(SenderIn):
    claim_id: ClaimId
    evidence_hash: Hash32


class ClaimIn(SenderIn):
    claim_id: ClaimId


class RegisterIn(SenderIn):
    admission: dict[str, Any] = Field(description="the attestor's witness-admission file")
    stake: Amount


class ReasonIn(ClaimIn):
    reason_hash: ReasonHash


class ArbitrateIn(ReasonIn):
    approve: bool = Field(description="true: the claim stands (notice opens); false: rejected")


class RuleIn(ReasonIn):
    fraud: bool = Field(description="true: fraud confirmed; false: the case is dismissed")


class RecoveryIn(ClaimIn):
    amount: Amount


# -- public reads --------------------------------------------------------------------------
# The index's own views (lashou.indexer.views) are the response bodies: one definition of
# what is public, read from the index as of its checkpoint.

SQL_INT_MAX = 2**63 - 1
Limit = Annotated[int, Field(ge=1, le=500, description="at most this many rows")]
Offset = Annotated[int, Field(ge=0, le=10**9, description="rows to skip")]
IndexedClaimId = Annotated[int, Field(ge=1, le=SQL_INT_MAX)]
