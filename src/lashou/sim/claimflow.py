"""Drive one claim through its life on chain, as its patient, notary, operator, witnesses and
the keeper would, and keep the transaction hash of every step for the report."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from eth_utils.crypto import keccak

from lashou import actions
from lashou.chain.tx import increase_time, mine
from lashou.identity.commitment import document_commitment
from lashou.sim.world import SimMember, World

SEVERE, MILD = actions.ConditionClass.SEVERE, actions.ConditionClass.MILD
ClaimStatus = actions.ClaimStatus
DAY = 86_400
DRAW_ROUNDS = 10  # scheduled draws before the demo gives up on a panel


@dataclass
class SimClaim:
    """One claim's story: who, what, and the transaction of each step."""

    label: str
    patient: SimMember
    condition_class: int
    claim_id: int = 0
    benefit: int = 0
    steps: list[tuple[str, str]] = field(default_factory=list)  # (step, tx hash)
    witnesses: dict[int, str] = field(default_factory=dict)  # slot -> witness address
    outcome: str = "open"

    def record(self, step: str, receipt: Any) -> None:
        self.steps.append((step, receipt["transactionHash"].to_0x_hex()))

    def tx_of(self, step: str) -> str:
        return next((tx for name, tx in self.steps if name == step), "")


class ClaimFlow:
    """The steps of a claim, each one transaction by the party whose turn it is."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.claims = world.plan.contract("claims")
        self.roles = world.roles

    def file(self, claim: SimClaim) -> None:
        """The patient files with a notary's attestation of a diagnosis made after its wait."""
        w = self.world
        # read through actions, so the pool's coverage layout is decoded in one place only
        waiting_ends = actions.member_status(w.plan, claim.patient.address).waiting_ends
        now = w.now()
        first = max(waiting_ends, now - 2 * DAY)
        diagnosed = max(first, now - DAY)
        notary = self.roles.notaries[claim.patient.region % len(self.roles.notaries)]
        # the document itself stays off chain; only its salted commitment is signed and stored
        document = document_commitment(
            f"diagnosis of {claim.label}".encode(), secrets.token_bytes(32)
        )
        diagnosis, sig = actions.attest_diagnosis(
            w.plan, bytes(notary.key), claim.patient.address, document, first, diagnosed,
            claim.condition_class, now=now, ttl=DAY,
        )  # fmt: skip
        receipt = w.transact(actions.file_claim(self.claims, diagnosis, sig), claim.patient.account)
        claim.claim_id, claim.benefit = actions.filed(self.claims, receipt)
        claim.record("filed", receipt)

    def review(self, claim: SimClaim, accept: bool) -> None:
        w = self.world
        if accept:
            call = self.claims.functions.accept_claim(claim.claim_id)
        else:
            call = self.claims.functions.reject_claim(
                claim.claim_id, keccak(text="documents do not match")
            )
            claim.outcome = "rejected at review"
        claim.record("reviewed", w.transact(call, self.roles.operator))

    def draw(self, claim: SimClaim) -> None:
        """The keeper draws the panel once the seed block is mined. A draw's tries can all
        land on witnesses that may not take the claim, leaving a slot empty and the draw
        scheduled again: the keeper completes it at the next seed block, as it would every
        poll."""
        w = self.world
        delay = int(w.plan.config.functions.seed_delay().call())
        for _ in range(DRAW_ROUNDS):
            mine(w.w3, delay + 1)
            receipt = w.transact(
                self.claims.functions.draw_witnesses(claim.claim_id), self.roles.keeper
            )
            self._note_assignments(claim, receipt)
            claim.record("witnesses drawn", receipt)
            if actions.claim_record(self.claims, claim.claim_id).status != ClaimStatus.DRAWING:
                return
        raise RuntimeError(
            f"claim {claim.claim_id} found no full panel in {DRAW_ROUNDS} draws:"
            " the demo needs more witnesses for its claims (raise --witnesses)."
        )

    def report(self, claim: SimClaim, slot: int, approve: bool) -> None:
        w = self.world
        witness = w.witness_account(claim.witnesses[slot])
        report_hash = keccak(text=f"visit report {claim.label} slot {slot} {approve}")
        receipt = w.transact(
            self.claims.functions.report(claim.claim_id, approve, report_hash), witness
        )
        claim.record(f"slot {slot} {'approved' if approve else 'rejected'}", receipt)

    def replace(self, claim: SimClaim, slot: int) -> None:
        """After the silent witness's deadline the keeper replaces it from the province pool."""
        w = self.world
        receipt = w.transact(
            self.claims.functions.replace_witness(claim.claim_id, slot), self.roles.keeper
        )
        self._note_assignments(claim, receipt)
        claim.record(f"slot {slot} silent witness replaced", receipt)
        if actions.claim_record(self.claims, claim.claim_id).status == ClaimStatus.DRAWING:
            self.draw(claim)  # nobody eligible on the spot: the scheduled draw fills the slot

    def arbitrate(self, claim: SimClaim, approve: bool) -> None:
        w = self.world
        reason = keccak(text=f"arbitration {claim.label}")
        receipt = w.transact(
            self.claims.functions.arbitrate(claim.claim_id, approve, reason), self.roles.operator
        )
        claim.record("arbitrated", receipt)

    def finalize(self, claim: SimClaim) -> None:
        w = self.world
        receipt = w.transact(self.claims.functions.finalize(claim.claim_id), self.roles.keeper)
        claim.record("queued", receipt)
        claim.outcome = "queued"

    def try_pull(self, claim: SimClaim) -> bool:
        """The patient pulls its benefit if the settlements have funded it."""
        w = self.world
        pool = w.plan.contract("pool")
        if claim.outcome != "queued":
            return False
        if not actions.payout_ready(pool, claim.claim_id):
            return False
        receipt = w.transact(pool.functions.pull_payout(claim.claim_id), claim.patient.account)
        claim.record("paid", receipt)
        claim.outcome = "paid"
        return True

    def wait_out_witnesses(self) -> None:
        increase_time(
            self.world.w3, int(self.world.plan.config.functions.witness_period().call()) + 1
        )

    def _note_assignments(self, claim: SimClaim, receipt: Any) -> None:
        claim.witnesses.update(actions.assigned(self.claims, receipt))
