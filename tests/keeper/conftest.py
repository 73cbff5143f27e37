"""The keeper against a real anvil node: the API tests' story (claims in every state) per module,
read through a client that records the block range of every eth_getLogs request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from web3 import Web3
from web3.middleware import Web3Middleware

from lashou.chain.deploy import dev_roles
from lashou.chain.node import LocalNode, connect
from lashou.chain.plan import Plan
from lashou.chain.tx import revert, snapshot
from tests.api.story import Story, tell


@pytest.fixture(scope="module")
def story(node: LocalNode) -> Story:
    return tell(node.web3(), dev_roles())


@pytest.fixture
def isolated(story: Story) -> Iterator[None]:
    """Undo every change a test makes to the module's node."""
    snap = snapshot(story.w3)
    yield
    revert(story.w3, snap)
    story.world.sender.reset()


class Recorded:
    """A client on the story's node and the (from, to) blocks of every eth_getLogs it sent."""

    def __init__(self, story: Story) -> None:
        self.ranges: list[tuple[int, int]] = []
        ranges = self.ranges

        class RecordLogRanges(Web3Middleware):
            def request_processor(self, method: Any, params: Any) -> Any:
                if method == "eth_getLogs":
                    query = params[0]
                    ranges.append((int(query["fromBlock"], 16), int(query["toBlock"], 16)))
                return method, params

        self.w3: Web3 = connect(str(story.w3.provider.endpoint_uri))  # type: ignore[attr-defined]
        self.w3.middleware_onion.add(RecordLogRanges)
        self.plan = Plan(self.w3, story.plan.deployment)

    def take(self) -> set[tuple[int, int]]:
        """The distinct ranges asked for since the last `take`."""
        taken = set(self.ranges)
        self.ranges.clear()
        return taken


@pytest.fixture
def recorded(story: Story) -> Recorded:
    return Recorded(story)
