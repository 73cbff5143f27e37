"""What the role pages read: the index's views joined with live figures from the contracts'
views, read at the latest block when asked, which each answer names (`block`, `now`).

The index says what happened (assignments, the cases a supervisor joined, the claims waiting
on the operator); the chain says what an account holds and may do now (balances, allowances,
roles, bonds, fees, what a withdrawal would pay), which the index does not keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from eth_typing import ChecksumAddress
from sqlalchemy.orm import Session

from lashou import cases
from lashou.api.role_schemas import (
    AccountDetail,
    OperatorQueue,
    SupervisorCase,
    SupervisorCases,
    WitnessDetail,
)
from lashou.api.transactions import SPENDERS
from lashou.chain.plan import Plan
from lashou.indexer import role_queries

ZERO32 = bytes(32)
PROVINCE = 10_000  # a 6-digit region code over this is its province
OUTCOMES = {
    cases.Outcome.OPEN: "open", cases.Outcome.FRAUD: "fraud",
    cases.Outcome.DISMISSED: "dismissed", cases.Outcome.EXPIRED: "expired",
}  # fmt: skip


@dataclass(frozen=True)
class At:
    """The block the chain figures of one answer are read at."""

    block: int
    time: int


def latest(plan: Plan) -> At:
    header = plan.w3.eth.get_block("latest")
    return At(int(header["number"]), int(header["timestamp"]))


def account(plan: Plan, address: str) -> AccountDetail:
    """Balances, allowances to the plan's contracts, the roles the contracts give `address`,
    the token and the stakes to approve for: all from the contracts' views."""
    at = latest(plan)
    b = at.block
    token, config = plan.token.functions, plan.config.functions
    status = int(plan.contract("pool").functions.member(address).call(block_identifier=b)[2])
    commitment = plan.contract("witnesses").functions.commitment_of(address)
    allowances = {
        name: int(token.allowance(address, plan.contract(name).address).call(block_identifier=b))
        for name in SPENDERS
    }
    return AccountDetail.model_validate({
        "address": address, "chain_id": plan.deployment.chain_id, "block": b,
        "native_balance": int(plan.w3.eth.get_balance(cast(ChecksumAddress, address), b)),
        "token": {"address": str(plan.token.address), "symbol": str(token.symbol().call()),
                  "decimals": int(token.decimals().call())},
        "balance": int(token.balanceOf(address).call(block_identifier=b)),
        "allowances": allowances,
        "roles": {
            "member": status != 0,
            "witness": bytes(commitment.call(block_identifier=b)) != ZERO32,
            "operator": _same(config.operator().call(block_identifier=b), address),
            "notary": bool(config.is_notary(address).call(block_identifier=b)),
            "attestor": _same(config.attestor().call(block_identifier=b), address),
        },
        "stakes": {"witness": int(config.witness_stake().call(block_identifier=b)),
                   "objection": int(config.objection_stake().call(block_identifier=b))},
    })  # fmt: skip


def witness(plan: Plan, session: Session, address: str) -> WitnessDetail | None:
    """The witness's stake, bonds, liability and fees from the registry and the pool; its
    history and assignments from the index. None if neither knows it as a witness."""
    at = latest(plan)
    b = at.block
    registry, pool = plan.contract("witnesses").functions, plan.contract("pool").functions
    record = registry.witness(address).call(block_identifier=b)
    commitment, region, epoch, active, stake, locked, liable_until = record
    history = role_queries.witness_record(session=session, address=address)
    registered = bytes(commitment) != ZERO32
    if not epoch and history is None:
        return None
    status = "active" if active else "inactive" if registered else "left" if epoch else "never"
    bond = int(plan.config.functions.witness_bond().call(block_identifier=b))
    owed = int(pool.fee_owed(address).call(block_identifier=b))
    position = int(pool.fee_position(address).call(block_identifier=b))
    funded = int(pool.fees_funded().call(block_identifier=b))
    return WitnessDetail.model_validate({
        "address": address, "block": b, "now": at.time, "status": status,
        "province": int(region) // PROVINCE if registered else None,
        "stake": int(stake), "bond": bond, "locked_bonds": int(locked),
        "bonded": int(locked) * bond,
        "free_bonds": int(registry.free_bonds(address).call(block_identifier=b)),
        "liable_until": int(liable_until),
        "can_unstake": registered and not locked and at.time >= int(liable_until),
        "fees_owed": owed, "fees_ready": owed > 0 and position <= funded,
        "history": history,
        "assignments": role_queries.witness_assignments(
            session=session, address=address, now=at.time
        ),
    })  # fmt: skip


def supervisor_cases(plan: Plan, session: Session, address: str) -> SupervisorCases:
    """The cases `address` staked on (from the index), each with its outcome and what a
    withdrawal would pay now (from the Disputes contract's views)."""
    at = latest(plan)
    disputes = plan.contract("disputes")
    found = []
    for s in role_queries.supervised(session=session, address=address):
        case = cases.case(disputes, s.claim_id, s.round, block=at.block)
        mine = cases.supervision(disputes, s.claim_id, address, block=at.block)
        latest_joined = mine is not None and mine.case.round == s.round
        stake_owed = mine.stake_owed if mine is not None and latest_joined else 0
        reward_owed = mine.reward_owed if mine is not None and latest_joined else 0
        # a supervisor joins a later case on the claim only after taking back an expired
        # case's stake; a dismissed case kept it
        refunded = mine.refunded if mine is not None and latest_joined else (
            case.outcome is cases.Outcome.EXPIRED
        )  # fmt: skip
        found.append(
            SupervisorCase.model_validate({
                "claim_id": s.claim_id, "round": s.round, "kind": s.kind,
                "status": OUTCOMES.get(case.outcome, s.case_status), "deadline": case.deadline,
                "claim_status": s.claim_status, "evidence_hash": s.evidence_hash,
                "stake": s.stake, "raised_at": s.raised_at, "raised_tx": s.raised_tx,
                "stake_refunded": refunded,
                "reward_received": mine.received if mine is not None and latest_joined else 0,
                "stake_owed": stake_owed, "reward_owed": reward_owed,
                "to_withdraw": stake_owed + reward_owed,
            })
        )  # fmt: skip
    return SupervisorCases(
        address=address, block=at.block, now=at.time,
        to_withdraw=sum(c.to_withdraw for c in found), cases=found,
    )  # fmt: skip


def operator_queue(plan: Plan, session: Session) -> OperatorQueue:
    """What waits on the operator, from the index, with the fees owed from the Disputes
    contract's view (the index does not hold them)."""
    at = latest(plan)
    docket = role_queries.operator_docket(session=session)
    fees = int(plan.contract("disputes").functions.fees_owed().call(block_identifier=at.block))
    return OperatorQueue(
        operator=str(plan.config.functions.operator().call(block_identifier=at.block)),
        block=at.block, now=at.time, checkpoint_block=docket.checkpoint_block, fees_owed=fees,
        review=docket.review,
        arbitration=docket.arbitration, disputes=docket.disputes,
        recoveries=docket.recoveries,
    )  # fmt: skip


def _same(a: object, b: str) -> bool:
    return str(a).lower() == b.lower()
