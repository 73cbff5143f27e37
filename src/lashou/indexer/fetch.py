"""Read the plan's logs and the block headers they depend on, with raw JSON-RPC calls.

web3's result formatting costs more than decoding and storing the events, so the indexer asks
the node directly and decodes with `EventDecoder`. A batch is consistent when the hash of its
last block is the same before and after its logs were read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from web3 import Web3

from lashou.indexer.decode import DecodedLog, EventDecoder

HEADER_BATCH = 500


class IndexerError(RuntimeError):
    """The index cannot follow this chain (another plan, or the chain moved under a batch)."""


class NodeRefused(IndexerError):
    """The node answered a request with an error."""


class ChainMoved(IndexerError):
    """A batch's logs and headers disagree: the chain re-organised while it was read."""


class ChainReader:
    """Raw reads from one node for one plan's contracts."""

    def __init__(self, w3: Web3, decoder: EventDecoder) -> None:
        self.w3 = w3
        self.decoder = decoder

    def rpc(self, method: str, params: list[Any]) -> Any:
        """A raw JSON-RPC call (web3's result formatting costs more than the indexing)."""
        response = self.w3.provider.make_request(cast(Any, method), params)
        if "error" in response:
            raise NodeRefused(f"The node refused {method}: {response['error']}.")
        return response.get("result")

    def chain_hash(self, number: int) -> str | None:
        block = self.rpc("eth_getBlockByNumber", [hex(number), False])
        return None if block is None else str(block["hash"]).lower()

    def fetch(self, low: int, high: int) -> tuple[list[DecodedLog], dict[int, tuple[str, int]]]:
        """The plan's decoded logs in [low, high] and (hash, time) of their blocks and `high`.

        The hash of `high` read before and after the logs must agree: then every log came from
        the chain that ends in it.
        """
        tip = self.headers([high])
        logs = self.logs(low, high)
        untimed = sorted({d.block_number for d in logs if d.block_time is None})
        headers = {**self.headers(untimed), **tip}
        if self.headers([high]) != tip:
            raise ChainMoved(f"Block {high} changed while the logs were read: index again.")
        for d in logs:
            known = headers.get(d.block_number)
            if known is not None and known[0] != d.block_hash:
                raise ChainMoved(f"Block {d.block_number} changed while it was read: index again.")
            if known is None:
                headers[d.block_number] = (d.block_hash, int(d.block_time or 0))
        return logs, headers

    def logs(self, low: int, high: int) -> list[DecodedLog]:
        """Every plan log in [low, high]; a range the node refuses is asked for in halves."""
        query = {"fromBlock": hex(low), "toBlock": hex(high), "address": self.decoder.addresses}
        try:
            raw = self.rpc("eth_getLogs", [query])
        except NodeRefused:
            if low == high:
                raise
            middle = (low + high) // 2
            return self.logs(low, middle) + self.logs(middle + 1, high)
        logs = [d for d in map(self.decoder.decode, raw) if d is not None]
        logs.sort(key=lambda d: (d.block_number, d.log_index))
        return logs

    def headers(self, numbers: Sequence[int]) -> dict[int, tuple[str, int]]:
        found: dict[int, tuple[str, int]] = {}
        for start in range(0, len(numbers), HEADER_BATCH):
            chunk = numbers[start : start + HEADER_BATCH]
            calls = [("eth_getBlockByNumber", [hex(n), False]) for n in chunk]
            responses = cast(Any, self.w3.provider).make_batch_request(calls)
            for response in cast(list[dict[str, Any]], responses):
                block = response.get("result")
                if block is not None:
                    number = int(block["number"], 16)
                    found[number] = (str(block["hash"]).lower(), int(block["timestamp"], 16))
        missing = set(numbers) - set(found)
        if missing:
            raise ChainMoved(f"Block {min(missing)} disappeared while it was read: index again.")
        return found
