"""A small plan on a real anvil node with claims in every state the document rules care about.

claim 1  queued (approved by its panel, notice over, finalized), no dispute
claim 2  disputed: a supervisor objected during the notice, the case is open
claim 3  under notice (approved by its panel)
claim 4  witnessing: panel drawn, nobody reported yet
members[4] is past its waiting period with no claim; `newcomer` is not a member yet.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from sqlalchemy import Engine
from web3 import Web3

from lashou import actions
from lashou.chain.deploy import Roles, deploy_plan
from lashou.chain.plan import Plan
from lashou.chain.tx import Sender, increase_time, mine, set_balance
from lashou.identity.commitment import document_commitment
from lashou.indexer.db import open_database
from lashou.indexer.follow import Indexer
from lashou.sim.scenario import scaled_terms
from lashou.sim.world import GAS_MONEY, Habit, Person, SimMember, World

DAY = 86_400
CITIES = [440106, 440305]  # Guangzhou and Shenzhen: one province


@dataclass
class Filed:
    claim_id: int
    patient: SimMember
    content: bytes
    salt: bytes
    witnesses: dict[int, str] = field(default_factory=dict)

    @property
    def document(self) -> str:
        return "0x" + document_commitment(self.content, self.salt).hex()


@dataclass
class Story:
    w3: Web3
    plan: Plan
    roles: Roles
    world: World
    supervisor: LocalAccount
    newcomer: SimMember
    claims: dict[int, Filed] = field(default_factory=dict)

    @property
    def notary(self) -> LocalAccount:
        return self.roles.notaries[0]

    def witness(self, address: str) -> LocalAccount:
        return self.world.witness_account(address)

    def now(self) -> int:
        return self.world.now()

    def attest(self, patient: SimMember, content: bytes, salt: bytes) -> tuple[object, bytes]:
        pool = self.plan.contract("pool")
        waiting_ends = int(pool.functions.coverage(patient.address).call()[3])
        now = self.now()
        first, diagnosed = max(waiting_ends, now - 2 * DAY), max(waiting_ends, now - DAY)
        return actions.attest_diagnosis(
            self.plan, bytes(self.notary.key), patient.address,
            document_commitment(content, salt), first, diagnosed, actions.ConditionClass.SEVERE,
            now=now, ttl=DAY,
        )  # fmt: skip

    def file(self, patient: SimMember) -> Filed:
        content = f"diagnosis {secrets.token_hex(4)}".encode()
        salt = secrets.token_bytes(32)
        diagnosis, signature = self.attest(patient, content, salt)
        claims = self.plan.contract("claims")
        receipt = self.world.transact(
            actions.file_claim(claims, diagnosis, signature),
            patient.account,  # type: ignore[arg-type]
        )
        claim_id, _ = actions.filed(claims, receipt)
        filed = Filed(claim_id, patient, content, salt)
        self.claims[claim_id] = filed
        return filed

    def accept_and_draw(self, filed: Filed) -> None:
        claims = self.plan.contract("claims")
        self.world.transact(claims.functions.accept_claim(filed.claim_id), self.roles.operator)
        mine(self.w3, int(self.plan.config.functions.seed_delay().call()) + 1)
        receipt = self.world.transact(
            claims.functions.draw_witnesses(filed.claim_id), self.roles.keeper
        )
        filed.witnesses.update(actions.assigned(claims, receipt))

    def approve_all(self, filed: Filed) -> None:
        claims = self.plan.contract("claims")
        for slot, witness in sorted(filed.witnesses.items()):
            call = claims.functions.report(filed.claim_id, True, keccak(text=f"visit {slot}"))
            self.world.transact(call, self.witness(witness))

    def settle(self, *, until_funded: int | None = None, rounds: int = 12) -> None:
        """Settle the periods that are over, as a keeper would; with `until_funded`, also let
        time pass a period at a time until that claim's payout is funded."""
        pool = self.plan.contract("pool")
        for _ in range(rounds):
            if until_funded is not None and actions.payout_ready(pool, until_funded):
                return
            due = int(pool.functions.next_settlement().call())
            if self.now() < due:
                if until_funded is None:
                    return
                increase_time(self.w3, due - self.now())
            self.world.transact(pool.functions.settle(), self.roles.keeper)
        assert until_funded is None, f"claim {until_funded} is still not funded"

    def object(self, claim_id: int, evidence: bytes) -> None:
        call = self.plan.contract("disputes").functions.object(claim_id, keccak(evidence))
        self.world.transact(call, self.supervisor)


def tell(w3: Web3, roles: Roles) -> Story:
    """Deploy the plan and play it up to the states listed above."""
    sender = Sender(w3)
    params, benefits = scaled_terms(1_000)
    plan = deploy_plan(w3, roles, sender=sender, params=params, benefits=benefits)
    world = World.create(w3, plan, roles, sender, "lashou-api-tests")
    world.make_people(members=6, witnesses=8, cities=CITIES, habits=[Habit.STEADY])
    newcomer = world.members.pop()
    deposit = 1_000 * 10**6
    world.fund(world.members + [newcomer], [deposit] * 6, plan.contract("pool").address)
    world.join_all([deposit // 2] * 5)
    stake = params["witness_stake"]
    world.fund(world.witnesses, [stake] * 8, plan.contract("witnesses").address)
    world.register_witnesses(stake)
    supervisor = Account.from_key(keccak(text="lashou-api-tests/supervisor"))
    set_balance(w3, supervisor.address, GAS_MONEY)
    world.fund([Person(supervisor, CITIES[0], "", "")], [deposit],
               plan.contract("disputes").address)  # fmt: skip
    increase_time(w3, 91 * DAY)

    story = Story(w3, plan, roles, world, supervisor, newcomer)
    first, second = story.file(world.members[0]), story.file(world.members[1])
    for filed in (first, second):
        story.accept_and_draw(filed)
        story.approve_all(filed)
    story.object(second.claim_id, b"evidence against claim 2")
    increase_time(w3, int(plan.config.functions.notice_period().call()) + 1)
    world.transact(plan.contract("claims").functions.finalize(first.claim_id), roles.keeper)
    third, fourth = story.file(world.members[2]), story.file(world.members[3])
    story.accept_and_draw(third)
    story.approve_all(third)
    story.accept_and_draw(fourth)
    return story


def index_story(story: Story, folder: Path) -> Engine:
    """The story indexed once into a SQLite index in `folder`, as the indexer service would."""
    engine = open_database(url=f"sqlite:///{folder / 'index.sqlite'}")
    indexer = Indexer(story.w3, story.plan.deployment, engine=engine)
    mine(story.w3, indexer.confirmations)
    indexer.run_once()
    return engine
