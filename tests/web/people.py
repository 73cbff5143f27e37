"""People for the browser tests: new accounts with gas money, tokens and the attestor's
admission file, exactly what a newcomer brings to the member page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from eth_account.signers.local import LocalAccount

from lashou import actions
from lashou.chain.deploy import dev_roles
from lashou.chain.plan import Plan
from lashou.chain.tx import Sender, set_balance
from lashou.identity.envelope import Envelope
from lashou.sim.world import ADMISSION_TTL, GAS_MONEY, HEALTH_ANSWERS, Habit, Person, World


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
