"""/api/documents on a real plan: every party of a claim reads, everybody else gets a 403."""

from __future__ import annotations

import logging

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lashou.api.app import create_app
from lashou.api.settings import ServiceSettings
from tests.api.conftest import sign_in
from tests.api.story import Filed, Story

EVIDENCE = b"evidence against claim 2"
NOT_READABLE = (
    "No document you may read is stored under this hash: check the hash and the account signed"
    " in, or wait until the document's owner has uploaded it."
)


def upload(
    client: TestClient,
    headers: dict[str, str],
    *,
    kind: str,
    claim_id: int,
    content: bytes,
    salt: bytes | None = None,
) -> dict[str, object]:
    data: dict[str, str] = {"kind": kind, "claim_id": str(claim_id)}
    if salt is not None:
        data["salt"] = "0x" + salt.hex()
    reply = client.post(
        "/api/documents", headers=headers, data=data, files={"file": ("doc.bin", content)}
    )
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def upload_diagnosis(client: TestClient, story: Story, claim_id: int) -> str:
    filed = story.claims[claim_id]
    headers = sign_in(client, filed.patient.account)
    body = upload(
        client, headers, kind="diagnosis", claim_id=claim_id, content=filed.content, salt=filed.salt
    )
    return str(body["hash"])


def parties(story: Story, filed: Filed) -> dict[str, LocalAccount]:
    people = {
        "patient": filed.patient.account,
        "operator": story.roles.operator,
        "notary": story.notary,
    }
    for slot, witness in filed.witnesses.items():
        people[f"witness {slot}"] = story.witness(witness)
    return people


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


def test_upload__witness_report_is_readable_by_the_patient(
    client: TestClient, story: Story
) -> None:
    filed = story.claims[4]
    witness = story.witness(filed.witnesses[0])
    body = upload(client, sign_in(client, witness), kind="report", claim_id=4, content=b"visit")
    assert body["hash"] == "0x" + keccak(b"visit").hex()
    reply = client.get(
        f"/api/documents/{body['hash']}", headers=sign_in(client, filed.patient.account)
    )
    assert reply.status_code == 200 and reply.content == b"visit"


def test_upload__report_by_a_witness_not_drawn_is_refused(client: TestClient, story: Story) -> None:
    outsider = next(
        w for w in story.world.witnesses if w.address not in story.claims[4].witnesses.values()
    )
    reply = client.post(
        "/api/documents",
        headers=sign_in(client, outsider.account),
        data={"kind": "report", "claim_id": "4"},
        files={"file": ("r", b"v")},
    )
    assert reply.status_code == 403


def test_read__operator_reads_evidence_while_the_dispute_is_open(
    client: TestClient, story: Story
) -> None:
    body = upload(
        client, sign_in(client, story.supervisor), kind="evidence", claim_id=2, content=EVIDENCE
    )
    assert body["hash"] == "0x" + keccak(EVIDENCE).hex()  # the objection's evidence_hash
    reply = client.get(
        f"/api/documents/{body['hash']}", headers=sign_in(client, story.roles.operator)
    )
    assert reply.status_code == 200 and reply.content == EVIDENCE


@pytest.mark.usefixtures("isolated")
def test_read__operator_is_refused_evidence_after_the_ruling(
    client: TestClient, story: Story, caplog: pytest.LogCaptureFixture
) -> None:
    body = upload(
        client, sign_in(client, story.supervisor), kind="evidence", claim_id=2, content=EVIDENCE
    )
    rule = story.plan.contract("disputes").functions.rule(2, False, keccak(text="dismissed"))
    story.world.transact(rule, story.roles.operator)
    headers = sign_in(client, story.roles.operator)
    with caplog.at_level(logging.WARNING, logger="lashou.documents.access"):
        reply = client.get(f"/api/documents/{body['hash']}", headers=headers)
    assert reply.status_code == 403 and reply.json()["detail"] == NOT_READABLE
    assert "reason=no dispute is open on the claim" in caplog.text


def test_read__operator_is_refused_evidence_on_a_claim_without_dispute(
    client: TestClient, story: Story
) -> None:
    body = upload(
        client,
        sign_in(client, story.supervisor),
        kind="evidence",
        claim_id=1,
        content=b"fraud evidence on claim 1",
    )
    reply = client.get(
        f"/api/documents/{body['hash']}", headers=sign_in(client, story.roles.operator)
    )
    assert reply.status_code == 403


@pytest.mark.parametrize("role", ["patient", "notary", "witness 0"])
def test_read__claim_parties_are_refused_the_supervisors_evidence(
    client: TestClient, story: Story, role: str
) -> None:
    body = upload(
        client, sign_in(client, story.supervisor), kind="evidence", claim_id=2, content=EVIDENCE
    )
    headers = sign_in(client, parties(story, story.claims[2])[role])
    assert client.get(f"/api/documents/{body['hash']}", headers=headers).status_code == 403


def test_read__supervisor_reads_its_own_evidence(client: TestClient, story: Story) -> None:
    headers = sign_in(client, story.supervisor)
    body = upload(client, headers, kind="evidence", claim_id=2, content=EVIDENCE)
    meta = client.get(f"/api/documents/{body['hash']}/meta", headers=headers)
    assert meta.status_code == 200 and meta.json()["kind"] == "evidence"


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


def test_upload__second_supervisor_stores_the_same_evidence_for_its_own_objection(
    client: TestClient, story: Story
) -> None:
    first = upload(
        client, sign_in(client, story.supervisor), kind="evidence", claim_id=2, content=EVIDENCE
    )
    other = sign_in(client, story.newcomer.account)
    second = upload(client, other, kind="evidence", claim_id=2, content=EVIDENCE)
    assert second["hash"] == first["hash"] == "0x" + keccak(EVIDENCE).hex()
    reply = client.get(f"/api/documents/{second['hash']}", headers=other)
    assert reply.status_code == 200 and reply.content == EVIDENCE
    again = upload(client, other, kind="evidence", claim_id=2, content=EVIDENCE)
    assert again == second  # the same copy, not a third one


def test_upload__two_witnesses_store_the_same_report(client: TestClient, story: Story) -> None:
    filed = story.claims[4]
    hashes = {
        upload(client, sign_in(client, story.witness(filed.witnesses[slot])), kind="report",
               claim_id=4, content=b"visited: as the diagnosis says")["hash"]
        for slot in (0, 1)
    }  # fmt: skip
    assert hashes == {"0x" + keccak(b"visited: as the diagnosis says").hex()}
    reply = client.get(f"/api/documents/{hashes.pop()}",
                       headers=sign_in(client, filed.patient.account))  # fmt: skip
    assert reply.status_code == 200 and reply.content == b"visited: as the diagnosis says"


def test_read__reader_gets_the_copy_it_may_read_not_the_oldest(
    client: TestClient, story: Story
) -> None:
    """The same evidence is held for claim 1 (no dispute) and, later, for claim 2 (disputed):
    the operator may read the second copy only, and gets it."""
    older = upload(client, sign_in(client, story.newcomer.account), kind="evidence", claim_id=1,
                   content=EVIDENCE)  # fmt: skip
    upload(client, sign_in(client, story.supervisor), kind="evidence", claim_id=2,
           content=EVIDENCE)  # fmt: skip
    operator = sign_in(client, story.roles.operator)
    meta = client.get(f"/api/documents/{older['hash']}/meta", headers=operator)
    assert meta.status_code == 200 and meta.json()["claim_id"] == 2
    assert client.get(f"/api/documents/{older['hash']}", headers=operator).content == EVIDENCE


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
