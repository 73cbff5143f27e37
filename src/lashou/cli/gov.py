"""`lashou gov`: change the plan's rules through the timelock, in public and after the delay."""

from __future__ import annotations

import re

import click
from web3.contract.contract import ContractFunction

from lashou.chain import governance
from lashou.chain.tx import TransactionFailed
from lashou.cli.context import App, json_option, pass_app
from lashou.cli.helpers import ADDRESS, parse_address, required_flag
from lashou.cli.units import CliError, When, format_time, parse_parameter

_OP_ID = re.compile(r"0x[0-9a-fA-F]{64}")

NOTARY_FLAG = required_flag("Say whether to register or remove the notary: add --on or --off.")


@click.group()
def gov() -> None:
    """Governance: propose changes through the timelock and execute them after the delay."""


@gov.group()
def propose() -> None:
    """Schedule a change; it can run once the timelock's delay has passed."""


@propose.command(name="set-parameter")
@click.argument("name")
@click.argument("value")
@json_option
@pass_app
def set_parameter(app: App, name: str, value: str) -> None:
    """Set parameter NAME to VALUE (tokens for amounts, e.g. 10.5; 14d for periods)."""
    base = parse_parameter(name, value, app.decimals, app.symbol)
    _schedule(app, app.plan.config.functions.set_parameter(name, base))


@propose.command(name="set-notary")
@click.argument("address", type=ADDRESS)
@click.option("--on/--off", "registered", required=True, default=None,
              help="Register the notary, or remove it.",
              callback=NOTARY_FLAG)  # fmt: skip
@json_option
@pass_app
def set_notary(app: App, address: str, registered: bool) -> None:
    """Register (--on) or remove (--off) the notary key ADDRESS."""
    _schedule(app, app.plan.config.functions.set_notary(parse_address(address), registered))


@propose.command(name="confirm-period")
@click.argument("period", type=click.IntRange(min=1))
@json_option
@pass_app
def confirm_period(app: App, period: int) -> None:
    """Release settlement PERIOD, held by the circuit breaker, so the next settle pays it."""
    _schedule(app, app.plan.config.functions.confirm_period(period))


@gov.command()
@click.argument("op_id")
@json_option
@pass_app
def execute(app: App, op_id: str) -> None:
    """Run the scheduled operation OP_ID once its delay has passed."""
    if not _OP_ID.fullmatch(op_id):
        raise CliError(f"'{op_id}' is not an operation id: give the 0x… id `gov propose` printed.")
    op = governance.find(app.plan, bytes.fromhex(op_id[2:]))
    timelock = app.plan.timelock.functions
    if timelock.is_operation_done(op.id).call():
        raise CliError(f"Operation {op_id} ({op.label}) has already run.")
    now = app.now()
    if op.ready_at > now:
        raise CliError(
            f"Operation {op_id} ({op.label}) is ready at {format_time(op.ready_at)}, and the"
            f" chain's time is {format_time(now)}: execute it then."
        )
    receipt = governance.execute(app.plan, app.sender, app.account, op)
    app.emit(
        {"operation": op_id, "change": op.label, "tx": receipt["transactionHash"].to_0x_hex()},
        title="Executed.",
    )


def _schedule(app: App, call: ContractFunction) -> None:
    timelock = str(app.plan.timelock.address)
    try:
        app.dry_run(call, sender=timelock)  # as the timelock will run it: refuse what would fail
    except TransactionFailed as exc:
        raise CliError(
            f"This change would fail when executed ({exc.label}: {exc.reason}): nothing was"
            " scheduled; fix the value and propose again."
        ) from None
    op = governance.schedule(app.plan, app.sender, app.account, call)
    app.emit(
        {"operation": "0x" + op.id.hex(), "change": op.label, "ready_at": When(op.ready_at)},
        title="Scheduled in public; run `lashou gov execute` with the operation id once ready.",
    )
