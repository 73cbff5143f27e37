"""Drive claims through their life on a whole titanoboa plan: the people, the diagnosis, the draw.

Shared by the claims, disputes and stateful tests. The plan has small amounts (witness stake 30,
bond 10, fee 2, forfeit 4 tokens; benefits 300 and 100 tokens) so that a handful of members can
fund a claim in one settlement. `populate` admits the members and witnesses once and moves the
clock past the waiting period; the step functions below take a claim from filing to any state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Any

import boa
from eth_utils import keccak

from lashou.identity import signing
from tests.utils.deployers import ADMITTED, DAY, TOKEN, Key, Plan, admit, fund, register_witness

CITY = 110_101  # Beijing, Dongcheng: the patients' city
SAME_PROVINCE_CITY = 110_105  # Beijing, Chaoyang
OTHER_PROVINCE_CITY = 310_101  # Shanghai, Huangpu

PARAMS = {
    "witness_stake": 30 * TOKEN,
    "witness_bond": 10 * TOKEN,
    "witness_fee": 2 * TOKEN,
    "silent_forfeit": 4 * TOKEN,
}
BENEFITS = [300 * TOKEN, 100 * TOKEN]

# Every block of the last 256 has a distinct, non-zero hash (titanoboa keeps none by default).
RECENT_HASHES = [keccak(b"block" + i.to_bytes(2, "big")) for i in range(256)]

SEVERE, MILD = 0, 1

# Status flag values (claims_book.Status).
FILED, DRAWING, WITNESSING, ARBITRATION, NOTICE, DISPUTED, QUEUED, REJECTED, CANCELLED = (
    1 << i for i in range(9)
)
# Slot verdicts.
NONE, APPROVED, REJECTED_VERDICT, RELEASED, SILENT = range(5)

_documents = count(1)  # a fresh diagnosis document per claim filed by `file_claim`


@dataclass
class World:
    """A plan and the people in it."""

    plan: Plan
    patient: str
    patient_commitment: bytes
    other_patient: str
    supporters: list[str]
    city_witnesses: list[str] = field(default_factory=list)
    province_witnesses: list[str] = field(default_factory=list)
    far_witnesses: list[str] = field(default_factory=list)

    @property
    def witnesses(self) -> list[str]:
        return self.city_witnesses + self.province_witnesses + self.far_witnesses


def commitment(n: int) -> bytes:
    return n.to_bytes(32, "big")


def events(contract: Any, name: str) -> list[Any]:
    """The `name` events the last call to `contract` emitted (other contracts' logs left out)."""
    return [log for log in contract.get_logs() if type(log).__name__ == name]


def now() -> int:
    return int(boa.env.evm.patch.timestamp)


def block_number() -> int:
    return int(boa.env.evm.patch.block_number)


def join(plan: Plan, member: str, n: int, *, tier: int, region: int, amount: int) -> None:
    fields, sig = admit(plan, member, commitment=commitment(n), tier=tier, region=region)
    fund(plan, member, amount)
    with boa.env.prank(member):
        plan.pool.join(*fields, sig, amount)


def populate(plan: Plan, *, patients: int = 0, supporters: int = 4) -> World:
    """Admit the members and the witnesses of the tests, then pass the waiting period.

    `patients` more patients (commitments 400, 401, …) join beside the two named ones; they
    are in `World.supporters` after the supporters proper (tier 0, far away).
    """
    assert plan.claims is not None, "Claims.vy must exist for these tests"
    patient = boa.env.generate_address("patient")
    other = boa.env.generate_address("other-patient")
    join(plan, patient, 1, tier=1, region=CITY, amount=100 * TOKEN)
    join(plan, other, 2, tier=1, region=CITY, amount=100 * TOKEN)
    people = []
    for i in range(supporters):
        supporter = boa.env.generate_address(f"supporter-{i}")
        join(plan, supporter, 10 + i, tier=0, region=OTHER_PROVINCE_CITY, amount=200 * TOKEN)
        people.append(supporter)
    for i in range(patients):
        extra = boa.env.generate_address(f"patient-{i}")
        join(plan, extra, 400 + i, tier=1, region=CITY, amount=100 * TOKEN)
        people.append(extra)
    w = World(plan, patient, commitment(1), other, people)
    for i in range(4):
        account = boa.env.generate_address(f"city-witness-{i}")
        register_witness(plan, account, commitment=commitment(100 + i), region=CITY)
        w.city_witnesses.append(account)
    for i in range(4):
        account = boa.env.generate_address(f"province-witness-{i}")
        register_witness(plan, account, commitment=commitment(200 + i), region=SAME_PROVINCE_CITY)
        w.province_witnesses.append(account)
    for i in range(2):
        account = boa.env.generate_address(f"far-witness-{i}")
        register_witness(plan, account, commitment=commitment(300 + i), region=OTHER_PROVINCE_CITY)
        w.far_witnesses.append(account)
    boa.env.time_travel(seconds=91 * DAY)
    return w


def diagnosis(
    plan: Plan,
    patient: str,
    *,
    document: bytes = b"\xd0" * 32,
    first_consultation: int | None = None,
    diagnosed_at: int | None = None,
    condition_class: int = SEVERE,
    deadline: int | None = None,
    nonce: int | None = None,
    key: Key | None = None,
    chain_id: int | None = None,
    contract: str | None = None,
    commitment: bytes | None = None,
) -> tuple[tuple[Any, ...], bytes]:
    """A notary-signed Diagnosis for `patient`: (file_claim arguments, signature).

    The patient's identity commitment is the one of its last admission unless `commitment`
    is given; `chain_id` and `contract` override the signed domain (signatures meant for
    elsewhere).
    """
    t = now()
    signed = signing.Diagnosis(
        patient=patient,
        document=document,
        firstConsultation=first_consultation if first_consultation is not None else t - DAY,
        diagnosedAt=diagnosed_at if diagnosed_at is not None else t - 3600,
        conditionClass=condition_class,
        nonce=nonce if nonce is not None else plan.claims.nonces(patient),
        deadline=deadline if deadline is not None else t + DAY,
    )
    sig = signing.sign_diagnosis(
        (key or plan.notaries[0]).private_key,
        chain_id if chain_id is not None else plan.chain_id,
        contract or plan.claims.address,
        signed,
    )
    fields = (
        commitment if commitment is not None else ADMITTED.get(patient, bytes(32)),
        signed.document,
        signed.firstConsultation,
        signed.diagnosedAt,
        signed.conditionClass,
        signed.deadline,
    )
    return fields, sig


def mine_past_seed(claims: Any, claim_id: int) -> None:
    """Move to the first block after the claim's seed block."""
    seed_block = claims.claim(claim_id).seed_block
    if block_number() <= seed_block:
        boa.env.time_travel(blocks=seed_block - block_number() + 1)


def report_all(claims: Any, claim_id: int, panel: list[str], approve: bool = True) -> None:
    for i, witness in enumerate(panel):
        with boa.env.prank(witness):
            claims.report(claim_id, approve, bytes([i + 1]) * 32)


# -- a claim's life, step by step --------------------------------------------------------------


def file_claim(plan: Plan, patient: str, **diagnosis_fields: Any) -> int:
    """The patient files a claim with a fresh notarised diagnosis; returns its id."""
    document = keccak(b"document" + next(_documents).to_bytes(8, "big"))
    diagnosis_fields.setdefault("document", document)
    fields, sig = diagnosis(plan, patient, **diagnosis_fields)
    with boa.env.prank(patient):
        return int(plan.claims.file_claim(*fields, sig))


def draw_panel(plan: Plan, claim_id: int) -> list[str]:
    """The operator accepts a filed claim and its panel is drawn: the three witnesses."""
    with boa.env.prank(plan.operator):
        plan.claims.accept_claim(claim_id)
    mine_past_seed(plan.claims, claim_id)
    plan.claims.draw_witnesses(claim_id)
    assert plan.claims.claim(claim_id).status == WITNESSING, "the draw found no full panel"
    return [str(plan.claims.slot(claim_id, i).witness) for i in range(3)]


def to_notice(plan: Plan, patient: str, **diagnosis_fields: Any) -> tuple[int, list[str]]:
    """File, accept, draw and approve a claim: it is under notice. (claim id, panel)."""
    claim_id = file_claim(plan, patient, **diagnosis_fields)
    panel = draw_panel(plan, claim_id)
    report_all(plan.claims, claim_id, panel)
    assert plan.claims.claim(claim_id).status == NOTICE
    return claim_id, panel


def past_deadline(claims: Any, claim_id: int, offset: int = 0) -> None:
    """Move the clock to the claim's current deadline (plus `offset` seconds)."""
    boa.env.time_travel(seconds=max(claims.claim(claim_id).deadline - now() + offset, 0))


def to_queue(plan: Plan, patient: str, **diagnosis_fields: Any) -> tuple[int, list[str]]:
    """A claim through its notice, finalized: its payout is queued. (claim id, panel)."""
    claim_id, panel = to_notice(plan, patient, **diagnosis_fields)
    past_deadline(plan.claims, claim_id)
    plan.claims.finalize(claim_id)
    return claim_id, panel


def settle_until_funded(plan: Plan, claim_id: int, most: int = 20) -> None:
    """Settle period after period until the claim's payout is funded."""
    pool = plan.pool
    for _ in range(most):
        p = pool.payouts(claim_id)
        if p.cum_before + p.amount <= pool.funded_total():
            return
        boa.env.time_travel(seconds=max(pool.next_settlement() - now(), 0))
        pool.settle()
    raise AssertionError(f"claim {claim_id} still not funded after {most} settlements")


def to_paid(plan: Plan, patient: str, **diagnosis_fields: Any) -> tuple[int, list[str]]:
    """A claim queued, funded and pulled by its patient. (claim id, panel)."""
    claim_id, panel = to_queue(plan, patient, **diagnosis_fields)
    settle_until_funded(plan, claim_id)
    with boa.env.prank(patient):
        plan.pool.pull_payout(claim_id)
    return claim_id, panel
