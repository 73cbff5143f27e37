"""/api/tx for the operator and for a supervisor's withdrawal: review, arbitration, rulings,
recoveries and fees, signed by the operator's key; refused (409) from any other account."""

from __future__ import annotations

from typing import Any

import pytest
from eth_utils import keccak
from fastapi.testclient import TestClient
from web3.logs import DISCARD

from lashou import actions, cases
from tests.api.story import Story
from tests.api.wallet import do, refused

pytestmark = pytest.mark.usefixtures("isolated")
REASON = "0x" + keccak(text="the diagnosis predates the waiting period's end").hex()


def status(story: Story, claim_id: int) -> actions.ClaimStatus:
    return actions.claim_record(story.plan.contract("claims"), claim_id).status


def event(story: Story, contract: str, name: str, receipt: Any) -> dict[str, Any]:
    found = story.plan.contract(contract).events[name]().process_receipt(receipt, errors=DISCARD)
    return dict(found[0]["args"])


def to_arbitration(story: Story, claim_id: int) -> None:
    """A drawn witness rejects the claim: it goes to the operator's arbitration."""
    witness = story.witness(story.claims[claim_id].witnesses[0])
    call = story.plan.contract("claims").functions.report(claim_id, False, keccak(b"no"))
    story.world.transact(call, witness)


def test_accept__operator_accepts_a_claim_under_review(client: TestClient, story: Story) -> None:
    filed = story.file(story.world.members[4])
    receipt = do(client, story, story.roles.operator, "accept", claim_id=filed.claim_id)
    reviewed = event(story, "claims", "ClaimReviewed", receipt)
    assert (reviewed["accepted"], reviewed["by_operator"]) == (True, True)
    assert status(story, filed.claim_id) == actions.ClaimStatus.DRAWING


def test_accept__claim_not_under_review_is_409(client: TestClient, story: Story) -> None:
    body = {"sender": story.roles.operator.address, "claim_id": 3}
    assert refused(client, "accept", body) == (
        "Accept would fail (claims: claim is not under review): fix that before signing."
    )


def test_reject__operator_rejects_with_the_reason_hash(client: TestClient, story: Story) -> None:
    filed = story.file(story.world.members[4])
    receipt = do(client, story, story.roles.operator, "reject",
                 claim_id=filed.claim_id, reason_hash=REASON)  # fmt: skip
    rejected = event(story, "claims", "ClaimRejected", receipt)
    assert "0x" + bytes(rejected["reason_hash"]).hex() == REASON
    assert status(story, filed.claim_id) == actions.ClaimStatus.REJECTED


def test_reject__reason_hash_not_32_bytes_is_422(client: TestClient, story: Story) -> None:
    body = {"sender": story.roles.operator.address, "claim_id": 1, "reason_hash": "reason"}
    detail = refused(client, "reject", body, status=422)
    assert "reason_hash" in detail.lower() and "0x followed by 64 hex digits" in detail


@pytest.mark.parametrize(("approve", "after"), [(True, "NOTICE"), (False, "REJECTED")])
def test_arbitrate__operator_decides_the_claim(
    client: TestClient, story: Story, approve: bool, after: str
) -> None:
    to_arbitration(story, 4)
    receipt = do(client, story, story.roles.operator, "arbitrate",
                 claim_id=4, approve=approve, reason_hash=REASON)  # fmt: skip
    assert event(story, "claims", "ClaimArbitrated", receipt)["approved"] is approve
    assert status(story, 4) == actions.ClaimStatus[after]


def test_arbitrate__claim_not_in_arbitration_is_409(client: TestClient, story: Story) -> None:
    body = {"sender": story.roles.operator.address, "claim_id": 4, "approve": True,
            "reason_hash": REASON}  # fmt: skip
    assert "claims: claim is not in arbitration" in refused(client, "arbitrate", body)


