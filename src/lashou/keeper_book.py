"""What the keeper knows from the plan's events, read once and then only from new blocks.

A keeper round needs the open claims (filed, and not yet queued, rejected or cancelled) and each
member's tier end (its last join or renewal). `EventBook.refresh` reads the events of the blocks
it has not read yet and keeps what they say, so a keeper that polls every few seconds reads each
event once, not the plan's whole history at every poll.

Re-orgs: the newest `window` blocks (none on a development node, which re-orgs only when told
to) are never taken as final; their events are read again at every refresh and laid over the
final ones, so an event a re-org removed there is forgotten at the next refresh. The book also
keeps the hash of the last final block: when the chain no longer has that block (a deeper
re-org, or a development node reverted to a snapshot), it forgets everything and reads the
plan's events again from the deployment block.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from web3.exceptions import BlockNotFound
from web3.types import EventData

from lashou.chain.node import CHAIN_ID
from lashou.chain.plan import Plan

FILED = ("claims", "ClaimFiled")
CLOSING = tuple(("claims", e) for e in ("ClaimQueued", "ClaimRejected", "ClaimCancelled"))
TIER = (("pool", "MemberJoined"), ("pool", "MemberRenewed"))
REORG_WINDOW = 6  # blocks re-read at every refresh on a chain that may re-org


@dataclass
class _Facts:
    """Claims filed and closed, and tier ends, as a run of blocks tells them."""

    filed: set[int] = field(default_factory=set)
    closed: set[int] = field(default_factory=set)
    ends: dict[str, int] = field(default_factory=dict)

    def learn(self, event: EventData) -> None:
        args, name = event["args"], event["event"]
        if name == FILED[1]:
            self.filed.add(int(args["claim_id"]))
        elif name in ("MemberJoined", "MemberRenewed"):
            self.ends[str(args["member"])] = int(args["valid_until"])
        else:
            self.closed.add(int(args["claim_id"]))

    def forget_closed(self) -> None:
        """A claim filed and closed for good needs no more room: it never opens again."""
        done = self.filed & self.closed
        self.filed -= done
        self.closed -= done


class EventBook:
    """The plan's open claims and tier ends, kept up to date by `refresh`."""

    def __init__(self, plan: Plan, *, window: int | None = None) -> None:
        self.plan = plan
        dev = plan.deployment.chain_id == CHAIN_ID
        self.window = (0 if dev else REORG_WINDOW) if window is None else window
        self._forget()

    def _forget(self) -> None:
        self.final = _Facts()
        self.recent = _Facts()
        self.final_to = self.plan.deployment.block - 1  # the last block taken as final
        self.final_hash: bytes | None = None
        self.logs_read = 0  # events fetched by the last refresh, for the curious

    def refresh(self) -> None:
        """Read the events of the blocks after the final ones, up to the latest block."""
        w3 = self.plan.w3
        head = int(w3.eth.block_number)
        if self.final_hash is not None and self._block_hash(self.final_to) != self.final_hash:
            self._forget()  # the chain no longer has the last final block
        if head <= self.final_to:
            self.recent, self.logs_read = _Facts(), 0
            return
        events = self._read(self.final_to + 1, head)
        settled = max(self.final_to, head - self.window)
        recent = _Facts()
        for event in events:
            (self.final if event["blockNumber"] <= settled else recent).learn(event)
        self.final.forget_closed()
        if settled > self.final_to:
            self.final_to, self.final_hash = settled, self._block_hash(settled)
        self.recent, self.logs_read = recent, len(events)

    def open_claims(self) -> list[int]:
        """Ids of the claims filed and not yet queued, rejected or cancelled, oldest first."""
        filed = self.final.filed | self.recent.filed
        return sorted(filed - self.final.closed - self.recent.closed)

    def tier_ends(self) -> dict[str, int]:
        """The end of each member's tier (Unix seconds), from its last join or renewal."""
        return {**self.final.ends, **self.recent.ends}

    def _read(self, low: int, high: int) -> list[EventData]:
        found: list[EventData] = []
        for contract, event in (FILED, *CLOSING, *TIER):
            found += self.plan.logs(contract, event, from_block=low, to_block=high)
        return sorted(found, key=lambda e: (e["blockNumber"], e["logIndex"]))

    def _block_hash(self, number: int) -> bytes | None:
        try:
            block = self.plan.w3.eth.get_block(number)
        except BlockNotFound:
            return None  # the chain is shorter than it was
        return bytes(block["hash"]) if "hash" in block else None
