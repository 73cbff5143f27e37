"""Readers for the config tests: events with an indexed string (logged as its hash)."""

from __future__ import annotations

from typing import Any

from eth_abi import decode
from eth_utils import keccak

from tests.utils.deployers import DEFAULT_PARAMS

NOT_OWNER = "ownable: caller is not the owner"
TWO_ROLES = "config: one key may not hold two roles"
PARAMS = tuple(DEFAULT_PARAMS)


def string_events(contract: Any, signature: str, data_types: list[str]) -> list[tuple[Any, ...]]:
    """The last call's `signature` events whose first field is an indexed string, as
    (keccak of the string, *decoded data); titanoboa cannot decode these by itself."""
    selector = int.from_bytes(keccak(text=signature), "big")
    emitter = bytes.fromhex(str(contract.address)[2:])
    found = []
    for log in contract.get_logs(strict=False):
        topics = getattr(log, "topics", None)
        if topics and topics[0] == selector and log.address == emitter:
            found.append((topics[1].to_bytes(32, "big"), *decode(data_types, log.data)))
    return found


def parameter_changes(config: Any) -> list[tuple[Any, ...]]:
    """(keccak of the name, previous, current) of each ParameterChanged."""
    return string_events(config, "ParameterChanged(string,uint256,uint256)", ["uint256"] * 2)


def role_changes(config: Any) -> list[tuple[Any, ...]]:
    """(keccak of the role, previous, current) of each RoleChanged."""
    return string_events(config, "RoleChanged(string,address,address)", ["address"] * 2)


def name_hash(name: str) -> bytes:
    return keccak(text=name)
