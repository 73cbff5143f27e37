"""How long `lashou verify` takes on the demo's plan, step by step.

    .venv/bin/python bench/verify.py [--quick] [--members N] [--markdown]

One fresh local node lives the demo through (200 members by default), an index of it goes into
a SQLite file, and `lashou verify --database-url …` runs in process: the whole command, then
its parts — the in-memory replay against the contracts' views, the index and the token
balances, and every table of the index database compared row by row with a fresh index of the
chain. Then the same plan grows to 100 times the demo's events (`--quick`: 40 members, 10
times) with bench/indexer.py's `grow`, and all is measured again. Each step is timed once after
a warm-up. Prints numbers; asserts no timing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from indexer import GROWTH, QUICK_GROWTH, grow  # noqa: E402
from lashou.chain.deploy import dev_roles  # noqa: E402
from lashou.chain.node import start_node  # noqa: E402
from lashou.chain.plan import Plan  # noqa: E402
from lashou.chain.settings import Settings  # noqa: E402
from lashou.cli import main as lashou  # noqa: E402
from lashou.indexer.db import open_database  # noqa: E402
from lashou.indexer.follow import Indexer  # noqa: E402
from lashou.sim.scenario import Demo, DemoOptions  # noqa: E402
from lashou.verify.check import verify  # noqa: E402
from lashou.verify.sources import from_index  # noqa: E402
from lashou.verify.tables import check_tables  # noqa: E402

console = Console(stderr=True)
HEADER = ["history", "step", "seconds"]


def timed(step: Callable[[], Any]) -> float:
    step()  # warm-up: compiled ABIs, imports, connection pools
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def measure(node_url: str, data_dir: str, plan: Plan, label: str) -> tuple[int, list[list[str]]]:
    """(events, rows): the whole history indexed into a new SQLite file, then verify and its
    parts timed."""
    url = f"sqlite:///{Path(data_dir) / f'index-{time.monotonic_ns()}.sqlite'}"
    engine = open_database(url=url)
    result = Indexer(plan.w3, plan.deployment, engine=engine).run_once()
    console.log(f"Indexed {result.events:,} events up to block {result.checkpoint:,}")
    args = ["--rpc-url", node_url, "--data-dir", data_dir, "verify", "--database-url", url]

    def command() -> None:
        answer = CliRunner().invoke(lashou, args)
        if answer.exit_code != 0:
            raise RuntimeError(f"verify found differences: {answer.output}")

    replay = partial(verify, plan, index=partial(from_index, engine))
    history = f"{label} ({result.events:,} events)"
    rows = [
        [history, "lashou verify --database-url (the whole command)", f"{timed(command):.2f}"],
        [history, "replay vs contracts, index snapshot, tokens", f"{timed(replay):.2f}"],
        [
            history,
            "every table vs a fresh index",
            f"{timed(partial(check_tables, plan, engine)):.2f}",
        ],
    ]
    engine.dispose()
    return result.events, rows


def run(members: int, growth: int) -> list[list[str]]:
    with (
        tempfile.TemporaryDirectory(prefix="lashou-bench-verify-") as tmp,
        start_node(Path(tmp), anvil=Settings.from_env().anvil) as node,
    ):
        console.log(f"Living the demo through with {members} members")
        demo = Demo(node.web3(), dev_roles(), DemoOptions(members=members), lambda *_: None)
        demo.run()
        plan = demo.world.plan
        plan.deployment.save(Path(tmp) / "deployment.json")
        events, rows = measure(node.url, tmp, plan, f"demo, {members} members")
        if growth > 1:
            grow(demo.world, (growth - 1) * events)
            rows += measure(node.url, tmp, plan, f"demo, {growth}× the events")[1]
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 members and 10× growth")
    parser.add_argument("--members", type=int, default=None, help="members of the demo")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    members = args.members or (40 if args.quick else 200)
    rows = run(members, QUICK_GROWTH if args.quick else GROWTH)
    if args.markdown:
        print(f"| {' | '.join(HEADER)} |\n| --- | --- | ---: |")
        print("\n".join(f"| {' | '.join(row)} |" for row in rows))
        return
    table = Table(title="lashou verify on the demo's plan (SQLite index, anvil node)")
    for i, name in enumerate(HEADER):
        table.add_column(name, justify="right" if i == len(HEADER) - 1 else "left")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
