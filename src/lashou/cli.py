"""The `lashou` command."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import click
from rich.console import Console

from lashou.chain.deploy import dev_roles
from lashou.chain.node import connect, start_node
from lashou.chain.settings import Settings
from lashou.chain.tx import TransactionFailed


@click.group()
@click.version_option(package_name="lashou")
def main() -> None:
    """lashou (拉手互助): a mutual-aid plan for critical illness whose rules and money live on chain."""


@main.command()
@click.option("--members", default=200, show_default=True, help="Members to admit.")
@click.option("--witnesses", default=12, show_default=True, help="Witnesses to register.")
@click.option("--seed", default="lashou-demo", show_default=True, help="Seed of the synthetic people.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def demo(members: int, witnesses: int, seed: str, as_json: bool) -> None:
    """Live a whole plan through on a fresh development node and report what happened."""
    from lashou.sim.report import render
    from lashou.sim.scenario import Demo, DemoOptions

    if members < 20 or witnesses < 9:
        raise click.UsageError("The demo needs at least 20 members and 9 witnesses.")
    console = Console(stderr=as_json, width=None if sys.stdout.isatty() else 150)
    settings = Settings.from_env()
    started = time.monotonic()

    def progress(what: str, steps: int) -> None:
        console.log(f"[bold]{what}[/] ({time.monotonic() - started:.0f} s)")

    options = DemoOptions(members=members, witnesses=witnesses, seed=seed)
    try:
        if settings.rpc_url:
            report = Demo(connect(settings.rpc_url), dev_roles(), options, progress).run()
        else:
            with tempfile.TemporaryDirectory(prefix="lashou-demo-") as tmp, start_node(
                Path(tmp), anvil=settings.anvil
            ) as node:
                report = Demo(node.web3(), dev_roles(), options, progress).run()
    except TransactionFailed as exc:
        console.print(f"[red]The demo stopped: {exc}")
        sys.exit(1)
    if as_json:
        click.echo(report.to_json())
    else:
        render(report, console)
    sys.exit(0 if report.conserved else 1)
