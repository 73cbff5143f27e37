"""What the document tests share: uploads through the API, and what the parties do on chain."""

from __future__ import annotations

from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from fastapi.testclient import TestClient

from tests.api.conftest import sign_in
from tests.api.story import Filed, Story

EVIDENCE = b"evidence against claim 2"  # the story's supervisor objected to claim 2 with it
NOT_READABLE = (
    "No document you may read is stored under this hash: check the hash and the account signed"
    " in, or wait until the document's owner has uploaded it."
)


def hash_of(content: bytes) -> str:
    return "0x" + keccak(content).hex()


def post(
    client: TestClient,
    headers: dict[str, str],
    *,
    kind: str,
    claim_id: int,
    content: bytes,
    salt: bytes | None = None,
) -> tuple[int, dict[str, object]]:
    """The status and body /api/documents answers for one upload."""
    data: dict[str, str] = {"kind": kind, "claim_id": str(claim_id)}
    if salt is not None:
        data["salt"] = "0x" + salt.hex()
    reply = client.post(
        "/api/documents", headers=headers, data=data, files={"file": ("doc.bin", content)}
    )
    return reply.status_code, dict(reply.json())


def upload(
    client: TestClient,
    headers: dict[str, str],
    *,
    kind: str,
    claim_id: int,
    content: bytes,
    salt: bytes | None = None,
) -> dict[str, object]:
    """The stored copy's description; the upload must succeed."""
    status, body = post(client, headers, kind=kind, claim_id=claim_id, content=content, salt=salt)
    assert status == 201, body
    return body


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


def read(client: TestClient, account: LocalAccount, address: object) -> tuple[int, bytes]:
    """What `account` gets reading the document at `address`: status and content."""
    reply = client.get(f"/api/documents/{address}", headers=sign_in(client, account))
    return reply.status_code, reply.content


def report_on_chain(story: Story, claim_id: int, slot: int, content: bytes) -> None:
    """The witness of `slot` approves the claim with `content`'s hash as its report hash."""
    witness = story.witness(story.claims[claim_id].witnesses[slot])
    call = story.plan.contract("claims").functions.report(claim_id, True, keccak(content))
    story.world.transact(call, witness)


def object_on_chain(story: Story, account: LocalAccount, claim_id: int, evidence: bytes) -> None:
    """`account` objects to the claim, staking with `evidence`'s hash (funded and approved)."""
    disputes = story.plan.contract("disputes")
    story.world.transact(disputes.functions.object(claim_id, keccak(evidence)), account)
