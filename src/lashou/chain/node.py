"""Start a local development node (anvil) whose state survives a restart, or connect to one.

The local node listens on 127.0.0.1 only, mines every transaction at once (automine) and dumps
its whole chain (blocks, receipts and state) to `<data_dir>/chain/anvil-state.json` every
STATE_INTERVAL seconds and when it stops, so a restart with the same data folder loses nothing.
With a `block_time` it also mines a block every `block_time` seconds when nothing happens (like a
real chain), so block numbers and block time move on by themselves. A restart resumes the clock
at the last saved block: anvil forgets the time that `evm_increaseTime` added.

A node started here dies with the process that started it, however that process ends: on
Linux the kernel sends it SIGTERM (it saves its state and stops) when its parent dies, even by
SIGKILL. The kernel means the parent *thread*, so start a node from a thread that lives as long
as the node should (the main thread, as every `lashou` command does). The node runs in its own
process group, so a Ctrl-C in the terminal reaches the process that started it, which stops the
node in its own time (after what still talks to it).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from web3 import Web3
from web3.exceptions import Web3Exception

from lashou.chain.settings import Settings

CHAIN_ID = 31337
STATE_FILE = "anvil-state.json"
LOG_FILE = "anvil.log"
STATE_INTERVAL = 5  # seconds between two saves of a running node's state
_START_TRIES = 3
_CLOCK_HEAD = 4096  # the saved block environment, with its timestamp, opens the state file
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class NodeError(RuntimeError):
    """The node could not be started, reached or stopped."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def connect(url: str, *, timeout: float = 30.0, expect_chain_id: int | None = None) -> Web3:
    """A Web3 client on the JSON-RPC endpoint `url`, checked by asking for its chain id."""
    w3 = Web3(Web3.HTTPProvider(url, request_kwargs={"timeout": timeout}))
    try:
        chain_id = w3.eth.chain_id
    except (OSError, Web3Exception, ValueError) as exc:
        raise NodeError(
            f"No Ethereum node answers at {url} ({exc}); check LASHOU_RPC_URL."
        ) from exc
    if expect_chain_id is not None and chain_id != expect_chain_id:
        raise NodeError(
            f"The node at {url} runs chain {chain_id}, not {expect_chain_id}: check LASHOU_RPC_URL."
        )
    return w3


