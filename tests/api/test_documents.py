"""/api/documents on a real plan: each party of a claim reads its diagnosis, everybody else gets
the same 403 whether or not anything is stored; a copy is its uploader's to read."""

from __future__ import annotations

import logging
import re

import pytest
from eth_utils import keccak
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lashou.api.app import create_app
from lashou.api.settings import ServiceSettings
from tests.api.conftest import sign_in
from tests.api.documents import EVIDENCE, NOT_READABLE, parties, post, upload, upload_diagnosis
from tests.api.story import Story


def test_upload__diagnosis_hash_is_the_document_the_claim_was_filed_with(
    client: TestClient, story: Story
) -> None:
    assert upload_diagnosis(client, story, 1) == story.claims[1].document


def test_upload__diagnosis_not_filed_with_the_claim_is_refused(
    client: TestClient, story: Story
) -> None:
    filed = story.claims[1]
    headers = sign_in(client, filed.patient.account)
    reply = client.post(
        "/api/documents",
        headers=headers,
        data={"kind": "diagnosis", "claim_id": "1", "salt": "0x" + "00" * 32},
        files={"file": ("d", filed.content)},
    )
    assert reply.status_code == 403
    assert "not the one the claim was filed with" in reply.json()["detail"]


def test_upload__without_a_session_is_refused(client: TestClient) -> None:
    reply = client.post(
        "/api/documents", data={"kind": "report", "claim_id": "1"}, files={"file": ("r", b"x")}
    )
    assert reply.status_code == 401 and "sign in" in reply.json()["detail"]


@pytest.mark.parametrize(
    "role", ["patient", "operator", "notary", "witness 0", "witness 1", "witness 2"]
)
def test_read__each_party_of_the_claim_reads_the_diagnosis(
    client: TestClient, story: Story, role: str
) -> None:
    address = upload_diagnosis(client, story, 1)
    headers = sign_in(client, parties(story, story.claims[1])[role])
    reply = client.get(f"/api/documents/{address}", headers=headers)
    assert reply.status_code == 200
    assert reply.content == story.claims[1].content
    assert reply.headers["x-document-salt"] == "0x" + story.claims[1].salt.hex()


@pytest.mark.parametrize(
    "who", ["stranger", "other patient", "other claim's witness", "supervisor"]
)
def test_read__anyone_else_is_refused_and_logged_without_content(
    client: TestClient, story: Story, who: str, caplog: pytest.LogCaptureFixture
) -> None:
    address = upload_diagnosis(client, story, 1)
    outsiders = {
        "stranger": story.newcomer.account,
        "other patient": story.claims[2].patient.account,
        "other claim's witness": next(
            story.witness(w)
            for w in story.claims[2].witnesses.values()
            if w not in story.claims[1].witnesses.values()
        ),
        "supervisor": story.supervisor,
    }
    account = outsiders[who]
    headers = sign_in(client, account)
    with caplog.at_level(logging.WARNING, logger="lashou.documents.access"):
        reply = client.get(f"/api/documents/{address}", headers=headers)
    assert reply.status_code == 403 and reply.json()["detail"] == NOT_READABLE
    lines = [r.getMessage() for r in caplog.records if r.name == "lashou.documents.access"]
    assert lines == [
        f"read refused: account={account.address} document={address}"
        " reason=not a party to the claim"
    ]
    assert story.claims[1].content.decode() not in caplog.text


