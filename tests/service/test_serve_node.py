"""`lashou serve` and its chain: the local node's clock runs by itself like a real chain's, the
platform stops with a clear sentence when its own node dies, and waits out an outage of a node
it was given."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from lashou.actions import ClaimStatus, claim_record
from lashou.chain.deploy import dev_roles, load_or_deploy
from lashou.chain.node import STATE_FILE, LocalNode, free_port, start_node
from tests.service.conftest import Served, accepted_claim, join_member
from tests.utils.processes import anvils, anvils_after

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
    serve.wait_output(f"keeper: draw the witnesses of claim {claim_id}", timeout=10)
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


def test_serve__its_node_killed_stops_it_with_a_sentence_and_exit_1(serve: Served):
    serve.start()
    join_member(serve.plan(), "serve-node-killed")
    chain_dir = serve.data_dir / "chain"
    saved_after = time.time() + 0.5
    while not chain_dir.joinpath(STATE_FILE).exists() or (
        chain_dir.joinpath(STATE_FILE).stat().st_mtime < saved_after
    ):
        time.sleep(0.2)  # the node saves its state every 5 s: wait for a save with the member
    deployment = (serve.data_dir / "deployment.json").read_text()
    (anvil,) = anvils(chain_dir)
    os.kill(anvil, signal.SIGKILL)
    assert serve.process is not None
    killed_at = time.monotonic()
    assert serve.process.wait(15) == 1
    assert time.monotonic() - killed_at < 10
    out = serve.output()
    assert "The local node (anvil) was killed by SIGKILL, so lashou serve stopped too" in out
    assert "start `lashou serve` again and it resumes from the chain state saved every 5 s" in out
    assert "state is saved" not in out and "Traceback" not in out
    assert out.count("paused") < 10  # the threads stopped instead of retrying forever
    assert not (serve.data_dir / "node.json").exists()
    assert anvils_after(chain_dir, timeout=5) == set()
    with pytest.raises(httpx.HTTPError):
        httpx.get(serve.url + "/api/health", timeout=2)
    serve.start()  # and it resumes from the saved state
    assert (serve.data_dir / "deployment.json").read_text() == deployment
    assert serve.get("/api/stats")["memberships"] == 1


def test_serve__a_chain_that_lost_the_plan_gets_a_new_one_and_a_new_index(serve: Served):
    serve.start()
    join_member(serve.plan(), "serve-chain-lost")
    serve.wait_for("/api/stats", lambda s: s["memberships"] == 1)
    assert serve.stop() == 0
    (serve.data_dir / "chain" / STATE_FILE).unlink()  # as if the node died before a save
    serve.start()
    assert "Deploying the plan" in serve.output().rsplit("Starting the chain", 1)[1]
    assert serve.get("/api/stats")["memberships"] == 0  # the old plan's index was dropped


def test_serve__a_signal_says_the_chain_state_is_saved(serve: Served):
    serve.start()
    assert serve.stop(signal.SIGINT) == 0
    assert "The chain's state is saved in the data folder" in serve.output()
    assert "The local node" not in serve.output()


def test_serve__an_outage_of_a_node_it_was_given_is_waited_out(
    serve: Served, tmp_path: Path, anvil: Path
):
    port = free_port()
    node: LocalNode = start_node(tmp_path / "elsewhere", anvil=anvil, port=port)
    try:
        load_or_deploy(node.web3(), serve.data_dir, dev_roles())
        serve.options = ("--rpc-url", node.url)
        serve.start()
        node.stop()
        degraded = serve.wait_for("/api/health", lambda h: h["status"] == "degraded")
        assert degraded["status"] == "degraded"
        time.sleep(1.5)
        assert serve.process is not None and serve.process.poll() is None  # still serving
        assert "paused" in serve.output()
        node = start_node(tmp_path / "elsewhere", anvil=anvil, port=port)
        serve.wait_for("/api/health", lambda h: h["status"] == "ok")
    finally:
        node.stop()
    assert serve.stop() == 0
    assert "state is saved" not in serve.output() and "The local node" not in serve.output()
