"""Who may read and upload which document, as a pure function of the claim's roles and of
whether the chain holds a copy's hash for its owner."""

from __future__ import annotations

from typing import Any

import pytest

from lashou.documents.address import Kind
from lashou.documents.policy import ClaimRoles, may_read, may_upload

PATIENT, OPERATOR, NOTARY = "0x" + "a1" * 20, "0x" + "b2" * 20, "0x" + "c3" * 20
W1, W2, W3 = "0x" + "d4" * 20, "0x" + "d5" * 20, "0x" + "d6" * 20
SUPERVISOR, STRANGER = "0x" + "e7" * 20, "0x" + "f8" * 20
DOC = "0x" + "11" * 32


def roles(**changes: Any) -> ClaimRoles:
    """Claim 1 under notice: W1 and W2 approved it, W3 rejected it."""
    fields: dict[str, Any] = {
        "claim_id": 1, "exists": True, "operator": OPERATOR, "patient": PATIENT,
        "notary": NOTARY, "witnesses": frozenset({W1, W2, W3}), "document": DOC,
        "approvers": frozenset({W1, W2}), "supervision_closed": None,
    }  # fmt: skip
    fields.update(changes)
    return ClaimRoles(**fields)


def held() -> bool:
    return True


def not_held() -> bool:
    return False


def never_asked() -> bool:
    raise AssertionError("the chain was asked about a copy no rule needs it for")


@pytest.mark.parametrize("reader", [PATIENT, OPERATOR, NOTARY, W1, W2, W3, PATIENT.upper()])
def test_may_read__claim_party_reads_the_diagnosis(reader: str) -> None:
    assert may_read(reader, kind=Kind.DIAGNOSIS, owner=PATIENT, roles=roles(), held=never_asked)


@pytest.mark.parametrize("reader", [PATIENT, OPERATOR, NOTARY, W2, W3])
def test_may_read__claim_party_reads_a_report_whose_hash_its_witness_reported(
    reader: str,
) -> None:
    assert may_read(reader, kind=Kind.REPORT, owner=W1, roles=roles(), held=held)


@pytest.mark.parametrize("reader", [PATIENT, OPERATOR, NOTARY, W2])
def test_may_read__report_its_witness_did_not_report_is_refused(reader: str) -> None:
    decision = may_read(reader, kind=Kind.REPORT, owner=W1, roles=roles(), held=not_held)
    assert not decision
    assert decision.reason == "the report is not its witness's report hash on chain"


@pytest.mark.parametrize("kind", [Kind.DIAGNOSIS, Kind.REPORT])
@pytest.mark.parametrize("reader", [STRANGER, SUPERVISOR])
def test_may_read__stranger_is_refused(kind: Kind, reader: str) -> None:
    decision = may_read(reader, kind=kind, owner=PATIENT, roles=roles(), held=held)
    assert not decision and decision.reason == "not a party to the claim"


def test_may_read__evidence_staked_in_the_open_case_by_the_operator() -> None:
    open_case = roles(dispute_open=True)
    assert may_read(OPERATOR, kind=Kind.EVIDENCE, owner=SUPERVISOR, roles=open_case, held=held)


def test_may_read__evidence_not_staked_in_the_open_case_is_refused_to_the_operator() -> None:
    open_case = roles(dispute_open=True)
    decision = may_read(
        OPERATOR, kind=Kind.EVIDENCE, owner=STRANGER, roles=open_case, held=not_held
    )
    assert not decision
    assert decision.reason == "the evidence is not its uploader's stake in the open case"


def test_may_read__evidence_by_operator_without_an_open_dispute_is_refused() -> None:
    decision = may_read(OPERATOR, kind=Kind.EVIDENCE, owner=SUPERVISOR, roles=roles(), held=held)
    assert not decision and decision.reason == "no dispute is open on the claim"


@pytest.mark.parametrize("reader", [PATIENT, NOTARY, W1, STRANGER])
def test_may_read__evidence_by_anyone_else_is_refused(reader: str) -> None:
    open_case = roles(dispute_open=True)
    assert not may_read(reader, kind=Kind.EVIDENCE, owner=SUPERVISOR, roles=open_case, held=held)


