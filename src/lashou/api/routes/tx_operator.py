"""/api/tx for the operator: review, arbitration, rulings on disputes, recoveries and fees.

Reasons and rulings are published off chain; the body carries only their keccak-256 hash.
Sent from any other account the node refuses them, so they answer 409 with the contract's
reason ("claims: caller is not the operator"). See /api/operator/queue for what waits.
"""

from __future__ import annotations

from fastapi import APIRouter

from lashou.api import transactions as txs
from lashou.api.deps import PlanDep
from lashou.api.routes.tx import FAILS, answer, digest
from lashou.api.schemas import (
    ArbitrateIn,
    ClaimIn,
    ReasonIn,
    RecoveryIn,
    RuleIn,
    SenderIn,
    UnsignedTxPublic,
)

router = APIRouter(prefix="/api/tx", tags=["transactions"])


@router.post("/accept", response_model=UnsignedTxPublic, responses=FAILS)
def accept(body: ClaimIn, plan: PlanDep) -> UnsignedTxPublic:
    """Accept a claim under review before its review deadline; its witness draw is scheduled."""
    return answer(txs.accept(plan, body.sender, body.claim_id))


@router.post("/reject", response_model=UnsignedTxPublic, responses=FAILS)
def reject(body: ReasonIn, plan: PlanDep) -> UnsignedTxPublic:
    """Reject a claim under review before its review deadline, with the reason's hash."""
    return answer(txs.reject(plan, body.sender, body.claim_id, digest(body.reason_hash)))


@router.post("/arbitrate", response_model=UnsignedTxPublic, responses=FAILS)
def arbitrate(body: ArbitrateIn, plan: PlanDep) -> UnsignedTxPublic:
    """Decide a claim in arbitration before its deadline: approved opens the notice, otherwise
    the claim is rejected; with the reasoning's hash."""
    return answer(
        txs.arbitrate(plan, body.sender, body.claim_id, body.approve, digest(body.reason_hash))
    )


@router.post("/rule", response_model=UnsignedTxPublic, responses=FAILS)
def rule(body: RuleIn, plan: PlanDep) -> UnsignedTxPublic:
    """Rule on the claim's open dispute before its deadline: fraud confirmed or dismissed,
    with the published ruling's hash."""
    return answer(txs.rule(plan, body.sender, body.claim_id, body.fraud, digest(body.reason_hash)))


@router.post("/record-recovery", response_model=UnsignedTxPublic, responses=FAILS)
def record_recovery(body: RecoveryIn, plan: PlanDep) -> UnsignedTxPublic:
    """Bring in money recovered from the fraudster of a fraud-confirmed claim (approved to
    Disputes first): it completes the supervisors' reward, the rest goes to the reserve."""
    return answer(txs.record_recovery(plan, body.sender, body.claim_id, body.amount))


@router.post("/collect-fees", response_model=UnsignedTxPublic, responses=FAILS)
def collect_fees(body: SenderIn, plan: PlanDep) -> UnsignedTxPublic:
    """Pull the investigation fees of dismissed cases (see `fees_owed` of the queue)."""
    return answer(txs.collect_fees(plan, body.sender))
