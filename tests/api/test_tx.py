"""/api/tx: the unsigned transactions, signed here by the user's own key and sent to anvil."""

from __future__ import annotations

from typing import Any

import pytest
from eth_utils import keccak
from fastapi.testclient import TestClient
from web3.logs import DISCARD

from lashou import actions
from lashou.identity.envelope import Envelope
from lashou.sim.world import ADMISSION_TTL, HEALTH_ANSWERS
from tests.api.story import Story
from tests.api.wallet import do, refused

pytestmark = pytest.mark.usefixtures("isolated")
TOKEN = 10**6


def newcomer_admission(story: Story) -> dict[str, Any]:
    """The attestor's admission of the story's newcomer, as the file the API takes."""
    member = story.newcomer
    signed = actions.admit_member(
        story.world.attestor, story.plan, member.address, member.id_number, member.name,
        HEALTH_ANSWERS, now=story.now(), ttl=ADMISSION_TTL,
    )  # fmt: skip
    pool = story.plan.contract("pool")
    return Envelope("member-admission", story.plan.deployment.chain_id, str(pool.address),
                    signed.admission, signed.signature).to_dict()  # fmt: skip


def test_join_top_up_withdraw_exit__each_transaction_succeeds(
    client: TestClient, story: Story
) -> None:
    member = story.newcomer
    admission = newcomer_admission(story)
    account = member.account
    do(client, story, account, "approve", spender="pool", amount=2**256 - 1)
    do(client, story, account, "join", admission=admission, deposit=300 * TOKEN)
    assert actions.member_status(story.plan, member.address).status == "active"
    do(client, story, account, "top-up", amount=50 * TOKEN)
    assert actions.member_status(story.plan, member.address).balance == 350 * TOKEN
    do(client, story, account, "withdraw", amount=20 * TOKEN)
    assert actions.member_status(story.plan, member.address).balance == 330 * TOKEN
    before = int(story.plan.token.functions.balanceOf(member.address).call())
    receipt = do(client, story, account, "exit")
    pool = story.plan.contract("pool")
    exited = pool.events.MemberExited().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert exited["contribution"] + exited["refund"] == 330 * TOKEN  # claims under notice share
    after = int(story.plan.token.functions.balanceOf(member.address).call())
    assert after == before + exited["refund"]


def test_join__admission_for_another_account_is_422(client: TestClient, story: Story) -> None:
    admission = newcomer_admission(story)
    body = {"sender": story.supervisor.address, "admission": admission, "deposit": TOKEN}
    reply = client.post("/api/tx/join", json=body)
    assert reply.status_code == 422 and "names another account" in reply.json()["detail"]


def test_file_claim__transaction_files_the_claim(client: TestClient, story: Story) -> None:
    patient = story.world.members[4]
    diagnosis, signature = story.attest(patient, b"diagnosis", b"\x07" * 32)
    claims = story.plan.contract("claims")
    envelope = Envelope("diagnosis", story.plan.deployment.chain_id, str(claims.address),
                        diagnosis, signature).to_dict()  # type: ignore[arg-type]  # fmt: skip
    receipt = do(client, story, patient.account, "file-claim", diagnosis=envelope)
    claim_id, _ = actions.filed(claims, receipt)
    assert actions.claim_record(claims, claim_id).patient == patient.address


def test_witness_report__drawn_witness_reports(client: TestClient, story: Story) -> None:
    filed = story.claims[4]
    witness = story.witness(filed.witnesses[0])
    report_hash = "0x" + keccak(b"visit").hex()
    receipt = do(client, story, witness, "witness-report", claim_id=4, approve=True,
                 report_hash=report_hash)  # fmt: skip
    event = (
        story.plan.contract("claims")
        .events.WitnessReported()
        .process_receipt(receipt, errors=DISCARD)[0]
    )
    assert "0x" + bytes(event["args"]["report_hash"]).hex() == report_hash


def test_witness_report__not_a_witness_is_409_with_the_reason(
    client: TestClient, story: Story
) -> None:
    body = {"sender": story.supervisor.address, "claim_id": 4, "approve": True,
            "report_hash": "0x" + "00" * 32}  # fmt: skip
    reply = client.post("/api/tx/witness-report", json=body)
    assert reply.status_code == 409
    assert reply.json()["detail"] == (
        "Witness report would fail (claims: caller is not a witness of this claim): fix that"
        " before signing."
    )


