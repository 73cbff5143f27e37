"""The chain `lashou serve` runs on, and the plan on it.

Without LASHOU_RPC_URL a local anvil is started with its state in `<data_dir>/chain`, and
`<data_dir>/node.json` says where it listens while it runs, so the other `lashou` commands with
the same data folder find it. That node mines a block every BLOCK_TIME seconds besides one per
transaction, so a seed block comes and deadlines pass with nobody sending anything, as on a
real chain. The plan is deployed once and remembered in `<data_dir>/deployment.json`; with
`demo_data`, a plan without members is replaced by the demo scenario's plan, lived through on
this chain. While the demo plays, `<data_dir>/demo-playing.json` says so: a demo interrupted on
the local node is undone (the chain returns to where it was before), and one that could not be
undone (the process was killed) leaves the file, so the next start refuses a half-played plan.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from web3 import Web3
from web3.exceptions import Web3Exception

from lashou.chain.deploy import DEPLOYMENT_FILE, dev_roles, load_or_deploy, stale_reason
from lashou.chain.node import CHAIN_ID, LocalNode, NodeError, connect, start_node
from lashou.chain.plan import Deployment, Plan
from lashou.chain.tx import revert, snapshot
from lashou.indexer.db import SQLITE_FILE

NODE_FILE = "node.json"
DEMO_MARK = "demo-playing.json"
# Seconds between the local node's blocks when nothing happens: a seed block three blocks ahead
# comes in about six seconds, and an idle day adds some 40,000 blocks (about 70 MB of state).
BLOCK_TIME = 2
Say = Callable[[str], None]


class ServeError(RuntimeError):
    """The platform cannot start; the message says what to do."""


@dataclass
class Chain:
    """A client on the chain, and the local node when this process started it."""

    url: str
    w3: Web3
    node: LocalNode | None = None
    node_file: Path | None = field(default=None)

    @property
    def description(self) -> str:
        if self.node is None:
            return f"chain {self.url}"
        return (
            f"local anvil {self.url} (a block every {BLOCK_TIME} s, state in {self.node.chain_dir})"
        )

    def close(self) -> None:
        """Stop the local node (it saves its state) and forget where it listened."""
        if self.node_file is not None:
            self.node_file.unlink(missing_ok=True)
        if self.node is not None:
            self.node.stop()


def open_chain(*, data_dir: Path, rpc_url: str | None, anvil: Path) -> Chain:
    """A client on `rpc_url`, or on a local anvil started with its state under `data_dir`."""
    if rpc_url:
        return Chain(url=rpc_url, w3=connect(rpc_url, timeout=60))
    data_dir.mkdir(parents=True, exist_ok=True)
    node_file = data_dir / NODE_FILE
    _refuse_second_node(node_file, data_dir)
    node = start_node(data_dir, anvil=anvil, block_time=BLOCK_TIME)
    try:
        record = {"url": node.url, "pid": os.getpid(), "chain_id": CHAIN_ID}
        node_file.write_text(json.dumps(record) + "\n")
        return Chain(url=node.url, w3=node.web3(), node=node, node_file=node_file)
    except BaseException:  # the caller never gets the node to stop: stop it here
        node_file.unlink(missing_ok=True)
        node.stop()
        raise


def _refuse_second_node(node_file: Path, data_dir: Path) -> None:
    try:
        record = json.loads(node_file.read_text())
        pid = int(record["pid"])
        os.kill(pid, 0)
    except (OSError, ValueError, KeyError, TypeError):
        node_file.unlink(missing_ok=True)  # none, or left by a process that died
        return
    raise ServeError(
        f"A node already runs for {data_dir} at {record.get('url')} (process {pid}): stop it"
        " first, or pass --rpc-url to use it, or another --data-dir."
    )


def saved_plan(w3: Web3, data_dir: Path) -> Plan | None:
    """The plan recorded in the data folder, when it is still on this chain."""
    path = data_dir / DEPLOYMENT_FILE
    if not path.exists():
        return None
    saved = Deployment.load(path)
    return Plan(w3, saved) if stale_reason(w3, saved) is None else None


def members_of(plan: Plan) -> int:
    """Memberships ever opened in the plan."""
    return int(plan.contract("pool").functions.membership_count().call())


def prepare_plan(
    chain: Chain, *, data_dir: Path, demo_data: bool, demo_members: int, say: Say
) -> Plan:
    """The plan to serve: the saved one, a new deployment, or the demo's (see the module)."""
    _refuse_half_played_demo(data_dir)
    w3 = chain.w3
    dev = w3.eth.chain_id == CHAIN_ID
    plan = saved_plan(w3, data_dir)
    if plan is not None and (not demo_data or members_of(plan) > 0):
        return plan
    if not dev:
        raise ServeError(
            f"No plan of {data_dir / DEPLOYMENT_FILE} is on chain {w3.eth.chain_id}: deploy one"
            " there and put its deployment.json in the data folder (the demo data and the"
            " automatic deployment need a development node, chain 31337)."
        )
    if not demo_data:
        say("Deploying the plan (once; its addresses are saved in the data folder)")
        plan = load_or_deploy(w3, data_dir, dev_roles())
        forget_index(data_dir)  # a chain that lost the saved plan: its index follows no plan
        return plan
    return play_demo_once(chain, data_dir=data_dir, members=demo_members, say=say)


def play_demo_once(chain: Chain, *, data_dir: Path, members: int, say: Say) -> Plan:
    """Play the demo and save its plan, or leave the chain as it was (see the module)."""
    mark = data_dir / DEMO_MARK
    mark.write_text(json.dumps({"pid": os.getpid(), "url": chain.url}) + "\n")
    before = snapshot(chain.w3)
    try:
        plan = play_demo(chain.w3, members=members, say=say)
    except BaseException:
        if _undo(chain, before):
            mark.unlink()
            say("The demo data was undone; the next start plays it again")
        raise
    forget_index(data_dir)
    plan.deployment.save(data_dir / DEPLOYMENT_FILE)
    mark.unlink()
    return plan


def _undo(chain: Chain, snapshot_id: str) -> bool:
    """Return the local node to `snapshot_id`; False when it is not this process's node or it
    does not answer. A node given by URL is someone else's: it is left as it is."""
    if chain.node is None or not chain.node.running:
        return False
    try:
        revert(connect(chain.url, timeout=30), snapshot_id)  # a client not cut off mid-request
    except (NodeError, RuntimeError, OSError, Web3Exception):
        return False
    return True


def _refuse_half_played_demo(data_dir: Path) -> None:
    if (data_dir / DEMO_MARK).exists():
        raise ServeError(
            f"The demo data was interrupted before it finished and the chain holds half of it:"
            f" delete the data folder {data_dir} and start again."
        )


def play_demo(w3: Web3, *, members: int, say: Say) -> Plan:
    """Deploy the demo's plan on this chain and live it through; returns the plan."""
    from lashou.sim.scenario import Demo, DemoOptions

    demo = Demo(w3, dev_roles(), DemoOptions(members=members), lambda what, _: say(what))
    report = demo.run()
    say(
        f"Demo data: {report.members['joined']} members, {len(report.claims)} claims,"
        f" books {'balanced' if report.conserved else 'NOT balanced'}"
    )
    return demo.world.plan


def forget_index(data_dir: Path) -> None:
    """Remove the data folder's SQLite index of a plan that was replaced (it follows no more)."""
    for suffix in ("", "-wal", "-shm"):
        (data_dir / (SQLITE_FILE + suffix)).unlink(missing_ok=True)
