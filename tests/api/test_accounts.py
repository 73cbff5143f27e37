"""/api/accounts/{address}: balances, allowances and roles, read from the contracts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.story import Story

pytestmark = pytest.mark.usefixtures("isolated")
UNLIMITED = 2**256 - 1
NO_ROLE = {"member": False, "witness": False, "operator": False, "notary": False,
           "attestor": False}  # fmt: skip


def test_account__member_balance_allowances_and_role(client: TestClient, story: Story) -> None:
    member = story.world.members[4]
    body = client.get(f"/api/accounts/{member.address.lower()}").json()
    token = story.plan.token.functions
    assert body["address"] == member.address
    assert body["balance"] == int(token.balanceOf(member.address).call())
    assert body["allowances"] == {"pool": UNLIMITED, "witnesses": 0, "disputes": 0}
    assert body["roles"] == NO_ROLE | {"member": True}
    assert body["token"] == {"address": str(story.plan.token.address),
                             "symbol": token.symbol().call(), "decimals": 6}  # fmt: skip
    assert body["chain_id"] == story.plan.deployment.chain_id
    assert body["native_balance"] == story.w3.eth.get_balance(member.address) > 0
    assert body["block"] == story.w3.eth.block_number


def test_account__stakes_to_approve_for(client: TestClient, story: Story) -> None:
    stakes = client.get(f"/api/accounts/{story.supervisor.address}").json()["stakes"]
    config = story.plan.config.functions
    assert stakes == {"witness": config.witness_stake().call(),
                      "objection": config.objection_stake().call()}  # fmt: skip


@pytest.mark.parametrize("role", ["operator", "attestor", "notary", "witness"])
def test_account__the_role_the_chain_gives(client: TestClient, story: Story, role: str) -> None:
    address = {
        "operator": story.roles.operator.address, "attestor": story.roles.attestor.address,
        "notary": story.notary.address, "witness": story.world.witnesses[0].address,
    }[role]  # fmt: skip
    assert client.get(f"/api/accounts/{address}").json()["roles"] == NO_ROLE | {role: True}


def test_account__an_ended_membership_is_still_a_member(client: TestClient, story: Story) -> None:
    patient = story.claims[1].patient  # its claim is queued: its coverage ended, payout to pull
    assert client.get(f"/api/accounts/{patient.address}").json()["roles"]["member"] is True


def test_account__a_stranger_has_nothing(client: TestClient) -> None:
    reply = client.get("/api/accounts/0x" + "12" * 20)
    assert reply.status_code == 200
    body = reply.json()
    assert (body["balance"], body["roles"]) == (0, NO_ROLE)


def test_account__malformed_address_is_422(client: TestClient) -> None:
    reply = client.get("/api/accounts/0x12")
    assert reply.status_code == 422
    detail = reply.json()["detail"]
    assert "address" in detail.lower() and "0x followed by 40 hex digits" in detail
