"""A demo-sized history on a real anvil node, and a fresh index database for each test: a
SQLite file, and a PostgreSQL schema of its own when the server at 127.0.0.1:5432 answers."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session
from web3 import Web3

from lashou import actions
from lashou.actions import ClaimStatus
from lashou.chain.deploy import dev_roles
from lashou.chain.node import LocalNode
from lashou.chain.plan import Deployment
from lashou.chain.tx import revert, snapshot
from lashou.indexer import models as m
from lashou.indexer.db import open_database
from lashou.sim.claimflow import SimClaim
from lashou.sim.scenario import Demo, DemoOptions
from lashou.sim.world import Habit, SimMember, World

PG_DSN = "host=127.0.0.1 port=5432 dbname=test connect_timeout=3"
PG_USERS = ("postgres", "root")
CHAIN_STATUS = {
    ClaimStatus.FILED: "review", ClaimStatus.DRAWING: "drawing",
    ClaimStatus.WITNESSING: "witnessing", ClaimStatus.ARBITRATION: "arbitration",
    ClaimStatus.NOTICE: "notice", ClaimStatus.DISPUTED: "disputed",
    ClaimStatus.QUEUED: "queued", ClaimStatus.REJECTED: "rejected",
    ClaimStatus.CANCELLED: "cancelled",
}  # fmt: skip


@dataclass
class History:
    w3: Web3
    deployment: Deployment
    world: World
    demo: Demo  # the scenario's own records: its claims' steps and its fraud cases


@pytest.fixture(scope="module")
def history(node: LocalNode) -> History:
    """The demo's plan lived through by 20 members and the demo's 12 witnesses. Eight of its
    claims draw their panels at once, three bonds each; with fewer witnesses a draw finds
    nobody for a slot more often and the demo completes it in later rounds."""
    w3 = node.web3()
    demo = Demo(w3, dev_roles(), DemoOptions(members=20, witnesses=12), lambda *_: None)
    demo.run()
    return History(w3, demo.world.plan.deployment, demo.world, demo)


@pytest.fixture
def restore(history: History) -> Iterator[None]:
    """Undo every block a test adds to the module's node."""
    snap = snapshot(history.w3)
    witnesses = list(history.world.witnesses)
    yield
    revert(history.w3, snap)
    history.world.sender.reset()
    history.world.witnesses[:] = witnesses  # recruits of the test are gone with its blocks


def _pg_user() -> str | None:
    for user in PG_USERS:
        try:
            with psycopg.connect(f"{PG_DSN} user={user}"):
                return user
        except psycopg.Error:
            continue
    return None


@pytest.fixture(scope="session")
def pg_user() -> str | None:
    return _pg_user()


@pytest.fixture(params=["sqlite", "postgresql"])
def make_engine(
    request: pytest.FixtureRequest, tmp_path: Path, pg_user: str | None
) -> Iterator[Callable[[], Engine]]:
    """Opens fresh, migrated index databases of the test's kind; dropped afterwards."""
    made: list[tuple[Engine, str | None]] = []

    def make() -> Engine:
        if request.param == "sqlite":
            engine = open_database(url=f"sqlite:///{tmp_path / f'index{len(made)}.sqlite'}")
            made.append((engine, None))
            return engine
        if pg_user is None:
            pytest.skip("No PostgreSQL server answers at 127.0.0.1:5432.")
        schema = f"lashou_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"{PG_DSN} user={pg_user}", autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url = f"postgresql://{pg_user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
        engine = open_database(url=url)
        made.append((engine, schema))
        return engine

    yield make
    for engine, schema in made:
        engine.dispose()
        if schema is not None:
            with psycopg.connect(f"{PG_DSN} user={pg_user}", autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored event and every read-model row, in a stable order (no surrogate ids)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with Session(engine) as s:
        for model in (m.Event, *m.DERIVED):
            columns = [c for c in inspect(model).columns if c.name != "id"]
            rows = s.execute(select(*columns)).all()
            out[model.__tablename__] = sorted((tuple(r) for r in rows), key=repr)
    return out


def claim_status(history: History, claim_id: int) -> str:
    """The claim's status in the index's words, read from the Claims contract, the pool's
    payout (a queued claim whose benefit was pulled is a paid one, one held by a fraud report
    a disputed one) and Disputes (fraud confirmed on a queued or paid claim)."""
    plan = history.world.plan
    record = actions.claim_record(plan.contract("claims"), claim_id)
    status = CHAIN_STATUS[record.status]
    if status != "queued":
        return status
    if plan.contract("disputes").functions.fraud_confirmed(claim_id).call():
        return "fraud"
    paid, held = plan.contract("pool").functions.payout_state(claim_id).call()[:2]
    return "paid" if paid else "disputed" if held else "queued"


def sim_claim(history: History, step: str) -> SimClaim:
    """The one claim of the demo whose story has `step` (as the scenario recorded it)."""
    (claim,) = [c for c in history.demo.claims if any(name == step for name, _ in c.steps)]
    return claim


def steady_members(history: History, count: int) -> list[SimMember]:
    """`count` members who keep their deposit topped up and are still covered."""
    pool = history.world.plan.contract("pool")
    found = []
    for member in history.world.members:
        if member.habit is Habit.STEADY and not member.exited:
            _, _, status, _, lapsed, _ = pool.functions.member(member.address).call()
            if status == 1 and not lapsed:
                found.append(member)
    return found[:count]
