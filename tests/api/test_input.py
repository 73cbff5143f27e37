"""What the API answers to input it cannot use: one sentence of its own, naming the field, saying
what is wrong and what to do — never a parser's text — and the same input done right is taken."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import sign_in
from tests.api.story import Story

JSON = {"content-type": "application/json"}
PARSER_WORDS = ("Input should", "JSON decode", "Too many fields", "unable to", "Value error")
SENDER = "0x" + "11" * 20
NUMBER = "send a JSON number without quotes or a fraction"


def one_sentence(detail: str) -> str:
    assert detail.endswith(".") and ". " not in detail and "\n" not in detail, detail
    assert not [w for w in PARSER_WORDS if w in detail], detail
    return detail


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"sender": ', "The request body is not valid JSON (it breaks at character 11): send a"
                        " JSON object as /docs shows."),
        (b"[1, 2]", "The request body is not a JSON object: send an object as /docs shows."),
        (b'{"sender": "%s", "amount": true}' % SENDER.encode(),
         f"Field 'amount' is not a whole number: {NUMBER}."),
        (b'{"sender": "%s", "amount": "5"}' % SENDER.encode(),
         f"Field 'amount' is not a whole number: {NUMBER}."),
        (b'{"sender": "%s", "amount": 5.0}' % SENDER.encode(),
         f"Field 'amount' is not a whole number: {NUMBER}."),
        (b'{"sender": "%s", "amount": %d}' % (SENDER.encode(), 2**256),
         "Field 'amount' is above 2**256 - 1: give at most 2**256 - 1."),
        (b'{"sender": 7, "amount": 5}', "Field 'sender' is not text: send it as a JSON string."),
        (b'{"sender": "%s", "amount": %s}' % (SENDER.encode(), b"9" * 5000),
         "Field 'amount' is a number of 5000 digits, too large for any field: give at most"
         " 2**256 - 1."),
        (b'{"sender": "%s", "amount": %s}' % (SENDER.encode(), b"9" * 4300),
         "Field 'amount' is above 2**256 - 1: give at most 2**256 - 1."),
        (b'{"sender": "%s", "amount": -%s}' % (SENDER.encode(), b"9" * 4301),
         "Field 'amount' is a number of 4301 digits, too large for any field: give at most"
         " 2**256 - 1."),
        (b'{"sender": "%s", "amount": [1, %s]}' % (SENDER.encode(), b"9" * 5000),
         "Field 'amount.1' is a number of 5000 digits, too large for any field: give at most"
         " 2**256 - 1."),
        (b"9" * 5000, "The request body is a number of 5000 digits, too large for any field: give"
         " at most 2**256 - 1."),
        (b'{"sender": "%s", "amount": 5}' % (b"9" * 5000),
         "Field 'sender' is not 0x followed by 40 hex digits: correct it."),
        (b'{"sender": "%s", "amount": %s' % (SENDER.encode(), b"9" * 5000),
         "The request body is not valid JSON (it breaks at character 5067): send a JSON object"
         " as /docs shows."),
    ],
)  # fmt: skip
def test_top_up__body_it_cannot_use_is_one_sentence_naming_the_field(
    client: TestClient, body: bytes, detail: str
) -> None:
    reply = client.post("/api/tx/top-up", content=body, headers=JSON)
    assert reply.status_code == 422 and one_sentence(reply.json()["detail"]) == detail


@pytest.mark.usefixtures("isolated")
def test_top_up__amount_as_a_json_integer_is_taken(client: TestClient, story: Story) -> None:
    member = story.world.members[4]
    reply = client.post("/api/tx/top-up", json={"sender": member.address, "amount": 5})
    assert reply.status_code == 200 and reply.json()["from"] == member.address


@pytest.mark.parametrize("approve", ["yes", "true", 1, None])
def test_witness_report__approve_not_a_json_boolean_is_refused(
    client: TestClient, story: Story, approve: Any
) -> None:
    body = {"sender": SENDER, "claim_id": 4, "approve": approve, "report_hash": "0x" + "ab" * 32}
    reply = client.post("/api/tx/witness-report", json=body)
    assert reply.status_code == 422
    assert one_sentence(reply.json()["detail"]) == (
        "Field 'approve' is not true or false: send true or false."
    )


@pytest.mark.parametrize("claim_id", [True, "4", 4.0])
def test_object__claim_id_not_a_json_integer_is_refused(client: TestClient, claim_id: Any) -> None:
    body = {"sender": SENDER, "claim_id": claim_id, "evidence_hash": "0x" + "ab" * 32}
    reply = client.post("/api/tx/object", json=body)
    assert reply.status_code == 422
    detail = one_sentence(reply.json()["detail"])
    assert detail == f"Field 'claim_id' is not a whole number: {NUMBER}."


def test_join__admission_field_of_5000_digits_is_refused_naming_it(client: TestClient) -> None:
    body = b'{"sender": "%s", "admission": {"message": {"tier": %s}}, "deposit": 1}' % (
        SENDER.encode(), b"1" * 5000)  # fmt: skip
    reply = client.post("/api/tx/join", content=body, headers=JSON)
    assert reply.status_code == 422 and one_sentence(reply.json()["detail"]) == (
        "Field 'admission.message.tier' is a number of 5000 digits, too large for any field: give"
        " at most 2**256 - 1."
    )


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"admission": [1], "deposit": 1},
         "Field 'admission' is not a JSON object: send an object as /docs shows."),
        ({"admission": {}, "deposit": False},
         f"Field 'deposit' is not a whole number: {NUMBER}."),
    ],
)  # fmt: skip
def test_join__body_it_cannot_use_is_one_sentence_naming_the_field(
    client: TestClient, body: dict[str, Any], detail: str
) -> None:
    reply = client.post("/api/tx/join", json={"sender": SENDER, **body})
    assert reply.status_code == 422 and one_sentence(reply.json()["detail"]) == detail


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"message": 5, "signature": "0x"},
         "Field 'message' is not text: send it as a JSON string."),
        ({"message": "x" * 4097, "signature": "0x"},
         "Field 'message' is longer than 4096 characters: shorten it."),
        ({"message": "x"}, "Field 'signature' is missing: add it as /docs shows."),
    ],
)  # fmt: skip
def test_sign_in__body_it_cannot_use_is_one_sentence_naming_the_field(
    client: TestClient, body: dict[str, Any], detail: str
) -> None:
    reply = client.post("/api/auth/signin", json=body)
    assert reply.status_code == 422 and one_sentence(reply.json()["detail"]) == detail


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/claims?limit=abc",
         "Query parameter 'limit' is not a whole number: give digits only."),
        ("/api/claims?limit=true",
         "Query parameter 'limit' is not a whole number: give digits only."),
        ("/api/claims?limit=501", "Query parameter 'limit' is above 500: give at most 500."),
        ("/api/claims/abc", "Path parameter 'claim_id' is not a whole number: give digits only."),
        ("/api/claims/0", "Path parameter 'claim_id' is below 1: give 1 or more."),
        ("/api/claims?colour=red",
         "Query parameter 'colour' is not one this route takes (it takes limit, offset, status):"
         " remove it or correct its name."),
        ("/api/stats?limit=5",
         "Query parameter 'limit' is not one this route takes (it takes none): remove it or"
         " correct its name."),
    ],
)  # fmt: skip
def test_public_read__parameter_it_cannot_use_is_one_sentence_naming_it(
    client: TestClient, path: str, detail: str
) -> None:
    reply = client.get(path)
    assert reply.status_code == 422 and one_sentence(reply.json()["detail"]) == detail


@pytest.mark.parametrize("path", ["/api/claims?status=paid&status=fraud",
                                  "/api/claims?limit=5&offset=0&limit=6"])  # fmt: skip
def test_public_read__parameter_given_twice_is_refused_naming_it(
    client: TestClient, path: str
) -> None:
    reply = client.get(path)
    name = "status" if "status" in path else "limit"
    assert reply.status_code == 422 and one_sentence(reply.json()["detail"]) == (
        f"Query parameter '{name}' is given 2 times: give it once."
    )
    assert client.get(path.rsplit("&", 1)[0]).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/claims/1_0", "/api/claims/%201", "/api/claims/+1", "/api/claims/1%20",
     "/api/claims/%D9%A1", "/api/claims?limit=1_0", "/api/claims?limit=%2B5",
     "/api/claims?limit=%205", "/api/claims?offset=0_0", "/api/preview/cover?tier=0&balance=1_000",
     "/api/claims?limit="],
)  # fmt: skip
def test_public_read__whole_number_not_in_plain_digits_is_refused(
    client: TestClient, path: str
) -> None:
    reply = client.get(path)
    assert reply.status_code == 422
    detail = one_sentence(reply.json()["detail"])
    assert detail.endswith("is not a whole number: give digits only."), detail


@pytest.mark.parametrize(
    "path",
    ["/api/claims/1", "/api/claims?limit=10&offset=0", "/api/preview/cover?tier=0&balance=1000"],
)
def test_public_read__whole_number_in_plain_digits_is_taken(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


PUBLIC_READS = [
    "/api/health", "/api/stats", "/api/periods?limit=5&offset=0",
    "/api/claims?status=disputed&limit=5&offset=0", "/api/claims/1", "/api/witnesses?status=active",
    "/api/fraud-cases?status=open", "/api/preview/cover?tier=0&balance=1",
    f"/api/auth/nonce?address={SENDER}", f"/api/accounts/{SENDER}",
    f"/api/supervisors/{SENDER}/cases", "/api/operator/queue",
]  # fmt: skip


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_public_read__with_the_parameters_it_takes_answers(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_public_read__with_a_parameter_it_does_not_take_is_refused(
    client: TestClient, path: str
) -> None:
    reply = client.get(path + ("&" if "?" in path else "?") + "sort=newest")
    assert reply.status_code == 422
    assert one_sentence(reply.json()["detail"]).startswith(
        "Query parameter 'sort' is not one this route takes"
    )


@pytest.mark.parametrize("route", ["members", "witnesses"])
def test_member_or_witness__with_a_parameter_it_does_not_take_is_refused(
    client: TestClient, story: Story, route: str
) -> None:
    person = story.world.members[4] if route == "members" else story.world.witnesses[0]
    path = f"/api/{route}/{person.address}"
    assert client.get(path).status_code == 200
    assert client.get(path + "?lang=en").status_code == 422


@pytest.mark.parametrize(
    ("form", "detail"),
    [
        ({f"f{i}": "x" for i in range(1001)},
         "The form has more than 1000 fields: send only the fields /docs lists."),
        ({"kind": "evidence", "claim_id": "two"},
         "Field 'claim_id' is not a whole number: give digits only."),
        ({"kind": "photo", "claim_id": "2"},
         "Field 'kind' is not one of 'diagnosis', 'report' or 'evidence': use one of them."),
        ({"kind": "evidence", "claim_id": "2", "salt": "0x12"},
         "Field 'salt' is not 0x followed by 64 hex digits: correct it."),
    ],
)  # fmt: skip
def test_upload__form_it_cannot_use_is_one_sentence_naming_the_field(
    client: TestClient, story: Story, form: dict[str, str], detail: str
) -> None:
    reply = client.post("/api/documents", headers=sign_in(client, story.supervisor), data=form,
                        files={"file": ("e", b"evidence")})  # fmt: skip
    assert reply.status_code == 422 and one_sentence(reply.json()["detail"]) == detail


def test_upload__form_it_can_use_is_taken(client: TestClient, story: Story) -> None:
    reply = client.post("/api/documents", headers=sign_in(client, story.supervisor),
                        data={"kind": "evidence", "claim_id": "3"},
                        files={"file": ("e", b"evidence")})  # fmt: skip
    assert reply.status_code == 201
