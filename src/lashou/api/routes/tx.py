"""/api/tx: unsigned transactions for the user's wallet to sign; the server holds no user key.

Each answer is {from, to, data, value, chainId, gas}; the wallet adds the nonce and the fees.
A transaction the node says would revert is a 409 naming the contract's reason.
"""

from __future__ import annotations

from fastapi import APIRouter

from lashou.api import transactions as txs
from lashou.api.deps import PlanDep
from lashou.api.schemas import (
    AmountIn,
    ApproveIn,
    EvidenceIn,
    FileClaimIn,
    JoinIn,
    SenderIn,
    UnsignedTxPublic,
    WitnessReportIn,
    refusals,
)

router = APIRouter(prefix="/api/tx", tags=["transactions"])
FAILS = refusals(409, 422)


def _public(tx: txs.UnsignedTx) -> UnsignedTxPublic:
    return UnsignedTxPublic.model_validate(
        {
            "from": tx.sender,
            "to": tx.to,
            "data": tx.data,
            "value": tx.value,
            "chainId": tx.chain_id,
            "gas": tx.gas,
        }  # fmt: skip
    )


def _hash(text: str) -> bytes:
    return bytes.fromhex(text[2:])


@router.post("/approve", response_model=UnsignedTxPublic, responses=FAILS)
def approve(body: ApproveIn, plan: PlanDep) -> UnsignedTxPublic:
    """Let the pool (deposits), the registry (stakes) or Disputes (objections) take tokens."""
    return _public(txs.approve(plan, body.sender, body.spender, body.amount))


@router.post("/join", response_model=UnsignedTxPublic, responses=FAILS)
def join(body: JoinIn, plan: PlanDep) -> UnsignedTxPublic:
    """Join the plan with the attestor's admission and a first deposit (approved first)."""
    return _public(txs.join(plan, body.sender, body.admission, body.deposit))


@router.post("/top-up", response_model=UnsignedTxPublic, responses=FAILS)
def top_up(body: AmountIn, plan: PlanDep) -> UnsignedTxPublic:
    """Add to the deposit (approved first)."""
    return _public(txs.top_up(plan, body.sender, body.amount))


@router.post("/withdraw", response_model=UnsignedTxPublic, responses=FAILS)
def withdraw(body: AmountIn, plan: PlanDep) -> UnsignedTxPublic:
    """Take part of the deposit back (a full cap stays)."""
    return _public(txs.withdraw(plan, body.sender, body.amount))


@router.post("/exit", response_model=UnsignedTxPublic, responses=FAILS)
def exit_plan(body: SenderIn, plan: PlanDep) -> UnsignedTxPublic:
    """Leave the plan and take the whole deposit."""
    return _public(txs.exit_plan(plan, body.sender))


@router.post("/file-claim", response_model=UnsignedTxPublic, responses=FAILS)
def file_claim(body: FileClaimIn, plan: PlanDep) -> UnsignedTxPublic:
    """File a claim with the notary's diagnosis attestation."""
    return _public(txs.file_claim(plan, body.sender, body.diagnosis))


@router.post("/witness-report", response_model=UnsignedTxPublic, responses=FAILS)
def witness_report(body: WitnessReportIn, plan: PlanDep) -> UnsignedTxPublic:
    """A drawn witness approves or rejects, with its report's hash (from /api/documents)."""
    return _public(
        txs.report(plan, body.sender, body.claim_id, body.approve, _hash(body.report_hash))
    )


@router.post("/object", response_model=UnsignedTxPublic, responses=FAILS)
def object_claim(body: EvidenceIn, plan: PlanDep) -> UnsignedTxPublic:
    """Object to a claim under notice, staking the objection deposit (approved first)."""
    return _public(txs.object_claim(plan, body.sender, body.claim_id, _hash(body.evidence_hash)))


@router.post("/report-fraud", response_model=UnsignedTxPublic, responses=FAILS)
def report_fraud(body: EvidenceIn, plan: PlanDep) -> UnsignedTxPublic:
    """Report fraud on a queued or paid claim, staking the objection deposit (approved first)."""
    return _public(txs.report_fraud(plan, body.sender, body.claim_id, _hash(body.evidence_hash)))
