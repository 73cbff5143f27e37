"""Witness reports on a real plan: a witness drawn for the claim uploads its report before it
reports on chain; the claim's other parties read it once its hash is that witness's report
hash on chain, and never a report it did not give."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import sign_in
from tests.api.documents import hash_of, parties, post, read, report_on_chain, upload
from tests.api.story import Story

VISIT = b"visited: as the diagnosis says"
OTHER = b"visited: the patient was not at home"


@pytest.mark.usefixtures("isolated")
def test_read__report_is_refused_until_its_witness_reports_its_hash(
    client: TestClient, story: Story
) -> None:
    body = upload(client, sign_in(client, story.witness(story.claims[4].witnesses[0])),
                  kind="report", claim_id=4, content=VISIT)  # fmt: skip
    assert body["hash"] == hash_of(VISIT)
    patient = story.claims[4].patient.account
    assert read(client, patient, body["hash"])[0] == 403
    report_on_chain(story, 4, 0, VISIT)
    assert read(client, patient, body["hash"]) == (200, VISIT)


@pytest.mark.usefixtures("isolated")
def test_read__each_party_reads_a_report_its_witness_reported(
    client: TestClient, story: Story
) -> None:
    people = parties(story, story.claims[4])
    upload(client, sign_in(client, people["witness 0"]), kind="report", claim_id=4,
           content=VISIT)  # fmt: skip
    report_on_chain(story, 4, 0, VISIT)
    for role in ("patient", "operator", "notary", "witness 1", "witness 2"):
        assert read(client, people[role], hash_of(VISIT)) == (200, VISIT), role
    assert read(client, story.supervisor, hash_of(VISIT))[0] == 403


@pytest.mark.usefixtures("isolated")
def test_read__report_whose_hash_its_witness_did_not_report_is_refused(
    client: TestClient, story: Story
) -> None:
    people = parties(story, story.claims[4])
    upload(client, sign_in(client, people["witness 0"]), kind="report", claim_id=4,
           content=OTHER)  # fmt: skip
    report_on_chain(story, 4, 0, VISIT)
    assert read(client, people["patient"], hash_of(OTHER))[0] == 403
    assert read(client, people["witness 0"], hash_of(OTHER)) == (200, OTHER)  # its own copy


@pytest.mark.usefixtures("isolated")
def test_upload__two_witnesses_store_the_same_report(client: TestClient, story: Story) -> None:
    people = parties(story, story.claims[4])
    hashes = {
        upload(client, sign_in(client, people[f"witness {slot}"]), kind="report", claim_id=4,
               content=VISIT)["hash"]
        for slot in (0, 1)
    }  # fmt: skip
    assert hashes == {hash_of(VISIT)}
    report_on_chain(story, 4, 1, VISIT)
    assert read(client, people["patient"], hash_of(VISIT)) == (200, VISIT)


@pytest.mark.usefixtures("isolated")
def test_upload__report_after_reporting_is_only_the_one_reported(
    client: TestClient, story: Story
) -> None:
    people = parties(story, story.claims[4])
    report_on_chain(story, 4, 0, VISIT)
    headers = sign_in(client, people["witness 0"])
    status, body = post(client, headers, kind="report", claim_id=4, content=OTHER)
    assert status == 403 and body["detail"] == (
        "This document cannot be stored (the witness cannot report any more and did not report"
        " this hash): check the claim id and the account signed in."
    )
    assert post(client, headers, kind="report", claim_id=4, content=VISIT)[0] == 201
    assert read(client, people["patient"], hash_of(VISIT)) == (200, VISIT)


def test_upload__report_by_a_witness_not_drawn_is_refused(client: TestClient, story: Story) -> None:
    drawn = set(story.claims[4].witnesses.values())
    outsider = next(w for w in story.world.witnesses if w.address not in drawn)
    status, body = post(client, sign_in(client, outsider.account), kind="report", claim_id=4,
                        content=VISIT)  # fmt: skip
    assert status == 403
    assert "(only a witness drawn for the claim uploads a report)" in str(body["detail"])


def test_upload__report_by_a_witness_yet_to_report_is_stored(
    client: TestClient, story: Story
) -> None:
    people = parties(story, story.claims[4])
    assert post(client, sign_in(client, people["witness 2"]), kind="report", claim_id=4,
                content=VISIT)[0] == 201  # fmt: skip
