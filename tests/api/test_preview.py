"""/api/preview/cover: the deposit forecast agrees with the index and with the pool itself."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.story import Story
from tests.api.test_tx import newcomer_admission


def test_cover__of_a_members_balance_matches_its_status(client: TestClient, story: Story) -> None:
    member = client.get(f"/api/members/{story.world.members[4].address}").json()
    body = client.get(
        "/api/preview/cover", params={"tier": member["tier"], "balance": member["balance"]}
    ).json()
    assert body["weight"] == member["weight"]
    assert body["periods_covered"] == member["periods_covered"] > 0


def test_cover__join_minimum_is_exactly_what_the_pool_accepts(
    client: TestClient, story: Story
) -> None:
    admission = newcomer_admission(story)
    tier = admission["message"]["tier"]
    least = client.get("/api/preview/cover", params={"tier": tier, "balance": 0}).json()
    sender = story.newcomer.account.address
    approve = {"sender": sender, "spender": "pool", "amount": least["join_minimum"]}
    assert client.post("/api/tx/approve", json=approve).status_code == 200
    below = {"sender": sender, "admission": admission, "deposit": least["join_minimum"] - 1}
    reply = client.post("/api/tx/join", json=below)
    assert reply.status_code == 409 and "deposit too small" in reply.json()["detail"]
    at_least = {**below, "deposit": least["join_minimum"]}
    assert client.post("/api/tx/join", json=at_least).status_code == 200


def test_cover__more_balance_covers_more_periods(client: TestClient) -> None:
    small = client.get("/api/preview/cover", params={"tier": 1, "balance": 10**8}).json()
    large = client.get("/api/preview/cover", params={"tier": 1, "balance": 10**10}).json()
    assert large["periods_covered"] > small["periods_covered"]
    assert small["keep_minimum"] < small["join_minimum"]


def test_cover__unknown_tier_is_404_and_bad_balance_422(client: TestClient) -> None:
    missing = client.get("/api/preview/cover", params={"tier": 9, "balance": 1})
    assert missing.status_code == 404 and "no tier 9" in missing.json()["detail"]
    assert client.get("/api/preview/cover", params={"tier": 1, "balance": -1}).status_code == 422
