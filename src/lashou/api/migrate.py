"""Migrations of the service's own tables (documents, sign-in), shipped in this package and run
at start-up; their version table is separate from the index's, so both may share a database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class ServiceDatabaseError(RuntimeError):
    """The service database cannot be reached or migrated."""


def migrate_service(*, engine: Engine, revision: str = "head") -> None:
    """Bring the service tables to `revision`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise ServiceDatabaseError(
            f"The service database at {where} cannot be reached or migrated "
            f"({str(exc.orig).strip().splitlines()[0]}); check LASHOU_DATABASE_URL."
        ) from exc
