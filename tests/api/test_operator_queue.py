"""/api/operator/queue: what waits on the operator, from the index, with deadlines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eth_utils import keccak
from fastapi.testclient import TestClient

from lashou import actions
from tests.api.story import Story

pytestmark = pytest.mark.usefixtures("isolated")
PRIVATE = ("document", "commitment", "name", "id_number", "salt")


def queue(client: TestClient) -> dict[str, Any]:
    reply = client.get("/api/operator/queue")
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def test_queue__the_open_dispute_and_nothing_else(client: TestClient, story: Story) -> None:
    body = queue(client)
    assert body["operator"] == story.roles.operator.address
    assert (body["review"], body["arbitration"], body["recoveries"]) == ([], [], [])
    (case,) = body["disputes"]
    chain = story.plan.contract("disputes").functions.cases(2, 1).call()
    assert (case["claim_id"], case["round"], case["deadline"]) == (2, 1, chain[0])
    assert case["deadline"] > body["now"] and body["fees_owed"] == 0
    assert not any(word in str(body) for word in PRIVATE)


def test_queue__a_claim_in_review_with_its_deadline(
    story: Story, reindexed: Callable[[], TestClient]
) -> None:
    filed = story.file(story.world.members[4])
    client = reindexed()
    body = queue(client)
    (claim,) = body["review"]
    record = actions.claim_record(story.plan.contract("claims"), filed.claim_id)
    assert (claim["claim_id"], claim["status"], claim["deadline"]) == (
        filed.claim_id, "review", record.deadline
    )  # fmt: skip
    assert claim["deadline"] > body["now"]
    # the public claim and the patient's own view carry the same deadline, from the index
    public = client.get(f"/api/claims/{filed.claim_id}").json()["claim"]
    assert public["deadline"] == record.deadline
    member = client.get(f"/api/members/{story.world.members[4].address}").json()
    assert [c["deadline"] for c in member["claims"] if c["claim_id"] == filed.claim_id] == [
        record.deadline
    ]
    # once accepted, the claim waits for its draw, which has no deadline of its own
    story.world.transact(
        story.plan.contract("claims").functions.accept_claim(filed.claim_id), story.roles.operator
    )
    accepted = reindexed().get(f"/api/claims/{filed.claim_id}").json()["claim"]
    assert (accepted["status"], accepted["deadline"]) == ("drawing", None)


def test_queue__a_claim_in_arbitration(story: Story, reindexed: Callable[[], TestClient]) -> None:
    witness = story.witness(story.claims[4].witnesses[0])
    call = story.plan.contract("claims").functions.report(4, False, keccak(b"not ill"))
    story.world.transact(call, witness)
    (claim,) = queue(reindexed())["arbitration"]
    assert (claim["claim_id"], claim["status"]) == (4, "arbitration")
    assert claim["deadline"] == actions.claim_record(story.plan.contract("claims"), 4).deadline


def test_queue__fraud_after_the_payout_waits_for_a_recovery(
    story: Story, reindexed: Callable[[], TestClient]
) -> None:
    story.settle(until_funded=1)
    pool, disputes = story.plan.contract("pool"), story.plan.contract("disputes")
    story.world.transact(pool.functions.pull_payout(1), story.claims[1].patient.account)
    story.world.transact(disputes.functions.report_fraud(1, keccak(b"x")), story.supervisor)
    story.world.transact(disputes.functions.rule(1, True, keccak(b"r")), story.roles.operator)
    body = queue(reindexed())
    (case,) = body["recoveries"]
    benefit = int(pool.functions.payouts(1).call()[1])
    assert (case["claim_id"], case["status"], case["benefit"], case["recovered"]) == (
        1, "fraud", benefit, 0
    )  # fmt: skip
    assert [c["claim_id"] for c in body["disputes"]] == [2]


def test_queue__fees_owed_after_a_dismissal(client: TestClient, story: Story) -> None:
    call = story.plan.contract("disputes").functions.rule(2, False, keccak(b"no fraud"))
    story.world.transact(call, story.roles.operator)
    stake = int(story.plan.config.functions.objection_stake().call())
    assert queue(client)["fees_owed"] == stake
