"""The sender: pipelined transactions with local nonces, clear errors, dev-node helpers."""

from __future__ import annotations

import pytest
from eth_account import Account
from web3 import Web3

from lashou.chain.deploy import Roles, dev_account
from lashou.chain.plan import Plan
from lashou.chain.tx import (
    Sender,
    TransactionFailed,
    increase_time,
    mine,
    revert,
    set_balance,
    snapshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("isolated")]

TRANSFER_GAS = 80_000


def test_send__pipelines_200_transfers_in_nonce_order(
    w3: Web3, plan: Plan, roles: Roles, sender: Sender
) -> None:
    payer = dev_account(8)
    sender.transact(plan.token.functions.mint(payer.address, 10**12), roles.deployer)
    recipients = [Account.create().address for _ in range(20)]
    first_nonce = w3.eth.get_transaction_count(payer.address)
    hashes = [
        sender.send(
            plan.token.functions.transfer(recipients[i % 20], i + 1), payer, gas=TRANSFER_GAS
        )
        for i in range(200)
    ]
    receipts = sender.wait(hashes)
    assert [r["transactionHash"] for r in receipts] == hashes
    assert all(r["status"] == 1 for r in receipts)
    nonces = [w3.eth.get_transaction(h)["nonce"] for h in hashes]
    assert nonces == list(range(first_nonce, first_nonce + 200))
    blocks = [r["blockNumber"] for r in receipts]
    assert blocks == sorted(blocks)
    for j, recipient in enumerate(recipients):
        expected = sum(i + 1 for i in range(j, 200, 20))
        assert plan.token.functions.balanceOf(recipient).call() == expected
    assert plan.token.functions.balanceOf(payer.address).call() == 10**12 - sum(range(1, 201))
    logs = plan.logs("token", "Transfer", filters={"sender": payer.address})
    assert len(logs) == 200


def test_send__estimates_gas_when_none_is_given(plan: Plan, roles: Roles, sender: Sender) -> None:
    receipt = sender.transact(plan.token.functions.mint(roles.keeper.address, 5), roles.deployer)
    assert receipt["status"] == 1
    assert plan.token.functions.balanceOf(roles.keeper.address).call() == 5


def test_transact__revert_reason_before_sending(
    w3: Web3, plan: Plan, roles: Roles, sender: Sender
) -> None:
    nonce = w3.eth.get_transaction_count(roles.keeper.address)
    call = plan.config.functions.set_parameter("cap", 20 * 10**6)
    with pytest.raises(TransactionFailed) as failed:
        sender.transact(call, roles.keeper)
    assert str(failed.value) == "Config.set_parameter failed: ownable: caller is not the owner."
    assert failed.value.reason == "ownable: caller is not the owner"
    assert w3.eth.get_transaction_count(roles.keeper.address) == nonce  # nothing was sent


def test_wait__mined_revert_names_function_reason_and_hash(
    w3: Web3, plan: Plan, roles: Roles, sender: Sender
) -> None:
    bad = sender.send(plan.config.functions.set_parameter("cap", 1), roles.keeper, gas=100_000)
    with pytest.raises(TransactionFailed) as failed:
        sender.wait([bad])
    assert failed.value.label == "Config.set_parameter"
    assert failed.value.reason == "ownable: caller is not the owner"
    assert failed.value.tx_hash == bad
    assert bad.to_0x_hex() in str(failed.value)
    # The nonce was used: the next transaction from the same key goes through.
    ok = sender.send(
        plan.token.functions.approve(roles.operator.address, 1), roles.keeper, gas=TRANSFER_GAS
    )
    assert sender.wait([ok])[0]["status"] == 1
    assert w3.eth.get_transaction(ok)["nonce"] == w3.eth.get_transaction(bad)["nonce"] + 1


def test_wait__counts_every_failure_in_a_batch(plan: Plan, roles: Roles, sender: Sender) -> None:
    token = plan.token.functions
    hashes = [
        sender.send(token.transfer(roles.operator.address, 10**9), roles.keeper, gas=TRANSFER_GAS)
        for _ in range(3)
    ]
    hashes.insert(
        1, sender.send(token.approve(roles.operator.address, 1), roles.keeper, gas=TRANSFER_GAS)
    )
    with pytest.raises(TransactionFailed, match="2 more of these 4 also failed") as failed:
        sender.wait(hashes)
    assert failed.value.label.endswith(".transfer")
    assert failed.value.reason == "erc20: transfer amount exceeds balance"
    assert failed.value.failed == 3


def test_send__refused_by_node_does_not_burn_a_nonce(
    w3: Web3, plan: Plan, roles: Roles, sender: Sender
) -> None:
    poor = Account.create()
    with pytest.raises(TransactionFailed, match="the node refused it"):
        sender.send(plan.token.functions.approve(roles.operator.address, 1), poor, gas=60_000)
    set_balance(w3, poor.address, 10**18)
    receipt = sender.transact(plan.token.functions.approve(roles.operator.address, 1), poor)
    assert w3.eth.get_transaction(receipt["transactionHash"])["nonce"] == 0


def test_reset__after_sending_elsewhere(w3: Web3, plan: Plan, roles: Roles) -> None:
    one, other = Sender(w3), Sender(w3)
    call = plan.token.functions.approve(roles.operator.address, 1)
    one.transact(call, roles.keeper, gas=TRANSFER_GAS)
    other.transact(call, roles.keeper, gas=TRANSFER_GAS)
    with pytest.raises(TransactionFailed, match="nonce too low"):
        one.send(call, roles.keeper, gas=TRANSFER_GAS)
    one.transact(call, roles.keeper, gas=TRANSFER_GAS)  # the failure re-read the nonce
    other.reset(roles.keeper.address)
    other.transact(call, roles.keeper, gas=TRANSFER_GAS)


def test_increase_time__moves_block_time(w3: Web3) -> None:
    before = w3.eth.get_block("latest")
    increase_time(w3, 3_600)
    after = w3.eth.get_block("latest")
    assert after["number"] == before["number"] + 1
    assert after["timestamp"] >= before["timestamp"] + 3_600


def test_mine__adds_blocks(w3: Web3) -> None:
    start = w3.eth.block_number
    mine(w3, 5)
    assert w3.eth.block_number == start + 5


def test_snapshot__revert_restores_state(w3: Web3, sender: Sender) -> None:
    address = Account.create().address
    snap = snapshot(w3)
    set_balance(w3, address, 7)
    assert w3.eth.get_balance(address) == 7
    revert(w3, snap)
    assert w3.eth.get_balance(address) == 0


def test_revert__unknown_snapshot_is_a_clear_error(w3: Web3) -> None:
    with pytest.raises(RuntimeError, match="no snapshot"):
        revert(w3, "0x999")
