"""Unsigned transactions for the users' own wallets, built from the compiled ABIs.

The server holds no user key: it encodes the call, asks the node to estimate it from the
user's address (which also tells, before anything is signed, that it would revert and why)
and returns to, data, value, chain id and the gas estimate. The wallet adds nonce and fees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from web3.exceptions import ContractLogicError, Web3Exception

from lashou import actions, cases
from lashou.api import attested
from lashou.chain.plan import Plan
from lashou.chain.tx import revert_reason
from lashou.identity.envelope import Envelope, EnvelopeError
from lashou.identity.signing import Admission, Diagnosis, WitnessAdmission

SPENDERS = ("pool", "witnesses", "disputes")


class WouldFail(ValueError):
    """The node says the transaction would revert; the message carries its reason."""


class BadAttestation(ValueError):
    """An attestation that does not fit the transaction asked for."""


@dataclass(frozen=True)
class UnsignedTx:
    sender: str
    to: str
    data: str
    value: int
    chain_id: int
    gas: int


def build(plan: Plan, call: Any, sender: str, *, action: str) -> UnsignedTx:
    """The unsigned transaction of `call` from `sender`, with the node's gas estimate."""
    try:
        tx = call.build_transaction({"from": sender, "value": 0,
                                     "chainId": plan.deployment.chain_id})  # fmt: skip
    except ContractLogicError as exc:
        reason = revert_reason(exc)
        raise WouldFail(f"{action} would fail ({reason}): fix that before signing") from None
    except Web3Exception as exc:
        raise WouldFail(f"{action} cannot be estimated ({exc}): check the arguments") from None
    return UnsignedTx(
        sender=sender, to=str(tx["to"]), data=str(tx["data"]), value=int(tx.get("value", 0)),
        chain_id=int(tx["chainId"]), gas=int(tx["gas"]),
    )  # fmt: skip


def _envelope(raw: dict[str, Any], kind: str, plan: Plan, contract: str, sender: str) -> Envelope:
    unfit = attested.problem(raw, kind)
    if unfit is not None:
        raise BadAttestation(unfit)
    try:
        envelope = Envelope.parse(json.dumps(raw), kind, source=f"the {kind}")
    except EnvelopeError as exc:
        raise BadAttestation(str(exc)) from None
    expected = str(plan.contract(contract).address)
    if envelope.chain_id != plan.deployment.chain_id or envelope.contract != expected:
        raise BadAttestation(f"the {kind} is signed for another chain or plan: ask for a new one")
    message = envelope.message
    if isinstance(message, Admission):
        signer = message.member
    elif isinstance(message, WitnessAdmission):
        signer = message.witness
    else:
        signer = message.patient
    if str(signer).lower() != sender.lower():
        raise BadAttestation(f"the {kind} names another account: send it from that account")
    return envelope


# -- any account ---------------------------------------------------------------------------


def approve(plan: Plan, sender: str, spender: str, amount: int) -> UnsignedTx:
    target = plan.contract(spender).address
    return build(plan, plan.token.functions.approve(target, amount), sender, action="approve")


# -- member --------------------------------------------------------------------------------


def join(plan: Plan, sender: str, admission: dict[str, Any], deposit: int) -> UnsignedTx:
    envelope = _envelope(admission, "member-admission", plan, "pool", sender)
    assert isinstance(envelope.message, Admission)
    call = actions.join(plan.contract("pool"), envelope.message, envelope.signature, deposit)
    return build(plan, call, sender, action="join")


def top_up(plan: Plan, sender: str, amount: int) -> UnsignedTx:
    return build(plan, plan.contract("pool").functions.top_up(amount), sender, action="top-up")


def withdraw(plan: Plan, sender: str, amount: int) -> UnsignedTx:
    call = plan.contract("pool").functions.withdraw(amount)
    return build(plan, call, sender, action="withdraw")


def exit_plan(plan: Plan, sender: str) -> UnsignedTx:
    return build(plan, plan.contract("pool").functions.exit(), sender, action="exit")


