"""/api/witnesses/{address}: a witness's stake, bonds and fees (chain) and assignments (index)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eth_utils import keccak
from fastapi.testclient import TestClient

from lashou import actions
from tests.api.story import Story

pytestmark = pytest.mark.usefixtures("isolated")


def seat(body: dict[str, Any], claim_id: int) -> dict[str, Any]:
    return next(a for a in body["assignments"] if a["claim_id"] == claim_id)


def test_witness__drawn_witness_has_a_bond_locked_and_a_report_due(
    client: TestClient, story: Story
) -> None:
    address = story.claims[4].witnesses[0]
    body = client.get(f"/api/witnesses/{address}").json()
    record = story.plan.contract("witnesses").functions.witness(address).call()
    bond = int(story.plan.config.functions.witness_bond().call())
    assert (body["status"], body["stake"], body["locked_bonds"]) == ("active", record[4], record[5])
    assert body["locked_bonds"] >= 1 and body["bonded"] == body["locked_bonds"] * bond
    assert body["can_unstake"] is False
    _, deadline, _ = actions.slot(story.plan.contract("claims"), 4, 0)
    mine = seat(body, 4)
    assert (mine["slot"], mine["deadline"], mine["claim_status"]) == (0, deadline, "witnessing")
    assert (mine["reported"], mine["report_hash"], mine["to_report"]) == (False, None, True)


def test_witness__a_report_made_is_marked_and_keeps_it_liable(
    client: TestClient, story: Story
) -> None:
    address = story.claims[1].witnesses[0]
    body = client.get(f"/api/witnesses/{address}").json()
    assert (seat(body, 1)["reported"], seat(body, 1)["verdict"]) == (True, "approved")
    assert seat(body, 1)["to_report"] is False
    assert seat(body, 1)["report_hash"] == "0x" + keccak(text="visit 0").hex()
    assert body["liable_until"] > body["now"] and body["can_unstake"] is False
    assert body["history"]["approvals"] >= 1
    assert body["fees_owed"] > 0 and body["fees_ready"] is False  # no settlement yet


def test_witness__fees_ready_once_a_settlement_funds_them(client: TestClient, story: Story) -> None:
    story.settle(until_funded=1)
    body = client.get(f"/api/witnesses/{story.claims[1].witnesses[0]}").json()
    assert body["fees_owed"] > 0 and body["fees_ready"] is True


def test_witness__a_witness_that_left(story: Story, reindexed: Callable[[], TestClient]) -> None:
    registry = story.plan.contract("witnesses")
    stake = int(story.plan.config.functions.witness_stake().call())
    (idle,) = story.world.recruit_witnesses(1, region=story.world.witnesses[0].region, stake=stake)
    story.world.transact(registry.functions.unstake(), idle.account)
    body = reindexed().get(f"/api/witnesses/{idle.address}").json()
    assert (body["status"], body["stake"], body["province"]) == ("left", 0, None)
    assert body["history"]["status"] == "left" and body["assignments"] == []


def test_witness__never_registered_is_404(client: TestClient, story: Story) -> None:
    reply = client.get(f"/api/witnesses/{story.supervisor.address}")
    assert reply.status_code == 404
    assert reply.json()["detail"] == (
        "This address never registered as a witness: check the address."
    )


def test_witness__malformed_address_is_422(client: TestClient) -> None:
    assert client.get("/api/witnesses/0xabc").status_code == 422
