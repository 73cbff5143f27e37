"""/api/tx for witnesses: register with a stake, add to it, leave, report on a claim, pull fees."""

from __future__ import annotations

from fastapi import APIRouter

from lashou.api import transactions as txs
from lashou.api.deps import PlanDep
from lashou.api.routes.tx import FAILS, answer, digest
from lashou.api.schemas import (
    AmountIn,
    RegisterIn,
    SenderIn,
    UnsignedTxPublic,
    WitnessReportIn,
)

router = APIRouter(prefix="/api/tx", tags=["transactions"])


@router.post("/register", response_model=UnsignedTxPublic, responses=FAILS)
def register(body: RegisterIn, plan: PlanDep) -> UnsignedTxPublic:
    """Become a witness with the attestor's witness admission and a stake of at least the
    plan's witness stake (approved to the registry first)."""
    return answer(txs.register(plan, body.sender, body.admission, body.stake))


@router.post("/add-stake", response_model=UnsignedTxPublic, responses=FAILS)
def add_stake(body: AmountIn, plan: PlanDep) -> UnsignedTxPublic:
    """An active witness adds to its stake (approved to the registry first)."""
    return answer(txs.add_stake(plan, body.sender, body.amount))


@router.post("/unstake", response_model=UnsignedTxPublic, responses=FAILS)
def unstake(body: SenderIn, plan: PlanDep) -> UnsignedTxPublic:
    """Leave the registry and take the whole stake back, once no bond is locked and the
    liability of the last report has ended (see `can_unstake` of /api/witnesses/{address})."""
    return answer(txs.unstake(plan, body.sender))


@router.post("/witness-report", response_model=UnsignedTxPublic, responses=FAILS)
def witness_report(body: WitnessReportIn, plan: PlanDep) -> UnsignedTxPublic:
    """A drawn witness approves or rejects, with its report's hash (from /api/documents)."""
    return answer(
        txs.report(plan, body.sender, body.claim_id, body.approve, digest(body.report_hash))
    )


@router.post("/pull-fees", response_model=UnsignedTxPublic, responses=FAILS)
def pull_fees(body: SenderIn, plan: PlanDep) -> UnsignedTxPublic:
    """A witness pulls the fees the settlements have funded (see `fees_ready`)."""
    return answer(txs.pull_fees(plan, body.sender))
