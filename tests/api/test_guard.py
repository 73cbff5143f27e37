"""Request bodies are bounded by their route's limit whatever their type: a declared length
over it is refused before a byte is read, and a body without one stops being read at it."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lashou.api.app import create_app
from lashou.api.guard import MAX_BODY_BYTES
from lashou.api.settings import ServiceSettings
from lashou.api.uploads import FORM_OVERHEAD
from tests.api.asgi import CHUNK, MULTIPART, call, chunks, multipart
from tests.api.conftest import sign_in
from tests.api.story import Story

GB = 1024**3
OCTETS = {"content-type": "application/octet-stream"}
TOO_LARGE = "The request body is over 256 KB: send only what /docs describes."


@pytest.fixture
def app(settings: ServiceSettings, story: Story, index_engine: Engine) -> FastAPI:
    return create_app(settings, plan=story.plan, index_engine=index_engine)


@pytest.mark.parametrize("kind", ["application/octet-stream", "text/plain", "application/json"])
def test_approve__body_declared_over_the_limit_is_refused_before_it_is_read(
    app: FastAPI, kind: str
) -> None:
    headers = {"content-type": kind, "content-length": str(3 * GB // 2)}
    answer = call(app, "POST", "/api/tx/approve", headers=headers, body=chunks(4 * MAX_BODY_BYTES))
    assert (answer.status, answer.body["detail"], answer.read) == (413, TOO_LARGE, 0)


@pytest.mark.parametrize("kind", ["application/octet-stream", "application/json"])
def test_approve__body_sent_without_a_length_stops_being_read_at_the_limit(
    app: FastAPI, kind: str
) -> None:
    answer = call(app, "POST", "/api/tx/approve", headers={"content-type": kind},
                  body=chunks(64 * MAX_BODY_BYTES))  # fmt: skip
    assert answer.status == 413 and answer.body["detail"] == TOO_LARGE
    assert MAX_BODY_BYTES < answer.read <= MAX_BODY_BYTES + CHUNK


def test_approve__body_of_another_type_within_the_limit_reaches_the_route(app: FastAPI) -> None:
    size = MAX_BODY_BYTES - 1
    answer = call(app, "POST", "/api/tx/approve", headers={**OCTETS, "content-length": str(size)},
                  body=chunks(size))  # fmt: skip
    assert answer.status == 422 and answer.read == size
    assert answer.body["detail"] == (
        "The request body is not a JSON object: send an object as /docs shows."
    )


def test_approve__octet_stream_over_the_limit_is_413_through_the_client(
    client: TestClient,
) -> None:
    reply = client.post("/api/tx/approve", content=b"x" * (MAX_BODY_BYTES + 1), headers=OCTETS)
    assert reply.status_code == 413 and reply.json()["detail"] == TOO_LARGE
    reply = client.post("/api/tx/approve", content=b"x" * MAX_BODY_BYTES, headers=OCTETS)
    assert reply.status_code == 422


def test_health__get_with_a_large_body_is_refused_and_a_plain_get_answers(
    client: TestClient,
) -> None:
    reply = client.request("GET", "/api/health", content=b"x" * (MAX_BODY_BYTES + 1))
    assert reply.status_code == 413 and reply.json()["detail"] == TOO_LARGE
    assert client.get("/api/health").status_code == 200


def test_upload__form_sent_without_a_length_stops_being_read_at_its_limit(
    story: Story, settings: ServiceSettings, index_engine: Engine
) -> None:
    small = settings.model_copy(update={"max_document_bytes": 4 * CHUNK})
    app = create_app(small, plan=story.plan, index_engine=index_engine)
    with TestClient(app) as client:
        headers = {**MULTIPART, **sign_in(client, story.supervisor)}
    limit = 4 * CHUNK + FORM_OVERHEAD
    form = {"kind": "evidence", "claim_id": "3"}
    answer = call(app, "POST", "/api/documents", headers=headers,
                  body=multipart(form, 64 * limit))  # fmt: skip
    assert answer.status == 413 and limit < answer.read <= limit + CHUNK
    assert answer.body["detail"] == (
        f"The upload is over {limit} bytes (a document of at most {4 * CHUNK} bytes and its"
        " form): send a smaller file."
    )
    answer = call(app, "POST", "/api/documents", headers=headers, body=multipart(form, 4 * CHUNK))
    assert answer.status == 201


@pytest.mark.parametrize(
    ("session", "detail"),
    [
        ({}, "You are not signed in: sign in with Ethereum at /api/auth/signin."),
        ({"authorization": "Bearer not-a-session"},
         "The session is unknown or expired: sign in again."),
        ({"cookie": "lashou_session=not-a-session"},
         "The session is unknown or expired: sign in again."),
    ],
)  # fmt: skip
@pytest.mark.parametrize("length", [{"content-length": str(3 * GB)}, {}])
def test_upload__without_a_live_session_is_refused_before_the_body_is_read(
    app: FastAPI, session: dict[str, str], detail: str, length: dict[str, str]
) -> None:
    headers = {**MULTIPART, **session, **length}
    answer = call(app, "POST", "/api/documents", headers=headers,
                  body=multipart({"kind": "evidence", "claim_id": "3"}, 4 * CHUNK))  # fmt: skip
    assert (answer.status, answer.body["detail"], answer.read) == (401, detail, 0)


def test_upload__signed_in_with_a_length_over_the_limit_is_refused_before_the_body_is_read(
    app: FastAPI, story: Story
) -> None:
    with TestClient(app) as client:
        headers = {**MULTIPART, **sign_in(client, story.supervisor)}
    answer = call(app, "POST", "/api/documents", headers={**headers, "content-length": str(3 * GB)},
                  body=multipart({"kind": "evidence", "claim_id": "3"}, 4 * CHUNK))  # fmt: skip
    assert answer.status == 413 and answer.read == 0
    assert answer.body["detail"].startswith("The upload is over 21037056 bytes")


def test_upload__session_cookie_opens_the_gate(app: FastAPI, story: Story) -> None:
    with TestClient(app) as client:
        token = sign_in(client, story.supervisor)["Authorization"].removeprefix("Bearer ")
    answer = call(app, "POST", "/api/documents",
                  headers={**MULTIPART, "cookie": f"lashou_session={token}"},
                  body=multipart({"kind": "evidence", "claim_id": "3"}, 4 * CHUNK))  # fmt: skip
    assert answer.status == 201 and answer.body["kind"] == "evidence"
