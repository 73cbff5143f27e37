"""The pages over the demo's history on a real anvil node: rendered through the app (indexed
once per module), and in a real browser against one `lashou serve` shared by the session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web3 import Web3

from lashou.api.app import create_app
from lashou.api.settings import ServiceSettings
from lashou.chain.deploy import dev_roles
from lashou.chain.node import LocalNode, free_port
from lashou.chain.tx import mine
from lashou.indexer.db import open_database
from lashou.indexer.follow import Indexer
from lashou.sim.scenario import Demo, DemoOptions
from lashou.web import pages
from tests.service.conftest import Served
from tests.web.steps import opened  # noqa: F401  (the role pages' tests open pages with it)

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def demo(node: LocalNode) -> Demo:
    """The demo lived through by 20 members and 12 witnesses (see tests/indexer/conftest.py)."""
    w3: Web3 = node.web3()
    lived = Demo(w3, dev_roles(), DemoOptions(members=20, witnesses=12), lambda *_: None)
    lived.run()
    return lived


@pytest.fixture(scope="module")
def index_engine(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = open_database(url=f"sqlite:///{tmp_path_factory.mktemp('index') / 'index.sqlite'}")
    plan = demo.world.plan
    indexer = Indexer(plan.w3, plan.deployment, engine=engine)
    mine(plan.w3, indexer.confirmations)
    indexer.run_once()
    return engine


@pytest.fixture
def client(demo: Demo, index_engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    settings = ServiceSettings(data_dir=tmp_path)
    app = create_app(settings, plan=demo.world.plan, index_engine=index_engine)
    pages.install(app, decimals=6, symbol="USDL")
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, through playwright."""
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: run `make browser`"
    )
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("chromium is not installed at /usr/bin/chromium: run `make browser` as root")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )  # fmt: skip
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`lashou serve --demo-data` with 20 members, shared by the browser tests."""
    served = Served(tmp_path_factory.mktemp("browser") / "data", free_port(),
                    args=("--demo-data", "--demo-members", "20"))  # fmt: skip
    served.start()
    yield served
    served.stop()
