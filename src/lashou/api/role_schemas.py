"""Response bodies of the role pages' reads: the index's views joined with live figures from
the contracts' views, all read at the one block each answer names. Amounts in token base units,
times in seconds."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from lashou.api.schemas import AccountPublic
from lashou.indexer.views import ClaimView, DisputeView, WitnessAssignment, WitnessView


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
