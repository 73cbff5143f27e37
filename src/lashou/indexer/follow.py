"""Follow the plan's events into the index: batched, resumable, idempotent and re-org safe.

Each batch is one `eth_getLogs` over a block range for every plan contract at once (the hash
of the range's last block, read before and after, must agree), then stored with the read model
it implies and the new checkpoint in a single database transaction: a crash loses at most the
batch in flight, and the next start continues from the checkpoint. Only blocks `confirmations`
below the head are indexed. Before each poll the stored tip's hash is compared with the chain's;
when they differ, the index walks back over the stored block hashes to the last block both agree
on, deletes every event above it and rebuilds the read model from the events that remain.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from rich.progress import Progress
from sqlalchemy import Engine, delete, insert, select, tuple_
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from web3 import Web3
from web3.exceptions import Web3Exception

from lashou.chain.node import CHAIN_ID as DEV_CHAIN_ID
from lashou.chain.plan import Deployment
from lashou.indexer import models as m
from lashou.indexer.db import sessions
from lashou.indexer.decode import DecodedLog, EventDecoder
from lashou.indexer.fetch import ChainReader, IndexerError
from lashou.indexer.project_cases import Projector
from lashou.indexer.seed import read_seed, seed_read_model

log = logging.getLogger(__name__)

DEV_CONFIRMATIONS = 0  # a local anvil mines instantly and only re-orgs when told to
CONFIRMATIONS = 6
BATCH_BLOCKS = 2_000
_PROGRESS_AFTER = 5  # batches to go before catch-up shows a progress bar


@dataclass(frozen=True)
class SyncResult:
    """What one `run_once` did."""

    blocks: int  # blocks newly covered by the index
    events: int  # events stored
    batches: int
    rolled_back: int  # blocks undone by a re-org
    checkpoint: int  # the last indexed block


class Indexer:
    """Indexes one deployed plan into the database behind `engine` (already migrated)."""

    def __init__(
        self,
        w3: Web3,
        deployment: Deployment,
        *,
        engine: Engine,
        confirmations: int | None = None,
        batch_blocks: int = BATCH_BLOCKS,
        progress: bool = False,
    ) -> None:
        if batch_blocks < 1:
            raise ValueError("batch_blocks must be at least 1: give a positive block count.")
        self.w3 = w3
        self.deployment = deployment
        self.engine = engine
        self.sessions = sessions(engine=engine)
        self.decoder = EventDecoder.for_plan(deployment)
        self.reader = ChainReader(w3, self.decoder)
        chain_id = deployment.chain_id
        default = DEV_CONFIRMATIONS if chain_id == DEV_CHAIN_ID else CONFIRMATIONS
        self.confirmations = default if confirmations is None else confirmations
        self.batch_blocks = batch_blocks
        self.progress = progress
        self._ensure_state()

    # -- public ------------------------------------------------------------------------------

    @property
    def checkpoint(self) -> int:
        """The last block the index covers (the deployment block minus one before any)."""
        with self.sessions() as s:
            return self._state(s).block_number

    def run_once(self, *, max_batches: int | None = None, until: int | None = None) -> SyncResult:
        """Undo a re-org if there was one, then index up to the safe head (or `max_batches`,
        or no further than block `until`)."""
        rolled_back = self.check_reorg()
        start = self.checkpoint + 1
        safe = self.w3.eth.block_number - self.confirmations
        if until is not None:
            safe = min(safe, until)
        ranges = list(self._ranges(start, safe))
        if max_batches is not None:
            ranges = ranges[:max_batches]
        events = 0
        for low, high in self._with_progress(ranges):
            events += self.index_range(from_block=low, to_block=high)
        blocks = ranges[-1][1] - start + 1 if ranges else 0
        return SyncResult(blocks, events, len(ranges), rolled_back, self.checkpoint)

    def run(self, *, poll_interval: float = 2.0, stop_event: threading.Event | None = None) -> None:
        """Keep the index at the safe head until `stop_event` is set; node and database
        outages are logged and retried at the next poll."""
        stop = stop_event or threading.Event()
        while not stop.is_set():
            try:
                result = self.run_once()
                if result.events or result.rolled_back:
                    log.info("indexed %d events up to block %d", result.events, result.checkpoint)
            except (OSError, Web3Exception, IndexerError, OperationalError) as exc:
                log.warning("indexing paused (%s); retrying in %.1f s", exc, poll_interval)
            stop.wait(poll_interval)

    def index_range(self, *, from_block: int, to_block: int) -> int:
        """Index the blocks [from_block, to_block]; returns the events stored.

        Blocks at or below the checkpoint are already in the index and change nothing, so
        delivering a range twice is harmless; a range must not leave a gap after the checkpoint.
        """
        checkpoint = self.checkpoint
        if from_block > checkpoint + 1:
            raise IndexerError(
                f"Blocks {checkpoint + 1}–{from_block - 1} are not indexed yet: index from "
                f"block {checkpoint + 1}."
            )
        if to_block <= checkpoint:
            return 0
        logs, headers = self.reader.fetch(max(from_block, checkpoint + 1), to_block)
        with self.sessions.begin() as s:
            state = self._state(s)
            if state.block_number != checkpoint:
                raise IndexerError(
                    "Another indexer moved the checkpoint: run only one per database."
                )
            projector = Projector(s)
            blocks = [
                {"number": n, "hash": h, "timestamp": t} for n, (h, t) in sorted(headers.items())
            ]
            s.execute(insert(m.Block), blocks)
            rows = []
            for decoded in logs:
                event = _row(decoded, headers[decoded.block_number][1])
                rows.append(event)
                projector.apply(event, decoded.args)
            if rows:  # one multi-row INSERT; the projection never reads these rows back
                s.execute(insert(m.Event), [_values(event) for event in rows])
            state.block_number, state.block_hash = to_block, headers[to_block][0]
        return len(logs)

    def check_reorg(self) -> int:
        """Roll back to the last block the chain still agrees on; returns the blocks undone."""
        with self.sessions() as s:
            state = self._state(s)
            tip, tip_hash = state.block_number, state.block_hash
            if tip_hash is None or self.reader.chain_hash(tip) == tip_hash:
                return 0
            base = state.deployment_block - 1
            stored = s.execute(
                select(m.Block.number, m.Block.hash)
                .where(m.Block.number < tip)
                .order_by(m.Block.number.desc())
            )
            for number, block_hash in stored:
                if self.reader.chain_hash(number) == block_hash:
                    base = number
                    break
        log.warning("chain re-organised: rolling the index back from block %d to %d", tip, base)
        self.rollback(to_block=base)
        return tip - base

    def rollback(self, *, to_block: int) -> None:
        """Forget every event above `to_block` and rebuild the read model from the rest."""
        with self.sessions.begin() as s:
            state = self._state(s)
            s.execute(delete(m.Event).where(m.Event.block_number > to_block))
            s.execute(delete(m.Block).where(m.Block.number > to_block))
            kept = s.get(m.Block, to_block)
            state.block_number = to_block
            state.block_hash = kept.hash if kept is not None else None
            _rebuild(s, state)

    def rebuild(self) -> None:
        """Derive the read model again from the stored events (what a rollback does)."""
        with self.sessions.begin() as s:
            _rebuild(s, self._state(s))

    # -- internals -----------------------------------------------------------------------------

    def _ensure_state(self) -> None:
        d = self.deployment
        with self.sessions.begin() as s:
            state = s.get(m.SyncState, 1)
            if state is None:
                seed = read_seed(self.w3, d)
                state = m.SyncState(
                    id=1, chain_id=d.chain_id, deployment_block=d.block,
                    deployment_hash=d.block_hash, block_number=d.block - 1, block_hash=None,
                    seed=json.dumps(seed),
                )  # fmt: skip
                s.add(state)
                seed_read_model(s, seed)
            elif (state.chain_id, state.deployment_hash) != (d.chain_id, d.block_hash):
                raise IndexerError(
                    f"This index follows another plan (chain {state.chain_id}, deployment block "
                    f"{state.deployment_block}): give the indexer its own database."
                )

    def _state(self, s: Session) -> m.SyncState:
        state = s.get(m.SyncState, 1)
        assert state is not None  # created by _ensure_state
        return state

    def _ranges(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        for low in range(start, end + 1, self.batch_blocks):
            yield low, min(low + self.batch_blocks - 1, end)

    def _with_progress(self, ranges: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
        if not self.progress or len(ranges) < _PROGRESS_AFTER:
            yield from ranges
            return
        with Progress(transient=True) as bar:
            task = bar.add_task("Indexing the plan's events", total=len(ranges))
            for item in ranges:
                yield item
                bar.advance(task)


def _row(d: DecodedLog, block_time: int) -> m.Event:
    return m.Event(
        block_number=d.block_number, log_index=d.log_index, block_hash=d.block_hash,
        block_time=block_time, tx_hash=d.tx_hash, contract=d.contract, name=d.name,
        claim_id=d.claim_id, args=d.args_json(),
    )  # fmt: skip


_EVENT_COLUMNS = [c.name for c in m.Event.__table__.columns if c.name != "id"]


def _values(event: m.Event) -> dict[str, object]:
    return {name: getattr(event, name) for name in _EVENT_COLUMNS}


def _rebuild(s: Session, state: m.SyncState) -> None:
    for table in m.DERIVED:
        s.execute(delete(table))
    seed_read_model(s, json.loads(state.seed))
    projector = Projector(s)
    columns = (m.Event.block_number, m.Event.log_index, m.Event.block_time, m.Event.tx_hash,
               m.Event.name, m.Event.args)  # fmt: skip
    position = tuple_(m.Event.block_number, m.Event.log_index)
    last = (-1, -1)
    while True:  # in chain order, a page at a time
        query = select(*columns).where(position > tuple_(*last)).order_by(*position.clauses)
        page = s.execute(query.limit(2_000)).all()
        if not page:
            return
        for row in page:
            event = m.Event(block_number=row.block_number, block_time=row.block_time,
                            tx_hash=row.tx_hash, name=row.name)  # fmt: skip
            projector.apply(event, json.loads(row.args))
        last = (page[-1].block_number, page[-1].log_index)
