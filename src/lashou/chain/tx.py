"""Send transactions from locally held keys, many at a time, and check every one of them.

`Sender.send` signs and submits without waiting (explicit nonce tracked here, explicit gas,
EIP-1559 fees from the node), so thousands of transactions can be in flight; `Sender.wait`
collects the receipts and raises `TransactionFailed` naming the function and its revert reason
when any of them reverted. `Sender.transact` does both for one call.

The dev-node helpers at the end (`increase_time`, `mine`, `snapshot`, `revert`, `set_balance`)
use anvil's test methods and work on a development node only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any, cast

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_keys.datatypes import PrivateKey
from eth_typing import ChecksumAddress
from hexbytes import HexBytes
from web3 import Web3
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.exceptions import ContractLogicError, TimeExhausted, TransactionNotFound, Web3Exception
from web3.types import Nonce, TxParams, TxReceipt, Wei

Call = ContractFunction | ContractConstructor

_REVERTED = "execution reverted"
_RECEIPT_BATCH = 200


class TransactionFailed(RuntimeError):
    """A transaction was refused or reverted; `label` names the call, `reason` says why.

    When several of the transactions waited for failed, the error describes the first one and
    `failed` counts them all.
    """

    def __init__(
        self,
        label: str,
        reason: str,
        tx_hash: HexBytes | None = None,
        *,
        failed: int = 1,
        waited: int = 1,
    ) -> None:
        where = f" (transaction {tx_hash.to_0x_hex()})" if tx_hash is not None else ""
        more = f"; {failed - 1} more of these {waited} also failed" if failed > 1 else ""
        super().__init__(f"{label} failed: {reason}{where}{more}.")
        self.label = label
        self.reason = reason
        self.tx_hash = tx_hash
        self.failed = failed


def describe(call: Call, names: dict[str, str] | None = None) -> str:
    """A readable name for a call: `Config.set_parameter` (with `names` of the contract
    addresses), `0x5FbD….set_parameter` without, `contract deployment` for a constructor."""
    if isinstance(call, ContractFunction):
        contract = (names or {}).get(str(call.address), str(call.address))
        return f"{contract}.{call.fn_name}"
    return "contract deployment"


def revert_reason(exc: ContractLogicError) -> str:
    """The revert reason carried by a failed call, or a plain note that it gave none."""
    message = (exc.message or "").strip()
    if message.startswith(_REVERTED):
        message = message[len(_REVERTED) :].lstrip(": ").strip()
    return message or "reverted without a reason"


class Sender:
    """Signs and sends transactions for locally held keys; not shared across processes."""

    def __init__(
        self,
        w3: Web3,
        *,
        gas_margin: float = 1.2,
        fee_refresh: float = 5.0,
        receipt_timeout: float = 120.0,
    ) -> None:
        self.w3 = w3
        self.gas_margin = gas_margin
        self.fee_refresh = fee_refresh
        self.receipt_timeout = receipt_timeout
        self.chain_id = w3.eth.chain_id
        self._lock = threading.Lock()
        self._nonces: dict[str, int] = {}
        self._keys: dict[str, PrivateKey] = {}
        self._fees: tuple[float, int, int] = (0.0, 0, 0)
        self._labels: dict[HexBytes, str] = {}
        # Contract names by address, to name the function of a failed transaction.
        self.names: dict[str, str] = {}

    # -- sending -------------------------------------------------------------------------------

    def send(
        self,
        call: Call,
        account: LocalAccount,
        *,
        gas: int | None = None,
        value: int = 0,
        label: str | None = None,
    ) -> HexBytes:
        """Sign and submit `call` from `account` without waiting; returns the transaction hash.

        `gas` is the gas limit; without it the call is estimated once (which also reports a
        revert before anything is sent).
        """
        name = label or describe(call, self.names)
        if gas is None:
            gas = self._estimate(call, account.address, value, name)
        max_fee, tip = self._fee()
        with self._lock:
            nonce = self._next_nonce(account.address)
            params: TxParams = {
                "from": account.address,
                "nonce": Nonce(nonce),
                "gas": gas,
                "value": Wei(value),
                "chainId": self.chain_id,
                "maxFeePerGas": Wei(max_fee),
                "maxPriorityFeePerGas": Wei(tip),
                "type": 2,
            }
            tx = call.build_transaction(params)
            tx.pop("from", None)
            signed = Account.sign_transaction(tx, self._key(account))
            try:
                tx_hash = self.w3.eth.send_raw_transaction(signed.raw_transaction)
            except (Web3Exception, ValueError, OSError) as exc:
                self._nonces.pop(account.address, None)  # ask the node again next time
                raise TransactionFailed(name, f"the node refused it ({exc})") from exc
            self._nonces[account.address] = nonce + 1
            self._labels[HexBytes(tx_hash)] = name
        return HexBytes(tx_hash)

    def wait(self, hashes: Iterable[HexBytes]) -> list[TxReceipt]:
        """The receipts of `hashes`, in order; raises `TransactionFailed` if any reverted."""
        wanted = [HexBytes(h) for h in hashes]
        receipts: list[TxReceipt] = []
        for start in range(0, len(wanted), _RECEIPT_BATCH):
            receipts += self._receipts(wanted[start : start + _RECEIPT_BATCH])
        failed = [r for r in receipts if r["status"] != 1]
        labels = [self._labels.pop(HexBytes(r["transactionHash"]), "transaction") for r in failed]
        for receipt in receipts:
            self._labels.pop(HexBytes(receipt["transactionHash"]), None)
        if failed:
            raise TransactionFailed(
                labels[0],
                self._replay_reason(failed[0]),
                HexBytes(failed[0]["transactionHash"]),
                failed=len(failed),
                waited=len(receipts),
            )
        return receipts

    def transact(
        self,
        call: Call,
        account: LocalAccount,
        *,
        gas: int | None = None,
        value: int = 0,
        label: str | None = None,
    ) -> TxReceipt:
        """Send `call` and wait for its receipt; raises `TransactionFailed` if it reverted."""
        name = label or describe(call, self.names)
        return self.wait([self.send(call, account, gas=gas, value=value, label=name)])[0]

    def reset(self, address: str | None = None) -> None:
        """Forget the tracked nonce of `address` (of every account without one), so the next
        send asks the node: after the account sent from elsewhere, or a dev-node `revert`."""
        with self._lock:
            if address is None:
                self._nonces.clear()
            else:
                self._nonces.pop(address, None)

    # -- internals -----------------------------------------------------------------------------

    def _next_nonce(self, address: ChecksumAddress) -> int:
        if address not in self._nonces:
            self._nonces[address] = self.w3.eth.get_transaction_count(address, "pending")
        return self._nonces[address]

    def _key(self, account: LocalAccount) -> PrivateKey:
        # Deriving the public key is half the cost of signing, so keep the key object.
        if account.address not in self._keys:
            self._keys[account.address] = PrivateKey(bytes(account.key))
        return self._keys[account.address]

    def _fee(self) -> tuple[int, int]:
        """(max fee, tip) per gas: twice the base fee plus the node's tip, refreshed at times."""
        fetched_at, max_fee, tip = self._fees
        if time.monotonic() - fetched_at > self.fee_refresh:
            base = int(self.w3.eth.get_block("latest").get("baseFeePerGas", 0))
            tip = int(self.w3.eth.max_priority_fee)
            max_fee = 2 * base + tip
            self._fees = (time.monotonic(), max_fee, tip)
        return max_fee, tip

    def _estimate(self, call: Call, sender: ChecksumAddress, value: int, name: str) -> int:
        try:
            estimate = call.estimate_gas({"from": sender, "value": Wei(value)})
        except ContractLogicError as exc:
            raise TransactionFailed(name, revert_reason(exc)) from None
        return int(estimate * self.gas_margin)

    def _receipts(self, hashes: Sequence[HexBytes]) -> list[TxReceipt]:
        try:
            with self.w3.batch_requests() as batch:
                for tx_hash in hashes:
                    batch.add(self.w3.eth.get_transaction_receipt(tx_hash))
                found = batch.execute()
            return [cast(TxReceipt, receipt) for receipt in found]
        except TransactionNotFound:
            pass  # some are not mined yet: wait for each
        receipts = []
        for tx_hash in hashes:
            try:
                receipts.append(
                    self.w3.eth.wait_for_transaction_receipt(
                        tx_hash, timeout=self.receipt_timeout, poll_latency=0.05
                    )
                )
            except TimeExhausted:
                name = self._labels.get(tx_hash, "transaction")
                raise TransactionFailed(
                    name, f"not mined within {self.receipt_timeout:g} s", tx_hash
                ) from None
        return receipts

    def _replay_reason(self, receipt: TxReceipt) -> str:
        """Why a mined transaction reverted: replay it on the state just before its block."""
        tx = self.w3.eth.get_transaction(receipt["transactionHash"])
        replay: TxParams = {
            "from": tx["from"],
            "data": tx["input"],
            "value": tx["value"],
            "gas": tx["gas"],
        }
        if tx.get("to"):
            replay["to"] = tx["to"]
        try:
            self.w3.eth.call(replay, block_identifier=max(receipt["blockNumber"] - 1, 0))
        except ContractLogicError as exc:
            return revert_reason(exc)
        if receipt["gasUsed"] >= tx["gas"]:
            return f"ran out of gas (limit {tx['gas']})"
        return "reverted (the reason could not be recovered by replaying it)"