@pytest.mark.parametrize("kind", list(Kind))
def test_may_read__uploader_reads_its_own_copy(kind: Kind) -> None:
    assert may_read(SUPERVISOR, kind=kind, owner=SUPERVISOR, roles=roles(), held=never_asked)


def test_may_upload__patient_uploads_the_diagnosis_the_claim_was_filed_with() -> None:
    assert may_upload(PATIENT, kind=Kind.DIAGNOSIS, address=DOC, roles=roles(), held=never_asked)


def test_may_upload__another_diagnosis_is_refused() -> None:
    other = "0x" + "22" * 32
    decision = may_upload(PATIENT, kind=Kind.DIAGNOSIS, address=other, roles=roles(), held=held)
    assert not decision and "not the one" in decision.reason


def test_may_upload__diagnosis_by_someone_else_is_refused() -> None:
    assert not may_upload(W1, kind=Kind.DIAGNOSIS, address=DOC, roles=roles(), held=held)


def test_may_upload__witness_yet_to_report_uploads_a_report() -> None:
    witnessing = roles(to_report=frozenset({W2}), supervision_closed="not under notice")
    assert may_upload(W2, kind=Kind.REPORT, address=DOC, roles=witnessing, held=never_asked)


def test_may_upload__witness_that_reported_uploads_the_report_it_reported() -> None:
    assert may_upload(W1, kind=Kind.REPORT, address=DOC, roles=roles(), held=held)


def test_may_upload__witness_that_reported_another_hash_is_refused() -> None:
    decision = may_upload(W1, kind=Kind.REPORT, address=DOC, roles=roles(), held=not_held)
    assert not decision
    assert decision.reason == "the witness cannot report any more and did not report this hash"


def test_may_upload__report_by_a_non_witness_is_refused() -> None:
    assert not may_upload(STRANGER, kind=Kind.REPORT, address=DOC, roles=roles(), held=held)


@pytest.mark.parametrize("uploader", [SUPERVISOR, NOTARY, W3])
def test_may_upload__anyone_who_may_supervise_uploads_evidence(uploader: str) -> None:
    assert may_upload(uploader, kind=Kind.EVIDENCE, address=DOC, roles=roles(), held=never_asked)


@pytest.mark.parametrize(
    ("uploader", "reason"),
    [
        (PATIENT, "the patient and the operator cannot supervise the claim"),
        (OPERATOR, "the patient and the operator cannot supervise the claim"),
        (W1, "an approving witness cannot supervise the claim"),
        (W2.upper().replace("0X", "0x"), "an approving witness cannot supervise the claim"),
    ],
)
def test_may_upload__evidence_by_whom_disputes_forbids_to_supervise_is_refused(
    uploader: str, reason: str
) -> None:
    decision = may_upload(uploader, kind=Kind.EVIDENCE, address=DOC, roles=roles(), held=held)
    assert not decision and decision.reason == reason


@pytest.mark.parametrize(
    "closed",
    ["the claim is rejected", "the claim is cancelled", "the claim is not under notice yet"],
)
def test_may_upload__evidence_on_a_claim_that_takes_no_objection_is_refused(closed: str) -> None:
    decision = may_upload(SUPERVISOR, kind=Kind.EVIDENCE, address=DOC,
                          roles=roles(supervision_closed=closed), held=not_held)  # fmt: skip
    assert not decision and decision.reason == closed


def test_may_upload__evidence_already_staked_in_the_open_case_is_taken_after_the_notice() -> None:
    closed = roles(dispute_open=True, supervision_closed="the claim's notice is over")
    assert may_upload(SUPERVISOR, kind=Kind.EVIDENCE, address=DOC, roles=closed, held=held)


def test_may_upload__unknown_claim_is_refused() -> None:
    decision = may_upload(SUPERVISOR, kind=Kind.EVIDENCE, address=DOC,
                          roles=roles(exists=False), held=held)  # fmt: skip
    assert not decision and decision.reason == "no such claim"


def test_claim_roles__take_no_evidence_unless_the_chain_says_so() -> None:
    unread = ClaimRoles(claim_id=1, exists=True, operator=OPERATOR, patient=PATIENT)
    assert not may_upload(SUPERVISOR, kind=Kind.EVIDENCE, address=DOC, roles=unread,
                          held=not_held)  # fmt: skip
