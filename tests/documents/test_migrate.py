"""The service tables' migration to one copy per party: documents stored before it keep their
file and stay readable, and a second party's copy of the same content can then be stored."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.config import Config
from eth_utils import keccak
from sqlalchemy import Engine, create_engine, inspect, text

from lashou.api.migrate import MIGRATIONS, migrate_service
from lashou.documents.address import Kind
from lashou.documents.crypto import load_or_create_key
from lashou.documents.store import DocumentStore
from tests.indexer.conftest import PG_DSN, _pg_user

OWNER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
EVIDENCE = b"the ledger of a clinic that never saw the patient"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh service database: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        made = create_engine(f"sqlite:///{tmp_path / 'service.db'}")
        yield made
        made.dispose()
        return
    user = _pg_user()
    if user is None:
        pytest.skip("No PostgreSQL server answers at 127.0.0.1:5432.")
    schema = f"lashou_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{PG_DSN} user={user}", autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    made = create_engine(
        f"postgresql+psycopg://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    )
    yield made
    made.dispose()
    with psycopg.connect(f"{PG_DSN} user={user}", autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _stored_by_s0001(engine: Engine, folder: Path, tmp_path: Path) -> str:
    """One evidence document as revision s0001's store kept it: a row keyed by its address and
    its sealed file at <first two hex digits>/<64 hex digits>."""
    migrate_service(engine=engine, revision="s0001")
    raw = keccak(EVIDENCE)
    address = "0x" + raw.hex()
    sealed = load_or_create_key(tmp_path / "doc.key").seal(b"\x00" + EVIDENCE, raw)
    (folder / address[2:4]).mkdir(parents=True)
    (folder / address[2:4] / address[2:]).write_bytes(sealed)
    with engine.begin() as db:
        db.execute(
            text("INSERT INTO documents (address, kind, owner, claim_id, size, created)"
                 " VALUES (:address, 'evidence', :owner, 2, :size, :created)"),
            {"address": address, "owner": OWNER, "size": len(EVIDENCE),
             "created": "2026-12-01 08:00:00+00:00"},
        )  # fmt: skip
    return address


def _downgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_migrate_service__a_document_stored_before_stays_readable_beside_new_copies(
    engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "documents"
    address = _stored_by_s0001(engine, folder, tmp_path)
    migrate_service(engine=engine)
    key = inspect(engine).get_pk_constraint("documents")["constrained_columns"]
    assert key == ["address", "kind", "claim_id", "owner"]
    store = DocumentStore(folder, engine, load_or_create_key(tmp_path / "doc.key"))
    (before,) = store.copies(address)
    legacy = f"{address[2:4]}/{address[2:]}"
    assert (before.owner, before.claim_id, before.blob) == (OWNER, 2, legacy)
    assert store.open(before).content == EVIDENCE
    other = store.put(kind=Kind.EVIDENCE, content=EVIDENCE, owner=OTHER, claim_id=2)
    assert other.address == address and len(store.copies(address)) == 2
    assert store.open(other).content == EVIDENCE


def test_migrate_service__downgrade_keeps_documents_stored_before(
    engine: Engine, tmp_path: Path
) -> None:
    address = _stored_by_s0001(engine, tmp_path / "documents", tmp_path)
    migrate_service(engine=engine)
    _downgrade(engine, "s0001")
    assert inspect(engine).get_pk_constraint("documents")["constrained_columns"] == ["address"]
    with engine.connect() as db:
        assert db.execute(text("SELECT address FROM documents")).scalars().all() == [address]


def test_migrate_service__downgrade_with_copies_stored_since_is_refused(
    engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "documents"
    _stored_by_s0001(engine, folder, tmp_path)
    migrate_service(engine=engine)
    store = DocumentStore(folder, engine, load_or_create_key(tmp_path / "doc.key"))
    store.put(kind=Kind.EVIDENCE, content=EVIDENCE, owner=OTHER, claim_id=2)
    with pytest.raises(RuntimeError, match="revision s0001 cannot find"):
        _downgrade(engine, "s0001")
    assert len(inspect(engine).get_pk_constraint("documents")["constrained_columns"]) == 4
