"""/api/tx: unsigned transactions for the user's wallet to sign; the server holds no user key.

Each answer is {from, to, data, value, chainId, gas}; the wallet adds the nonce and the fees.
A transaction the node says would revert is a 409 naming the contract's reason (an account
without the role, a deadline passed, an allowance missing), so nothing doomed gets signed.
The routes are split by role: tx_member, tx_witness, tx_supervisor and tx_operator; approving
a spender, which every role needs first, is here.
"""

from __future__ import annotations

from fastapi import APIRouter

from lashou.api import transactions as txs
from lashou.api.deps import PlanDep
from lashou.api.schemas import ApproveIn, UnsignedTxPublic, refusals

router = APIRouter(prefix="/api/tx", tags=["transactions"])
FAILS = refusals(409, 422)


def answer(tx: txs.UnsignedTx) -> UnsignedTxPublic:
    """The unsigned transaction as the wallet takes it."""
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


def digest(text: str) -> bytes:
    """A validated 0x-hex 32-byte hash as the bytes the contract takes."""
    return bytes.fromhex(text[2:])


@router.post("/approve", response_model=UnsignedTxPublic, responses=FAILS)
def approve(body: ApproveIn, plan: PlanDep) -> UnsignedTxPublic:
    """Let the pool (deposits), the registry (witness stakes) or Disputes (objection stakes,
    recoveries) take tokens: signed before the transaction that takes them."""
    return answer(txs.approve(plan, body.sender, body.spender, body.amount))
