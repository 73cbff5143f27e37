"""`lashou serve --demo-data` interrupted while it plays the demo: a signal undoes the half-played
demo, so the next start plays it once from the start; a kill leaves it half-played, and the
next start refuses it in one sentence instead of deploying a second plan beside it."""

from __future__ import annotations

import signal
import time

import pytest
from eth_typing import HexAddress
from web3.types import Nonce
from web3.utils.address import get_create_address

from lashou.chain.deploy import dev_roles
from tests.service.conftest import Served
from tests.utils.processes import anvils_after

pytestmark = pytest.mark.e2e

DEMO = ("--demo-data", "--demo-members", "20")


def test_serve__a_demo_interrupted_by_a_signal_is_undone_and_played_again(serve: Served):
    serve.args = DEMO
    serve.start(wait=False)
    serve.wait_output("Filing and witnessing")  # the plan is deployed, the clock moved 90 days
    assert serve.stop(signal.SIGINT) == 0
    assert "The demo data was undone; the next start plays it again" in serve.output()
    assert not (serve.data_dir / "deployment.json").exists()
    assert not (serve.data_dir / "demo-playing.json").exists()

    serve.start()
    plan = serve.plan()
    deployer = HexAddress(dev_roles().deployer.address)
    # one plan: the token is the deployer's very first contract, as on a fresh chain
    assert plan.token.address == get_create_address(deployer, Nonce(0))
    deployed = plan.w3.eth.get_block(plan.deployment.block)
    assert deployed["timestamp"] < time.time() + 60  # not after the first try's 90 days
    assert serve.get("/api/stats")["memberships"] == 20
    assert not (serve.data_dir / "demo-playing.json").exists()


def test_serve__a_demo_killed_half_way_is_refused_at_the_next_start(serve: Served):
    serve.args = DEMO
    serve.start(wait=False)
    serve.wait_output("Admitting")
    assert serve.stop(signal.SIGKILL) == -signal.SIGKILL
    chain_dir = serve.data_dir / "chain"
    assert anvils_after(chain_dir, timeout=10) == set()
    assert (serve.data_dir / "demo-playing.json").exists()

    serve.start(wait=False)
    assert serve.process is not None and serve.process.wait(60) == 1
    assert (
        "The demo data was interrupted before it finished and the chain holds half of it:"
        f" delete the data folder {serve.data_dir} and start again." in serve.output()
    )
    assert anvils_after(chain_dir, timeout=10) == set()
    assert not (serve.data_dir / "node.json").exists()
    assert not (serve.data_dir / "deployment.json").exists()