def test_object__supervisor_objects_during_the_notice(client: TestClient, story: Story) -> None:
    evidence = "0x" + keccak(b"objection").hex()
    do(client, story, story.supervisor, "object", claim_id=3, evidence_hash=evidence)
    record = actions.claim_record(story.plan.contract("claims"), 3)
    assert record.status == actions.ClaimStatus.DISPUTED


def test_report_fraud__supervisor_reports_a_queued_claim(client: TestClient, story: Story) -> None:
    evidence = "0x" + keccak(b"fraud").hex()
    receipt = do(
        client, story, story.supervisor, "report-fraud", claim_id=1, evidence_hash=evidence
    )
    events = (
        story.plan.contract("disputes")
        .events.FraudReported()
        .process_receipt(receipt, errors=DISCARD)
    )
    assert events[0]["args"]["claim_id"] == 1


def test_report_fraud__claim_not_queued_is_409(client: TestClient, story: Story) -> None:
    body = {"sender": story.supervisor.address, "claim_id": 4, "evidence_hash": "0x" + "01" * 32}
    reply = client.post("/api/tx/report-fraud", json=body)
    assert reply.status_code == 409 and "claim is not queued or paid" in reply.json()["detail"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"sender": "0x1234", "amount": 1}, "field 'sender' is not 0x followed by 40 hex digits"),
        ({"sender": "0x" + "11" * 20, "amount": 0}, "field 'amount' is below 1: give 1 or more"),
        ({"sender": "0x" + "11" * 20}, "field 'amount' is missing"),
        ({"sender": "0x" + "11" * 20, "amount": 1, "extra": 1}, "field 'extra' is not a field"),
    ],
)
def test_top_up__bad_input_is_422_in_one_sentence(
    client: TestClient, body: dict[str, Any], words: str
) -> None:
    reply = client.post("/api/tx/top-up", json=body)
    assert reply.status_code == 422
    detail = reply.json()["detail"]
    assert words in detail.lower() and detail.endswith(".") and detail.count(". ") == 0


@pytest.mark.parametrize(
    ("where", "value", "detail"),
    [
        ("tier", 300, "Field 'admission.message.tier' is above 255: give at most 255."),
        ("region", 2**32, "Field 'admission.message.region' is above 4294967295: give at most"
         " 4294967295."),
        ("validUntil", -1, "Field 'admission.message.validUntil' is below 0: give 0 or more."),
        ("commitment", "0x12", "Field 'admission.message.commitment' is not 0x followed by 64 hex"
         " digits: correct it."),
    ],
)  # fmt: skip
def test_join__out_of_range_admission_field_is_422_naming_it(
    client: TestClient, story: Story, where: str, value: Any, detail: str
) -> None:
    member = story.newcomer
    admission = newcomer_admission(story)
    admission["message"][where] = value
    body = {"sender": member.address, "admission": admission, "deposit": TOKEN}
    reply = client.post("/api/tx/join", json=body)
    assert reply.status_code == 422 and reply.json()["detail"] == detail


def diagnosis_file(story: Story) -> dict[str, Any]:
    """A notary's diagnosis for members[4], as the file the API takes."""
    patient = story.world.members[4]
    diagnosis, signature = story.attest(patient, b"diagnosis", b"\x07" * 32)
    claims = story.plan.contract("claims")
    return Envelope("diagnosis", story.plan.deployment.chain_id, str(claims.address),
                    diagnosis, signature).to_dict()  # type: ignore[arg-type]  # fmt: skip


