"""One anvil node and one plan per test module, driven through the `lashou` command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from eth_account import Account
from eth_utils import keccak
from web3 import Web3

from lashou.chain.deploy import dev_account
from lashou.chain.node import LocalNode
from lashou.chain.plan import Deployment, Plan
from lashou.chain.tx import revert, snapshot
from lashou.cli import main

# A plan small enough to pay a claim within a settlement or two: witness terms and benefits
# scaled down from DESIGN §8 (the cap stays 10 tokens per unit of weight).
SMALL_PLAN = [
    "--param", "witness_stake=30", "--param", "witness_bond=10", "--param", "witness_fee=1",
    "--param", "silent_forfeit=2", "--param", "objection_stake=1",
    "--benefit", "0=20", "--benefit", "1=10",
]  # fmt: skip
PASSWORD = "correct horse"
FAST_KEYS = ["--work-factor", "16"]  # scrypt N for throwaway test keys
ENV_NAMES = ("LASHOU_PRIVATE_KEY", "LASHOU_PASSWORD", "LASHOU_ACCOUNT", "LASHOU_RPC_URL")


def dev_key(index: int) -> str:
    """Development only: the private key of anvil's account `index` (public knowledge)."""
    return "0x" + bytes(dev_account(index).key).hex()


ROLE_KEYS = {"deployer": 0, "governance": 1, "operator": 2, "attestor": 3, "keeper": 4, "notary": 5}


def role_key(role: str) -> str:
    return dev_key(ROLE_KEYS[role])


def throwaway_key(label: str) -> tuple[str, str]:
    """(private key, address) of a test account nobody else uses."""
    key = keccak(text=f"lashou-cli-test/{label}")
    return "0x" + key.hex(), Account.from_key(key).address


@dataclass
class Cli:
    """Runs `lashou` in-process against the module's node, one data folder per test."""

    url: str
    data_dir: Path
    deployment: Path
    outputs: list[str] = field(default_factory=list)

    def run(
        self,
        *args: str,
        key: str | None = None,
        account: str | None = None,
        password: str | None = PASSWORD,
        input: str | None = None,
        code: int = 0,
    ) -> Result:
        env: dict[str, str | None] = dict.fromkeys(ENV_NAMES)
        env["LASHOU_PRIVATE_KEY"] = key
        env["LASHOU_PASSWORD"] = password
        options = ["--rpc-url", self.url, "--data-dir", str(self.data_dir),
                   "--deployment", str(self.deployment)]  # fmt: skip
        if account is not None:
            options += ["--account", account]
        result = CliRunner().invoke(main, [*options, *args], env=env, input=input)
        self.outputs.append(result.output)
        assert result.exit_code == code, f"lashou {' '.join(args)}: {result.output}"
        return result

    def json(self, *args: str, **kwargs: Any) -> Any:
        return json.loads(self.run(*args, "--json", **kwargs).stdout)


def one_sentence(result: Result) -> str:
    """The error of a failed command: exit 1, one `Error: …` line, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), lines
    return lines[0].removeprefix("Error: ")


@pytest.fixture(scope="module")
def deployment(node: LocalNode, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's plan, deployed by `lashou deploy`."""
    data_dir = tmp_path_factory.mktemp("deployer")
    record = data_dir / "deployment.json"
    cli = Cli(node.url, data_dir, record)
    cli.run("deploy", *SMALL_PLAN)
    return record


@pytest.fixture(scope="module")
def w3(node: LocalNode) -> Web3:
    return node.web3()


@pytest.fixture(scope="module")
def plan(w3: Web3, deployment: Path) -> Plan:
    return Plan(w3, Deployment.load(deployment))


@pytest.fixture
def cli(node: LocalNode, deployment: Path, tmp_path: Path, w3: Web3) -> Iterator[Cli]:
    """A fresh data folder (keystore, pepper) on the module's plan; chain changes undone."""
    snap = snapshot(w3)
    yield Cli(node.url, tmp_path / "data", deployment)
    revert(w3, snap)


@pytest.fixture(autouse=True)
def _no_outside_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*ENV_NAMES, "LASHOU_DATA_DIR", "LASHOU_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def join(cli: Cli, tmp_path: Path, label: str, person: Any, deposit: str) -> tuple[str, str]:
    """A funded member admitted by the attestor and joined with `deposit`: (key, address)."""
    key, address = throwaway_key(label)
    cli.run("dev", "fund", address, "--tokens", "1000")
    admission = tmp_path / f"{label}.admission.json"
    cli.run("attestor", "admit-member", "--member", address, "--id-number", person.id_number,
            "--name", person.name, "--out", str(admission), key=role_key("attestor"))  # fmt: skip
    cli.run("member", "join", "--admission", str(admission), "--deposit", deposit, key=key)
    return key, address


def register(cli: Cli, tmp_path: Path, label: str, person: Any, stake: str) -> tuple[str, str]:
    """A funded witness admitted by the attestor and registered with `stake`: (key, address)."""
    key, address = throwaway_key(label)
    cli.run("dev", "fund", address, "--tokens", "100")
    admission = tmp_path / f"{label}.admission.json"
    cli.run("attestor", "admit-witness", "--witness", address, "--id-number", person.id_number,
            "--name", person.name, "--out", str(admission), key=role_key("attestor"))  # fmt: skip
    cli.run("witness", "register", "--admission", str(admission), "--stake", stake, key=key)
    return key, address
