"""Decode the plan's raw logs with the compiled ABIs (never hand-copied event signatures).

`EventDecoder.for_plan(deployment)` knows every event of every plan contract; `decode` turns
one `eth_getLogs` entry into a `DecodedLog` with its arguments by name: addresses checksummed,
bytes as 0x-hex, integers as `int`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from eth_abi.abi import decode as abi_decode
from eth_typing import ABIEvent
from eth_utils.abi import event_abi_to_log_topic
from eth_utils.address import to_checksum_address
from hexbytes import HexBytes

from lashou.chain.artifacts import compile_contract
from lashou.chain.plan import ARTIFACTS, Deployment

JSON_SAFE = 2**53  # integers at or above this go into JSON as decimal strings


@dataclass(frozen=True)
class EventSpec:
    contract: str  # the plan's name for the contract: "pool", "claims", …
    name: str
    indexed: tuple[tuple[str, str], ...]  # (argument, type) in topic order
    data: tuple[tuple[str, str], ...]  # (argument, type) in data order

    @property
    def static(self) -> bool:
        """Whether every data argument is one 32-byte word (no strings or arrays)."""
        return all(_is_word(kind) for _, kind in self.data)


@dataclass(frozen=True)
class DecodedLog:
    block_number: int
    block_hash: str
    log_index: int
    tx_hash: str
    contract: str
    name: str
    args: dict[str, Any]
    block_time: int | None = None  # when the node gives it with the log (blockTimestamp)

    @property
    def claim_id(self) -> int | None:
        value = self.args.get("claim_id")
        return None if value is None else int(value)

    def args_json(self) -> str:
        return json.dumps(
            {
                k: str(v) if isinstance(v, int) and v >= JSON_SAFE else v
                for k, v in self.args.items()
            }
        )


def _hex(value: Any) -> str:
    if isinstance(value, str):
        return value.lower()
    return HexBytes(value).to_0x_hex()


def _int(value: Any) -> int:
    return int(value, 16) if isinstance(value, str) else int(value)


@lru_cache(maxsize=65_536)
def checksum(address: str) -> str:
    """The EIP-55 form of `address` (cached: the same few thousand addresses recur)."""
    return str(to_checksum_address(address))


def _is_word(kind: str) -> bool:
    return kind in ("address", "bool", "bytes32") or kind.startswith(("uint", "int"))


def _word(kind: str, word: bytes) -> Any:
    """One ABI word of a static type (an indexed topic or a static data slot)."""
    if kind == "address":
        return checksum("0x" + word[12:].hex())
    if kind == "bool":
        return word != bytes(32)
    if kind == "bytes32":
        return "0x" + word.hex()
    if kind.startswith("uint"):
        return int.from_bytes(word, "big")
    if kind.startswith("int"):
        return int.from_bytes(word, "big", signed=True)
    return "0x" + word.hex()  # an indexed string, bytes or array is logged as its hash


def _clean(kind: str, value: Any) -> Any:
    if kind == "address":
        return checksum(value)
    if kind.startswith("bytes"):
        return _hex(value)
    return value


def specs_of(contract: str, abi: Sequence[Mapping[str, Any]]) -> dict[str, EventSpec]:
    """topic0 (0x-hex) → the event it identifies, for every non-anonymous event of `abi`."""
    found: dict[str, EventSpec] = {}
    for entry in abi:
        if entry.get("type") != "event" or entry.get("anonymous"):
            continue
        inputs = entry["inputs"]
        spec = EventSpec(
            contract=contract,
            name=entry["name"],
            indexed=tuple((i["name"], i["type"]) for i in inputs if i["indexed"]),
            data=tuple((i["name"], i["type"]) for i in inputs if not i["indexed"]),
        )
        found[_hex(event_abi_to_log_topic(cast(ABIEvent, dict(entry))))] = spec
    return found


class EventDecoder:
    """Every event of a plan's contracts, by emitting address and topic."""

    def __init__(self, contracts: Mapping[str, tuple[str, Sequence[Mapping[str, Any]]]]) -> None:
        # address → (contract name, topic0 → spec)
        self._by_address = {
            address.lower(): specs_of(name, abi) for address, (name, abi) in contracts.items()
        }
        self.addresses = [checksum(a) for a in self._by_address]

    @classmethod
    def for_plan(cls, deployment: Deployment) -> EventDecoder:
        """The plan's contracts; an existing token (not deployed with the plan) is not followed:
        its transfers are not the plan's events."""
        contracts = {
            address: (name, compile_contract(ARTIFACTS[name]).abi)
            for name, address in deployment.contracts.items()
            if name != "token" or deployment.token_deployed
        }
        return cls(contracts)

    def decode(self, log: Mapping[str, Any]) -> DecodedLog | None:
        """The decoded log, or None when it is not one of the plan's events.

        `log` is an `eth_getLogs` entry, raw (hex strings) or as web3 formats it.
        """
        specs = self._by_address.get(str(log["address"]).lower())
        topics = log["topics"]
        if specs is None or not topics or log.get("removed"):
            return None
        spec = specs.get(_hex(topics[0]))
        if spec is None or len(topics) != len(spec.indexed) + 1:
            return None
        args: dict[str, Any] = {}
        for (name, kind), topic in zip(spec.indexed, topics[1:], strict=True):
            args[name] = _word(kind, HexBytes(topic))
        data = HexBytes(log["data"])
        if spec.static:
            for i, (name, kind) in enumerate(spec.data):
                args[name] = _word(kind, data[32 * i : 32 * i + 32])
        else:
            values = abi_decode([kind for _, kind in spec.data], data)
            for (name, kind), value in zip(spec.data, values, strict=True):
                args[name] = _clean(kind, value)
        return DecodedLog(
            block_number=_int(log["blockNumber"]),
            block_hash=_hex(log["blockHash"]),
            log_index=_int(log["logIndex"]),
            tx_hash=_hex(log["transactionHash"]),
            contract=spec.contract,
            name=spec.name,
            args=args,
            block_time=_int(log["blockTimestamp"]) if log.get("blockTimestamp") else None,
        )
