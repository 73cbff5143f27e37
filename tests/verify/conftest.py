"""The 40-member demo on a real anvil node, its deployment record in a data folder, and a
fresh index database of it for each test (so a test may tamper with its own copy)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, text

from lashou.chain.deploy import dev_roles
from lashou.chain.node import LocalNode
from lashou.chain.plan import Plan
from lashou.cli import main
from lashou.indexer.db import open_database
from lashou.indexer.follow import Indexer
from lashou.sim.scenario import Demo, DemoOptions
from lashou.sim.world import World
from tests.indexer.conftest import make_engine, pg_user  # noqa: F401  (fixtures shared)


@dataclass
class Lived:
    node: LocalNode
    plan: Plan
    world: World
    data_dir: Path


@pytest.fixture(scope="module")
def lived(node: LocalNode, tmp_path_factory: pytest.TempPathFactory) -> Lived:
    w3 = node.web3()
    demo = Demo(w3, dev_roles(), DemoOptions(members=40), lambda *_: None)
    demo.run()
    data_dir = tmp_path_factory.mktemp("data")
    demo.world.plan.deployment.save(data_dir / "deployment.json")
    return Lived(node, demo.world.plan, demo.world, data_dir)


@dataclass
class Indexed:
    engine: Engine
    url: str

    def tamper(self, statement: str) -> None:
        with self.engine.begin() as connection:
            assert connection.execute(text(statement)).rowcount == 1


@pytest.fixture
def indexed(lived: Lived, tmp_path: Path) -> Iterator[Indexed]:
    """The plan indexed up to the chain's head into a SQLite file of the test's own."""
    url = f"sqlite:///{tmp_path / 'index.sqlite'}"
    engine = open_database(url=url)
    Indexer(lived.plan.w3, lived.plan.deployment, engine=engine).run_once()
    yield Indexed(engine, url)
    engine.dispose()


@pytest.fixture
def run_verify(lived: Lived) -> Callable[..., Result]:
    def run(*args: str) -> Result:
        options = ["--rpc-url", lived.node.url, "--data-dir", str(lived.data_dir)]
        return CliRunner().invoke(main, [*options, "verify", *args])

    return run
