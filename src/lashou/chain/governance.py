"""Change a plan's rules through its timelock: schedule in public, execute after the delay.

    op = schedule(plan, sender, governance, plan.config.functions.set_parameter("cap", x))
    ...                                    # members see CallScheduled and may leave
    execute(plan, sender, governance, op)  # once op.ready_at has passed

On a development node `enact` does both, advancing the clock over the delay in between.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eth_account.signers.local import LocalAccount
from hexbytes import HexBytes
from web3.contract.contract import ContractFunction
from web3.types import TxReceipt

from lashou.chain.plan import Plan
from lashou.chain.tx import Sender, increase_time

NO_PREDECESSOR = b"\x00" * 32


@dataclass(frozen=True)
class Operation:
    """One scheduled timelock operation: a single call or a batch of calls."""

    targets: tuple[str, ...]
    payloads: tuple[bytes, ...]
    salt: bytes
    id: bytes
    ready_at: int  # the earliest block timestamp at which it may run
    label: str
    predecessor: bytes = NO_PREDECESSOR

    @property
    def batch(self) -> bool:
        return len(self.targets) > 1


def encode(call: ContractFunction) -> tuple[str, bytes]:
    """(target address, calldata) of a contract call."""
    abi = call.w3.eth.contract(abi=call.contract_abi)
    data = abi.encode_abi(call.abi_element_identifier, args=call.args, kwargs=call.kwargs)
    return str(call.address), bytes(HexBytes(data))


def schedule(
    plan: Plan,
    sender: Sender,
    proposer: LocalAccount,
    calls: ContractFunction | Sequence[ContractFunction],
    *,
    delay: int | None = None,
    salt: bytes | None = None,
) -> Operation:
    """Schedule `calls` (one, or a batch run in order) to run through the plan's timelock."""
    batch = list(calls) if isinstance(calls, Sequence) else [calls]
    if not batch:
        raise ValueError("Nothing to schedule: give at least one call.")
    encoded = [encode(call) for call in batch]
    targets = tuple(target for target, _ in encoded)
    payloads = tuple(payload for _, payload in encoded)
    salt = salt if salt is not None else os.urandom(32)
    delay = delay if delay is not None else int(plan.timelock.functions.get_minimum_delay().call())
    names = plan.names()
    label = " + ".join(
        f"{names.get(t, t)}.{c.fn_name}" for t, c in zip(targets, batch, strict=True)
    )
    timelock = plan.timelock.functions
    if len(batch) == 1:
        op_id = timelock.hash_operation(targets[0], 0, payloads[0], NO_PREDECESSOR, salt).call()
        fn = timelock.schedule(targets[0], 0, payloads[0], NO_PREDECESSOR, salt, delay)
    else:
        amounts = [0] * len(batch)
        op_id = timelock.hash_operation_batch(
            list(targets), amounts, list(payloads), NO_PREDECESSOR, salt
        ).call()
        fn = timelock.schedule_batch(
            list(targets), amounts, list(payloads), NO_PREDECESSOR, salt, delay
        )
    sender.transact(fn, proposer, label=f"Timelock.schedule({label})")
    ready_at = int(timelock.get_timestamp(op_id).call())
    return Operation(targets, payloads, salt, bytes(op_id), ready_at, label)


def find(plan: Plan, op_id: bytes) -> Operation:
    """A scheduled operation rebuilt from its public CallScheduled (and CallSalt) events, so
    anyone can execute it knowing only its id."""
    calls = sorted(
        plan.logs("timelock", "CallScheduled", filters={"id": op_id}),
        key=lambda e: int(e["args"]["index"]),
    )
    if not calls:
        raise LookupError(
            f"no operation 0x{op_id.hex()} was scheduled on this plan's timelock: check the id"
        )
    salts = plan.logs("timelock", "CallSalt", filters={"id": op_id})
    names = plan.names()
    args = [e["args"] for e in calls]
    label = " + ".join(
        f"{names.get(str(a['target']), str(a['target']))}.{_selector_name(plan, a)}" for a in args
    )
    return Operation(
        targets=tuple(str(a["target"]) for a in args),
        payloads=tuple(bytes(a["payload"]) for a in args),
        salt=bytes(salts[0]["args"]["salt"]) if salts else NO_PREDECESSOR,
        id=op_id,
        ready_at=int(plan.timelock.functions.get_timestamp(op_id).call()),
        label=label,
        predecessor=bytes(args[0]["predecessor"]),
    )


def _selector_name(plan: Plan, args: Any) -> str:
    """The function a scheduled payload calls, when the target is one of the plan's contracts."""
    for name in plan:
        contract = plan.contract(name)
        if str(contract.address) == str(args["target"]):
            try:
                fn, _ = contract.decode_function_input(bytes(args["payload"]))
            except ValueError:
                break
            return str(fn.fn_name)
    return "0x" + bytes(args["payload"])[:4].hex()


def execute(plan: Plan, sender: Sender, executor: LocalAccount, op: Operation) -> TxReceipt:
    """Run a scheduled operation whose delay has passed; `TransactionFailed` says why not."""
    timelock = plan.timelock.functions
    if op.batch:
        amounts = [0] * len(op.targets)
        fn = timelock.execute_batch(
            list(op.targets), amounts, list(op.payloads), op.predecessor, op.salt
        )
    else:
        fn = timelock.execute(op.targets[0], 0, op.payloads[0], op.predecessor, op.salt)
    return sender.transact(fn, executor, label=f"Timelock.execute({op.label})")


def enact(
    plan: Plan,
    sender: Sender,
    governance: LocalAccount,
    calls: ContractFunction | Sequence[ContractFunction],
) -> TxReceipt:
    """Development nodes only: schedule `calls`, advance the clock past the delay, execute."""
    op = schedule(plan, sender, governance, calls)
    now = int(plan.w3.eth.get_block("latest")["timestamp"])
    if op.ready_at > now:
        increase_time(plan.w3, op.ready_at - now)
    return execute(plan, sender, governance, op)
