"""Rule changes waiting in the plan's timelock, read from the chain for the rules page.

The index does not follow the timelock, so the page asks the chain: every CallScheduled event,
kept while `is_operation_pending` still holds, each call decoded against the plan's contracts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from web3.exceptions import Web3Exception

from lashou.chain.plan import Plan


@dataclass(frozen=True)
class PendingChange:
    operation: str  # the timelock's operation id, 0x…
    ready_at: int  # earliest block time at which it may run
    calls: tuple[str, ...]  # "Config.set_parameter(name='cap', new_value=12000000)"
    tx_hash: str


def _describe(plan: Plan, target: str, payload: bytes) -> str:
    names = plan.names()
    for name in plan:
        contract = plan.contract(name)
        if str(contract.address).lower() != target.lower():
            continue
        try:
            fn, args = contract.decode_function_input(payload)
        except ValueError:
            break
        shown = ", ".join(f"{k}={v!r}" for k, v in args.items())
        return f"{names[str(contract.address)]}.{fn.fn_name}({shown})"
    return f"{target} 0x{payload.hex()[:16]}…"


def pending_changes(plan: Plan) -> list[PendingChange]:
    """Operations scheduled and neither run nor cancelled, soonest first.

    Raises `ConnectionError` when the chain cannot be read."""
    try:
        logs = plan.logs("timelock", "CallScheduled")
        grouped: dict[bytes, list[Any]] = {}
        for log in logs:
            grouped.setdefault(bytes(log["args"]["id"]), []).append(log)
        timelock = plan.timelock.functions
        found = []
        for op_id, calls in grouped.items():
            if not timelock.is_operation_pending(op_id).call():
                continue
            calls.sort(key=lambda e: int(e["args"]["index"]))
            described = tuple(
                _describe(plan, str(c["args"]["target"]), bytes(c["args"]["payload"]))
                for c in calls
            )
            found.append(PendingChange(
                operation="0x" + op_id.hex(), ready_at=int(timelock.get_timestamp(op_id).call()),
                calls=described, tx_hash="0x" + bytes(calls[0]["transactionHash"]).hex(),
            ))  # fmt: skip
    except (Web3Exception, OSError) as exc:
        raise ConnectionError(str(exc)) from None
    return sorted(found, key=lambda change: change.ready_at)
