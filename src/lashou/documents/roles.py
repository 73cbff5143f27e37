"""Read a claim's parties from the chain: Config's operator, the claim record and its witness
slots, the notary who signed the diagnosis it was filed with, and the Disputes case.

The notary is not stored by the contracts: it is recovered from the filing transaction, whose
calldata holds the notary's EIP-712 signature over the Diagnosis (the patient's nonce at filing
is the number of claims the patient filed before). Every other role is read at one block, so
the answer is one consistent state; it is remembered for that block, and what never changes
after filing (notary, document) for good.
"""

from __future__ import annotations

import threading
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from web3.exceptions import Web3Exception

from lashou import actions
from lashou.chain.plan import Plan
from lashou.documents.policy import ClaimRoles
from lashou.identity import signing

ZERO = "0x" + "00" * 20


class RolesUnavailable(RuntimeError):
    """The chain does not show what a claim's roles are read from."""


SLOTS = 2 * actions.PANEL_SIZE  # claims_book MAX_SLOTS: the first panel and a redrawn one
CASE_OPEN = 1  # dispute_book OPEN
CACHED_BLOCKS = 512  # answers remembered per (claim, block)


class ChainRoles:
    """Reads `ClaimRoles` for claims of one plan."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._filed: dict[int, tuple[str | None, str]] = {}  # claim → (notary, document)
        self._recent: dict[tuple[int, int], ClaimRoles] = {}  # (claim, block) → roles
        self._lock = threading.Lock()

    def claim_roles(self, claim_id: int) -> ClaimRoles:
        """The claim's parties as of the latest block."""
        block = int(self.plan.w3.eth.block_number)
        with self._lock:
            known = self._recent.get((claim_id, block))
        if known is not None:
            return known
        roles = self._read(claim_id, block)
        with self._lock:
            if len(self._recent) >= CACHED_BLOCKS:
                self._recent.clear()
            self._recent[(claim_id, block)] = roles
        return roles

    def _read(self, claim_id: int, block: int) -> ClaimRoles:
        operator = str(self.plan.config.functions.operator().call(block_identifier=block))
        claims = self.plan.contract("claims")
        record = claims.functions.claim(claim_id).call(block_identifier=block)
        patient, status = str(record[0]), int(record[1])  # Claim struct: patient, status, …
        if not status:
            return ClaimRoles(claim_id=claim_id, exists=False, operator=operator)
        witnesses = set()
        for index in range(SLOTS):
            witness = claims.functions.slot(claim_id, index).call(block_identifier=block)[0]
            if str(witness).lower() != ZERO:
                witnesses.add(str(witness))
        notary, document = self._filing(claim_id)
        return ClaimRoles(
            claim_id=claim_id, exists=True, operator=operator, patient=patient,
            notary=notary, witnesses=frozenset(witnesses),
            dispute_open=self._dispute_open(claim_id, block), document=document,
        )  # fmt: skip

    def _dispute_open(self, claim_id: int, block: int) -> bool:
        disputes = self.plan.disputes
        if disputes is None:
            return False
        round_ = int(disputes.functions.rounds(claim_id).call(block_identifier=block))
        if not round_:
            return False
        case = disputes.functions.cases(claim_id, round_).call(block_identifier=block)
        return int(case[1]) == CASE_OPEN  # Case struct: deadline, outcome, …

    def _filing(self, claim_id: int) -> tuple[str | None, str]:
        with self._lock:
            if claim_id in self._filed:
                return self._filed[claim_id]
        found = self.plan.logs("claims", "ClaimFiled", filters={"claim_id": claim_id})
        if not found:
            raise RolesUnavailable(
                f"the node returns no ClaimFiled event for claim {claim_id}: check that it"
                " serves the plan's whole log history"
            )
        event = found[0]
        document = "0x" + bytes(event["args"]["document"]).hex()
        notary = self._notary(event)
        with self._lock:
            self._filed[claim_id] = (notary, document)
        return notary, document

    def _notary(self, event: Any) -> str | None:
        """The signer of the Diagnosis the claim was filed with (None if it cannot be told)."""
        claims = self.plan.contract("claims")
        patient = str(event["args"]["patient"])
        try:
            tx = self.plan.w3.eth.get_transaction(event["transactionHash"])
            function, args = claims.decode_function_input(tx["input"])
        except (Web3Exception, ValueError):
            return None  # filed through another contract: the calldata is not file_claim's
        if function.fn_name != "file_claim":
            return None
        earlier = self.plan.logs(
            "claims", "ClaimFiled", filters={"patient": patient}, to_block=event["blockNumber"]
        )
        nonce = sum(1 for e in earlier if e["args"]["claim_id"] < event["args"]["claim_id"])
        diagnosis = signing.Diagnosis(
            patient=patient, document=bytes(args["document"]),
            firstConsultation=int(args["first_consultation"]),
            diagnosedAt=int(args["diagnosed_at"]), conditionClass=int(args["condition_class"]),
            nonce=nonce, deadline=int(args["deadline"]),
        )  # fmt: skip
        typed = signing.diagnosis_typed_data(
            self.plan.deployment.chain_id, str(claims.address), diagnosis
        )
        signer = Account.recover_message(
            encode_typed_data(full_message=typed), signature=bytes(args["signature"])
        )
        return str(signer)
