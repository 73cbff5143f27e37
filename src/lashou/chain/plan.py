"""Typed access to a deployed plan: web3 contract objects built from the compiled ABIs.

A `Deployment` is the record saved to `<data_dir>/deployment.json` (chain id, contract
addresses, deployment block, role addresses; never a private key). `Plan.attach` turns it into
contract objects, and `Plan.logs` reads one event by name over a block range.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

from eth_typing import ABI, ChecksumAddress
from web3 import Web3
from web3.contract import Contract
from web3.types import EventData

from lashou.chain.artifacts import compile_contract

# The plan's contracts in deployment order, and the compiled contract each one runs.
# A token that was not deployed here is read through the DevToken ABI (ERC-20 and metadata).
ARTIFACTS: dict[str, str] = {
    "token": "DevToken",
    "timelock": "Timelock",
    "config": "Config",
    "pool": "Pool",
    "witnesses": "Witnesses",
    "claims": "Claims",
    "disputes": "Disputes",
}
REQUIRED = ("token", "timelock", "config")
LOG_CHUNK = 10_000  # blocks per eth_getLogs request; public endpoints refuse larger ranges


@dataclass(frozen=True)
class Deployment:
    """Where a plan lives on one chain."""

    chain_id: int
    block: int  # the block of the first deployment transaction
    block_hash: str  # its hash: a new chain with the same id does not have it
    contracts: dict[str, str]  # "token", "config", … → address
    roles: dict[str, Any] = field(default_factory=dict)  # "operator" → address, "notaries" → […]
    token_deployed: bool = True  # False when the plan uses an existing token
    timelock_delay: int = 0

    def save(self, path: Path) -> None:
        """Write the record as JSON (atomically, so a crash never leaves half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Deployment:
        """Read a record written by `save`."""
        try:
            data = json.loads(path.read_text())
            return cls(**data)
        except (ValueError, TypeError) as exc:
            raise ValueError(
                f"The deployment record {path} is unreadable ({exc}); delete it to deploy again."
            ) from exc


class Plan:
    """The contracts of one deployed plan; a contract the deployment lacks is None."""

    def __init__(self, w3: Web3, deployment: Deployment) -> None:
        missing = [name for name in REQUIRED if name not in deployment.contracts]
        if missing:
            raise ValueError(f"The deployment has no {', '.join(missing)} contract: deploy again.")
        self.w3 = w3
        self.deployment = deployment
        self._contracts = {
            name: self._attach(ARTIFACTS[name], address)
            for name, address in deployment.contracts.items()
        }
        self.token: Contract = self._contracts["token"]
        self.timelock: Contract = self._contracts["timelock"]
        self.config: Contract = self._contracts["config"]
        self.pool: Contract | None = self._contracts.get("pool")
        self.witnesses: Contract | None = self._contracts.get("witnesses")
        self.claims: Contract | None = self._contracts.get("claims")
        self.disputes: Contract | None = self._contracts.get("disputes")

    def contract(self, name: str) -> Contract:
        """The contract called `name` ("pool", …); a clear error when it was not deployed."""
        if name not in self._contracts:
            raise KeyError(f"This plan has no {name} contract (deployed: {', '.join(self)}).")
        return self._contracts[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._contracts)

    def names(self) -> dict[str, str]:
        """Contract names by address, e.g. for `Sender.names`, to name failed calls."""
        return {str(c.address): ARTIFACTS[name] for name, c in self._contracts.items()}

    def logs(
        self,
        contract: str,
        event: str,
        *,
        from_block: int | None = None,
        to_block: int | None = None,
        filters: dict[str, Any] | None = None,
        chunk: int = LOG_CHUNK,
    ) -> list[EventData]:
        """Decoded `event` logs of `contract` in [from_block, to_block], oldest first.

        From the deployment block to the latest block by default; `filters` match indexed
        arguments by name.
        """
        emitter = self.contract(contract)
        abi = cast(list[dict[str, Any]], emitter.abi)
        if event not in {e.get("name") for e in abi if e.get("type") == "event"}:
            raise KeyError(f"{ARTIFACTS[contract]} has no event called {event}.")
        start = self.deployment.block if from_block is None else from_block
        end = self.w3.eth.block_number if to_block is None else to_block
        found: list[EventData] = []
        for low in range(start, end + 1, chunk):
            high = min(low + chunk - 1, end)
            found += emitter.events[event]().get_logs(
                argument_filters=filters, from_block=low, to_block=high
            )
        return found

    def _attach(self, artifact: str, address: str) -> Contract:
        abi = cast(ABI, compile_contract(artifact).abi)
        return self.w3.eth.contract(address=cast(ChecksumAddress, address), abi=abi)
