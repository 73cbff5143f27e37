"""Logs the keeper fetches per round on the demo's plan: reading every round from the deployment
block (as the keeper did before it kept a book) against keeping its book between rounds.

    .venv/bin/python bench/keeper.py [--members N] [--rounds N] [--markdown]

A fresh local node, mining a block every few seconds as `lashou serve`'s does, lives the demo
through (200 members by default). Then the keeper runs `--rounds` rounds (5 by default) one
block apart, first with a new book each round, then, from the same state again, with one book
kept. For each round: eth_getLogs requests, logs fetched and the round's time. Prints numbers;
asserts no timing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from web3 import Web3  # noqa: E402
from web3.middleware import Web3Middleware  # noqa: E402

from lashou import keeper as keeping  # noqa: E402
from lashou.chain.deploy import dev_roles  # noqa: E402
from lashou.chain.node import connect, start_node  # noqa: E402
from lashou.chain.plan import Plan  # noqa: E402
from lashou.chain.settings import Settings  # noqa: E402
from lashou.chain.tx import Sender, mine, revert, snapshot  # noqa: E402
from lashou.keeper_book import EventBook  # noqa: E402
from lashou.service.chain import BLOCK_TIME  # noqa: E402
from lashou.sim.scenario import Demo, DemoOptions  # noqa: E402

HEADER = ["round", "before: requests", "logs", "ms", "after: requests", "logs", "ms"]
console = Console(stderr=True)


class Counts:
    """eth_getLogs requests and the logs they answered, on one client."""

    def __init__(self) -> None:
        self.requests = 0
        self.logs = 0

    def middleware(self) -> type[Web3Middleware]:
        counts = self

        class CountLogs(Web3Middleware):
            def response_processor(self, method: Any, response: Any) -> Any:
                if method == "eth_getLogs":
                    counts.requests += 1
                    counts.logs += len(response.get("result") or [])
                return response

        return CountLogs

    def take(self) -> tuple[int, int]:
        taken = (self.requests, self.logs)
        self.requests = self.logs = 0
        return taken


def rounds(url: str, plan: Plan, count: int, *, keep: bool) -> list[tuple[int, int, float]]:
    """`count` keeper rounds one block apart: (requests, logs, milliseconds) each."""
    counts = Counts()
    w3: Web3 = connect(url, timeout=60)
    w3.middleware_onion.add(counts.middleware())
    watched = Plan(w3, plan.deployment)
    sender = Sender(w3)
    book = EventBook(watched)
    found = []
    for _ in range(count):
        started = time.perf_counter()
        keeping.run_once(watched, sender, dev_roles().keeper, limit=20, book=book if keep else None)
        elapsed = (time.perf_counter() - started) * 1000
        found.append((*counts.take(), elapsed))
        mine(w3)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=200, help="members of the demo")
    parser.add_argument("--rounds", type=int, default=5, help="keeper rounds to measure")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        start_node(Path(tmp), anvil=Settings.from_env().anvil, block_time=BLOCK_TIME) as node,
    ):
        w3 = node.web3()
        console.print(f"Living the demo through with {args.members} members…")
        demo = Demo(w3, dev_roles(), DemoOptions(members=args.members), lambda *_: None)
        demo.run()
        plan = demo.world.plan
        start = snapshot(w3)
        before = rounds(node.url, plan, args.rounds, keep=False)
        revert(w3, start)
        after = rounds(node.url, plan, args.rounds, keep=True)
    rows = [
        [str(i + 1), str(b[0]), str(b[1]), f"{b[2]:.0f}", str(a[0]), str(a[1]), f"{a[2]:.0f}"]
        for i, (b, a) in enumerate(zip(before, after, strict=True))
    ]
    if args.markdown:
        rule = ["---"] + ["---:"] * (len(HEADER) - 1)
        print("\n".join("| " + " | ".join(line) + " |" for line in (HEADER, rule, *rows)))
        return
    table = Table(title=f"Keeper rounds on the demo's plan ({args.members} members)")
    for i, name in enumerate(HEADER):
        table.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
