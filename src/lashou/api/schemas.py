"""Request and response bodies, in families per resource (`…In` comes in, `…Public` goes out)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from eth_utils.address import is_address, to_checksum_address
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from lashou.documents.address import Kind
from lashou.indexer.views import ClaimView, DisputeView, WitnessAssignment, WitnessView

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


# -- role pages ------------------------------------------------------------------------------
# What the role pages read beside the index's views: live figures from the contracts' views,
# all read at the one block each answer names. Amounts in token base units, times in seconds.


class TokenPublic(BaseModel):
    address: str
    symbol: str
    decimals: int


class AllowancesPublic(BaseModel):
    """What each plan contract may take from the account: approve first when it is short."""

    pool: int = Field(description="deposits: join, top-up")
    witnesses: int = Field(description="witness stakes: register, add-stake")
    disputes: int = Field(description="objection stakes and recoveries")


class RolesPublic(BaseModel):
    member: bool = Field(description="the pool holds a membership of it (see /api/members)")
    witness: bool = Field(description="registered as a witness, active or not")
    operator: bool
    notary: bool
    attestor: bool


class StakesPublic(BaseModel):
    witness: int = Field(description="the least stake a witness registers with")
    objection: int = Field(description="what an objection or a fraud report stakes")


class AccountDetail(AccountPublic):
    chain_id: int
    block: int = Field(description="the block every figure was read at")
    native_balance: int = Field(description="wei, to pay gas with")
    token: TokenPublic
    balance: int = Field(description="token balance")
    allowances: AllowancesPublic
    roles: RolesPublic
    stakes: StakesPublic


class WitnessDetail(BaseModel):
    address: str
    block: int = Field(description="the block the registry and the pool were read at")
    now: int = Field(description="that block's time: deadlines compare with it")
    status: Literal["active", "inactive", "left", "never"]
    province: int | None
    stake: int
    bond: int = Field(description="what one assignment locks, at the current bond size")
    locked_bonds: int
    bonded: int = Field(description="locked_bonds × bond")
    free_bonds: int = Field(description="assignments the stake can still take")
    liable_until: int = Field(description="unstaking waits for this time (0: not liable)")
    can_unstake: bool
    fees_owed: int
    fees_ready: bool = Field(description="owed and funded by a settlement: pull-fees")
    history: WitnessView | None = Field(description="from the index (None before it has it)")
    assignments: list[WitnessAssignment] = Field(description="from the index, newest first")


CaseStatus = Literal["open", "fraud", "dismissed", "expired"]


class SupervisorCase(BaseModel):
    claim_id: int
    round: int
    kind: Literal["objection", "fraud report"]
    status: CaseStatus
    deadline: int = Field(description="the operator rules by then; after it anyone may expire")
    claim_status: str
    evidence_hash: str
    stake: int
    raised_at: int
    raised_tx: str
    stake_refunded: bool
    reward_received: int
    stake_owed: int
    reward_owed: int
    to_withdraw: int = Field(description="what supervisor-withdraw pays now")


class SupervisorCases(BaseModel):
    address: str
    block: int
    now: int
    to_withdraw: int = Field(description="the sum over the cases")
    cases: list[SupervisorCase] = Field(description="oldest first")


class OperatorQueue(BaseModel):
    operator: str = Field(description="the operator's address (Config)")
    block: int
    now: int
    checkpoint_block: int = Field(description="the index's block: the lists are as of it")
    fees_owed: int = Field(description="investigation fees of dismissed cases: collect-fees")
    review: list[ClaimView] = Field(description="accept or reject by `deadline`")
    arbitration: list[ClaimView] = Field(description="arbitrate by `deadline`")
    disputes: list[DisputeView] = Field(description="rule by `deadline`")
    recoveries: list[DisputeView] = Field(
        description="fraud confirmed after the payout, the benefit not yet recovered in full"
    )
