"""Migrations of the service's own tables (documents, sign-in), shipped in this package and run
at start-up; their version table is separate from the index's, so both may share a database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from lashou.indexer.db import migrate

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def migrate_service(*, engine: Engine, revision: str = "head") -> None:
    """Bring the service tables to `revision` (a DatabaseError says what to check if not)."""
    migrate(engine=engine, revision=revision, location=MIGRATIONS, what="service")