@pytest.mark.parametrize(
    ("where", "value", "detail"),
    [
        ("conditionClass", 300, "Field 'diagnosis.message.conditionClass' is above 255: give at"
         " most 255."),
        ("deadline", 2**300, "Field 'diagnosis.message.deadline' is above 2**256 - 1: give at most"
         " 2**256 - 1."),
        ("firstConsultation", 2**64, "Field 'diagnosis.message.firstConsultation' is above"
         " 2**64 - 1: give at most 2**64 - 1."),
        ("document", "0x12", "Field 'diagnosis.message.document' is not 0x followed by 64 hex"
         " digits: correct it."),
        ("document", "0x" + "zz" * 32, "Field 'diagnosis.message.document' is not 0x followed by"
         " 64 hex digits: correct it."),
        ("signature", "0x12", "Field 'diagnosis.signature' is not 0x followed by 130 hex digits:"
         " ask for a new diagnosis."),
    ],
)  # fmt: skip
def test_file_claim__out_of_range_diagnosis_field_is_422_naming_it(
    client: TestClient, story: Story, where: str, value: Any, detail: str
) -> None:
    envelope = diagnosis_file(story)
    (envelope if where == "signature" else envelope["message"])[where] = value
    body = {"sender": story.world.members[4].address, "diagnosis": envelope}
    reply = client.post("/api/tx/file-claim", json=body)
    assert reply.status_code == 422 and reply.json()["detail"] == detail
    assert client.post("/api/tx/file-claim", json={**body, "diagnosis": diagnosis_file(story)}
                       ).status_code == 200  # fmt: skip


@pytest.mark.parametrize("where", ["chain_id", "tier", "deadline"])
def test_join__admission_with_true_for_a_number_is_422(
    client: TestClient, story: Story, where: str
) -> None:
    member = story.newcomer
    admission = newcomer_admission(story)
    fields = admission if where == "chain_id" else admission["message"]
    assert isinstance(fields[where], int) and fields[where] is not True
    fields[where] = True
    body = {"sender": member.address, "admission": admission, "deposit": TOKEN}
    reply = client.post("/api/tx/join", json=body)
    assert reply.status_code == 422, reply.text
    assert f"({where} is not a whole number)" in reply.json()["detail"]


def test_body_guard__deeply_nested_json_is_refused(client: TestClient) -> None:
    json_type = {"content-type": "application/json"}
    reply = client.post("/api/tx/top-up", content=b"[" * 100_000 + b"]" * 100_000,
                        headers=json_type)  # fmt: skip
    assert reply.status_code == 422 and "nests deeper" in reply.json()["detail"]
    reply = client.post("/api/tx/top-up", content=b'"' + b"x" * 300_000 + b'"', headers=json_type)
    assert reply.status_code == 413 and "over 256 KB" in reply.json()["detail"]
    nested = b'{"a":' * 40 + b"1" + b"}" * 40
    reply = client.post("/api/tx/top-up", content=nested,
                        headers={"content-type": "application/json"})  # fmt: skip
    assert reply.status_code == 422 and "nests deeper than 32 levels" in reply.json()["detail"]
    assert client.get("/api/health").status_code == 200


def test_body_guard__a_brace_inside_a_string_is_not_nesting() -> None:
    from lashou.api.json_shape import json_depth

    assert json_depth(b'{"a": "[[[[{{{{\\"]]"}') == 1
    assert json_depth(b"[[1], [[2]]]") == 3


def test_pull_payout__patient_pulls_its_funded_benefit(client: TestClient, story: Story) -> None:
    story.settle(until_funded=1)
    patient = story.claims[1].patient
    before = int(story.plan.token.functions.balanceOf(patient.address).call())
    receipt = do(client, story, patient.account, "pull-payout", claim_id=1)
    pool = story.plan.contract("pool")
    pulled = pool.events.PayoutPulled().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (pulled["claim_id"], pulled["patient"]) == (1, patient.address)
    after = int(story.plan.token.functions.balanceOf(patient.address).call())
    assert after == before + pulled["amount"] + pulled["refund"]
    assert pool.functions.payout_state(1).call()[0]  # pulled


def test_pull_payout__before_the_settlement_funds_it_is_409(
    client: TestClient, story: Story
) -> None:
    body = {"sender": story.claims[1].patient.address, "claim_id": 1}
    assert refused(client, "pull-payout", body) == (
        "Pull payout would fail (pool: payout not funded yet: wait for a settlement): fix that"
        " before signing."
    )


def test_pull_payout__another_account_is_409(client: TestClient, story: Story) -> None:
    story.settle(until_funded=1)
    body = {"sender": story.supervisor.address, "claim_id": 1}
    assert "caller is not the claim's patient" in refused(client, "pull-payout", body)
