"""`lashou serve` and its chain: the local node's clock runs by itself like a real chain's."""

from __future__ import annotations

import time

import pytest

from lashou.actions import ClaimStatus, claim_record
from tests.service.conftest import Served, accepted_claim

pytestmark = pytest.mark.e2e


def test_serve__keeper_draws_an_accepted_claim_with_nobody_mining(serve: Served):
    serve.start()
    plan = serve.plan()
    claim_id = accepted_claim(plan, "serve-idle-draw")
    accepted_at = time.monotonic()
    claims = plan.contract("claims")
    assert claim_record(claims, claim_id).status == ClaimStatus.DRAWING
    seed_delay = int(plan.config.functions.seed_delay().call())
    # nothing is sent from here on: the seed block comes by itself, then the keeper draws
    timeline = serve.wait_for(
        f"/api/claims/{claim_id}",
        lambda t: len([s for s in t["panel"] if s["verdict"] == "pending"]) == 3,
        timeout=30,
    )
    waited = time.monotonic() - accepted_at
    assert claim_record(claims, claim_id).status == ClaimStatus.WITNESSING
    assert f"keeper: draw the witnesses of claim {claim_id}" in serve.output()
    assert waited < 3 * (seed_delay + 1) + 5, f"drawn after {waited:.1f} s"
    assert len({seat["witness"] for seat in timeline["panel"]}) == 3


def test_serve__local_node_keeps_time_moving_across_a_restart(serve: Served):
    serve.start()
    plan = serve.plan()
    first = plan.w3.eth.get_block("latest")
    time.sleep(4.5)  # two blocks at least, with nobody sending anything
    later = plan.w3.eth.get_block("latest")
    assert later["number"] >= first["number"] + 2 and later["timestamp"] > first["timestamp"]
    assert "a block every 2 s" in serve.output()
    assert serve.stop() == 0
    serve.start()
    plan = serve.plan()
    time.sleep(4.5)
    again = plan.w3.eth.block_number
    assert again >= later["number"] + 2  # the restarted node goes on mining by itself
    stamps = [plan.w3.eth.get_block(n)["timestamp"] for n in range(later["number"], again + 1)]
    assert stamps == sorted(stamps)  # never back in time
