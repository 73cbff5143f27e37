"""The keeper and the indexer, each a thread that polls the chain until told to stop.

Each thread has its own client on the node; an outage of the node or the database is logged
and retried at the next poll, so a hiccup never stops the platform.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from eth_account import Account
from eth_account.signers.local import LocalAccount
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from web3.exceptions import Web3Exception

from lashou import keeper as keeping
from lashou.chain.deploy import dev_roles
from lashou.chain.keystore import PRIVATE_KEY_ENV
from lashou.chain.node import CHAIN_ID, connect
from lashou.chain.plan import Deployment, Plan
from lashou.chain.tx import Sender, TransactionFailed
from lashou.indexer.fetch import IndexerError
from lashou.indexer.follow import Indexer
from lashou.keeper_book import EventBook

log = logging.getLogger("lashou.service")
KEEPER_KEY_ENV = "LASHOU_KEEPER_KEY"
RETRIED = (OSError, Web3Exception, TransactionFailed, IndexerError, OperationalError)
KEEPER_LIMIT = 20  # transactions per keeper round, so a backlog never blocks a poll for long


def keeper_account(chain_id: int) -> LocalAccount | None:
    """The key the keeper signs with: LASHOU_KEEPER_KEY, else LASHOU_PRIVATE_KEY, else the
    development keeper on a development node; None when there is none."""
    key = os.environ.get(KEEPER_KEY_ENV) or os.environ.get(PRIVATE_KEY_ENV)
    if key:
        account: LocalAccount = Account.from_key(key.strip())
        return account
    return dev_roles().keeper if chain_id == CHAIN_ID else None


class Poller(threading.Thread):
    """Calls `step` every `interval` seconds until `stop` is set; failures are logged."""

    def __init__(
        self, name: str, step: Callable[[], None], *, interval: float, stop: threading.Event
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.step = step
        self.interval = interval
        self.stop = stop
        self.rounds = 0

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.step()
            except RETRIED as exc:
                log.warning("%s paused (%s); retrying in %.1f s", self.name, exc, self.interval)
            self.rounds += 1
            self.stop.wait(self.interval)


def keeper_step(url: str, deployment: Deployment, account: LocalAccount) -> Callable[[], None]:
    """One keeper round: every due draw, replacement, finalize, expiry and settlement."""
    w3 = connect(url, timeout=60)
    plan = Plan(w3, deployment)
    sender = Sender(w3)
    sender.names.update(plan.names())
    book = EventBook(plan)  # kept between rounds: each reads only the new blocks' events

    def step() -> None:
        try:
            outcomes = keeping.run_once(plan, sender, account, limit=KEEPER_LIMIT, book=book)
        except TransactionFailed:
            sender.reset()  # a nonce may be stale: read it again next round
            raise
        for outcome in outcomes:
            if outcome.error is not None:
                sender.reset()
                log.warning("keeper: %s failed: %s", outcome.label, outcome.error)
            else:
                log.info("keeper: %s (%s)", outcome.label, outcome.tx or "no transaction")

    return step


def indexer_step(indexer: Indexer) -> Callable[[], None]:
    """One indexer poll: undo a re-org if any, then index up to the safe head."""

    def step() -> None:
        result = indexer.run_once()
        if result.events or result.rolled_back:
            log.info("indexer: %d events up to block %d", result.events, result.checkpoint)

    return step


def new_indexer(url: str, deployment: Deployment, engine: Engine, *, progress: bool) -> Indexer:
    """An indexer on its own client, for the indexer thread."""
    return Indexer(connect(url, timeout=60), deployment, engine=engine, progress=progress)
