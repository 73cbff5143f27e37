"""Evidence on a real plan: uploaded by whom the Disputes contract lets supervise a claim, while
the claim takes an objection or a fraud report; read by the operator only while a case is open
and only as the evidence a supervisor staked that case with."""

from __future__ import annotations

import logging

import pytest
from eth_utils import keccak
from fastapi.testclient import TestClient

from tests.api.conftest import sign_in
from tests.api.documents import (
    EVIDENCE,
    NOT_READABLE,
    hash_of,
    object_on_chain,
    parties,
    post,
    read,
    upload,
)
from tests.api.story import Story

PLANTED = b"a stranger's file about claim 3"
STAKED = b"the supervisor's evidence against claim 3"


def test_read__operator_reads_evidence_while_the_dispute_is_open(
    client: TestClient, story: Story
) -> None:
    body = upload(
        client, sign_in(client, story.supervisor), kind="evidence", claim_id=2, content=EVIDENCE
    )
    assert body["hash"] == hash_of(EVIDENCE)  # the objection's evidence_hash
    assert read(client, story.roles.operator, body["hash"]) == (200, EVIDENCE)


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
    body = upload(client, sign_in(client, story.supervisor), kind="evidence", claim_id=1,
                  content=b"fraud evidence on claim 1")  # fmt: skip
    assert read(client, story.roles.operator, body["hash"])[0] == 403


@pytest.mark.usefixtures("isolated")
def test_read__evidence_planted_by_one_who_never_objected_is_refused_once_a_dispute_opens(
    client: TestClient, story: Story, caplog: pytest.LogCaptureFixture
) -> None:
    stranger = sign_in(client, story.newcomer.account)
    planted = upload(client, stranger, kind="evidence", claim_id=3, content=PLANTED)
    staked = upload(client, sign_in(client, story.supervisor), kind="evidence", claim_id=3,
                    content=STAKED)  # fmt: skip
    object_on_chain(story, story.supervisor, 3, STAKED)
    with caplog.at_level(logging.WARNING, logger="lashou.documents.access"):
        assert read(client, story.roles.operator, planted["hash"])[0] == 403
    assert "reason=the evidence is not its uploader's stake in the open case" in caplog.text
    assert read(client, story.roles.operator, staked["hash"]) == (200, STAKED)


@pytest.mark.usefixtures("isolated")
def test_read__evidence_its_supervisor_did_not_stake_is_refused_to_the_operator(
    client: TestClient, story: Story
) -> None:
    """The supervisor uploads two files and objects with one: the operator reads that one."""
    headers = sign_in(client, story.supervisor)
    other = upload(client, headers, kind="evidence", claim_id=3, content=PLANTED)
    staked = upload(client, headers, kind="evidence", claim_id=3, content=STAKED)
    object_on_chain(story, story.supervisor, 3, STAKED)
    assert read(client, story.roles.operator, other["hash"])[0] == 403
    assert read(client, story.roles.operator, staked["hash"]) == (200, STAKED)


@pytest.mark.parametrize("role", ["patient", "notary", "witness 0"])
def test_read__claim_parties_are_refused_the_supervisors_evidence(
    client: TestClient, story: Story, role: str
) -> None:
    body = upload(
        client, sign_in(client, story.supervisor), kind="evidence", claim_id=2, content=EVIDENCE
    )
    assert read(client, parties(story, story.claims[2])[role], body["hash"])[0] == 403


def test_read__supervisor_reads_its_own_evidence(client: TestClient, story: Story) -> None:
    headers = sign_in(client, story.supervisor)
    body = upload(client, headers, kind="evidence", claim_id=2, content=EVIDENCE)
    meta = client.get(f"/api/documents/{body['hash']}/meta", headers=headers)
    assert meta.status_code == 200 and meta.json()["kind"] == "evidence"


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


def test_upload__two_supervisors_store_the_same_evidence_each_for_its_own_objection(
    client: TestClient, story: Story
) -> None:
    first = upload(client, sign_in(client, story.supervisor), kind="evidence", claim_id=3,
                   content=STAKED)  # fmt: skip
    other = sign_in(client, story.newcomer.account)
    second = upload(client, other, kind="evidence", claim_id=3, content=STAKED)
    assert second["hash"] == first["hash"] == hash_of(STAKED)
    reply = client.get(f"/api/documents/{second['hash']}", headers=other)
    assert reply.status_code == 200 and reply.content == STAKED
    again = upload(client, other, kind="evidence", claim_id=3, content=STAKED)
    assert again == second  # the same copy, not a third one


@pytest.mark.parametrize("claim_id", [1, 3])
def test_upload__evidence_on_a_claim_that_takes_an_objection_or_fraud_report_is_stored(
    client: TestClient, story: Story, claim_id: int
) -> None:
    headers = sign_in(client, story.newcomer.account)
    assert post(client, headers, kind="evidence", claim_id=claim_id, content=PLANTED)[0] == 201


@pytest.mark.parametrize(
    ("claim_id", "reason"),
    [
        (2, "the claim's notice is over and it is not queued"),
        (4, "the claim is not under notice yet"),
    ],
)
def test_upload__evidence_on_a_claim_that_takes_none_now_is_refused(
    client: TestClient, story: Story, claim_id: int, reason: str
) -> None:
    headers = sign_in(client, story.newcomer.account)
    status, body = post(client, headers, kind="evidence", claim_id=claim_id, content=PLANTED)
    assert status == 403 and body["detail"] == (
        f"This document cannot be stored ({reason}): check the claim id and the account signed in."
    )


@pytest.mark.usefixtures("isolated")
def test_upload__evidence_on_a_rejected_claim_is_refused(client: TestClient, story: Story) -> None:
    filed = story.file(story.world.members[4])
    reject = story.plan.contract("claims").functions.reject_claim(
        filed.claim_id, keccak(text="the diagnosis predates the plan")
    )
    story.world.transact(reject, story.roles.operator)
    story.claims.pop(filed.claim_id)  # undone with the node after the test
    status, body = post(client, sign_in(client, story.newcomer.account), kind="evidence",
                        claim_id=filed.claim_id, content=PLANTED)  # fmt: skip
    assert status == 403 and "(the claim is rejected)" in str(body["detail"])


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("patient", "the patient and the operator cannot supervise the claim"),
        ("operator", "the patient and the operator cannot supervise the claim"),
        ("witness 0", "an approving witness cannot supervise the claim"),
        ("witness 2", "an approving witness cannot supervise the claim"),
    ],
)
def test_upload__evidence_by_whom_disputes_forbids_to_supervise_is_refused(
    client: TestClient, story: Story, who: str, reason: str
) -> None:
    account = parties(story, story.claims[3])[who]
    status, body = post(client, sign_in(client, account), kind="evidence", claim_id=3,
                        content=PLANTED)  # fmt: skip
    assert status == 403 and f"({reason})" in str(body["detail"])


def test_upload__evidence_by_a_witness_of_another_claim_is_stored(
    client: TestClient, story: Story
) -> None:
    drawn = set(story.claims[3].witnesses.values())
    outsider = next(w for w in story.world.witnesses if w.address not in drawn)
    status, _ = post(client, sign_in(client, outsider.account), kind="evidence", claim_id=3,
                     content=PLANTED)  # fmt: skip
    assert status == 201
