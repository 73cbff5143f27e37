"""`lashou serve` as a user runs it: a real process with its own data folder and free port."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from eth_utils.crypto import keccak
from web3 import Web3

from lashou import actions
from lashou.chain.deploy import dev_roles
from lashou.chain.node import connect, free_port
from lashou.chain.params import DAY
from lashou.chain.plan import Deployment, Plan
from lashou.chain.tx import Sender, increase_time
from lashou.sim.world import Habit, SimMember, World

LASHOU = Path(sys.executable).parent / "lashou"
START_TIMEOUT = 180.0


@dataclass
class Served:
    """One `lashou serve` process; `stop` sends it a signal and returns its exit code."""

    data_dir: Path
    port: int
    args: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # `lashou`'s own options, such as --rpc-url
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data_dir.parent / f"serve-{self.data_dir.name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, wait: bool = True) -> Served:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LASHOU_")}
        env["LASHOU_ANVIL"] = os.environ.get("LASHOU_ANVIL", "")
        command = [str(LASHOU), "--data-dir", str(self.data_dir), *self.options, "serve",
                   "--port", str(self.port), "--keeper-poll", "0.5", "--index-poll", "0.2",
                   *self.args]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                            env=env, start_new_session=True)  # fmt: skip
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"lashou serve exited with {self.process.returncode}: {self.output()}")
            try:
                if httpx.get(self.url + "/api/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        pytest.fail(f"lashou serve did not answer within {START_TIMEOUT:g} s: {self.output()}")

    def stop(self, signum: int = signal.SIGINT, timeout: float = 60) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signum)
        return self.process.wait(timeout)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def get(self, path: str) -> Any:
        answer = httpx.get(self.url + path, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def node_url(self) -> str:
        return str(json.loads((self.data_dir / "node.json").read_text())["url"])

    def wait_output(self, text: str, timeout: float = 120) -> None:
        """Wait until the output says `text` (start-up steps are told as they begin)."""
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if time.monotonic() > deadline:
                pytest.fail(f"lashou serve never said {text!r}: {self.output()}")
            time.sleep(0.1)

    def plan(self) -> Plan:
        w3 = connect(self.node_url())
        return Plan(w3, Deployment.load(self.data_dir / "deployment.json"))

    def wait_for(self, path: str, check: Any, timeout: float = 30) -> Any:
        """The answer at `path` once `check(answer)` holds (the indexer polls)."""
        deadline = time.monotonic() + timeout
        while True:
            answer = httpx.get(self.url + path, timeout=30)
            if answer.status_code == 200 and check(answer.json()):
                return answer.json()
            if time.monotonic() > deadline:
                pytest.fail(f"{path} never showed what was expected: {answer.text}")
            time.sleep(0.2)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Served]:
    """A `lashou serve` on a free port with a fresh data folder; stopped after the test."""
    served = Served(tmp_path / "data", free_port())
    yield served
    if served.process is not None and served.process.poll() is None:
        served.stop(signal.SIGTERM)


def join_member(plan: Plan, seed: str) -> SimMember:
    """A new member with a synthetic identity joins `plan` with eight caps per unit of weight."""
    w3: Web3 = plan.w3
    world = World.create(w3, plan, dev_roles(), Sender(w3), seed)
    world.make_people(members=1, witnesses=0, cities=[110101], habits=[Habit.STEADY])
    cap = int(plan.config.functions.cap().call())
    deposit = 3 * 8 * cap
    world.fund(world.members, [deposit], plan.contract("pool").address)
    world.join_all([deposit])
    return world.members[0]


CITIES = [440106, 440305]  # Guangzhou and Shenzhen: one province, so panels can be drawn


def accepted_claim(plan: Plan, seed: str) -> int:
    """A new member passes its waiting period (the node's clock moved on), the served keeper
    settles the periods that passed meanwhile, the member files a claim with a notary's
    diagnosis and the operator accepts it; six new witnesses can be drawn. Returns the claim's
    id: it waits for its seed block, and the keeper has nothing else to do."""
    w3: Web3 = plan.w3
    roles = dev_roles()
    world = World.create(w3, plan, roles, Sender(w3), seed)
    world.make_people(members=1, witnesses=6, cities=CITIES, habits=[Habit.STEADY])
    cap = int(plan.config.functions.cap().call())
    world.fund(world.members, [3 * 8 * cap], plan.contract("pool").address)
    world.join_all([3 * 8 * cap])
    stake = int(plan.config.functions.witness_stake().call())
    world.fund(world.witnesses, [stake] * 6, plan.contract("witnesses").address)
    world.register_witnesses(stake)
    patient = world.members[0]
    waiting_ends = int(plan.contract("pool").functions.coverage(patient.address).call()[3])
    increase_time(w3, waiting_ends + DAY - world.now())
    pool = plan.contract("pool").functions
    deadline = time.monotonic() + 60
    while int(pool.next_settlement().call()) <= world.now():  # the keeper's settlements
        assert time.monotonic() < deadline, "the keeper never settled the periods that passed"
        time.sleep(0.2)
    now = world.now()
    diagnosis, signature = actions.attest_diagnosis(
        plan, bytes(roles.notaries[0].key), patient.address, keccak(text=seed),
        waiting_ends, now - DAY // 2, actions.ConditionClass.SEVERE, now=now, ttl=DAY,
    )  # fmt: skip
    claims = plan.contract("claims")
    filed = world.transact(actions.file_claim(claims, diagnosis, signature), patient.account)
    claim_id, _ = actions.filed(claims, filed)
    world.transact(claims.functions.accept_claim(claim_id), roles.operator)
    return int(claim_id)
