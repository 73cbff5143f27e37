"""/api/supervisors/{address}/cases: the cases a supervisor staked on (index) and what it may
withdraw (chain)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eth_utils import keccak
from fastapi.testclient import TestClient

from tests.api.story import Story

pytestmark = pytest.mark.usefixtures("isolated")
RULING = keccak(text="ruling")


def rule(story: Story, claim_id: int, fraud: bool) -> None:
    call = story.plan.contract("disputes").functions.rule(claim_id, fraud, RULING)
    story.world.transact(call, story.roles.operator)


def cases_of(client: TestClient, address: str) -> dict[str, Any]:
    reply = client.get(f"/api/supervisors/{address}/cases")
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def objection_stake(story: Story) -> int:
    return int(story.plan.config.functions.objection_stake().call())


def test_supervisor_cases__an_open_objection_owes_nothing_yet(
    client: TestClient, story: Story
) -> None:
    body = cases_of(client, story.supervisor.address)
    (case,) = body["cases"]
    assert (case["claim_id"], case["round"], case["kind"], case["status"]) == (
        2, 1, "objection", "open"
    )  # fmt: skip
    assert case["evidence_hash"] == "0x" + keccak(b"evidence against claim 2").hex()
    assert (case["stake"], case["claim_status"]) == (objection_stake(story), "disputed")
    assert case["deadline"] > body["now"]
    assert (case["to_withdraw"], body["to_withdraw"]) == (0, 0)


def test_supervisor_cases__fraud_confirmed_stake_and_reward_to_withdraw(
    client: TestClient, story: Story
) -> None:
    rule(story, 2, fraud=True)
    body = cases_of(client, story.supervisor.address)
    (case,) = body["cases"]
    reward = int(story.plan.contract("disputes").functions.cases(2, 1).call()[5])
    assert case["status"] == "fraud" and reward > 0
    assert (case["stake_owed"], case["reward_owed"]) == (objection_stake(story), reward)
    assert body["to_withdraw"] == case["to_withdraw"] == objection_stake(story) + reward


def test_supervisor_cases__dismissed_case_stake_is_forfeited(
    client: TestClient, story: Story
) -> None:
    rule(story, 2, fraud=False)
    (case,) = cases_of(client, story.supervisor.address)["cases"]
    assert (case["status"], case["to_withdraw"], case["stake_refunded"]) == ("dismissed", 0, False)


def test_supervisor_cases__a_later_fraud_report_is_a_second_case(
    story: Story, reindexed: Callable[[], TestClient]
) -> None:
    rule(story, 2, fraud=False)  # the claim is queued: a fraud report opens case 2
    report = story.plan.contract("disputes").functions.report_fraud(2, keccak(b"ledger"))
    story.world.transact(report, story.supervisor)
    body = cases_of(reindexed(), story.supervisor.address)
    rounds = [(c["round"], c["kind"], c["status"], c["to_withdraw"]) for c in body["cases"]]
    assert rounds == [(1, "objection", "dismissed", 0), (2, "fraud report", "open", 0)]


def test_supervisor_cases__an_address_that_never_staked_has_none(
    client: TestClient, story: Story
) -> None:
    body = cases_of(client, story.world.members[4].address)
    assert (body["cases"], body["to_withdraw"]) == ([], 0)


def test_supervisor_cases__malformed_address_is_422(client: TestClient) -> None:
    assert client.get("/api/supervisors/0x12/cases").status_code == 422
