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

from lashou import actions
from lashou.chain.plan import Plan
from lashou.chain.tx import revert_reason
from lashou.identity.envelope import Envelope, EnvelopeError
from lashou.identity.signing import Admission, Diagnosis

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
    try:
        envelope = Envelope.parse(json.dumps(raw), kind, source=f"the {kind}")
    except EnvelopeError as exc:
        raise BadAttestation(str(exc)) from None
    expected = str(plan.contract(contract).address)
    if envelope.chain_id != plan.deployment.chain_id or envelope.contract != expected:
        raise BadAttestation(f"the {kind} is signed for another chain or plan: ask for a new one")
    message = envelope.message
    signer = message.member if isinstance(message, Admission) else getattr(message, "patient", "")
    if str(signer).lower() != sender.lower():
        raise BadAttestation(f"the {kind} names another account: send it from that account")
    return envelope


def approve(plan: Plan, sender: str, spender: str, amount: int) -> UnsignedTx:
    target = plan.contract(spender).address
    return build(plan, plan.token.functions.approve(target, amount), sender, action="approve")


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


def report(plan: Plan, sender: str, claim_id: int, approve: bool, report_hash: bytes) -> UnsignedTx:
    call = plan.contract("claims").functions.report(claim_id, approve, report_hash)
    return build(plan, call, sender, action="witness report")


def object_claim(plan: Plan, sender: str, claim_id: int, evidence_hash: bytes) -> UnsignedTx:
    call = plan.contract("disputes").functions.object(claim_id, evidence_hash)
    return build(plan, call, sender, action="objection")


def report_fraud(plan: Plan, sender: str, claim_id: int, evidence_hash: bytes) -> UnsignedTx:
    call = plan.contract("disputes").functions.report_fraud(claim_id, evidence_hash)
    return build(plan, call, sender, action="fraud report")