def test_rule_fraud__supervisor_withdraws_stake_and_reward(
    client: TestClient, story: Story
) -> None:
    receipt = do(client, story, story.roles.operator, "rule",
                 claim_id=2, fraud=True, reason_hash=REASON)  # fmt: skip
    ruled = event(story, "disputes", "DisputeRuled", receipt)
    assert ruled["fraud"] and ruled["reward"] > 0
    assert status(story, 2) == actions.ClaimStatus.REJECTED
    owed = cases.supervision(story.plan.contract("disputes"), 2, story.supervisor.address)
    assert owed is not None
    receipt = do(client, story, story.supervisor, "supervisor-withdraw", claim_id=2)
    withdrawn = event(story, "disputes", "StakeWithdrawn", receipt)
    assert (withdrawn["stake"], withdrawn["reward"]) == (owed.stake_owed, owed.reward_owed)
    assert withdrawn["reward"] == ruled["reward"]  # the only supervisor of the case


def test_supervisor_withdraw__case_still_open_is_409(client: TestClient, story: Story) -> None:
    body = {"sender": story.supervisor.address, "claim_id": 2}
    assert "disputes: case not decided yet" in refused(client, "supervisor-withdraw", body)


def test_supervisor_withdraw__dismissed_case_is_409(client: TestClient, story: Story) -> None:
    do(client, story, story.roles.operator, "rule", claim_id=2, fraud=False, reason_hash=REASON)
    body = {"sender": story.supervisor.address, "claim_id": 2}
    assert "stake forfeited: the case was dismissed" in refused(client, "supervisor-withdraw", body)


def test_collect_fees__operator_collects_a_dismissed_case_stake(
    client: TestClient, story: Story
) -> None:
    operator = story.roles.operator
    do(client, story, operator, "rule", claim_id=2, fraud=False, reason_hash=REASON)
    receipt = do(client, story, operator, "collect-fees")
    stake = int(story.plan.config.functions.objection_stake().call())
    assert event(story, "disputes", "FeesCollected", receipt)["amount"] == stake


def test_collect_fees__nothing_owed_is_409(client: TestClient, story: Story) -> None:
    body = {"sender": story.roles.operator.address}
    assert "disputes: no fees owed" in refused(client, "collect-fees", body)


def test_record_recovery__recovered_money_completes_the_reward(
    client: TestClient, story: Story
) -> None:
    operator = story.roles.operator
    do(client, story, operator, "rule", claim_id=2, fraud=True, reason_hash=REASON)
    disputes = story.plan.contract("disputes")
    case = cases.case(disputes, 2)
    amount = case.target - case.reward + 5  # completes the reward, 5 units to the reserve
    minter = story.plan.token.functions.mint(operator.address, amount)
    story.world.transact(minter, story.roles.deployer)
    do(client, story, operator, "approve", spender="disputes", amount=amount)
    receipt = do(client, story, operator, "record-recovery", claim_id=2, amount=amount)
    recorded = event(story, "disputes", "RecoveryRecorded", receipt)
    assert (recorded["to_reward"], recorded["to_reserve"]) == (case.target - case.reward, 5)
    assert cases.case(disputes, 2).reward == case.target


def test_record_recovery__fraud_not_confirmed_is_409(client: TestClient, story: Story) -> None:
    body = {"sender": story.roles.operator.address, "claim_id": 2, "amount": 1}
    assert "fraud not confirmed on this claim" in refused(client, "record-recovery", body)


@pytest.mark.parametrize(
    ("action", "body", "contract"),
    [
        ("accept", {"claim_id": 3}, "claims"),
        ("reject", {"claim_id": 3, "reason_hash": REASON}, "claims"),
        ("arbitrate", {"claim_id": 4, "approve": True, "reason_hash": REASON}, "claims"),
        ("rule", {"claim_id": 2, "fraud": True, "reason_hash": REASON}, "disputes"),
        ("record-recovery", {"claim_id": 2, "amount": 1}, "disputes"),
        ("collect-fees", {}, "disputes"),
    ],
)
def test_operator_routes__another_sender_is_409_not_the_operator(
    client: TestClient, story: Story, action: str, body: dict[str, Any], contract: str
) -> None:
    detail = refused(client, action, {"sender": story.supervisor.address, **body})
    assert f"({contract}: caller is not the operator)" in detail
