"""`lashou index`: follow the plan's events into the index database (SQL)."""

from __future__ import annotations

import logging
import threading

import click

from lashou.cli.context import App, json_option, pass_app
from lashou.indexer.db import DatabaseError, database_url, open_database
from lashou.indexer.fetch import IndexerError
from lashou.indexer.follow import Indexer


@click.command()
@click.option(
    "--database-url",
    "database_url_option",
    default=None,
    help="SQLAlchemy URL (default: LASHOU_DATABASE_URL, else index.sqlite in the data folder).",
)
@click.option("--confirmations", type=click.IntRange(min=0), default=None,
              help="Newest blocks left out (default: 0 on a dev node, else 6).")  # fmt: skip
@click.option("--follow", is_flag=True, help="Keep following new blocks until interrupted.")
@click.option("--poll", type=click.FloatRange(min=0.1), default=2.0, show_default=True,
              help="Seconds between polls with --follow.")  # fmt: skip
@json_option
@pass_app
def index(
    app: App, database_url_option: str | None, confirmations: int | None, follow: bool, poll: float
) -> None:
    """Index the plan's events up to the safe head (and keep following with --follow)."""
    url = database_url_option or database_url(data_dir=app.data_dir)
    try:
        engine = open_database(url=url)
        indexer = Indexer(app.w3, app.plan.deployment, engine=engine,
                          confirmations=confirmations, progress=not app.as_json)  # fmt: skip
        result = indexer.run_once()
    except (DatabaseError, IndexerError) as exc:
        raise click.ClickException(str(exc)) from None
    app.emit(
        {"checkpoint": result.checkpoint, "blocks": result.blocks, "events": result.events,
         "rolled_back": result.rolled_back},
        title=f"Indexed up to block {result.checkpoint}.",
    )  # fmt: skip
    if follow:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        stop = threading.Event()
        try:
            indexer.run(poll_interval=poll, stop_event=stop)
        except KeyboardInterrupt:
            stop.set()
