"""Who may read and upload which document, as a pure function of the claim's roles."""

from __future__ import annotations

import pytest

from lashou.documents.address import Kind
from lashou.documents.policy import ClaimRoles, may_read, may_upload

PATIENT, OPERATOR, NOTARY = "0x" + "a1" * 20, "0x" + "b2" * 20, "0x" + "c3" * 20
W1, W2, W3 = "0x" + "d4" * 20, "0x" + "d5" * 20, "0x" + "d6" * 20
SUPERVISOR, STRANGER = "0x" + "e7" * 20, "0x" + "f8" * 20
DOC = "0x" + "11" * 32


def roles(*, dispute_open: bool = False, exists: bool = True) -> ClaimRoles:
    return ClaimRoles(
        claim_id=1, exists=exists, operator=OPERATOR, patient=PATIENT, notary=NOTARY,
        witnesses=frozenset({W1, W2, W3}), dispute_open=dispute_open, document=DOC,
    )  # fmt: skip


@pytest.mark.parametrize("kind", [Kind.DIAGNOSIS, Kind.REPORT])
@pytest.mark.parametrize("reader", [PATIENT, OPERATOR, NOTARY, W1, W2, W3, PATIENT.upper()])
def test_may_read__claim_party_reads_claim_documents(kind: Kind, reader: str) -> None:
    assert may_read(reader, kind=kind, owner=PATIENT, roles=roles())


@pytest.mark.parametrize("kind", [Kind.DIAGNOSIS, Kind.REPORT])
@pytest.mark.parametrize("reader", [STRANGER, SUPERVISOR])
def test_may_read__stranger_is_refused(kind: Kind, reader: str) -> None:
    decision = may_read(reader, kind=kind, owner=PATIENT, roles=roles())
    assert not decision and decision.reason == "not a party to the claim"


def test_may_read__evidence_by_operator_during_an_open_dispute() -> None:
    assert may_read(OPERATOR, kind=Kind.EVIDENCE, owner=SUPERVISOR, roles=roles(dispute_open=True))


def test_may_read__evidence_by_operator_without_an_open_dispute_is_refused() -> None:
    decision = may_read(OPERATOR, kind=Kind.EVIDENCE, owner=SUPERVISOR, roles=roles())
    assert not decision and decision.reason == "no dispute is open on the claim"


@pytest.mark.parametrize("reader", [PATIENT, NOTARY, W1, STRANGER])
def test_may_read__evidence_by_anyone_else_is_refused(reader: str) -> None:
    assert not may_read(
        reader, kind=Kind.EVIDENCE, owner=SUPERVISOR, roles=roles(dispute_open=True)
    )


def test_may_read__uploader_reads_own_evidence() -> None:
    assert may_read(SUPERVISOR, kind=Kind.EVIDENCE, owner=SUPERVISOR, roles=roles())


def test_may_upload__patient_uploads_the_diagnosis_the_claim_was_filed_with() -> None:
    assert may_upload(PATIENT, kind=Kind.DIAGNOSIS, address=DOC, roles=roles())


def test_may_upload__another_diagnosis_is_refused() -> None:
    decision = may_upload(PATIENT, kind=Kind.DIAGNOSIS, address="0x" + "22" * 32, roles=roles())
    assert not decision and "not the one" in decision.reason


def test_may_upload__diagnosis_by_someone_else_is_refused() -> None:
    assert not may_upload(W1, kind=Kind.DIAGNOSIS, address=DOC, roles=roles())


def test_may_upload__witness_uploads_a_report() -> None:
    assert may_upload(W2, kind=Kind.REPORT, address=DOC, roles=roles())


def test_may_upload__report_by_a_non_witness_is_refused() -> None:
    assert not may_upload(STRANGER, kind=Kind.REPORT, address=DOC, roles=roles())


def test_may_upload__supervisor_uploads_evidence() -> None:
    assert may_upload(SUPERVISOR, kind=Kind.EVIDENCE, address=DOC, roles=roles())


@pytest.mark.parametrize("uploader", [PATIENT, OPERATOR])
def test_may_upload__evidence_by_patient_or_operator_is_refused(uploader: str) -> None:
    assert not may_upload(uploader, kind=Kind.EVIDENCE, address=DOC, roles=roles())


def test_may_upload__unknown_claim_is_refused() -> None:
    decision = may_upload(SUPERVISOR, kind=Kind.EVIDENCE, address=DOC, roles=roles(exists=False))
    assert not decision and decision.reason == "no such claim"