def file_claim(plan: Plan, sender: str, diagnosis: dict[str, Any]) -> UnsignedTx:
    envelope = _envelope(diagnosis, "diagnosis", plan, "claims", sender)
    assert isinstance(envelope.message, Diagnosis)
    call = actions.file_claim(plan.contract("claims"), envelope.message, envelope.signature)
    return build(plan, call, sender, action="file claim")


def pull_payout(plan: Plan, sender: str, claim_id: int) -> UnsignedTx:
    call = plan.contract("pool").functions.pull_payout(claim_id)
    return build(plan, call, sender, action="pull payout")


# -- witness -------------------------------------------------------------------------------


def register(plan: Plan, sender: str, admission: dict[str, Any], stake: int) -> UnsignedTx:
    envelope = _envelope(admission, "witness-admission", plan, "witnesses", sender)
    assert isinstance(envelope.message, WitnessAdmission)
    registry = plan.contract("witnesses")
    call = actions.register(registry, envelope.message, envelope.signature, stake)
    return build(plan, call, sender, action="register")


def add_stake(plan: Plan, sender: str, amount: int) -> UnsignedTx:
    call = plan.contract("witnesses").functions.add_stake(amount)
    return build(plan, call, sender, action="add stake")


def unstake(plan: Plan, sender: str) -> UnsignedTx:
    call = plan.contract("witnesses").functions.unstake()
    return build(plan, call, sender, action="unstake")


def pull_fees(plan: Plan, sender: str) -> UnsignedTx:
    return build(plan, plan.contract("pool").functions.pull_fees(), sender, action="pull fees")


def report(plan: Plan, sender: str, claim_id: int, approve: bool, report_hash: bytes) -> UnsignedTx:
    call = plan.contract("claims").functions.report(claim_id, approve, report_hash)
    return build(plan, call, sender, action="witness report")


# -- supervisor ----------------------------------------------------------------------------


def object_claim(plan: Plan, sender: str, claim_id: int, evidence_hash: bytes) -> UnsignedTx:
    call = plan.contract("disputes").functions.object(claim_id, evidence_hash)
    return build(plan, call, sender, action="objection")


def report_fraud(plan: Plan, sender: str, claim_id: int, evidence_hash: bytes) -> UnsignedTx:
    call = plan.contract("disputes").functions.report_fraud(claim_id, evidence_hash)
    return build(plan, call, sender, action="fraud report")


def supervisor_withdraw(plan: Plan, sender: str, claim_id: int) -> UnsignedTx:
    call = cases.withdraw(plan.contract("disputes"), claim_id)
    return build(plan, call, sender, action="withdraw from the case")


# -- operator ------------------------------------------------------------------------------


def accept(plan: Plan, sender: str, claim_id: int) -> UnsignedTx:
    call = plan.contract("claims").functions.accept_claim(claim_id)
    return build(plan, call, sender, action="accept")


def reject(plan: Plan, sender: str, claim_id: int, reason_hash: bytes) -> UnsignedTx:
    call = plan.contract("claims").functions.reject_claim(claim_id, reason_hash)
    return build(plan, call, sender, action="reject")


def arbitrate(
    plan: Plan, sender: str, claim_id: int, approve: bool, reason_hash: bytes
) -> UnsignedTx:
    call = plan.contract("claims").functions.arbitrate(claim_id, approve, reason_hash)
    return build(plan, call, sender, action="arbitration")


def rule(plan: Plan, sender: str, claim_id: int, fraud: bool, reason_hash: bytes) -> UnsignedTx:
    call = cases.rule(plan.contract("disputes"), claim_id, fraud, reason_hash)
    return build(plan, call, sender, action="ruling")


def record_recovery(plan: Plan, sender: str, claim_id: int, amount: int) -> UnsignedTx:
    call = cases.record_recovery(plan.contract("disputes"), claim_id, amount)
    return build(plan, call, sender, action="record recovery")


def collect_fees(plan: Plan, sender: str) -> UnsignedTx:
    call = cases.collect_fees(plan.contract("disputes"))
    return build(plan, call, sender, action="collect fees")
