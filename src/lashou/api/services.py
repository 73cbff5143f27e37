"""What the routes share: settings, the database, the document store and the plan on chain.

The chain is reached lazily, so the service starts (and answers /api/health) while the node
is still down; a route that needs the chain then answers 503 with what to do.
"""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from lashou.api.auth import SignInRules, utc_now
from lashou.api.migrate import migrate_service
from lashou.api.settings import ServiceSettings
from lashou.chain.node import NodeError, connect
from lashou.chain.plan import Deployment, Plan
from lashou.documents.audit import AuditLog
from lashou.documents.crypto import load_or_create_key
from lashou.documents.roles import ChainRoles
from lashou.documents.store import DocumentStore
from lashou.indexer.db import DatabaseError, database_url, open_database, sessions


class ChainUnavailable(RuntimeError):
    """The node or the deployment record cannot be reached; the message says what to do."""


class Services:
    def __init__(
        self,
        settings: ServiceSettings,
        *,
        plan: Plan | None = None,
        engine: Engine | None = None,
        index_engine: Engine | None = None,
    ) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = engine or create_engine(settings.database)
        migrate_service(engine=self.engine)
        key = load_or_create_key(settings.key_file)
        self.store = DocumentStore(settings.documents_dir, self.engine, key)
        self.audit = AuditLog(settings.audit_file)
        self._plan = plan
        self._roles = ChainRoles(plan) if plan is not None else None
        self._index = sessions(engine=index_engine) if index_engine is not None else None
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return utc_now()

    @property
    def plan(self) -> Plan:
        with self._lock:
            if self._plan is None:
                self._plan = self._connect()
                self._roles = ChainRoles(self._plan)
            return self._plan

    @property
    def roles(self) -> ChainRoles:
        plan = self.plan
        assert self._roles is not None and self._roles.plan is plan
        return self._roles

    @property
    def index(self) -> sessionmaker[Session]:
        """Sessions on the indexer's database (LASHOU_DATABASE_URL or its SQLite file)."""
        with self._lock:
            if self._index is None:
                url = database_url(env={
                    "LASHOU_DATABASE_URL": self.settings.database_url or "",
                    "LASHOU_DATA_DIR": str(self.settings.data_dir),
                })  # fmt: skip
                try:
                    self._index = sessions(engine=open_database(url=url))
                except DatabaseError as exc:
                    raise ChainUnavailable(str(exc)) from None
            return self._index

    def rules(self) -> SignInRules:
        s = self.settings
        return SignInRules(
            domain=s.siwe_domain, uri=s.siwe_uri, chain_id=self.plan.deployment.chain_id,
            session_ttl=s.session_ttl, nonce_ttl=s.nonce_ttl, clock_skew=s.clock_skew,
        )  # fmt: skip

    def _connect(self) -> Plan:
        path = self.settings.deployment
        if not path.exists():
            raise ChainUnavailable(
                f"no deployment record at {path}: run `lashou deploy` or set LASHOU_DATA_DIR"
            )
        url = self.settings.rpc_url or _node_url(self.settings)
        try:
            w3 = connect(url, timeout=5)
            saved = Deployment.load(path)
        except (NodeError, ValueError) as exc:
            raise ChainUnavailable(f"the chain cannot be reached ({exc}): start the node or"
                                   " set LASHOU_RPC_URL") from None  # fmt: skip
        if saved.chain_id != w3.eth.chain_id:
            raise ChainUnavailable("the node runs another chain than the deployment record:"
                                   " set the matching LASHOU_RPC_URL")  # fmt: skip
        return Plan(w3, saved)


def _node_url(settings: ServiceSettings) -> str:
    import json

    try:
        return str(json.loads((settings.data_dir / "node.json").read_text())["url"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ChainUnavailable(
            "no node to talk to: set LASHOU_RPC_URL or start one with `lashou node`"
        ) from None
