"""The anvil processes a test started, found by their state file (Linux /proc), so a test can
tell that a node outlived, or did not outlive, the process that started it."""

from __future__ import annotations

import time
from pathlib import Path

from lashou.chain.node import STATE_FILE


def anvils(chain_dir: Path) -> set[int]:
    """Running anvil processes that keep their state in `chain_dir` (a zombie has stopped)."""
    state = str(chain_dir / STATE_FILE).encode()
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            run_state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # gone while we looked
        if state in argv and run_state != "Z":
            found.add(int(entry.name))
    return found


def anvils_after(chain_dir: Path, *, timeout: float) -> set[int]:
    """The anvils of `chain_dir` still running once they all stopped, or `timeout` passed."""
    deadline = time.monotonic() + timeout
    while (running := anvils(chain_dir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return running
