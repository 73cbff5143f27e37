"""Decode the plan's raw logs with the compiled ABIs (never hand-copied event signatures).

`EventDecoder.for_plan(deployment)` knows every event of every plan contract; `decode` turns
one `eth_getLogs` entry into a `DecodedLog` with its arguments by name: addresses checksummed,
bytes as 0x-hex, integers as `int`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class DecodedLog:
    block_number: int
    block_hash: str
    log_index: int
    tx_hash: str
    contract: str
    name: str
    args: dict[str, Any]

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
    return HexBytes(value).to_0x_hex()


def _clean(kind: str, value: Any) -> Any:
    if kind == "address":
        return to_checksum_address(value)
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
        self.addresses = [to_checksum_address(a) for a in self._by_address]

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
        """The decoded log, or None when it is not one of the plan's events."""
        specs = self._by_address.get(str(log["address"]).lower())
        topics = log["topics"]
        if specs is None or not topics:
            return None
        spec = specs.get(_hex(topics[0]))
        if spec is None or len(topics) != len(spec.indexed) + 1:
            return None
        args: dict[str, Any] = {}
        for (name, kind), topic in zip(spec.indexed, topics[1:], strict=True):
            args[name] = _clean(kind, abi_decode([kind], HexBytes(topic))[0])
        values = abi_decode([kind for _, kind in spec.data], HexBytes(log["data"]))
        for (name, kind), value in zip(spec.data, values, strict=True):
            args[name] = _clean(kind, value)
        return DecodedLog(
            block_number=int(log["blockNumber"]),
            block_hash=_hex(log["blockHash"]),
            log_index=int(log["logIndex"]),
            tx_hash=_hex(log["transactionHash"]),
            contract=spec.contract,
            name=spec.name,
            args=args,
        )
