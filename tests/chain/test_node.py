"""A local anvil node: starts on loopback, keeps its whole chain across a restart."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web3 import Web3

from lashou.chain.deploy import dev_roles, load_or_deploy
from lashou.chain.node import (
    CHAIN_ID,
    STATE_FILE,
    LocalNode,
    NodeError,
    connect,
    free_port,
    open_chain,
    saved_clock,
    start_node,
)
from lashou.chain.settings import Settings
from lashou.chain.tx import Sender, increase_time, mine
from tests.utils.processes import anvils, anvils_after

pytestmark = pytest.mark.e2e

DAY = 86_400


def test_start__answers_on_loopback(node: LocalNode, w3: Web3) -> None:
    assert node.url.startswith("http://127.0.0.1:")
    assert node.running
    assert w3.eth.chain_id == CHAIN_ID
    assert node.log_file.exists()


def test_start__missing_binary_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NodeError, match="anvil binary is missing .*make setup"):
        start_node(tmp_path, anvil=tmp_path / "no-anvil")


def test_start__node_that_never_answers_shows_its_log(tmp_path: Path) -> None:
    fake = tmp_path / "fake-anvil"
    fake.write_text("#!/bin/sh\necho 'error: cannot open state file' >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(NodeError, match="did not answer .*cannot open state file"):
        start_node(tmp_path / "data", anvil=fake, timeout=2)


def test_start__without_a_block_time_mines_only_transactions(node: LocalNode, w3: Web3) -> None:
    before = w3.eth.block_number
    time.sleep(1.5)
    assert w3.eth.block_number == before


def test_start__with_a_block_time_mines_by_itself_and_every_transaction(
    tmp_path: Path, anvil: Path
) -> None:
    roles = dev_roles()
    with start_node(tmp_path, anvil=anvil, block_time=1) as node:
        w3 = node.web3()
        started = w3.eth.get_block("latest")
        time.sleep(2.5)
        idle = w3.eth.get_block("latest")
        assert idle["number"] >= started["number"] + 2
        assert idle["timestamp"] >= started["timestamp"] + 2
        assert abs(idle["timestamp"] - time.time()) < 3  # the wall clock's time
        receipt = Sender(w3).transact(
            load_or_deploy(w3, tmp_path, roles).token.functions.mint(roles.keeper.address, 1),
            roles.deployer,
        )
        assert receipt["blockNumber"] > idle["number"]  # mined at once, not at the next tick


def test_start__a_block_time_under_a_second_is_refused(tmp_path: Path, anvil: Path) -> None:
    with pytest.raises(ValueError, match="too short: give 1 s or more"):
        start_node(tmp_path, anvil=anvil, block_time=0)
    assert anvils(tmp_path / "chain") == set()


def test_start__the_node_has_its_own_process_group(node: LocalNode) -> None:
    """A Ctrl-C in the terminal reaches the process that started the node, not the node: that
    process stops it when what still talks to it is done."""
    assert os.getpgid(node.process.pid) != os.getpgid(0)


def test_stop__writes_state_and_exits(tmp_path: Path, anvil: Path) -> None:
    node = start_node(tmp_path, anvil=anvil)
    node.stop()
    assert not node.running
    assert node.process.returncode is not None
    assert node.state_file.exists()
    node.stop()  # stopping twice is harmless


STARTER = """
import sys, time
from pathlib import Path
from lashou.chain.node import start_node
node = start_node(Path(sys.argv[1]), anvil=Path(sys.argv[2]))
print(node.url, flush=True)
time.sleep(600)
"""


@pytest.fixture
def starter(tmp_path: Path, anvil: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A Python process that starts a node and then only waits, and the node's URL."""
    process = subprocess.Popen([sys.executable, "-c", STARTER, str(tmp_path), str(anvil)],
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and len(anvils(tmp_path / "chain")) == 1
        yield process, url
    finally:
        process.kill()
        process.wait(10)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_start__node_dies_with_the_process_that_started_it(
    tmp_path: Path, starter: tuple[subprocess.Popen[str], str], signum: int
) -> None:
    process, url = starter
    os.kill(process.pid, signum)  # no Python code of the starter runs any more
    process.wait(10)
    assert anvils_after(tmp_path / "chain", timeout=10) == set()
    with pytest.raises(NodeError):
        connect(url, timeout=2)
    assert (tmp_path / "chain" / STATE_FILE).exists()  # it got SIGTERM, and saved its state


def test_start__node_runs_as_long_as_the_process_that_started_it(
    tmp_path: Path, starter: tuple[subprocess.Popen[str], str]
) -> None:
    process, url = starter
    time.sleep(1)
    assert process.poll() is None and connect(url).eth.chain_id == CHAIN_ID
    assert len(anvils(tmp_path / "chain")) == 1


def test_restart__keeps_blocks_balances_and_contracts(tmp_path: Path, anvil: Path) -> None:
    roles = dev_roles()
    stranger = "0x000000000000000000000000000000000000dEaD"
    with start_node(tmp_path, anvil=anvil) as node:
        w3 = node.web3()
        sender = Sender(w3)
        plan = load_or_deploy(w3, tmp_path, roles, sender=sender)
        sender.transact(plan.token.functions.mint(stranger, 1_234_567), roles.deployer)
        increase_time(w3, 30 * DAY)
        before = w3.eth.get_block("latest")
        eth_before = w3.eth.get_balance(roles.operator.address)
    with start_node(tmp_path, anvil=anvil) as node:
        w3 = node.web3()
        after = w3.eth.get_block(before["number"])
        assert w3.eth.block_number == before["number"]
        assert after["hash"] == before["hash"]
        assert w3.eth.get_balance(roles.operator.address) == eth_before
        again = load_or_deploy(w3, tmp_path, roles)
        assert again.deployment == plan.deployment  # reused, not deployed again
        assert again.token.functions.balanceOf(stranger).call() == 1_234_567
        # The clock goes on from the last block even though anvil forgets its time offset.
        Sender(w3).transact(again.token.functions.mint(stranger, 1), roles.deployer)
        assert w3.eth.get_block("latest")["timestamp"] > before["timestamp"]


def test_restart__with_a_block_time_the_clock_goes_on_from_the_last_block(
    tmp_path: Path, anvil: Path
) -> None:
    with start_node(tmp_path, anvil=anvil, block_time=1) as node:
        increase_time(node.web3(), 30 * DAY)
    state = json.loads(node.state_file.read_text())
    clock = saved_clock(node.state_file)  # read before the start, to start the clock there
    with start_node(tmp_path, anvil=anvil, block_time=1) as node:
        w3 = node.web3()
        saved = w3.eth.get_block(int(state["best_block_number"]))
        assert clock == saved["timestamp"] > time.time() + 29 * DAY
        time.sleep(2.5)
        head = w3.eth.block_number
        assert head >= saved["number"] + 2  # still mining by itself
        stamps = [w3.eth.get_block(n)["timestamp"] for n in range(saved["number"], head + 1)]
        assert stamps == sorted(set(stamps))  # forward in time, not back to the wall clock
        assert stamps[-1] - saved["timestamp"] < 10  # nor further on than the time that passed


def test_restart__fresh_data_dir_starts_a_new_chain(tmp_path: Path, anvil: Path) -> None:
    with start_node(tmp_path / "a", anvil=anvil) as node:
        mine(node.web3(), 3)
        assert node.web3().eth.block_number == 3
    with start_node(tmp_path / "b", anvil=anvil) as node:
        assert node.web3().eth.block_number == 0


def test_connect__given_url(node: LocalNode) -> None:
    w3 = connect(node.url, expect_chain_id=CHAIN_ID)
    assert w3.eth.chain_id == CHAIN_ID


def test_connect__nothing_listening_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(NodeError, match="No Ethereum node answers at .*LASHOU_RPC_URL"):
        connect(url)
    assert time.monotonic() - started < 10


def test_connect__other_chain_is_refused(node: LocalNode) -> None:
    with pytest.raises(NodeError, match="runs chain 31337, not 1"):
        connect(node.url, expect_chain_id=1)


def test_open_chain__starts_and_stops_a_local_node(tmp_path: Path, anvil: Path) -> None:
    settings = Settings(rpc_url=None, data_dir=tmp_path, anvil=anvil)
    with open_chain(settings) as w3:
        assert w3.eth.chain_id == CHAIN_ID
        url = w3.provider.endpoint_uri  # type: ignore[attr-defined]
    assert (tmp_path / "chain" / STATE_FILE).exists()  # saved when it stopped
    with pytest.raises(NodeError):
        connect(url)


def test_open_chain__given_url_starts_nothing(tmp_path: Path, node: LocalNode) -> None:
    settings = Settings(rpc_url=node.url, data_dir=tmp_path, anvil=tmp_path / "no-anvil")
    with open_chain(settings) as w3:
        assert w3.eth.block_number == node.web3().eth.block_number
    assert not (tmp_path / "chain").exists()
    assert node.running
