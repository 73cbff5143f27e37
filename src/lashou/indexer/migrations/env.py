"""Alembic environment of the index: runs on the connection `lashou.indexer.db.migrate` gives."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from lashou.indexer.models import Base

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached through `alembic` on a command line
    raise RuntimeError("Run the index migrations through lashou.indexer.db.migrate.")

context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
