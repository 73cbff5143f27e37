"""People for the browser tests: a newcomer with gas money, tokens and the attestor's
admission file; the demo's covered members; a notary's diagnosis files — exactly what each
brings to the role pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount

from lashou import actions
from lashou.chain.deploy import dev_roles
from lashou.chain.plan import Plan
from lashou.chain.tx import Sender, set_balance
from lashou.identity.commitment import document_commitment, new_salt
from lashou.identity.envelope import Envelope
from lashou.sim.world import (
    ADMISSION_TTL,
    GAS_MONEY,
    HEALTH_ANSWERS,
    Habit,
    Person,
    World,
    derived_account,
)

DAY = 86_400


@dataclass(frozen=True)
class Newcomer:
    person: Person
    admission: Path  # the attestor's member-admission file

    @property
    def account(self) -> LocalAccount:
        return self.person.account


def newcomer(plan: Plan, seed: str, folder: Path, *, tokens: int, city: int = 110101) -> Newcomer:
    """A person with gas money and `tokens` (no allowance yet) and an admission file."""
    w3 = plan.w3
    world = World.create(w3, plan, dev_roles(), Sender(w3), seed)
    world.make_people(members=1, witnesses=0, cities=[city], habits=[Habit.STEADY])
    person = world.members[0]
    set_balance(w3, person.address, GAS_MONEY)
    world.wait([world.send(plan.token.functions.mint(person.address, tokens), world.roles.deployer,
                           90_000)])  # fmt: skip
    signed = actions.admit_member(
        world.attestor, plan, person.address, person.id_number, person.name, HEALTH_ANSWERS,
        now=world.now(), ttl=ADMISSION_TTL,
    )  # fmt: skip
    pool = str(plan.contract("pool").address)
    envelope = Envelope("member-admission", plan.deployment.chain_id, pool, signed.admission,
                        signed.signature)  # fmt: skip
    path = folder / f"admission-{seed.replace('/', '-')}.json"
    path.write_text(json.dumps(envelope.to_dict(), indent=2))
    return Newcomer(person, path)


DEMO_SEED = "lashou-demo"  # the seed `lashou serve --demo-data` plays the demo with


def covered_demo_member(
    site_get: Callable[[str], Any], members: int, *, skip: int = 0
) -> LocalAccount:
    """The key of a demo member that is covered and past its waiting period (the `skip`-th
    such member, so that tests do not share one)."""
    found = 0
    for i in range(members):
        account = derived_account(f"member/{i}", DEMO_SEED)
        status = site_get(f"/api/members/{account.address}")
        if status["status"] == "active" and not status["in_waiting_period"]:
            if found == skip:
                return account
            found += 1
    raise AssertionError("no covered demo member left: the demo changed")


def diagnosis_files(
    plan: Plan, patient: str, folder: Path, *, condition: int = 0
) -> DiagnosisFiles:
    """What a notary hands a patient: the signed diagnosis, the document and its salt."""
    w3 = plan.w3
    now = int(w3.eth.get_block("latest")["timestamp"])
    content = f"Diagnosis report for a synthetic test patient, {now}.\n".encode() * 20
    salt = new_salt()
    diagnosis, signature = actions.attest_diagnosis(
        plan, bytes(dev_roles().notaries[0].key), patient, document_commitment(content, salt),
        now - 2 * DAY, now - DAY, condition, now=now, ttl=DAY,
    )  # fmt: skip
    claims = str(plan.contract("claims").address)
    envelope = Envelope("diagnosis", plan.deployment.chain_id, claims, diagnosis, signature)
    files = DiagnosisFiles(folder / "diagnosis.json", folder / "report.pdf", folder / "report.salt")
    files.diagnosis.write_text(json.dumps(envelope.to_dict(), indent=2))
    files.document.write_bytes(content)
    files.salt.write_text("0x" + salt.hex() + "\n")
    return files


@dataclass(frozen=True)
class DiagnosisFiles:
    diagnosis: Path
    document: Path
    salt: Path


def witness_newcomer(
    plan: Plan, seed: str, folder: Path, *, tokens: int, city: int = 650102
) -> Newcomer:
    """A person with gas money and `tokens` (no allowance yet) and the attestor's
    witness-admission file as its `admission`. The default city is in a province where the
    demo has no members, so the witness is drawn (nationwide) only when no one nearer can be."""
    w3 = plan.w3
    world = World.create(w3, plan, dev_roles(), Sender(w3), seed)
    world.make_people(members=0, witnesses=1, cities=[city], habits=[Habit.STEADY])
    person = world.witnesses[0]
    set_balance(w3, person.address, GAS_MONEY)
    world.wait([world.send(plan.token.functions.mint(person.address, tokens), world.roles.deployer,
                           90_000)])  # fmt: skip
    signed = actions.admit_witness(
        world.attestor, plan, person.address, person.id_number, person.name,
        now=world.now(), ttl=ADMISSION_TTL,
    )  # fmt: skip
    registry = str(plan.contract("witnesses").address)
    envelope = Envelope("witness-admission", plan.deployment.chain_id, registry,
                        signed.admission, signed.signature)  # fmt: skip
    path = folder / f"witness-admission-{seed.replace('/', '-')}.json"
    path.write_text(json.dumps(envelope.to_dict(), indent=2))
    return Newcomer(person, path)


def outsider(plan: Plan, name: str, *, tokens: int) -> LocalAccount:
    """A fresh account with no part in the plan (a supervisor, say): gas money and `tokens`,
    no allowance. `name` keeps tests apart; the key is derived, for development only."""
    account = derived_account(f"outsider/{name}", "lashou-web-tests")
    set_balance(plan.w3, account.address, GAS_MONEY)
    mint = plan.token.functions.mint(account.address, tokens)
    Sender(plan.w3).transact(mint, dev_roles().deployer)
    return account
