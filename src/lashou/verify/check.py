"""Replay the chain's events, compare with the contracts and the index, check conservation.

`verify(plan, index=…)` replays every plan event up to one block (the index's checkpoint when
an index is compared, so both describe the same block; else the latest), then lists every
field where the contracts' views, the index (its database or its API) or the token balances
disagree with what the events imply. With `tables=…` it also compares every row of the index
database with a fresh index built from the chain's events (`lashou.verify.tables`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from lashou.chain.plan import Plan
from lashou.indexer.decode import EventDecoder
from lashou.indexer.fetch import ChainReader
from lashou.verify.difference import Difference, show
from lashou.verify.replay import Replay
from lashou.verify.sources import Snapshot, from_contracts, from_replay
from lashou.verify.tables import check_tables

IndexReader = Callable[[Replay], Snapshot]  # reads the index for the accounts the replay knows
CheckpointReader = Callable[[], int]


@dataclass
class Verification:
    block: int
    events: int
    members: int
    claims: int
    sources: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def summary(self) -> str:
        return (f"verified: {self.events} events, {self.members} members, {self.claims} claims,"
                f" conservation holds (block {self.block}; {', '.join(self.sources)})")  # fmt: skip


class Replayer:
    """Replays a plan's logs into a `Replay`, and on to a later block when asked."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.reader = ChainReader(plan.w3, EventDecoder.for_plan(plan.deployment))
        self.replay = Replay(int(plan.config.functions.bucket_width().call()))
        self.block = -1

    def to(self, block: int) -> Replay:
        if block > self.block:
            for log in self.reader.logs(self.block + 1, block):
                self.replay.apply(log)
            self.block = block
        return self.replay


def verify(
    plan: Plan,
    *,
    index: IndexReader | None = None,
    checkpoint: CheckpointReader | None = None,
    tables: Engine | None = None,
    tries: int = 3,
) -> Verification:
    """Everything that differs from the chain's events (see the module); `checkpoint` gives
    the block the index describes, `index` reads it, and every table of the index database
    behind `tables` is compared row by row with a fresh index of the chain."""
    replayer = Replayer(plan)
    block = checkpoint() if checkpoint is not None else int(plan.w3.eth.block_number)
    indexed: Snapshot | None = None
    for _ in range(tries):
        replay = replayer.to(block)
        if index is None:
            break
        indexed = index(replay)
        if indexed.block == block:
            break
        block = indexed.block  # the index moved while it was read: replay on to its block
    else:
        raise RuntimeError("The index kept moving while it was read: verify again.")
    expected = from_replay(replay, block)
    result = Verification(block, replay.events, len(replay.members), len(replay.claims))
    result.sources.append("contracts")
    result.differences += compare(expected, from_contracts(plan, replay, block))
    if indexed is not None:
        result.sources.append(indexed.source)
        result.differences += compare(expected, indexed)
    result.differences += conservation(plan, replay, block)
    if tables is not None:
        found, differences = check_tables(plan, tables)
        at = "" if found.checkpoint == block else f" at block {found.checkpoint}"
        result.sources.append(f"{len(found.rows)} index tables row by row{at}")
        result.differences += differences
    return result


def compare(expected: Snapshot, found: Snapshot) -> list[Difference]:
    """Every field of `found` that differs from `expected` (fields both have, and every
    member, claim and witness either names)."""
    out: list[Difference] = []

    def differ(what: str, want: Any, got: Any) -> None:
        if want != got:
            out.append(Difference(what, found.source, show(want), show(got)))

    for name, value in expected.totals.items():
        if name in found.totals:
            differ(f"pool {name.replace('_', ' ')}", value, found.totals[name])
    for address, (status, balance) in expected.members.items():
        got_status, got_balance = found.members.get(address, ("none", 0))
        differ(f"member {address} status", status, got_status)
        differ(f"member {address} balance", balance, got_balance)
    for claim_id in sorted(expected.claims.keys() | found.claims.keys()):
        differ(
            f"claim {claim_id} status", expected.claims.get(claim_id), found.claims.get(claim_id)
        )
    for address in sorted(expected.stakes.keys() | found.stakes.keys()):
        differ(f"witness {address} stake", expected.stakes.get(address), found.stakes.get(address))
    return out


def conservation(plan: Plan, replay: Replay, block: int) -> list[Difference]:
    """Tokens held against the books: the pool's, the witness registry's and the disputes'."""
    at: Any = {"block_identifier": block}
    token = plan.token.functions
    t = replay.totals
    out: list[Difference] = []

    def holds(what: str, books: int, held: int) -> None:
        if books != held:
            out.append(Difference(what, "tokens", show(books), show(held)))

    pool = plan.contract("pool")
    held = int(token.balanceOf(pool.address).call(**at))
    holds("pool tokens = accounted()", int(pool.functions.accounted().call(**at)), held)
    books = (t["member_funds"] + t["reserve"] + t["funded_total"] - t["paid_total"]
             - t["swept_total"] + t["fees_funded"] - t["fees_paid"])  # fmt: skip
    holds("pool tokens = the events' books", books, held)
    balances = sum(replay.balance(m) for a, m in replay.members.items()
                   if replay.status(a) != "none")  # fmt: skip
    holds("member funds = the sum of member balances", t["member_funds"], balances)
    registry = plan.contract("witnesses")
    held = int(token.balanceOf(registry.address).call(**at))
    holds("witness registry tokens = total staked",
          int(registry.functions.total_staked().call(**at)), held)  # fmt: skip
    holds("witness registry tokens = the events' stakes", sum(replay.stakes.values()), held)
    if "disputes" in plan.deployment.contracts:
        disputes = plan.contract("disputes")
        held = int(token.balanceOf(disputes.address).call(**at))
        holds("disputes tokens = accounted()", int(disputes.functions.accounted().call(**at)), held)
    return out
