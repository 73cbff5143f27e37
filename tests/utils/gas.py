"""The gas of a transaction as a chain would charge it, measured on titanoboa.

titanoboa runs every call as a bare message inside one endless transaction: its gas figures
(`contract._computation.get_gas_used()`, `boa.env.get_gas_used()`) are execution gas only,
without the 21,000 base cost or calldata; a slot or account touched by any earlier call stays
warm; and EIP-2200 takes a slot's "original" value from the last time the state was locked
(never, unless asked), so most writes are priced as rewrites of a dirty slot (100 gas).

`transact` puts a transaction boundary around one call instead: every account and slot starts
cold (except the sender and the called contract, as EIP-2929 has it), a slot's original value is
its value when the call starts, and the receipt's gas is computed as Prague charges it:

    gas = max(21,000 + 4 per calldata token + execution - refund,  21,000 + 10 per token)

with one token per zero byte and four per non-zero byte (EIP-2028, EIP-7623), and the refund
capped at a fifth of the gas used (EIP-3529). Both resets are journaled, so the call can run
under `boa.env.anchor()` and be rolled back with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boa

BASE_GAS = 21_000
TOKEN_GAS = 4  # EIP-2028: 4 gas per calldata token (a zero byte is 1 token, a non-zero byte 4)
FLOOR_TOKEN_GAS = 10  # EIP-7623: the least a transaction pays per calldata token
REFUND_QUOTIENT = 5  # EIP-3529: a refund is at most a fifth of the gas used


@dataclass(frozen=True)
class TxGas:
    """One transaction's gas: `total` is what its receipt would show."""

    execution: int
    intrinsic: int
    refund: int
    total: int


def calldata_tokens(calldata: bytes) -> int:
    return sum(4 if byte else 1 for byte in calldata)


def receipt_gas(calldata: bytes, execution: int, refund: int) -> TxGas:
    """The gas a Prague chain charges for a call with this calldata, execution and refund."""
    tokens = calldata_tokens(calldata)
    intrinsic = BASE_GAS + TOKEN_GAS * tokens
    used = intrinsic + execution
    refunded = min(refund, used // REFUND_QUOTIENT)
    total = max(used - refunded, BASE_GAS + FLOOR_TOKEN_GAS * tokens)
    return TxGas(execution, intrinsic, refunded, total)


@contextmanager
def transaction_boundary(sender: str, to: str) -> Iterator[None]:
    """Make the calls inside look like the start of a new transaction from `sender` to `to`."""
    state = boa.env.evm.vm.state
    accounts = state._account_db
    accounts._journal_accessed_state.clear()  # everything cold again (journaled, so anchor-safe)
    for address in (sender, to):
        state.mark_address_warm(_canonical(address))

    originals: dict[tuple[bytes, int], int] = {}
    real_get_storage = state.get_storage

    def get_storage(address: bytes, slot: int, from_journal: bool = True) -> int:
        # py-evm asks for the original value (from_journal=False) only to price an SSTORE, and
        # before writing: the first time a slot is asked for, its current value is the one it
        # had when the transaction began.
        if from_journal:
            return int(real_get_storage(address, slot))
        key = (address, slot)
        if key not in originals:
            originals[key] = int(real_get_storage(address, slot))
        return originals[key]

    state.get_storage = get_storage
    try:
        yield
    finally:
        del state.get_storage


def transact(fn: Callable[..., Any], *args: Any, sender: str, **kwargs: Any) -> tuple[Any, TxGas]:
    """Call the contract function `fn` as its own transaction from `sender`: (result, gas)."""
    contract = fn.contract  # type: ignore[attr-defined]
    calldata = fn.prepare_calldata(*args, **kwargs)  # type: ignore[attr-defined]
    with transaction_boundary(sender, contract.address), boa.env.prank(sender):
        result = fn(*args, **kwargs)
    computation = contract._computation
    return result, receipt_gas(calldata, computation.get_gas_used(), computation.get_gas_refund())


def _canonical(address: Any) -> bytes:
    return bytes.fromhex(str(address)[2:])
