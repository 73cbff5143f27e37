"""The plan's actions as contract calls and readings, shared by the `lashou` command and the
simulator, so both drive the chain the same way.

Functions named after an action return the contract call without sending it (callers choose
to send one and wait, or pipeline many); the others read state or decode receipts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, IntFlag
from typing import Any

from web3.contract import Contract
from web3.logs import DISCARD
from web3.types import TxReceipt

from lashou.chain.artifacts import compile_contract
from lashou.chain.plan import Plan
from lashou.identity import signing
from lashou.identity.attestor import Attestor, SignedAdmission, SignedWitnessAdmission

PANEL_SIZE = 3  # contracts/constants.vy: witnesses per panel


class ConditionClass(IntEnum):
    """contracts/constants.vy: the condition classes a diagnosis names (never the condition)."""

    SEVERE = 0
    MILD = 1


class ClaimStatus(IntFlag):
    """contracts/claims_book.vy `Status`, in its order (a Vyper flag is one bit per member)."""

    FILED = 1
    DRAWING = 2
    WITNESSING = 4
    ARBITRATION = 8
    NOTICE = 16
    DISPUTED = 32
    QUEUED = 64
    REJECTED = 128
    CANCELLED = 256


OPEN = (
    ClaimStatus.FILED
    | ClaimStatus.DRAWING
    | ClaimStatus.WITNESSING
    | ClaimStatus.ARBITRATION
    | ClaimStatus.NOTICE
)
VERDICTS = ("none", "approved", "rejected", "released", "silent")  # claims_book VERDICT_*
MEMBER_STATUS = ("none", "active", "ended with a claim")  # Pool STATUS_*


# -- admissions and joining ----------------------------------------------------------------


def admit_member(
    attestor: Attestor,
    plan: Plan,
    member: str,
    id_number: str,
    name: str,
    health_answers: Mapping[str, object],
    *,
    region: int | None = None,
    now: int,
    ttl: int,
) -> SignedAdmission:
    """The attestor's signed admission of `member` to the plan's pool, at its current nonce."""
    pool = plan.contract("pool")
    return attestor.admit_member(
        id_number, name, health_answers, member, region,
        chain_id=plan.deployment.chain_id, pool_address=str(pool.address),
        nonce=int(pool.functions.nonces(member).call()), now=now, ttl=ttl,
    )  # fmt: skip


def admit_witness(
    attestor: Attestor,
    plan: Plan,
    witness: str,
    id_number: str,
    name: str,
    *,
    region: int | None = None,
    now: int,
    ttl: int,
) -> SignedWitnessAdmission:
    """The attestor's signed admission of `witness` to the plan's registry, at its nonce."""
    registry = plan.contract("witnesses")
    return attestor.admit_witness(
        id_number, name, witness, region,
        chain_id=plan.deployment.chain_id, witnesses_address=str(registry.address),
        nonce=int(registry.functions.nonces(witness).call()), now=now, ttl=ttl,
    )  # fmt: skip


def join(pool: Contract, admission: signing.Admission, signature: bytes, deposit: int) -> Any:
    """Pool.join with an admission and a first deposit (approved to the pool beforehand)."""
    a = admission
    return pool.functions.join(
        a.commitment, a.tier, a.validUntil, a.region, a.healthHash, a.deadline, signature, deposit
    )


def register(
    registry: Contract, admission: signing.WitnessAdmission, signature: bytes, stake: int
) -> Any:
    """Witnesses.register with an admission and a stake (approved to the registry beforehand)."""
    a = admission
    return registry.functions.register(a.commitment, a.region, a.deadline, signature, stake)


# -- claims --------------------------------------------------------------------------------


def attest_diagnosis(
    plan: Plan,
    notary_key: bytes,
    patient: str,
    document: bytes,
    first_consultation: int,
    diagnosed_at: int,
    condition_class: int,
    *,
    now: int,
    ttl: int,
) -> tuple[signing.Diagnosis, bytes]:
    """A notary's signed Diagnosis for `patient` at its current nonce on the plan's claims."""
    claims = plan.contract("claims")
    diagnosis = signing.Diagnosis(
        patient=patient,
        document=document,
        firstConsultation=first_consultation,
        diagnosedAt=diagnosed_at,
        conditionClass=int(condition_class),
        nonce=int(claims.functions.nonces(patient).call()),
        deadline=now + ttl,
    )
    signature = signing.sign_diagnosis(
        notary_key, plan.deployment.chain_id, str(claims.address), diagnosis
    )
    return diagnosis, signature


def identity_of(pool: Contract, member: str) -> bytes:
    """The identity commitment of `member`'s current membership, as its MemberJoined event
    published it (the pool keeps only identity → membership); 32 zero bytes if it has none."""
    membership_id = int(pool.functions.membership(member).call()[0])
    if membership_id == 0:
        return bytes(32)
    logs = pool.events.MemberJoined().get_logs(
        from_block=0, argument_filters={"member": member, "membership_id": membership_id}
    )
    return bytes(logs[-1]["args"]["commitment"]) if logs else bytes(32)


def file_claim(
    claims: Contract,
    diagnosis: signing.Diagnosis,
    signature: bytes,
    commitment: bytes | None = None,
) -> Any:
    """Claims.file_claim with a notary's attestation; the patient sends it, naming its identity
    commitment (looked up from its membership's MemberJoined event unless given)."""
    d = diagnosis
    if commitment is None:
        address = claims.functions.POOL().call()
        pool = claims.w3.eth.contract(address=address, abi=compile_contract("Pool").abi)
        commitment = identity_of(pool, d.patient)
    return claims.functions.file_claim(
        commitment,
        d.document,
        d.firstConsultation,
        d.diagnosedAt,
        d.conditionClass,
        d.deadline,
        signature,
    )


def filed(claims: Contract, receipt: TxReceipt) -> tuple[int, int]:
    """(claim id, benefit) of the claim a file_claim transaction filed."""
    event = claims.events.ClaimFiled().process_receipt(receipt, errors=DISCARD)[0]
    return int(event["args"]["claim_id"]), int(event["args"]["benefit"])


def assigned(claims: Contract, receipt: TxReceipt) -> dict[int, str]:
    """Witnesses a draw or replacement assigned in `receipt`, by slot."""
    events = claims.events.WitnessAssigned().process_receipt(receipt, errors=DISCARD)
    return {int(e["args"]["slot"]): str(e["args"]["witness"]) for e in events}


@dataclass(frozen=True)
class ClaimRecord:
    """What the chain keeps of one claim (Claims.claim), with the status as a flag."""

    claim_id: int
    patient: str
    status: ClaimStatus
    redrawn: bool
    deadline: int
    membership_id: int
    benefit: int
    seed_block: int

    @property
    def open(self) -> bool:
        return bool(self.status & OPEN)

    @property
    def panel(self) -> range:
        """The slots of the current panel (0-2, or 3-5 once redrawn)."""
        start = PANEL_SIZE if self.redrawn else 0
        return range(start, start + PANEL_SIZE)


def claim_record(claims: Contract, claim_id: int) -> ClaimRecord:
    """Claim `claim_id` as the chain has it; status 0 means no such claim."""
    fields = _named(claims, "claim", claims.functions.claim(claim_id).call())
    return ClaimRecord(
        claim_id=claim_id,
        patient=str(fields["patient"]),
        status=ClaimStatus(int(fields["status"])),
        redrawn=bool(fields["redrawn"]),
        deadline=int(fields["deadline"]),
        membership_id=int(fields["membership_id"]),
        benefit=int(fields["benefit"]),
        seed_block=int(fields["seed_block"]),
    )


def slot(claims: Contract, claim_id: int, index: int) -> tuple[str, int, int]:
    """(witness, reporting deadline, verdict) of one witness slot of a claim."""
    witness, deadline, verdict = claims.functions.slot(claim_id, index).call()
    return str(witness), int(deadline), int(verdict)


# -- money ---------------------------------------------------------------------------------


def payout_ready(pool: Contract, claim_id: int) -> bool:
    """Whether the queued benefit of `claim_id` is funded, not held and not yet pulled."""
    patient, amount, cum_before, paid, held = pool.functions.payouts(claim_id).call()
    funded = int(pool.functions.funded_total().call())
    return int(patient, 16) != 0 and not paid and not held and cum_before + amount <= funded


def fees_ready(pool: Contract, witness: str) -> bool:
    """Whether `witness` is owed fees that the settlements have funded."""
    if not int(pool.functions.fee_owed(witness).call()):
        return False
    position = int(pool.functions.fee_position(witness).call())
    return position <= int(pool.functions.fees_funded().call())


def settled(pool: Contract, receipt: TxReceipt) -> dict[str, int] | None:
    """The PeriodSettled figures of a settle transaction; None when the breaker held it."""
    events = pool.events.PeriodSettled().process_receipt(receipt, errors=DISCARD)
    return {k: int(v) for k, v in events[0]["args"].items()} if events else None


def lapsed_buckets(pool: Contract, receipt: TxReceipt) -> int:
    """How many buckets of members a transaction crossed (they lapsed)."""
    return len(pool.events.BucketCrossed().process_receipt(receipt, errors=DISCARD))


@dataclass(frozen=True)
class MemberStatus:
    """A member as of the latest block, in base units and timestamps."""

    address: str
    status: str
    balance: int  # settled lazily: what is left after every share charged so far
    weight: int
    tier: int
    lapsed: bool
    covered: bool
    waiting_ends: int
    valid_until: int
    periods_covered: int  # full-cap periods the balance still pays for
    membership_id: int


def member_status(plan: Plan, address: str) -> MemberStatus:
    """Read one member's standing from the pool."""
    pool = plan.contract("pool").functions
    balance, weight, status, _, lapsed, _ = pool.member(address).call()
    membership_id, tier, _, waiting_ends, valid_until, covered = pool.coverage(address).call()
    cap = int(plan.config.functions.cap().call())
    active = status == 1 and not lapsed
    return MemberStatus(
        address=address,
        status=MEMBER_STATUS[status] if status < len(MEMBER_STATUS) else str(status),
        balance=int(balance),
        weight=int(weight),
        tier=int(tier),
        lapsed=bool(lapsed),
        covered=bool(covered),
        waiting_ends=int(waiting_ends),
        valid_until=int(valid_until),
        periods_covered=int(balance) // (int(weight) * cap) if active and weight and cap else 0,
        membership_id=int(membership_id),
    )


def _named(contract: Contract, function: str, value: Any) -> dict[str, Any]:
    """A returned struct as a dict keyed by the ABI's component names."""
    entries: list[dict[str, Any]] = [dict(e) for e in contract.abi]
    abi = next(e for e in entries if e.get("type") == "function" and e["name"] == function)
    components = abi["outputs"][0].get("components") or abi["outputs"]
    names = [c["name"] for c in components]
    return dict(zip(names, value, strict=True))
