"""`lashou serve`: the chain, the plan, the keeper, the indexer, the API and the page at once."""

from __future__ import annotations

import logging
import time

import click
from rich.console import Console

from lashou.chain.node import NodeError
from lashou.cli.context import App, pass_app
from lashou.cli.units import CliError
from lashou.indexer.db import DatabaseError
from lashou.indexer.fetch import IndexerError
from lashou.service.chain import ServeError
from lashou.service.run import Platform, ServeOptions


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="Port of the API and the page.")  # fmt: skip
@click.option("--demo-data", is_flag=True,
              help="First live the demo scenario through on the chain if the plan has no"
              " members yet (development node only).")  # fmt: skip
@click.option("--demo-members", type=click.IntRange(min=20), default=200, show_default=True,
              help="Members of the demo scenario.")  # fmt: skip
@click.option("--keeper-poll", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
              help="Seconds between the keeper's rounds.")  # fmt: skip
@click.option("--index-poll", type=click.FloatRange(min=0.1), default=1.0, show_default=True,
              help="Seconds between the indexer's polls.")  # fmt: skip
@click.option("--database-url", default=None, envvar="LASHOU_DATABASE_URL",
              help="Index database (default: index.sqlite in the data folder).")  # fmt: skip
@pass_app
def serve(
    app: App,
    host: str,
    port: int,
    demo_data: bool,
    demo_members: int,
    keeper_poll: float,
    index_poll: float,
    database_url: str | None,
) -> None:
    """Run the platform until Ctrl-C: chain, plan, keeper, indexer, API and page.

    Without --rpc-url it starts a local node whose state stays in the data folder (a block
    every 2 s, so deadlines pass by themselves), deploys the plan once, and serves
    http://HOST:PORT (API documentation at /docs). A restart with the same data folder
    continues where it stopped; if that node dies, serve stops too and says so.
    """
    console = Console(stderr=True)
    started = time.monotonic()

    def say(message: str) -> None:
        elapsed = time.monotonic() - started
        console.print(f"{message} [dim]({elapsed:.0f} s)[/]", soft_wrap=True, highlight=False)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", force=True)
    for noisy in ("alembic", "httpx", "web3", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    options = ServeOptions(
        data_dir=app.data_dir, anvil=app.anvil, rpc_url=app.rpc_url_option, host=host,
        port=port, demo_data=demo_data, demo_members=demo_members, keeper_poll=keeper_poll,
        index_poll=index_poll, database_url=database_url,
    )  # fmt: skip
    try:
        Platform(options, say).run()
    except (ServeError, NodeError, DatabaseError, IndexerError) as exc:
        raise CliError(str(exc)) from None
    say("Stopped")
