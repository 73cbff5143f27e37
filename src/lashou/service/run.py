"""Start the platform, serve it until Ctrl-C or SIGTERM, and stop everything it started.

Start-up, in order: the chain (a local anvil, or LASHOU_RPC_URL), the plan (deployed once, or
the demo's), the index caught up with the chain, then the keeper and indexer threads and the
API with the page under uvicorn. A signal during start-up stops at once; once serving, it
stops uvicorn, then the threads (joined), then the local node (which saves its state). When
the local node exits on its own, everything stops the same way and `run` raises a ServeError
that says so (see `lashou.service.watch`).
"""

from __future__ import annotations

import _thread
import contextlib
import logging
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from lashou.api.app import create_app
from lashou.api.settings import ServiceSettings
from lashou.chain.node import connect
from lashou.chain.plan import Plan
from lashou.indexer.db import database_url, open_database
from lashou.service.chain import Chain, ServeError, open_chain, prepare_plan
from lashou.service.loops import Poller, indexer_step, keeper_account, keeper_step, new_indexer
from lashou.service.watch import NodeWatch, node_exit_sentence
from lashou.web import pages

log = logging.getLogger("lashou.service")
Say = Callable[[str], None]


@dataclass(frozen=True)
class ServeOptions:
    data_dir: Path
    anvil: Path
    rpc_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    demo_data: bool = False
    demo_members: int = 200
    keeper_poll: float = 5.0
    index_poll: float = 1.0
    database_url: str | None = None


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: the platform stops everything itself."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def check_port(host: str, port: int) -> None:
    """Fail at once, before the chain starts, when the address is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServeError(
                f"Cannot listen on {host}:{port} ({exc.strerror}): stop what uses it or pass"
                " another --port."
            ) from None


class Platform:
    """One `lashou serve`: everything it starts, and how to stop it."""

    def __init__(self, options: ServeOptions, say: Say) -> None:
        self.options = options
        self.say = say
        self.stop = threading.Event()
        self.server: _Server | None = None
        self.chain: Chain | None = None
        self.threads: list[Poller] = []
        self.watch: NodeWatch | None = None

    def handle_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stop.set()
        if self.server is None:
            raise KeyboardInterrupt  # still starting: leave the step in progress at once
        self.server.should_exit = True

    def node_exited(self) -> None:
        """The local node exited on its own (called by the watch): stop everything."""
        self.stop.set()
        if self.server is None:
            _thread.interrupt_main()  # still starting: leave the step in progress at once
        else:
            self.server.should_exit = True

    def node_gone(self) -> bool:
        """Whether the local node this process started has exited without being stopped."""
        node = self.chain.node if self.chain is not None else None
        return node is not None and not node.running

    def run(self) -> None:
        """Start, serve until a signal, stop; returns normally after a signal, and raises a
        ServeError when the local node exited on its own."""
        previous = {
            s: signal.signal(s, self.handle_signal) for s in (signal.SIGINT, signal.SIGTERM)
        }
        gone = False
        try:
            self._start_and_serve()
        except KeyboardInterrupt:
            if not self.node_gone():
                self.say("Stopping before start-up finished")
        except Exception:
            if not self.node_gone():
                raise  # a failure of its own, not a consequence of the node's exit
        finally:
            gone = self.node_gone()
            self.stop.set()
            try:
                self._shut_down(node_gone=gone)
            finally:
                for signum, handler in previous.items():
                    signal.signal(signum, handler)
        if gone and self.chain is not None and self.chain.node is not None:
            raise ServeError(node_exit_sentence(self.chain.node))

    def _start_and_serve(self) -> None:
        o = self.options
        check_port(o.host, o.port)
        self.say("Starting the chain" if not o.rpc_url else f"Connecting to {o.rpc_url}")
        self.chain = chain = open_chain(data_dir=o.data_dir, rpc_url=o.rpc_url, anvil=o.anvil)
        if chain.node is not None:
            self.watch = NodeWatch(chain.node, stop=self.stop, on_exit=self.node_exited)
            self.watch.start()
        plan = prepare_plan(chain, data_dir=o.data_dir, demo_data=o.demo_data,
                            demo_members=o.demo_members, say=self.say)  # fmt: skip
        url = o.database_url or database_url(data_dir=o.data_dir)
        engine = open_database(url=url)
        self.say("Catching up the index with the chain")
        indexer = new_indexer(chain.url, plan.deployment, engine, progress=True)
        indexer.run_once()
        self._start_threads(plan, indexer_step(indexer))
        app = self._app(plan, engine)
        config = uvicorn.Config(app, host=o.host, port=o.port, log_level="warning",
                                access_log=False, lifespan="off")  # fmt: skip
        self.server = _Server(config)
        base = f"http://{o.host}:{o.port}"
        self.say(f"lashou serves {base} (API docs {base}/docs), data in {o.data_dir}, "
                 f"{chain.description}; Ctrl-C stops it")  # fmt: skip
        if not self.stop.is_set():
            self.server.run()

    def _start_threads(self, plan: Plan, index_step: Callable[[], None]) -> None:
        assert self.chain is not None
        o, url = self.options, self.chain.url
        self.threads.append(Poller("indexer", index_step, interval=o.index_poll, stop=self.stop))
        account = keeper_account(plan.deployment.chain_id)
        if account is None:
            self.say("No keeper key (set LASHOU_KEEPER_KEY): deadlines wait for other keepers")
        else:
            step = keeper_step(url, plan.deployment, account)
            self.threads.append(Poller("keeper", step, interval=o.keeper_poll, stop=self.stop))
        for thread in self.threads:
            thread.start()

    def _app(self, plan: Plan, engine: Engine) -> FastAPI:
        assert self.chain is not None
        o = self.options
        settings = ServiceSettings(
            data_dir=o.data_dir, rpc_url=self.chain.url, database_url=o.database_url,
            siwe_domain=f"{o.host}:{o.port}", siwe_uri=f"http://{o.host}:{o.port}",
        )  # fmt: skip
        api_plan = Plan(connect(self.chain.url, timeout=30), plan.deployment)
        app = create_app(settings, plan=api_plan, index_engine=engine)
        token = api_plan.token.functions
        pages.install(app, decimals=int(token.decimals().call()), symbol=str(token.symbol().call()))
        return app

    def _shut_down(self, *, node_gone: bool) -> None:
        try:
            for thread in [*self.threads, *([self.watch] if self.watch else [])]:
                thread.join(timeout=60)
                if thread.is_alive():
                    log.warning("the %s thread did not stop within 60 s", thread.name)
        finally:  # even when interrupted while waiting, the node this process started stops
            if self.chain is not None:
                node = self.chain.node
                if node is not None and not node_gone:
                    self.say("Stopping the chain")
                self.chain.close()
                if node is not None and not node_gone and node.process.returncode == 0:
                    self.say("The chain's state is saved in the data folder")
