"""`lashou verify`: re-derive the public state from chain events and check everyone agrees."""

from __future__ import annotations

import json
import sys
from functools import partial

import click
import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from lashou.cli.context import App, json_option, pass_app
from lashou.cli.units import CliError
from lashou.indexer import models as m
from lashou.indexer.db import SQLITE_FILE, DatabaseError, create, database_url
from lashou.indexer.fetch import IndexerError
from lashou.verify.check import IndexReader, Verification, verify
from lashou.verify.sources import SourceError, from_api, from_index, reachable

DEFAULT_API = "http://127.0.0.1:8000"


@click.command(name="verify")
@click.option("--api", "api_url", metavar="URL", default=None,
              help=f"Compare with this API [default: {DEFAULT_API} when it answers, else the"
              " index database].")  # fmt: skip
@click.option("--database-url", "database_url_option", default=None,
              help="Compare with this index database [default: LASHOU_DATABASE_URL, else"
              " index.sqlite in the data folder].")  # fmt: skip
@click.option("--chain-only", is_flag=True, help="Compare with the contracts only.")
@json_option
@pass_app
def verify_command(
    app: App, api_url: str | None, database_url_option: str | None, chain_only: bool
) -> None:
    """Replay every plan event from block 0 and compare with the contracts, the index and the
    token balances, and every row of the index database with a fresh index of the chain; exits
    1 and shows a table when anything differs."""
    plan = app.plan
    index, checkpoint, tables = (None, None, None) if chain_only else _index_source(
        app, api_url, database_url_option
    )  # fmt: skip
    try:
        result = verify(plan, index=index, checkpoint=checkpoint, tables=tables)
    except (SourceError, IndexerError, DatabaseError, SQLAlchemyError, RuntimeError) as exc:
        raise CliError(str(exc).splitlines()[0]) from None
    _report(app, result)
    if not result.ok:
        sys.exit(1)


def _index_source(
    app: App, api_url: str | None, database_url_option: str | None
) -> tuple[IndexReader | None, partial[int] | None, Engine | None]:
    """The API given (or the default one when it answers), else the index database if any;
    the index database's tables are compared whenever there is one."""
    engine = _index_database(app, database_url_option)
    if api_url is None and database_url_option is None and reachable(DEFAULT_API):
        api_url = DEFAULT_API
    if api_url is not None:
        return partial(from_api, api_url), partial(_api_checkpoint, api_url), engine
    if engine is None:
        app.say("No index to compare with (no API answers, no index database): checking"
                " the contracts only.")  # fmt: skip
        return None, None, None
    return partial(from_index, engine), partial(_db_checkpoint, engine), engine


def _index_database(app: App, database_url_option: str | None) -> Engine | None:
    """The index database given, else the data folder's when it exists."""
    url = database_url_option or database_url(data_dir=app.data_dir)
    if database_url_option is None and url.endswith(SQLITE_FILE):
        if not (app.data_dir / SQLITE_FILE).exists():
            return None
    return create(url=url)


def _api_checkpoint(url: str) -> int:
    try:
        return int(httpx.get(url.rstrip("/") + "/api/stats", timeout=30).json()["checkpoint_block"])
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        raise SourceError(f"The API at {url} does not answer /api/stats ({exc}): start"
                          " `lashou serve` or pass the right --api.") from None  # fmt: skip


def _db_checkpoint(engine: Engine) -> int:
    with Session(engine) as s:
        state = s.get(m.SyncState, 1)
    if state is None:
        raise SourceError("The index database is empty: run `lashou index` (or `lashou serve`).")
    return int(state.block_number)


def _report(app: App, result: Verification) -> None:
    if app.as_json:
        data = {"ok": result.ok, "block": result.block, "events": result.events,
                "members": result.members, "claims": result.claims, "sources": result.sources,
                "differences": [vars(d) for d in result.differences]}  # fmt: skip
        click.echo(json.dumps(data, indent=2))
        return
    if result.ok:
        click.echo(result.summary())
        return
    table = Table(title=f"What differs from the chain's events at block {result.block}")
    for column in ("field", "source", "the events say", "found"):
        table.add_column(column)
    for d in result.differences:
        table.add_row(d.what, d.source, d.expected, d.found)
    Console(width=None if sys.stdout.isatty() else 200).print(table)
    click.echo(f"{len(result.differences)} difference(s) from the chain's events.")
