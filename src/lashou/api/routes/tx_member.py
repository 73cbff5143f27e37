"""/api/tx for members: join, top up, withdraw, exit, file a claim, pull a payout."""

from __future__ import annotations

from fastapi import APIRouter

from lashou.api import transactions as txs
from lashou.api.deps import PlanDep
from lashou.api.routes.tx import FAILS, answer
from lashou.api.schemas import (
    AmountIn,
    ClaimIn,
    FileClaimIn,
    JoinIn,
    SenderIn,
    UnsignedTxPublic,
)

router = APIRouter(prefix="/api/tx", tags=["transactions"])


@router.post("/join", response_model=UnsignedTxPublic, responses=FAILS)
def join(body: JoinIn, plan: PlanDep) -> UnsignedTxPublic:
    """Join the plan with the attestor's admission and a first deposit (approved first)."""
    return answer(txs.join(plan, body.sender, body.admission, body.deposit))


@router.post("/top-up", response_model=UnsignedTxPublic, responses=FAILS)
def top_up(body: AmountIn, plan: PlanDep) -> UnsignedTxPublic:
    """Add to the deposit (approved first)."""
    return answer(txs.top_up(plan, body.sender, body.amount))


@router.post("/withdraw", response_model=UnsignedTxPublic, responses=FAILS)
def withdraw(body: AmountIn, plan: PlanDep) -> UnsignedTxPublic:
    """Take part of the deposit back (a full cap stays)."""
    return answer(txs.withdraw(plan, body.sender, body.amount))


@router.post("/exit", response_model=UnsignedTxPublic, responses=FAILS)
def exit_plan(body: SenderIn, plan: PlanDep) -> UnsignedTxPublic:
    """Leave the plan and take the whole deposit."""
    return answer(txs.exit_plan(plan, body.sender))


@router.post("/file-claim", response_model=UnsignedTxPublic, responses=FAILS)
def file_claim(body: FileClaimIn, plan: PlanDep) -> UnsignedTxPublic:
    """File a claim with the notary's diagnosis attestation."""
    return answer(txs.file_claim(plan, body.sender, body.diagnosis))


@router.post("/pull-payout", response_model=UnsignedTxPublic, responses=FAILS)
def pull_payout(body: ClaimIn, plan: PlanDep) -> UnsignedTxPublic:
    """The patient pulls its funded benefit, with what is left of its deposit (see
    `payouts_ready` of /api/members/{address})."""
    return answer(txs.pull_payout(plan, body.sender, body.claim_id))
