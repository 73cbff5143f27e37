"""`lashou serve` end to end: the chain, the plan, the keeper, the indexer and the API at once."""

from __future__ import annotations

import json
import signal
import socket
import time

import httpx
import pytest
from click.testing import CliRunner
from web3 import Web3

from lashou.chain.artifacts import compile_contract
from lashou.chain.deploy import dev_roles
from lashou.chain.tx import increase_time
from lashou.cli import main
from tests.service.conftest import Served, join_member
from tests.utils.processes import anvils, anvils_after

pytestmark = pytest.mark.e2e


def test_serve__answers_health_docs_and_the_page(serve: Served):
    serve.start()
    health = serve.get("/api/health")
    assert health["status"] == "ok" and health["chain_id"] == 31337
    page = httpx.get(serve.url + "/", timeout=30)
    assert (
        page.status_code == 200
        and "lashou" in page.text
        and 'data-field="members_active"' in page.text
    )
    assert httpx.get(serve.url + "/docs", timeout=30).status_code == 200
    assert "lashou serves" in serve.output() and str(serve.data_dir) in serve.output()


def test_serve__port_in_use_is_refused_in_one_sentence(serve: Served):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", serve.port))
        taken.listen()
        serve.start(wait=False)
        assert serve.process is not None
        assert serve.process.wait(60) == 1
    assert f"Cannot listen on 127.0.0.1:{serve.port}" in serve.output()
    assert "pass another --port" in serve.output()
    assert not (serve.data_dir / "chain").exists()  # nothing was started


def test_serve__member_joined_on_chain_shows_in_the_api(serve: Served):
    serve.start()
    assert serve.get("/api/stats")["memberships"] == 0
    member = join_member(serve.plan(), "serve-join")
    found = serve.wait_for(f"/api/members/{member.address}", lambda m: m["status"] == "active")
    assert found["address"] == member.address and found["membership_id"] == 1
    assert serve.get("/api/stats")["memberships"] == 1


def test_members_api__an_address_that_never_joined_is_404(serve: Served):
    serve.start()
    answer = httpx.get(serve.url + "/api/members/0x" + "12" * 20, timeout=30)
    assert answer.status_code == 404


def test_serve__keeper_settles_a_period_once_it_is_due(serve: Served):
    serve.start()
    join_member(serve.plan(), "serve-keeper")
    plan = serve.plan()
    pool = plan.contract("pool").functions
    assert pool.period().call() == 0
    increase_time(
        plan.w3,
        int(pool.next_settlement().call()) - int(plan.w3.eth.get_block("latest")["timestamp"]) + 1,
    )
    plan.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    serve.wait_for("/api/stats", lambda s: s["period"] == 1)
    serve.wait_output("keeper: settle period 1", timeout=10)  # logged once its round is over


def test_serve__keeper_with_nothing_due_sends_nothing(serve: Served):
    serve.start()
    plan = serve.plan()
    keeper = dev_roles().keeper.address
    before = plan.w3.eth.get_transaction_count(keeper)
    serve.wait_for("/api/health", lambda h: True)
    time.sleep(1.5)  # three keeper rounds
    assert plan.w3.eth.get_transaction_count(keeper) == before
    assert "keeper:" not in serve.output()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_serve__a_signal_stops_everything_with_exit_0(serve: Served, signum: int):
    serve.start()
    node_url = serve.node_url()
    assert serve.stop(signum) == 0
    assert (serve.data_dir / "chain" / "anvil-state.json").exists()
    assert not (serve.data_dir / "node.json").exists()
    with pytest.raises(httpx.HTTPError):
        httpx.get(node_url, timeout=2)
    with pytest.raises(httpx.HTTPError):
        httpx.get(serve.url + "/api/health", timeout=2)
    assert "Stopped" in serve.output()


def test_serve__killed_with_sigkill_takes_its_node_with_it(serve: Served):
    serve.start()
    chain_dir, node_url = serve.data_dir / "chain", serve.node_url()
    assert len(anvils(chain_dir)) == 1
    assert serve.stop(signal.SIGKILL) == -signal.SIGKILL  # nothing of lashou serve runs on
    assert anvils_after(chain_dir, timeout=10) == set()
    with pytest.raises(httpx.HTTPError):
        httpx.post(node_url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"}, timeout=2)
    serve.start()  # node.json names a dead process: the next serve starts a node again
    assert len(anvils(chain_dir)) == 1 and serve.get("/api/health")["status"] == "ok"


def test_serve__failing_after_its_node_started_stops_the_node(serve: Served):
    serve.args = ("--database-url", "postgresql://nobody@127.0.0.1:1/none")
    serve.start(wait=False)
    assert serve.process is not None and serve.process.wait(120) == 1
    assert "cannot be reached or migrated" in serve.output()
    assert (serve.data_dir / "chain" / "anvil.log").exists()  # the node had started
    assert anvils_after(serve.data_dir / "chain", timeout=10) == set()
    assert not (serve.data_dir / "node.json").exists()


def test_serve__a_signal_during_start_up_stops_with_exit_0(serve: Served):
    serve.args = ("--demo-data", "--demo-members", "20")
    serve.start(wait=False)
    deadline = time.monotonic() + 60
    while "Admitting" not in serve.output() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert serve.stop(signal.SIGINT) == 0
    assert not (serve.data_dir / "node.json").exists()


def test_serve__restart_keeps_members_chain_and_index(serve: Served):
    serve.start()
    member = join_member(serve.plan(), "serve-restart")
    serve.wait_for(f"/api/members/{member.address}", lambda m: m["status"] == "active")
    deployment = (serve.data_dir / "deployment.json").read_text()
    assert serve.stop() == 0
    serve.start()
    assert (serve.data_dir / "deployment.json").read_text() == deployment  # not redeployed
    assert serve.get(f"/api/members/{member.address}")["status"] == "active"
    assert serve.get("/api/stats")["memberships"] == 1
    assert serve.plan().contract("pool").functions.membership_count().call() == 1


def test_serve__a_second_serve_on_the_same_data_folder_is_refused(serve: Served):
    serve.start()
    second = Served(serve.data_dir, serve.port + 1 if serve.port < 65535 else serve.port - 1)
    second.log = serve.data_dir.parent / "second.log"
    second.start(wait=False)
    assert second.process is not None and second.process.wait(60) == 1
    assert "A node already runs for" in second.output()
    assert serve.get("/api/health")["status"] == "ok"


def test_serve__demo_data_fills_an_empty_plan_and_verify_agrees_through_the_api(serve: Served):
    serve.args = ("--demo-data", "--demo-members", "20")
    serve.start()
    stats = serve.get("/api/stats")
    w3 = Web3(Web3.HTTPProvider(serve.node_url()))
    deployment = json.loads((serve.data_dir / "deployment.json").read_text())
    claims = w3.eth.contract(
        address=deployment["contracts"]["claims"], abi=compile_contract("Claims").abi
    )
    filed = int(claims.functions.claim_count().call())
    assert stats["memberships"] == 20 and stats["claims_filed"] == filed > 0
    page = httpx.get(serve.url + "/", timeout=30).text
    assert f'data-field="members_active">{stats["members_active"]}<' in page
    assert f'data-field="claims_filed">{filed}<' in page
    result = CliRunner().invoke(main, ["--data-dir", str(serve.data_dir), "--rpc-url",
                                       serve.node_url(), "verify", "--api", serve.url])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "verified:" in result.output
        and f"20 members, {filed} claims, conservation holds" in result.output
    )