class LocalNode:
    """A running anvil process; stop it (or leave the `with` block) to save its state."""

    def __init__(self, process: subprocess.Popen[bytes], url: str, chain_dir: Path) -> None:
        self.process = process
        self.url = url
        self.chain_dir = chain_dir

    @property
    def state_file(self) -> Path:
        return self.chain_dir / STATE_FILE

    @property
    def log_file(self) -> Path:
        return self.chain_dir / LOG_FILE

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def web3(self) -> Web3:
        """A client on this node."""
        return connect(self.url, expect_chain_id=CHAIN_ID)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the node with SIGTERM, so that it writes its state, and wait for it to exit."""
        if not self.running:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise NodeError(
                f"anvil did not stop within {timeout:g} s and was killed; its last state may be "
                f"lost (see {self.log_file})."
            ) from None

    def __enter__(self) -> LocalNode:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_node(
    data_dir: Path,
    *,
    anvil: Path,
    port: int | None = None,
    timeout: float = 10.0,
    block_time: int | None = None,
) -> LocalNode:
    """Start anvil on a free loopback port with its state kept under `data_dir`/chain; with
    `block_time`, a block is also mined every `block_time` seconds (see the module)."""
    if not anvil.exists():
        raise NodeError(
            f"The anvil binary is missing at {anvil}: run `make setup` or set LASHOU_ANVIL."
        )
    chain_dir = data_dir / "chain"
    chain_dir.mkdir(parents=True, exist_ok=True)
    resumed = (chain_dir / STATE_FILE).exists()
    clock = _clock(chain_dir / STATE_FILE)
    options = _mining(block_time) + clock
    for attempt in range(_START_TRIES):
        node = _spawn(anvil, chain_dir, port or free_port(), options)
        if _wait_ready(node, timeout):
            if resumed and not clock:
                _resume_clock(node.web3())
            return node
        node.stop()
        if port is not None or attempt == _START_TRIES - 1 or "in use" not in _log_tail(node):
            raise NodeError(
                f"anvil did not answer on {node.url} within {timeout:g} s; the end of its log "
                f"{node.log_file} says: {_log_tail(node)!r}"
            )
    raise AssertionError("unreachable")  # pragma: no cover


@contextlib.contextmanager
def open_chain(settings: Settings) -> Iterator[Web3]:
    """A client on LASHOU_RPC_URL, or on a local node started (and stopped) for the duration."""
    if settings.rpc_url:
        yield connect(settings.rpc_url)
        return
    with start_node(settings.data_dir, anvil=settings.anvil) as node:
        yield node.web3()


def _mining(block_time: int | None) -> list[str]:
    """Automine alone, or automine plus a block every `block_time` seconds."""
    if block_time is None:
        return []
    if block_time < 1:
        raise ValueError(f"A block time of {block_time} s is too short: give 1 s or more.")
    return ["--mixed-mining", "--block-time", str(block_time)]


def _clock(state_file: Path) -> list[str]:
    """Start the clock just after the saved chain's last block when that block is ahead of the
    wall clock (its time was moved forward); otherwise anvil's first block, mined before
    anyone could set the time, would be older than the last one."""
    saved = saved_clock(state_file)
    if saved is None or saved < int(time.time()):
        return []
    return ["--timestamp", str(saved + 1)]


def saved_clock(state_file: Path) -> int | None:
    """The timestamp of the last block in anvil's state file, read from the block environment
    that opens it (the file itself may be large); None when there is none to read."""
    try:
        with state_file.open("rb") as saved:
            head = saved.read(_CLOCK_HEAD).decode("utf-8", errors="replace")
    except OSError:
        return None
    found = re.match(r'\{"block":\{[^{}]*?"timestamp":"0x([0-9a-fA-F]+)"', head)
    return int(found.group(1), 16) if found else None


def _spawn(anvil: Path, chain_dir: Path, port: int, options: list[str]) -> LocalNode:
    command = [
        str(anvil),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--chain-id", str(CHAIN_ID),
        "--state", str(chain_dir / STATE_FILE),
        "--state-interval", str(STATE_INTERVAL),
        "--silent",
        *options,
    ]  # fmt: skip
    with (chain_dir / LOG_FILE).open("ab") as log:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent(), process_group=0,
        )  # fmt: skip
    return LocalNode(process, f"http://127.0.0.1:{port}", chain_dir)


def _die_with_parent() -> Callable[[], None] | None:
    """What the child runs before it becomes anvil: ask the kernel for SIGTERM when the parent
    dies (Linux; elsewhere nothing, and a parent that is killed leaves its node running)."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork, not in it
    parent = os.getpid()

    def arrange() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the kernel was asked
            os._exit(1)

    return arrange


def _wait_ready(node: LocalNode, timeout: float) -> bool:
    w3 = Web3(Web3.HTTPProvider(node.url, request_kwargs={"timeout": 1.0}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and node.running:
        try:
            if w3.eth.chain_id == CHAIN_ID:
                return True
        except (OSError, Web3Exception, ValueError):
            pass
        time.sleep(0.05)
    return False


def _resume_clock(w3: Web3) -> None:
    """Keep block time moving forward across a restart when the state file's clock could not be
    read before the start (see `_clock`).

    anvil does not save the offset that `evm_increaseTime` added, so a chain whose clock was
    advanced would mine its next block before the last one; the clock resumes at the last block.
    """
    latest = int(w3.eth.get_block("latest")["timestamp"])
    if latest >= int(time.time()):
        w3.provider.make_request("evm_setTime", [latest + 1])  # type: ignore[arg-type]


def _log_tail(node: LocalNode, lines: int = 5) -> str:
    try:
        text = node.log_file.read_text(errors="replace")
    except OSError:
        return ""
    return " | ".join(text.strip().splitlines()[-lines:])
