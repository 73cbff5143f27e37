"""What a user's wallet does with an /api/tx answer: add nonce and fees, sign, send, wait."""

from __future__ import annotations

from typing import Any

from eth_account.signers.local import LocalAccount
from fastapi.testclient import TestClient
from web3 import Web3

from tests.api.story import Story

TX_FIELDS = {"from", "to", "data", "value", "chainId", "gas"}


def unsigned(client: TestClient, action: str, body: dict[str, Any]) -> dict[str, Any]:
    """The unsigned transaction /api/tx/`action` answers for `body` (which must succeed)."""
    reply = client.post(f"/api/tx/{action}", json=body)
    assert reply.status_code == 200, reply.text
    tx = dict(reply.json())
    assert set(tx) == TX_FIELDS
    return tx


def send(w3: Web3, account: LocalAccount, tx: dict[str, Any]) -> Any:
    """Sign `tx` with the user's key as a wallet would and wait for its successful receipt."""
    assert tx["from"] == account.address
    fee = w3.eth.get_block("latest")["baseFeePerGas"] * 2 + 10**9
    signed = account.sign_transaction({
        "to": tx["to"], "data": tx["data"], "value": tx["value"], "chainId": tx["chainId"],
        "gas": tx["gas"], "nonce": w3.eth.get_transaction_count(account.address),
        "maxFeePerGas": fee, "maxPriorityFeePerGas": 10**9,
    })  # fmt: skip
    receipt = w3.eth.wait_for_transaction_receipt(
        w3.eth.send_raw_transaction(signed.raw_transaction)
    )
    assert receipt["status"] == 1
    return receipt


def do(client: TestClient, story: Story, account: LocalAccount, action: str, **body: Any) -> Any:
    """Ask the API for `action` from `account`, sign it, send it; returns the receipt."""
    tx = unsigned(client, action, {"sender": account.address, **body})
    receipt = send(story.w3, account, tx)
    story.world.sender.reset(account.address)  # the story's own sender must ask for the nonce
    return receipt


def refused(client: TestClient, action: str, body: dict[str, Any], status: int = 409) -> str:
    """The one-sentence refusal /api/tx/`action` answers for `body`."""
    reply = client.post(f"/api/tx/{action}", json=body)
    assert reply.status_code == status, reply.text
    detail = str(reply.json()["detail"])
    assert detail.endswith(".")
    return detail
