"""Events per second the indexer stores into SQLite and into PostgreSQL, read from anvil.

    .venv/bin/python bench/indexer.py [--quick] [--markdown] [--members N]

Two histories on one fresh local node: the demo's (200 members by default, every kind of claim,
settlements until all is paid), then the same plan grown to 100 times as many events by steady
members topping up in pipelined batches of transactions (`--quick`: 10 times, 50 members). Each
history is indexed from zero (timed from the first batch) into a new SQLite file and into a
new PostgreSQL schema (127.0.0.1:5432, database `test`; skipped when the server does not
answer), with the default
batch of 2,000 blocks. Prints numbers; asserts no timing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from eth_account import Account  # noqa: E402
from hexbytes import HexBytes  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from lashou.chain.deploy import dev_roles  # noqa: E402
from lashou.chain.node import start_node  # noqa: E402
from lashou.chain.params import TOKEN  # noqa: E402
from lashou.chain.settings import Settings  # noqa: E402
from lashou.chain.tx import mine  # noqa: E402
from lashou.indexer.db import open_database  # noqa: E402
from lashou.indexer.follow import Indexer  # noqa: E402
from lashou.sim.scenario import Demo, DemoOptions  # noqa: E402
from lashou.sim.world import Habit, World  # noqa: E402

PG = "host=127.0.0.1 port=5432 dbname=test connect_timeout=3"
PG_USERS = ("postgres", "root")
PIPELINE = 2_000  # transactions in flight at once
TOP_UP_GAS = 120_000
PER_BLOCK = 30_000_000 // TOP_UP_GAS  # what fits in one of anvil's blocks
GROWTH = 100
QUICK_GROWTH = 10

console = Console(stderr=True)


def pg_user() -> str | None:
    for user in PG_USERS:
        try:
            with psycopg.connect(f"{PG} user={user}"):
                return user
        except psycopg.Error:
            continue
    return None


@contextmanager
def sqlite_engine() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory(prefix="lashou-bench-") as tmp:
        engine = open_database(url=f"sqlite:///{Path(tmp) / 'index.sqlite'}")
        yield engine
        engine.dispose()


@contextmanager
def postgres_engine(user: str) -> Iterator[Engine]:
    schema = f"lashou_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{PG} user={user}", autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        engine = open_database(
            url=f"postgresql://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
        )
        yield engine
        engine.dispose()
    finally:
        with psycopg.connect(f"{PG} user={user}", autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def measure(world: World, engine: Engine) -> tuple[int, int, float]:
    """(events, blocks, seconds) of indexing the whole history from zero into `engine`."""
    indexer = Indexer(world.w3, world.plan.deployment, engine=engine, progress=True)
    started = time.perf_counter()  # after the one-time set-up (schema, starting parameters)
    result = indexer.run_once()
    return result.events, result.blocks, time.perf_counter() - started


def grow(world: World, extra_events: int) -> None:
    """About `extra_events` more events: steady members top up (a Transfer and a ToppedUp each).

    Every top-up has the same calldata, so each is only signed and sent, 500 to a JSON-RPC
    batch, with automine off; the node mines them in full blocks and every receipt is checked.
    """
    w3, pool = world.w3, world.plan.contract("pool")
    members = [
        m for m in world.members
        if m.habit is Habit.STEADY and pool.functions.member(m.address).call()[2:5:2] == [1, False]
    ]  # fmt: skip
    rounds = -(-(extra_events // 2) // len(members))
    world.fund(members, [rounds * TOKEN] * len(members), pool.address)
    data = pool.functions.top_up(TOKEN)._encode_transaction_data()
    base = int(w3.eth.get_block("latest")["baseFeePerGas"])
    nonces = {m.address: w3.eth.get_transaction_count(m.address) for m in members}
    fields = {"to": pool.address, "data": data, "gas": TOP_UP_GAS, "value": 0, "type": 2,
              "chainId": w3.eth.chain_id, "maxFeePerGas": 4 * base + 10**9,
              "maxPriorityFeePerGas": 10**9}  # fmt: skip
    total = rounds * len(members)
    provider = cast(Any, w3.provider)
    provider.make_request("evm_setAutomine", [False])
    try:
        with console.status(f"Sending {total:,} top-ups") as status:
            for first in range(0, rounds, max(1, PIPELINE // len(members))):
                chunk = range(first, min(rounds, first + max(1, PIPELINE // len(members))))
                raw = []
                for _ in chunk:
                    for m in members:
                        tx = {**fields, "nonce": nonces[m.address]}
                        nonces[m.address] += 1
                        raw.append(Account.sign_transaction(tx, m.account.key).raw_transaction)
                hashes = []
                for start in range(0, len(raw), 500):
                    calls = [
                        ("eth_sendRawTransaction", ["0x" + r.hex()])
                        for r in raw[start : start + 500]
                    ]
                    for answer in provider.make_batch_request(calls):
                        if "error" in answer:
                            raise RuntimeError(f"The node refused a top-up: {answer['error']}.")
                        hashes.append(HexBytes(answer["result"]))
                mine(w3, len(raw) // PER_BLOCK + 2)
                world.wait(hashes)
                status.update(f"Sent {chunk.stop * len(members):,} of {total:,} top-ups")
    finally:
        provider.make_request("evm_setAutomine", [True])


def index_everywhere(
    world: World, user: str | None, label: str
) -> list[tuple[int, int, float] | None]:
    """The history indexed into SQLite and into PostgreSQL (None: no server)."""
    found: list[tuple[int, int, float] | None] = []
    with sqlite_engine() as engine:
        console.log(f"Indexing the {label} history into SQLite")
        found.append(measure(world, engine))
    if user is None:
        found.append(None)
        return found
    with postgres_engine(user) as engine:
        console.log(f"Indexing the {label} history into PostgreSQL")
        found.append(measure(world, engine))
    return found


def run(members: int, growth: int) -> list[list[str]]:
    user = pg_user()
    rows: list[list[str]] = []
    with (
        tempfile.TemporaryDirectory(prefix="lashou-bench-node-") as tmp,
        start_node(Path(tmp), anvil=Settings.from_env().anvil) as node,
    ):
        console.log(f"Living the demo through with {members} members")
        demo = Demo(node.web3(), dev_roles(), DemoOptions(members=members), lambda *_: None)
        demo.run()
        world = demo.world
        demo_events = 0
        for label in ("demo", f"demo, {growth}× the events"):
            if demo_events:
                grow(world, (growth - 1) * demo_events)
            results = index_everywhere(world, user, label)
            first = results[0]
            assert first is not None
            demo_events = demo_events or first[0]
            row = [label, f"{first[0]:,}", f"{first[1]:,}"]
            for result in results:
                if result is None:
                    row.append("no server")
                else:
                    row.append(f"{result[0] / result[2]:,.0f} ({result[2]:.1f} s)")
            rows.append(row)
    return rows


HEADER = ["history", "events", "blocks", "SQLite events/s", "PostgreSQL events/s"]


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 members and 10× growth")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--members", type=int, default=None, help="members of the demo")
    args = parser.parse_args()
    members = args.members or (50 if args.quick else 200)
    rows = run(members, QUICK_GROWTH if args.quick else GROWTH)
    if args.markdown:
        print(markdown(HEADER, rows))
        return
    table = Table(title="Indexing from anvil (events per second, whole history from zero)")
    for i, name in enumerate(HEADER):
        table.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
