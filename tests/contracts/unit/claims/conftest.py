"""Fixtures of the claims tests: one wired plan per package, an anchor per test.

The plan has small amounts (witness stake 30, bond 10, fee 2, forfeit 4 tokens; benefits 300
and 100 tokens) so that a handful of members can fund a claim in one settlement. Its members
and witnesses are admitted once for the whole package (compiling the plan is the slow part) and
the clock is moved past the waiting period; every test runs in its own anchor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boa
import pytest
from eth_utils import keccak

from lashou.identity import signing
from tests.utils.deployers import DAY, TOKEN, Key, Plan, admit, deploy_plan, fund, register_witness

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


@dataclass
class World:
    """The module's plan and the people in it."""

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


def populate(plan: Plan) -> World:
    """Admit the members and the witnesses of the tests, then pass the waiting period."""
    assert plan.claims is not None, "Claims.vy must exist for these tests"
    patient = boa.env.generate_address("patient")
    other = boa.env.generate_address("other-patient")
    join(plan, patient, 1, tier=1, region=CITY, amount=100 * TOKEN)
    join(plan, other, 2, tier=1, region=CITY, amount=100 * TOKEN)
    supporters = []
    for i in range(4):
        supporter = boa.env.generate_address(f"supporter-{i}")
        join(plan, supporter, 10 + i, tier=0, region=OTHER_PROVINCE_CITY, amount=200 * TOKEN)
        supporters.append(supporter)
    w = World(plan, patient, commitment(1), other, supporters)
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


@pytest.fixture(scope="package")
def world() -> World:
    return populate(deploy_plan(params=PARAMS, benefits=BENEFITS))


@pytest.fixture(autouse=True)
def _isolate(world: World) -> Iterator[None]:
    with boa.env.anchor():
        boa.env.evm.patch.prev_hashes = RECENT_HASHES
        yield


@pytest.fixture(scope="package")
def plan(world: World) -> Plan:
    return world.plan


@pytest.fixture(scope="package")
def claims(plan: Plan) -> Any:
    return plan.claims


@pytest.fixture(scope="package")
def pool(plan: Plan) -> Any:
    return plan.pool


@pytest.fixture(scope="package")
def registry(plan: Plan) -> Any:
    return plan.witnesses


@pytest.fixture(scope="package")
def operator(plan: Plan) -> str:
    return plan.operator


@pytest.fixture(scope="package")
def patient(world: World) -> str:
    return world.patient


@pytest.fixture
def alice() -> str:
    return boa.env.generate_address("alice")


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
) -> tuple[tuple[Any, ...], bytes]:
    """A notary-signed Diagnosis for `patient`: (file_claim arguments, signature).

    `chain_id` and `contract` override the signed domain (signatures meant for elsewhere).
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
        signed.document,
        signed.firstConsultation,
        signed.diagnosedAt,
        signed.conditionClass,
        signed.deadline,
    )
    return fields, sig


@pytest.fixture
def diagnose(plan: Plan) -> Callable[..., tuple[tuple[Any, ...], bytes]]:
    """`diagnosis` at the package's plan."""

    def _diagnose(patient: str, **kwargs: Any) -> tuple[tuple[Any, ...], bytes]:
        return diagnosis(plan, patient, **kwargs)

    return _diagnose


@pytest.fixture
def file(claims: Any, diagnose: Callable[..., Any], patient: str) -> Callable[..., int]:
    """File a claim for `patient` (the module's patient by default) and return its id."""

    def _file(who: str | None = None, **kwargs: Any) -> int:
        who = who or patient
        fields, sig = diagnose(who, **kwargs)
        with boa.env.prank(who):
            return int(claims.file_claim(*fields, sig))

    return _file


@pytest.fixture
def accepted(claims: Any, file: Callable[..., int], operator: str) -> Callable[..., int]:
    """File and accept a claim; its draw is scheduled."""

    def _accepted(**kwargs: Any) -> int:
        claim_id = file(**kwargs)
        with boa.env.prank(operator):
            claims.accept_claim(claim_id)
        return claim_id

    return _accepted


def mine_past_seed(claims: Any, claim_id: int) -> None:
    """Move to the first block after the claim's seed block."""
    seed_block = claims.claim(claim_id).seed_block
    if block_number() <= seed_block:
        boa.env.time_travel(blocks=seed_block - block_number() + 1)


@pytest.fixture
def drawn(claims: Any, accepted: Callable[..., int]) -> Callable[..., tuple[int, list[str]]]:
    """File, accept and draw a claim: (claim id, the panel's three witnesses by slot)."""

    def _drawn(**kwargs: Any) -> tuple[int, list[str]]:
        claim_id = accepted(**kwargs)
        mine_past_seed(claims, claim_id)
        claims.draw_witnesses(claim_id)
        assert claims.claim(claim_id).status == WITNESSING
        return claim_id, [str(claims.slot(claim_id, i).witness) for i in range(3)]

    return _drawn


def report_all(claims: Any, claim_id: int, panel: list[str], approve: bool = True) -> None:
    for i, witness in enumerate(panel):
        with boa.env.prank(witness):
            claims.report(claim_id, approve, bytes([i + 1]) * 32)


@pytest.fixture
def noticed(claims: Any, drawn: Callable[..., Any]) -> Callable[..., tuple[int, list[str]]]:
    """A claim whose three witnesses approved: under notice."""

    def _noticed(**kwargs: Any) -> tuple[int, list[str]]:
        claim_id, panel = drawn(**kwargs)
        report_all(claims, claim_id, panel)
        assert claims.claim(claim_id).status == NOTICE
        return claim_id, panel

    return _noticed