@pytest.mark.parametrize("path", ["", "/meta"])
def test_read__hash_nothing_is_stored_under_is_the_same_403_as_a_forbidden_one(
    client: TestClient, story: Story, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    stored = upload_diagnosis(client, story, 1)
    unknown = "0x" + keccak(b"a file nobody uploaded").hex()
    headers = sign_in(client, story.supervisor)
    with caplog.at_level(logging.WARNING, logger="lashou.documents.access"):
        forbidden = client.get(f"/api/documents/{stored}{path}", headers=headers)
        missing = client.get(f"/api/documents/{unknown}{path}", headers=headers)
    assert forbidden.status_code == missing.status_code == 403
    assert forbidden.content == missing.content and missing.json()["detail"] == NOT_READABLE
    assert forbidden.headers.keys() == missing.headers.keys()
    lines = [r.getMessage() for r in caplog.records if r.name == "lashou.documents.access"]
    assert lines == [
        f"read refused: account={story.supervisor.address} document={stored}"
        " reason=not a party to the claim",
        f"read refused: account={story.supervisor.address} document={unknown}"
        " reason=nothing is stored under this hash",
    ]


def test_read__uploader_gets_its_own_copy_first(client: TestClient, story: Story) -> None:
    upload(client, sign_in(client, story.supervisor), kind="evidence", claim_id=2,
           content=EVIDENCE)  # fmt: skip
    headers = sign_in(client, story.newcomer.account)
    upload(client, headers, kind="evidence", claim_id=1, content=EVIDENCE)
    meta = client.get("/api/documents/0x" + keccak(EVIDENCE).hex() + "/meta", headers=headers)
    assert meta.status_code == 200 and meta.json()["claim_id"] == 1


def test_upload__empty_file_is_refused(client: TestClient, story: Story) -> None:
    reply = client.post(
        "/api/documents", headers=sign_in(client, story.supervisor),
        data={"kind": "evidence", "claim_id": "2"}, files={"file": ("e", b"")},
    )  # fmt: skip
    assert reply.status_code == 422 and reply.json()["detail"] == (
        "Field 'file' is an empty file: choose the document itself."
    )


def test_read__malformed_hash_is_422(client: TestClient, story: Story) -> None:
    reply = client.get("/api/documents/not-a-hash", headers=sign_in(client, story.supervisor))
    assert reply.status_code == 422 and reply.json()["detail"] == (
        "Path parameter 'hash' is not 0x followed by 64 hex digits: correct it."
    )


def test_upload__unknown_claim_is_refused(client: TestClient, story: Story) -> None:
    reply = client.post(
        "/api/documents",
        headers=sign_in(client, story.supervisor),
        data={"kind": "evidence", "claim_id": "99"},
        files={"file": ("e", b"e")},
    )
    assert reply.status_code == 403 and "(no such claim)" in reply.json()["detail"]


def test_read__damaged_blob_is_an_integrity_failure_not_the_content(
    client: TestClient, story: Story, settings: ServiceSettings
) -> None:
    address = upload_diagnosis(client, story, 1)
    (blob,) = (settings.documents_dir / address[2:4]).iterdir()
    damaged = bytearray(blob.read_bytes())
    damaged[-1] ^= 0xFF
    blob.write_bytes(bytes(damaged))
    reply = client.get(f"/api/documents/{address}", headers=sign_in(client, story.notary))
    assert reply.status_code == 500
    assert "failed its integrity check" in reply.json()["detail"]


def test_upload__larger_than_the_limit_is_413(
    story: Story, settings: ServiceSettings, index_engine: Engine
) -> None:
    small = settings.model_copy(update={"max_document_bytes": 16})
    with TestClient(create_app(small, plan=story.plan, index_engine=index_engine)) as client:
        headers = sign_in(client, story.supervisor)
        reply = client.post(
            "/api/documents", headers=headers, data={"kind": "evidence", "claim_id": "2"},
            files={"file": ("e", b"x" * 17)},
        )  # fmt: skip
    assert reply.status_code == 413 and "larger than 16 bytes" in reply.json()["detail"]


def test_upload__past_the_accounts_document_count_is_429(
    story: Story, settings: ServiceSettings, index_engine: Engine
) -> None:
    few = settings.model_copy(update={"max_account_documents": 2})
    with TestClient(create_app(few, plan=story.plan, index_engine=index_engine)) as client:
        headers = sign_in(client, story.supervisor)
        first = upload(client, headers, kind="evidence", claim_id=3, content=b"first")
        upload(client, headers, kind="evidence", claim_id=3, content=b"second")
        status, body = post(client, headers, kind="evidence", claim_id=3, content=b"third")
        assert status == 429 and body["detail"] == (
            "This account already keeps 2 documents, the most one account may store: ask the"
            " operator to make room for more."
        )
        again = upload(client, headers, kind="evidence", claim_id=3, content=b"first")
        assert again == first  # the copy it keeps is no new one
        other = sign_in(client, story.newcomer.account)
        assert post(client, other, kind="evidence", claim_id=3, content=b"third")[0] == 201


def test_upload__past_the_accounts_bytes_is_413(
    story: Story, settings: ServiceSettings, index_engine: Engine
) -> None:
    small = settings.model_copy(update={"max_account_bytes": 20})
    with TestClient(create_app(small, plan=story.plan, index_engine=index_engine)) as client:
        headers = sign_in(client, story.supervisor)
        upload(client, headers, kind="evidence", claim_id=3, content=b"x" * 12)
        status, body = post(client, headers, kind="evidence", claim_id=3, content=b"y" * 9)
        assert status == 413 and body["detail"] == (
            "This file would take this account's documents past 20 bytes, the most one account"
            " may store: send a smaller file or ask the operator to make room."
        )
        assert post(client, headers, kind="evidence", claim_id=3, content=b"y" * 8)[0] == 201


AUDITED = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (read|upload) refused account=0x[0-9a-fA-F]{40}"
    r" document=0x[0-9a-f]{64} reason=[a-z' ;]+$"
)


def test_read__refused_reads_are_appended_to_the_audit_file_without_content(
    client: TestClient, story: Story, settings: ServiceSettings
) -> None:
    stored = upload_diagnosis(client, story, 1)
    unknown = "0x" + keccak(b"a file nobody uploaded").hex()
    outsider = sign_in(client, story.supervisor)
    assert client.get(f"/api/documents/{stored}", headers=outsider).status_code == 403
    assert client.get(f"/api/documents/{unknown}/meta", headers=outsider).status_code == 403
    lines = settings.audit_file.read_text().splitlines()
    assert all(AUDITED.match(line) for line in lines), lines
    assert [line.split(" ", 1)[1] for line in lines] == [
        f"read refused account={story.supervisor.address} document={stored}"
        " reason=not a party to the claim",
        f"read refused account={story.supervisor.address} document={unknown}"
        " reason=nothing is stored under this hash",
    ]
    assert settings.audit_file.stat().st_mode & 0o777 == 0o600
    text = settings.audit_file.read_bytes()
    assert story.claims[1].content not in text and b"doc.bin" not in text


def test_read__allowed_read_leaves_the_audit_file_alone(
    client: TestClient, story: Story, settings: ServiceSettings
) -> None:
    stored = upload_diagnosis(client, story, 1)
    reply = client.get(f"/api/documents/{stored}", headers=sign_in(client, story.notary))
    assert reply.status_code == 200 and not settings.audit_file.exists()


def test_upload__refused_upload_is_appended_to_the_audit_file(
    client: TestClient, story: Story, settings: ServiceSettings
) -> None:
    status, _ = post(client, sign_in(client, story.claims[3].patient.account), kind="evidence",
                     claim_id=3, content=b"my own claim")  # fmt: skip
    assert status == 403
    (line,) = settings.audit_file.read_text().splitlines()
    assert AUDITED.match(line) and line.endswith(
        f"upload refused account={story.claims[3].patient.address}"
        f" document={'0x' + keccak(b'my own claim').hex()}"
        " reason=the patient and the operator cannot supervise the claim"
    )
