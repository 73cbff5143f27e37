"""The public read routes, served from the index of the story's plan."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from lashou import actions
from tests.api.story import Story


def test_stats__count_the_members_and_claims(client: TestClient, story: Story) -> None:
    body = client.get("/api/stats").json()
    # five joined; claim 1's patient's membership ended when its claim was queued
    assert (body["memberships"], body["members_active"], body["claims_filed"]) == (5, 4, 4)
    assert body["witnesses_active"] == 8


def test_periods__empty_before_any_settlement(client: TestClient) -> None:
    reply = client.get("/api/periods", params={"limit": 10})
    assert reply.status_code == 200 and reply.json() == []


def test_claims__board_lists_every_claim_newest_first(client: TestClient) -> None:
    board = client.get("/api/claims").json()
    assert [c["claim_id"] for c in board] == [4, 3, 2, 1]
    assert [c["status"] for c in board] == ["witnessing", "notice", "disputed", "queued"]


def test_claims__board_of_one_status(client: TestClient) -> None:
    assert [c["claim_id"] for c in client.get("/api/claims?status=disputed").json()] == [2]


def test_claims__unknown_status_is_422(client: TestClient) -> None:
    reply = client.get("/api/claims?status=lost")
    assert reply.status_code == 422 and reply.json()["detail"].startswith(
        "Query parameter 'status' is not one of 'review', 'drawing',"
    )


def test_claim__timeline_names_the_panel_and_events(client: TestClient, story: Story) -> None:
    body = client.get("/api/claims/1").json()
    assert {s["witness"] for s in body["panel"]} == set(story.claims[1].witnesses.values())
    assert body["steps"][0]["event"] == "ClaimFiled"


def test_claim__unknown_id_is_404(client: TestClient) -> None:
    reply = client.get("/api/claims/99")
    assert reply.status_code == 404 and "not in the index" in reply.json()["detail"]


def test_member__status_matches_the_pool(client: TestClient, story: Story) -> None:
    member = story.world.members[4]
    body = client.get(f"/api/members/{member.address.lower()}").json()
    chain = actions.member_status(story.plan, member.address)
    assert (body["status"], body["balance"], body["weight"]) == (
        "active",
        chain.balance,
        chain.weight,
    )


@pytest.mark.parametrize(("address", "status"), [("0x" + "12" * 20, 404), ("0x12", 422)])
def test_member__unknown_or_malformed_address(
    client: TestClient, address: str, status: int
) -> None:
    assert client.get(f"/api/members/{address}").status_code == status


def test_witnesses__lists_the_registry(client: TestClient, story: Story) -> None:
    listed = {w["address"] for w in client.get("/api/witnesses?status=active").json()}
    assert listed == {w.address for w in story.world.witnesses}


def test_fraud_cases__lists_the_open_objection(client: TestClient) -> None:
    cases = client.get("/api/fraud-cases").json()
    assert [(c["claim_id"], c["status"], c["kind"]) for c in cases] == [(2, "open", "objection")]
