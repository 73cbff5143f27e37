"""Where the index lives and how its schema gets there.

- LASHOU_DATABASE_URL: a SQLAlchemy URL; `postgresql://…` is read with psycopg 3. When unset,
  the index is the SQLite file `<LASHOU_DATA_DIR>/index.sqlite`.

`open_database(url=…)` returns an engine whose schema is migrated to the newest revision: the
Alembic migrations ship inside this package (lashou/indexer/migrations) and run at start-up, so
an installed package can create and upgrade its own database.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from lashou.chain.settings import PREFIX, Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE = "index.sqlite"


class DatabaseError(RuntimeError):
    """The index database could not be opened or migrated."""


def database_url(*, env: Mapping[str, str] | None = None, data_dir: Path | None = None) -> str:
    """LASHOU_DATABASE_URL, or the SQLite file in `data_dir` (default: LASHOU_DATA_DIR)."""
    env = os.environ if env is None else env
    url = env.get(PREFIX + "DATABASE_URL", "").strip()
    if url:
        return url
    folder = data_dir if data_dir is not None else Settings.from_env(env).data_dir
    return f"sqlite:///{folder / SQLITE_FILE}"


def normalise_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3 here (the driver this package ships)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create(*, url: str) -> Engine:
    """An engine on `url` (SQLite files get their folder, WAL and foreign keys)."""
    try:
        parsed = make_url(normalise_url(url))
        parsed.get_dialect()
    except ArgumentError as exc:
        raise DatabaseError(f"The database URL {url!r} is not usable ({exc}); fix it.") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record):  # type: ignore[no-untyped-def]
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(parsed, pool_pre_ping=True)


def migrate(
    *, engine: Engine, revision: str = "head", location: Path = MIGRATIONS, what: str = "index"
) -> None:
    """Bring the schema to `revision` with the migrations at `location` (the index's, shipped
    in this package, unless another set of tables — `what` — names its own)."""
    config = Config()
    config.set_main_option("script_location", str(location))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseError(
            f"The {what} database at {where} cannot be reached or migrated "
            f"({str(exc.orig).strip().splitlines()[0]}); "
            "check LASHOU_DATABASE_URL."
        ) from exc


def open_database(*, url: str | None = None) -> Engine:
    """An engine on `url` (default: `database_url()`), migrated to the newest schema."""
    engine = create(url=url or database_url())
    migrate(engine=engine)
    return engine


def sessions(*, engine: Engine) -> sessionmaker[Session]:
    """A session factory on `engine` (objects stay readable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)
