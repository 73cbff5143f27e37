"""`lashou demo`: a whole plan lived through on a fresh development node."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import click
from rich.console import Console

from lashou.chain.deploy import dev_roles
from lashou.chain.node import connect, start_node
from lashou.chain.tx import TransactionFailed
from lashou.cli.context import App, pass_app


@click.command()
@click.option("--members", default=200, show_default=True, help="Members to admit.")
@click.option("--witnesses", default=12, show_default=True, help="Witnesses to register.")
@click.option(
    "--seed", default="lashou-demo", show_default=True, help="Seed of the synthetic people."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_app
def demo(app: App, members: int, witnesses: int, seed: str, as_json: bool) -> None:
    """Live a whole plan through on a fresh development node and report what happened.

    With --rpc-url it runs on that (development) node; otherwise on a temporary one.
    """
    from lashou.sim.report import render
    from lashou.sim.scenario import Demo, DemoOptions

    as_json = as_json or app.as_json
    if members < 20 or witnesses < 12:
        raise click.UsageError(
            "The demo needs at least 20 members and 12 witnesses (its panels are drawn at the"
            " same time)"
        )
    console = Console(stderr=as_json, width=None if sys.stdout.isatty() else 150)
    started = time.monotonic()

    def progress(what: str, steps: int) -> None:
        console.log(f"[bold]{what}[/] ({time.monotonic() - started:.0f} s)")

    options = DemoOptions(members=members, witnesses=witnesses, seed=seed)
    try:
        if app.rpc_url_option:
            report = Demo(connect(app.rpc_url_option), dev_roles(), options, progress).run()
        else:
            with (
                tempfile.TemporaryDirectory(prefix="lashou-demo-") as tmp,
                start_node(Path(tmp), anvil=app.anvil) as node,
            ):
                report = Demo(node.web3(), dev_roles(), options, progress).run()
    except TransactionFailed as exc:
        console.print(f"[red]The demo stopped: {exc}")
        sys.exit(1)
    if as_json:
        click.echo(report.to_json())
    else:
        render(report, console)
    sys.exit(0 if report.conserved else 1)
