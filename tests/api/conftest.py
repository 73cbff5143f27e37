"""The API against a real anvil node: one plan and its story per module, one app per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from eth_account.messages import encode_defunct
from eth_account.signers.local import LocalAccount
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web3 import Web3

from lashou.api.app import create_app
from lashou.api.settings import ServiceSettings
from lashou.api.siwe import SiweMessage, format_time
from lashou.chain.deploy import dev_roles
from lashou.chain.node import LocalNode
from lashou.chain.tx import revert, snapshot
from tests.api.story import Story, index_story, tell

DOMAIN, URI = "testserver", "http://testserver"


@pytest.fixture(scope="module")
def w3(node: LocalNode) -> Web3:
    return node.web3()


@pytest.fixture(scope="module")
def story(w3: Web3) -> Story:
    return tell(w3, dev_roles())


@pytest.fixture(scope="module")
def index_engine(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The story indexed once into a SQLite index, as the indexer service would."""
    return index_story(story, tmp_path_factory.mktemp("index"))


@pytest.fixture
def isolated(story: Story) -> Iterator[None]:
    """Undo every change a test makes to the module's node."""
    snap = snapshot(story.w3)
    yield
    revert(story.w3, snap)
    story.world.sender.reset()


@pytest.fixture
def settings(tmp_path: Path) -> ServiceSettings:
    return ServiceSettings(data_dir=tmp_path, siwe_domain=DOMAIN, siwe_uri=URI)


@pytest.fixture
def client(settings: ServiceSettings, story: Story, index_engine: Engine) -> Iterator[TestClient]:
    app = create_app(settings, plan=story.plan, index_engine=index_engine)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def reindexed(
    settings: ServiceSettings, story: Story, tmp_path: Path
) -> Iterator[Callable[[], TestClient]]:
    """Serve a fresh index of the chain as it is now: for reads after a test moved the story."""
    clients: list[TestClient] = []

    def serve() -> TestClient:
        folder = tmp_path / f"index-{len(clients)}"
        folder.mkdir()
        app = create_app(settings, plan=story.plan, index_engine=index_story(story, folder))
        clients.append(TestClient(app).__enter__())
        return clients[-1]

    yield serve
    for client in clients:
        client.__exit__(None, None, None)


def siwe_message(client: TestClient, account: LocalAccount, **changes: object) -> SiweMessage:
    """A sign-in message for `account` on the nonce the service hands out."""
    nonce = client.get("/api/auth/nonce").json()
    fields: dict[str, object] = {
        "domain": nonce["domain"], "address": account.address, "uri": nonce["uri"],
        "chain_id": nonce["chain_id"], "nonce": nonce["nonce"],
        "issued_at": format_time(datetime.now(UTC)), "statement": "Sign in to lashou.",
    }  # fmt: skip
    fields.update(changes)
    return SiweMessage(**fields)  # type: ignore[arg-type]


def sign(account: LocalAccount, text: str) -> str:
    return "0x" + bytes(account.sign_message(encode_defunct(text=text)).signature).hex()


def sign_in(client: TestClient, account: LocalAccount) -> dict[str, str]:
    """Sign `account` in; returns the bearer header of its session."""
    text = siwe_message(client, account).text()
    reply = client.post(
        "/api/auth/signin", json={"message": text, "signature": sign(account, text)}
    )
    assert reply.status_code == 200, reply.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {reply.json()['token']}"}
