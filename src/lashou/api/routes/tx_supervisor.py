"""/api/tx for supervisors: object, report fraud, withdraw the stake and reward of a case."""

from __future__ import annotations

from fastapi import APIRouter

from lashou.api import transactions as txs
from lashou.api.deps import PlanDep
from lashou.api.routes.tx import FAILS, answer, digest
from lashou.api.schemas import ClaimIn, EvidenceIn, UnsignedTxPublic

router = APIRouter(prefix="/api/tx", tags=["transactions"])


@router.post("/object", response_model=UnsignedTxPublic, responses=FAILS)
def object_claim(body: EvidenceIn, plan: PlanDep) -> UnsignedTxPublic:
    """Object to a claim under notice, staking the objection deposit (approved first)."""
    return answer(txs.object_claim(plan, body.sender, body.claim_id, digest(body.evidence_hash)))


@router.post("/report-fraud", response_model=UnsignedTxPublic, responses=FAILS)
def report_fraud(body: EvidenceIn, plan: PlanDep) -> UnsignedTxPublic:
    """Report fraud on a queued or paid claim, staking the objection deposit (approved first)."""
    return answer(txs.report_fraud(plan, body.sender, body.claim_id, digest(body.evidence_hash)))


@router.post("/supervisor-withdraw", response_model=UnsignedTxPublic, responses=FAILS)
def supervisor_withdraw(body: ClaimIn, plan: PlanDep) -> UnsignedTxPublic:
    """Pull what the supervisor's case on the claim owes: the stake back once the case expired
    or confirmed fraud, and the share of the reward (again after each recovery). See
    `to_withdraw` of /api/supervisors/{address}/cases."""
    return answer(txs.supervisor_withdraw(plan, body.sender, body.claim_id))
