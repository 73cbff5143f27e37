"""Read a claim's parties from the chain: Config's operator, the claim record and its witness
slots, the notary who signed the diagnosis it was filed with, and the Disputes case; and
whether the chain holds a document's hash as a witness's report or a supervisor's evidence.

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
from web3 import Web3
from web3.exceptions import Web3Exception

from lashou import actions
from lashou.actions import ClaimStatus
from lashou.chain.plan import Plan
from lashou.documents.address import Kind
from lashou.documents.policy import ClaimRoles
from lashou.identity import signing

ZERO = "0x" + "00" * 20


class RolesUnavailable(RuntimeError):
    """The chain does not show what a claim's roles are read from."""


SLOTS = 2 * actions.PANEL_SIZE  # claims_book MAX_SLOTS: the first panel and a redrawn one
CASE_OPEN = 1  # dispute_book OPEN
VERDICT_NONE = 0  # claims_book VERDICT_NONE: the witness has not reported
CACHED_BLOCKS = 512  # answers remembered per (claim, block)
REPORTING = ClaimStatus.DRAWING | ClaimStatus.WITNESSING  # Claims.report takes a verdict
UNDER_NOTICE = ClaimStatus.NOTICE | ClaimStatus.DISPUTED  # Disputes.object takes a stake


class ChainRoles:
    """Reads `ClaimRoles` for claims of one plan."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._filed: dict[int, tuple[str | None, str]] = {}  # claim → (notary, document)
        self._recent: dict[tuple[int, int], ClaimRoles] = {}  # (claim, block) → roles
        self._held: dict[tuple[int, str, str, str, int], bool] = {}  # … → on chain
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

    def holds(self, *, claim_id: int, kind: Kind, owner: str, address: str) -> bool:
        """Whether the chain holds `address` as `owner`'s `kind` on the claim at the latest
        block: a report as the report hash of the owner's WitnessReported, evidence as the
        evidence hash the owner staked the claim's open case with."""
        block = int(self.plan.w3.eth.block_number)
        key = (claim_id, kind.value, owner.lower(), address.lower(), block)
        with self._lock:
            known = self._held.get(key)
        if known is not None:
            return known
        found = None
        if kind is Kind.REPORT:
            found = self._reported(claim_id, owner, block)
        elif kind is Kind.EVIDENCE:
            found = self._staked(claim_id, owner, block)
        held = found is not None and found == address.lower()
        with self._lock:
            if len(self._held) >= CACHED_BLOCKS:
                self._held.clear()
            self._held[key] = held
        return held

    def _read(self, claim_id: int, block: int) -> ClaimRoles:
        operator = str(self.plan.config.functions.operator().call(block_identifier=block))
        claims = self.plan.contract("claims")
        record = claims.functions.claim(claim_id).call(block_identifier=block)
        # Claim struct: patient, status, approvals, replacements, redrawn, reschedules, deadline…
        patient, status, deadline = str(record[0]), ClaimStatus(int(record[1])), int(record[6])
        if not status:
            return ClaimRoles(claim_id=claim_id, exists=False, operator=operator)
        now = int(self.plan.w3.eth.get_block(block)["timestamp"])
        witnesses, to_report = set(), set()
        for index in range(SLOTS):
            witness, due, verdict = claims.functions.slot(claim_id, index).call(
                block_identifier=block
            )
            if str(witness).lower() == ZERO:
                continue
            witnesses.add(str(witness))
            if status & REPORTING and verdict == VERDICT_NONE and now < due:
                to_report.add(str(witness))
        approvers = claims.functions.approvers(claim_id).call(block_identifier=block)
        notary, document = self._filing(claim_id)
        return ClaimRoles(
            claim_id=claim_id, exists=True, operator=operator, patient=patient,
            notary=notary, witnesses=frozenset(witnesses),
            dispute_open=self._dispute_open(claim_id, block), document=document,
            approvers=frozenset(str(a) for a in approvers), to_report=frozenset(to_report),
            supervision_closed=self._supervision_closed(claim_id, status, deadline, now, block),
        )  # fmt: skip

    def _supervision_closed(
        self, claim_id: int, status: ClaimStatus, deadline: int, now: int, block: int
    ) -> str | None:
        """Why Disputes would take neither an objection nor a fraud report on the claim now,
        as its `object` and `report_fraud` check; None when it would take one."""
        disputes = self.plan.disputes
        if disputes is None:
            return "the plan takes no objections"
        if status & UNDER_NOTICE:
            return None if now < deadline else "the claim's notice is over and it is not queued"
        if status & ClaimStatus.QUEUED:
            if disputes.functions.fraud_confirmed(claim_id).call(block_identifier=block):
                return "fraud is already confirmed on the claim"
            pool = self.plan.contract("pool")
            paid, _, _, pulled_at = pool.functions.payout_state(claim_id).call(
                block_identifier=block
            )
            window = int(self.plan.config.functions.report_window().call(block_identifier=block))
            if paid and now >= int(pulled_at) + window:
                return "the report window after the payout is over"
            return None
        if status & ClaimStatus.REJECTED:
            return "the claim is rejected"
        if status & ClaimStatus.CANCELLED:
            return "the claim is cancelled"
        return "the claim is not under notice yet"

    def _reported(self, claim_id: int, witness: str, block: int) -> str | None:
        """The report hash `witness` reported on the claim with (0x hex), if it reported."""
        filters = {"claim_id": claim_id, "witness": _checksum(witness)}
        found = self.plan.logs("claims", "WitnessReported", to_block=block, filters=filters)
        return "0x" + bytes(found[-1]["args"]["report_hash"]).hex() if found else None

    def _staked(self, claim_id: int, supervisor: str, block: int) -> str | None:
        """The evidence hash `supervisor` staked the claim's open case with (0x hex), if any: a
        supervisor's record points at the latest case it joined, and its latest objection or
        fraud report on the claim is the one that joined it."""
        disputes = self.plan.disputes
        round_ = self._open_round(claim_id, block)
        if disputes is None or not round_:
            return None
        record = disputes.functions.supervisor(claim_id, _checksum(supervisor)).call(
            block_identifier=block
        )  # Supervisor struct: stake, received, index, round, refunded
        if int(record[3]) != round_:
            return None
        filters = {"claim_id": claim_id, "supervisor": _checksum(supervisor)}
        staked = [
            event
            for name in ("ObjectionRaised", "FraudReported")
            for event in self.plan.logs("disputes", name, to_block=block, filters=filters)
        ]
        if not staked:
            return None
        latest = max(staked, key=lambda event: (event["blockNumber"], event["logIndex"]))
        return "0x" + bytes(latest["args"]["evidence_hash"]).hex()

    def _dispute_open(self, claim_id: int, block: int) -> bool:
        return self._open_round(claim_id, block) != 0

    def _open_round(self, claim_id: int, block: int) -> int:
        """The round of the claim's case while it is open, else 0."""
        disputes = self.plan.disputes
        if disputes is None:
            return 0
        round_ = int(disputes.functions.rounds(claim_id).call(block_identifier=block))
        if not round_:
            return 0
        case = disputes.functions.cases(claim_id, round_).call(block_identifier=block)
        return round_ if int(case[1]) == CASE_OPEN else 0  # Case struct: deadline, outcome, …

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


def _checksum(address: str) -> str:
    return str(Web3.to_checksum_address(address))
