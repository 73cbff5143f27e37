"""Where the index lives, and its schema migrated at start-up (no node needed)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from lashou.indexer.db import DatabaseError, database_url, normalise_url, open_database
from lashou.indexer.models import Base


def test_database_url__defaults_to_sqlite_in_the_data_folder(tmp_path):
    url = database_url(env={"LASHOU_DATA_DIR": str(tmp_path)})
    assert url == f"sqlite:///{tmp_path.resolve() / 'index.sqlite'}"


def test_database_url__the_environment_names_another_database(tmp_path):
    env = {"LASHOU_DATA_DIR": str(tmp_path), "LASHOU_DATABASE_URL": " postgresql://u@h/db "}
    assert database_url(env=env) == "postgresql://u@h/db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_open_database__migrates_a_new_file_to_every_table(tmp_path):
    engine = open_database(url=f"sqlite:///{tmp_path / 'sub' / 'index.sqlite'}")
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    again = open_database(url=str(engine.url))  # an up-to-date schema is left alone
    assert set(inspect(again).get_table_names()) == set(inspect(engine).get_table_names())


def test_open_database__an_unreachable_server_is_one_sentence():
    with pytest.raises(DatabaseError, match="cannot be reached or migrated .*LASHOU_DATABASE_URL"):
        open_database(url="postgresql://postgres@127.0.0.1:1/test?connect_timeout=2")


def test_open_database__an_unknown_driver_is_refused():
    with pytest.raises(DatabaseError, match="is not usable"):
        open_database(url="nonsense://nowhere")
