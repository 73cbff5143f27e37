"""Fixtures every suite that needs a real node shares: the anvil binary and one node a module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lashou.chain.node import LocalNode, start_node
from lashou.chain.settings import Settings


@pytest.fixture(scope="session")
def anvil() -> Path:
    path = Settings.from_env().anvil
    if not path.exists():
        pytest.fail(f"anvil is missing at {path}: run `make setup` (or set LASHOU_ANVIL).")
    return path


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory, anvil: Path) -> Iterator[LocalNode]:
    """A fresh anvil for the module, its state kept in a temporary data folder."""
    with start_node(tmp_path_factory.mktemp("chain"), anvil=anvil) as running:
        yield running
