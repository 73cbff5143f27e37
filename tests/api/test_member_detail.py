"""/api/members/{address} for the member page: the lapse forecast and warning, the member's
claims and the payouts it may pull, from the index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lashou import actions
from lashou.sim.world import ADMISSION_TTL, HEALTH_ANSWERS
from tests.api.story import Story

pytestmark = pytest.mark.usefixtures("isolated")


def member(client: TestClient, address: str) -> dict[str, Any]:
    reply = client.get(f"/api/members/{address}")
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def test_member__the_least_deposit_is_warned_before_it_lapses(
    story: Story, reindexed: Callable[[], TestClient]
) -> None:
    newcomer, pool = story.newcomer, story.plan.contract("pool")
    signed = actions.admit_member(
        story.world.attestor, story.plan, newcomer.address, newcomer.id_number, newcomer.name,
        HEALTH_ANSWERS, now=story.now(), ttl=ADMISSION_TTL,
    )  # fmt: skip
    config = story.plan.config.functions
    weight = int(config.tier_weight(signed.admission.tier).call())
    least = weight * (2 * int(config.cap().call()) + int(pool.functions.BUCKET().call()))
    call = actions.join(pool, signed.admission, signed.signature, least)
    story.world.transact(call, newcomer.account)  # type: ignore[arg-type]
    body = member(reindexed(), newcomer.address)
    assert (body["status"], body["balance"], body["weight"]) == ("active", least, weight)
    assert (body["periods_covered"], body["warning_due"]) == (2, True)


def test_member__a_well_funded_member_is_not_warned(client: TestClient, story: Story) -> None:
    body = member(client, story.world.members[4].address)
    assert body["status"] == "active" and body["periods_covered"] >= 3
    assert (body["warning_due"], body["claims"], body["payouts_ready"]) == (False, [], [])
    assert body["in_waiting_period"] is False and body["valid_until"] > body["waiting_ends"]


def test_member__a_queued_claim_waits_for_its_funding(client: TestClient, story: Story) -> None:
    body = member(client, story.claims[1].patient.address)
    (claim,) = body["claims"]
    assert (claim["claim_id"], claim["status"], claim["payout_ready"]) == (1, "queued", False)
    assert (body["status"], body["warning_due"], body["payouts_ready"]) == ("ended", False, [])


def test_member__a_funded_payout_is_ready_to_pull(
    story: Story, reindexed: Callable[[], TestClient]
) -> None:
    story.settle(until_funded=1)
    body = member(reindexed(), story.claims[1].patient.address)
    assert body["payouts_ready"] == [1] and body["claims"][0]["payout_ready"] is True


def test_member__a_disputed_claim_is_not_ready(
    story: Story, reindexed: Callable[[], TestClient]
) -> None:
    story.settle(until_funded=1)  # funds what is queued; claim 2 is held by its objection
    (claim,) = member(reindexed(), story.claims[2].patient.address)["claims"]
    assert (claim["claim_id"], claim["status"], claim["payout_ready"]) == (2, "disputed", False)


def test_member__claims_listed_newest_first(
    story: Story, reindexed: Callable[[], TestClient]
) -> None:
    patient = story.world.members[4]
    first = story.file(patient)
    reject = story.plan.contract("claims").functions.reject_claim(first.claim_id, bytes(32))
    story.world.transact(reject, story.roles.operator)
    second = story.file(patient)  # one open claim at a time: the first was rejected
    body = member(reindexed(), patient.address)
    assert [(c["claim_id"], c["status"]) for c in body["claims"]] == [
        (second.claim_id, "review"), (first.claim_id, "rejected")
    ]  # fmt: skip
    assert body["payouts_ready"] == []
