"""Every table of an index database, row by row, against a fresh index of the same chain.

`check_tables(plan, engine)` reads the whole index in one read transaction, builds a fresh index
of the same plan with the indexer's own projection from the chain's events alone (in an
in-memory SQLite database, up to the verified index's checkpoint, so an index that lags the
chain is judged at its own block), and names the table, key and column of every value that
differs, every row missing and every row the events do not imply.

Rows are matched by primary key, an event by its place in the chain (block, log index): its
surrogate id is the database's own. The blocks table holds every block with plan events and
the last block of each batch the indexer happened to read: the first kind must be there, and
any block stored must carry the chain's hash and time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, select

from lashou.chain.plan import Plan
from lashou.indexer import models as m
from lashou.indexer.db import create, migrate
from lashou.indexer.decode import EventDecoder
from lashou.indexer.fetch import ChainReader
from lashou.indexer.follow import Indexer
from lashou.verify.difference import Difference, show
from lashou.verify.sources import SourceError

SOURCE = "index database"
POSITION = ("block_number", "log_index")  # an event's key
SURROGATE = {"events": "id"}  # numbered by the database, not by the chain

Key = tuple[Any, ...]
Rows = dict[Key, dict[str, Any]]


@dataclass(frozen=True)
class Tables:
    """An index database's rows, read in one transaction."""

    checkpoint: int
    rows: dict[str, Rows]  # table name → rows by key

    @property
    def state(self) -> dict[str, Any]:
        return self.rows["sync_state"][(1,)]


def key_columns(table: Table) -> tuple[str, ...]:
    if table.name == "events":
        return POSITION
    return tuple(column.name for column in table.primary_key.columns)


def read_tables(engine: Engine) -> Tables:
    """Every row of every index table as one committed state of the database has them."""
    rows: dict[str, Rows] = {}
    with read_transaction(engine) as connection:
        for table in m.Base.metadata.sorted_tables:
            keys, skip = key_columns(table), SURROGATE.get(table.name)
            rows[table.name] = {
                tuple(row[k] for k in keys): {k: v for k, v in row.items() if k != skip}
                for row in connection.execute(select(table)).mappings()
            }
    if (1,) not in rows["sync_state"]:
        raise SourceError("The index database is empty: run `lashou index` (or `lashou serve`).")
    return Tables(int(rows["sync_state"][(1,)]["block_number"]), rows)


def fresh_index(plan: Plan, *, to_block: int) -> Engine:
    """A new in-memory index of `plan` from its deployment up to `to_block`."""
    engine = create(url="sqlite://")
    migrate(engine=engine)
    indexer = Indexer(plan.w3, plan.deployment, engine=engine, confirmations=0)
    indexer.run_once(until=to_block)
    return engine


def check_tables(plan: Plan, engine: Engine) -> tuple[Tables, list[Difference]]:
    """The verified index's rows, and where they differ from a fresh index of the chain."""
    found = read_tables(engine)
    state, deployment = found.state, plan.deployment
    plan_id = (deployment.chain_id, deployment.block_hash)
    if (state["chain_id"], state["deployment_hash"]) != plan_id:
        raise SourceError(
            f"The index database follows another plan (chain {state['chain_id']}, deployment "
            f"block {state['deployment_block']}): pass this plan's index with --database-url."
        )
    built = fresh_index(plan, to_block=found.checkpoint)
    try:
        fresh = read_tables(built)
    finally:
        built.dispose()
    reader = ChainReader(plan.w3, EventDecoder.for_plan(deployment))
    expected = {**fresh.rows, "blocks": _expected_blocks(fresh, found, reader, deployment.block)}
    return found, compare_rows(expected, found.rows)


def compare_rows(expected: dict[str, Rows], found: dict[str, Rows]) -> list[Difference]:
    """Every row missing, extra or different in `found`, table by table and key by key."""
    out: list[Difference] = []
    for table in m.Base.metadata.sorted_tables:
        want, got = expected.get(table.name, {}), found.get(table.name, {})
        names = key_columns(table)
        for key in sorted(want.keys() | got.keys()):
            where = f"{table.name} " + " ".join(f"{n}={v}" for n, v in zip(names, key, strict=True))
            if key not in got:
                out.append(Difference(where, SOURCE, "a row", "none"))
            elif key not in want:
                out.append(Difference(where, SOURCE, "none", "a row"))
            else:
                out += _compare_row(where, want[key], got[key])
    return out


def _compare_row(where: str, want: dict[str, Any], got: dict[str, Any]) -> list[Difference]:
    return [
        Difference(f"{where} {column}", SOURCE, show(value), show(got.get(column)))
        for column, value in want.items()
        if got.get(column) != value
    ]


def _expected_blocks(fresh: Tables, found: Tables, reader: ChainReader, first: int) -> Rows:
    """The blocks an honest index holds: the fresh index's blocks with events and its
    checkpoint, and the chain's header of every other block the verified index stored."""
    stored = found.rows["blocks"]
    wanted = {(number,) for number, _ in fresh.rows["events"]} | {(fresh.checkpoint,)}
    rows = {k: v for k, v in fresh.rows["blocks"].items() if k in wanted or k in stored}
    others = sorted(n for (n,) in stored if (n,) not in rows and first <= n <= fresh.checkpoint)
    for number, (block_hash, time) in reader.headers(others).items():
        rows[(number,)] = {"number": number, "hash": block_hash, "timestamp": time}
    return rows


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A read transaction that sees one committed state of the database throughout, while
    an indexer may go on writing."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # pysqlite opens no transaction for reads
        else:
            connection.execution_options(isolation_level="REPEATABLE READ")
        try:
            yield connection
        finally:
            connection.rollback()
