"""Alembic environment of the service's own tables (documents, sign-in): runs on the connection
`lashou.api.migrate.migrate_service` gives, with a version table of its own so it can share a
database with the index."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from lashou.api.models import metadata as auth_metadata
from lashou.documents.models import metadata as document_metadata

VERSION_TABLE = "lashou_service_version"

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached through `alembic` on a command line
    raise RuntimeError("Run the service migrations through lashou.api.migrate.migrate_service.")

context.configure(
    connection=connection,
    target_metadata=[document_metadata, auth_metadata],
    version_table=VERSION_TABLE,
)
with context.begin_transaction():
    context.run_migrations()
