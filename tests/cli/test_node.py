"""`lashou node` runs a development node until Ctrl-C; commands for its data folder find it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lashou.cli import main
from tests.cli.conftest import ENV_NAMES, one_sentence

pytestmark = pytest.mark.e2e

LASHOU = Path(sys.executable).parent / "lashou"


@pytest.fixture
def running(tmp_path: Path, anvil: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    process = subprocess.Popen(
        [str(LASHOU), "--data-dir", str(tmp_path), "node"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )  # fmt: skip
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    try:
        yield process, url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def invoke(data_dir: Path, *args: str) -> Result:
    env = dict.fromkeys(ENV_NAMES)
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), *args], env=env)


def test_node__found_by_commands_then_stopped_by_ctrl_c(
    running: tuple[subprocess.Popen[str], str], tmp_path: Path
) -> None:
    process, url = running
    assert url.startswith("http://127.0.0.1:")
    assert json.loads((tmp_path / "node.json").read_text())["url"] == url

    deployed = invoke(tmp_path, "deploy", "--json")  # no --rpc-url: the running node is found
    assert deployed.exit_code == 0, deployed.output
    assert json.loads(deployed.stdout)["reused"] is False
    again = invoke(tmp_path, "--json", "deploy")
    assert json.loads(again.stdout)["reused"] is True

    second = invoke(tmp_path, "node")
    assert one_sentence(second).startswith(f"A node already runs for {tmp_path} at {url}")

    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    assert process.wait(timeout=15) == 0, process.stderr.read() if process.stderr else ""
    assert not (tmp_path / "node.json").exists()
    assert (tmp_path / "chain" / "anvil-state.json").stat().st_size > 0
    gone = invoke(tmp_path, "member", "status", "0x000000000000000000000000000000000000dEaD")
    assert one_sentence(gone).startswith("No node to talk to: pass --rpc-url")
