"""/api/health, the OpenAPI pages, and the one-sentence answers to requests that miss."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from lashou.api.app import create_app
from lashou.api.settings import ServiceSettings
from lashou.chain.deploy import dev_roles, load_or_deploy
from lashou.chain.node import start_node
from lashou.chain.settings import Settings


def test_health__reports_the_chain_it_reads(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["chain_id"] == 31337 and body["block"] > 0


def test_health__without_a_deployment_is_degraded_with_what_to_do(tmp_path: Path) -> None:
    with TestClient(create_app(ServiceSettings(data_dir=tmp_path))) as offline:
        body = offline.get("/api/health").json()
    assert body["status"] == "degraded" and "run `lashou deploy`" in body["detail"]


def test_nonce__without_a_chain_is_503_in_one_sentence(tmp_path: Path) -> None:
    with TestClient(create_app(ServiceSettings(data_dir=tmp_path))) as offline:
        reply = offline.get("/api/auth/nonce")
    assert reply.status_code == 503
    assert reply.json()["detail"].startswith("No deployment record at ")


def test_docs__serve_the_openapi_schema(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/documents", "/api/auth/signin", "/api/tx/join", "/api/claims"} <= set(paths)


def test_docs__render_offline_from_the_packaged_swagger_ui(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in page and "cdn." not in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"):
        assert client.get(f"/docs-assets/{asset}").status_code == 200
    assert client.get("/redoc").status_code == 404


def test_unknown_route__is_404_in_one_sentence(client: TestClient) -> None:
    reply = client.get("/api/nothing")
    assert reply.status_code == 404
    assert reply.json() == {"detail": "There is nothing at this address: see /docs for the routes."}


def test_wrong_method__is_405_with_allow(client: TestClient) -> None:
    reply = client.delete("/api/health")
    assert reply.status_code == 405 and reply.headers["allow"] == "GET"


def test_key_file__created_0600_in_the_data_folder(client: TestClient, tmp_path: Path) -> None:
    assert (tmp_path / "document.key").stat().st_mode & 0o777 == 0o600


def test_health__node_gone_is_degraded_and_reads_are_503(tmp_path: Path) -> None:
    with start_node(tmp_path / "chain", anvil=Settings.from_env().anvil) as node:
        plan = load_or_deploy(node.web3(), tmp_path / "data", dev_roles())
        app = create_app(ServiceSettings(data_dir=tmp_path / "data"), plan=plan)
        client = TestClient(app)
        assert client.get("/api/health").json()["status"] == "ok"
    assert client.get("/api/health").json() == {
        "status": "degraded", "chain_id": None, "block": None,
        "detail": "The chain node does not answer: try again shortly.",
    }  # fmt: skip
    reply = client.post("/api/tx/exit", json={"sender": "0x" + "11" * 20})
    assert reply.status_code == 503
    assert reply.json()["detail"] == "The chain node does not answer: try again shortly."
