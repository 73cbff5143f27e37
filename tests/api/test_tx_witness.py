"""/api/tx for witnesses: register, add stake, unstake, pull fees; signed by the witness's key."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from eth_account import Account
from eth_utils import keccak
from fastapi.testclient import TestClient
from web3.logs import DISCARD

from lashou import actions
from lashou.chain.tx import set_balance
from lashou.identity.envelope import Envelope
from lashou.identity.synthetic import SyntheticIdentities
from lashou.sim.world import ADMISSION_TTL, GAS_MONEY, Person
from tests.api.story import CITIES, Story
from tests.api.wallet import do, refused

pytestmark = pytest.mark.usefixtures("isolated")


def recruit(story: Story, tokens: int) -> Person:
    """A person not yet a witness, with gas money and `tokens` approved to the registry."""
    on = datetime.fromtimestamp(story.now(), UTC).date()
    made = SyntheticIdentities("lashou-api-tests/recruit", on=on).person(
        region=CITIES[0], ages=(25, 55)
    )
    account = Account.from_key(keccak(text="lashou-api-tests/recruit"))
    set_balance(story.w3, account.address, GAS_MONEY)
    person = Person(account, made.region, made.id_number, made.name)
    story.world.fund([person], [tokens], story.plan.contract("witnesses").address)
    return person


def admission(story: Story, person: Person) -> dict[str, Any]:
    """The attestor's witness admission of `person`, as the file the API takes."""
    signed = actions.admit_witness(
        story.world.attestor, story.plan, person.address, person.id_number, person.name,
        now=story.now(), ttl=ADMISSION_TTL,
    )  # fmt: skip
    registry = str(story.plan.contract("witnesses").address)
    return Envelope("witness-admission", story.plan.deployment.chain_id, registry,
                    signed.admission, signed.signature).to_dict()  # fmt: skip


def stake_of(story: Story, address: str) -> int:
    return int(story.plan.contract("witnesses").functions.witness(address).call()[4])


def witness_stake(story: Story) -> int:
    return int(story.plan.config.functions.witness_stake().call())


def test_register_add_stake_unstake__each_transaction_succeeds(
    client: TestClient, story: Story
) -> None:
    stake = witness_stake(story)
    person = recruit(story, 2 * stake)
    receipt = do(client, story, person.account, "register",
                 admission=admission(story, person), stake=stake)  # fmt: skip
    registry = story.plan.contract("witnesses")
    joined = registry.events.WitnessRegistered().process_receipt(receipt, errors=DISCARD)
    assert (joined[0]["args"]["witness"], joined[0]["args"]["stake"]) == (person.address, stake)
    do(client, story, person.account, "add-stake", amount=stake)
    assert stake_of(story, person.address) == 2 * stake
    before = int(story.plan.token.functions.balanceOf(person.address).call())
    receipt = do(client, story, person.account, "unstake")
    left = registry.events.WitnessLeft().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert left["amount"] == 2 * stake and stake_of(story, person.address) == 0
    assert int(story.plan.token.functions.balanceOf(person.address).call()) == before + 2 * stake


def test_register__stake_below_the_minimum_is_409(client: TestClient, story: Story) -> None:
    person = recruit(story, witness_stake(story))
    body = {"sender": person.address, "admission": admission(story, person), "stake": 1}
    assert refused(client, "register", body) == (
        "Register would fail (witnesses: stake too small): fix that before signing."
    )


def test_register__admission_for_another_account_is_422(client: TestClient, story: Story) -> None:
    person = recruit(story, witness_stake(story))
    body = {"sender": story.supervisor.address, "admission": admission(story, person),
            "stake": witness_stake(story)}  # fmt: skip
    assert "names another account" in refused(client, "register", body, status=422)


def test_register__member_admission_instead_is_422(client: TestClient, story: Story) -> None:
    person = recruit(story, witness_stake(story))
    wrong = admission(story, person) | {"kind": "member-admission"}
    body = {"sender": person.address, "admission": wrong, "stake": witness_stake(story)}
    refused(client, "register", body, status=422)


def test_add_stake__not_a_witness_is_409(client: TestClient, story: Story) -> None:
    body = {"sender": story.supervisor.address, "amount": 10}
    assert "witnesses: not an active witness" in refused(client, "add-stake", body)


def test_unstake__with_a_bond_locked_is_409(client: TestClient, story: Story) -> None:
    drawn = story.witness(story.claims[4].witnesses[0])  # claim 4 awaits its report
    body = {"sender": drawn.address}
    assert "witnesses: a bond is locked" in refused(client, "unstake", body)


def test_pull_fees__witness_pulls_the_funded_fees(client: TestClient, story: Story) -> None:
    story.settle(until_funded=1)  # the settlements fund the fees before any benefit
    witness = story.witness(story.claims[1].witnesses[0])
    pool = story.plan.contract("pool")
    owed = int(pool.functions.fee_owed(witness.address).call())
    assert owed > 0
    receipt = do(client, story, witness, "pull-fees")
    pulled = pool.events.FeesPulled().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (pulled["witness"], pulled["amount"]) == (witness.address, owed)
    assert int(pool.functions.fee_owed(witness.address).call()) == 0


def test_pull_fees__before_a_settlement_is_409(client: TestClient, story: Story) -> None:
    witness = story.claims[1].witnesses[0]
    assert "pool: fees not funded yet" in refused(client, "pull-fees", {"sender": witness})


def test_pull_fees__nothing_owed_is_409(client: TestClient, story: Story) -> None:
    body = {"sender": story.supervisor.address}
    assert "pool: no fees owed" in refused(client, "pull-fees", body)
