"""Fixtures for tests against a real local node: one anvil per test module, in a tmp folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from web3 import Web3

from lashou.chain.deploy import Roles, dev_roles, load_or_deploy
from lashou.chain.node import LocalNode
from lashou.chain.plan import Plan
from lashou.chain.tx import Sender, revert, snapshot


@pytest.fixture(scope="module")
def w3(node: LocalNode) -> Web3:
    return node.web3()


@pytest.fixture(scope="module")
def roles() -> Roles:
    return dev_roles()


@pytest.fixture(scope="module")
def sender(w3: Web3) -> Sender:
    return Sender(w3)


@pytest.fixture(scope="module")
def plan(w3: Web3, node: LocalNode, roles: Roles, sender: Sender) -> Plan:
    return load_or_deploy(w3, node.chain_dir.parent, roles, sender=sender)


@pytest.fixture
def isolated(w3: Web3, sender: Sender) -> Iterator[None]:
    """Undo every change a test makes to the module's node."""
    snap = snapshot(w3)
    yield
    revert(w3, snap)
    sender.reset()