# -- development node (anvil) test methods ---------------------------------------------------


def _rpc(w3: Web3, method: str, params: list[Any]) -> Any:
    response = w3.provider.make_request(method, params)  # type: ignore[arg-type]
    if "error" in response:
        raise RuntimeError(f"The node refused {method}: {response['error']}; is it a dev node?")
    return response.get("result")


def increase_time(w3: Web3, seconds: int) -> None:
    """Move the dev node's clock forward and mine a block stamped with the new time."""
    _rpc(w3, "evm_increaseTime", [int(seconds)])
    mine(w3)


def mine(w3: Web3, blocks: int = 1) -> None:
    """Mine `blocks` empty blocks on the dev node."""
    _rpc(w3, "anvil_mine", [hex(blocks)])


def snapshot(w3: Web3) -> str:
    """Snapshot the dev node's state; `revert` returns to it (once)."""
    return str(_rpc(w3, "evm_snapshot", []))


def revert(w3: Web3, snapshot_id: str) -> None:
    """Return the dev node to a snapshot taken by `snapshot`; reset the senders' nonces."""
    if not _rpc(w3, "evm_revert", [snapshot_id]):
        raise RuntimeError(f"The dev node has no snapshot {snapshot_id}: take a new one.")


def set_balance(w3: Web3, address: str, wei: int) -> None:
    """Give `address` exactly `wei` of the native coin on the dev node."""
    _rpc(w3, "anvil_setBalance", [address, hex(wei)])
