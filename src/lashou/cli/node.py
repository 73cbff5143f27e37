"""`lashou node`, `lashou deploy` and the development-node helpers under `lashou dev`."""

from __future__ import annotations

import json
import os
import secrets
import signal
import time
from decimal import Decimal
from types import FrameType
from typing import cast

import click
from eth_typing import ABI
from web3 import Web3

from lashou.chain.artifacts import compile_contract
from lashou.chain.deploy import dev_account, dev_roles, load_or_deploy
from lashou.chain.node import CHAIN_ID, start_node
from lashou.chain.params import DEFAULT_BENEFITS
from lashou.chain.plan import Deployment
from lashou.chain.tx import Sender, increase_time, mine, set_balance
from lashou.cli.context import App, json_option, pass_app
from lashou.cli.helpers import ADDRESS, tx_hash
from lashou.cli.units import (
    AMOUNT,
    CliError,
    Money,
    When,
    parse_amount,
    parse_assignment,
    parse_duration,
    parse_parameter,
    to_base,
)
from lashou.identity.synthetic import SyntheticIdentities

DEV_COIN = 100  # whole coins of gas money `dev fund` gives by default


@click.command()
@click.option("--port", type=int, help="Port on 127.0.0.1 [default: a free one].")
@pass_app
def node(app: App, port: int | None) -> None:
    """Run a local development node (anvil) until Ctrl-C, its state saved in the data folder.

    Prints the node's URL; other `lashou` commands with the same --data-dir find it without
    --rpc-url while it runs.
    """
    _refuse_second_node(app)
    # Explicit handlers: a shell may start a background job with SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    interrupted = False
    with start_node(app.data_dir, anvil=app.anvil, port=port) as local:
        record = {"url": local.url, "pid": os.getpid(), "chain_id": CHAIN_ID}
        app.node_file.write_text(json.dumps(record) + "\n")
        try:
            click.echo(local.url)
            app.say(
                f"Development node running with its state in {local.chain_dir}; press Ctrl-C"
                f" to stop it (elsewhere: export LASHOU_RPC_URL={local.url})."
            )
            while local.running:
                time.sleep(0.2)
        except KeyboardInterrupt:
            interrupted = True  # leaving the `with` stops anvil, which saves its state
        finally:
            app.node_file.unlink(missing_ok=True)
        if not interrupted:
            raise CliError(f"anvil stopped on its own: see its log {local.log_file}.")
    app.say("Node stopped; its state is saved.")


@click.command()
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE",
    help="A plan parameter of a new deployment, e.g. cap=10, waiting_period=90d (repeatable).",
)  # fmt: skip
@click.option(
    "--benefit", "benefits", multiple=True, metavar="TIER=AMOUNT",
    help="A tier's benefit in tokens for a new deployment, e.g. 0=300000 (repeatable).",
)  # fmt: skip
@click.option("--token", metavar="ADDRESS", help="Use this ERC-20 instead of a new dev token.")
@json_option
@pass_app
def deploy(app: App, params: tuple[str, ...], benefits: tuple[str, ...], token: str | None) -> None:
    """Deploy the plan on the node once (or reuse the saved one) and print its addresses.

    On a development node (chain 31337) the roles are anvil's well-known test accounts:
    deployer 0, governance 1, operator 2, attestor 3, keeper 4, notaries 5 and 6.
    """
    w3 = app.w3
    chain_id = w3.eth.chain_id
    if chain_id != CHAIN_ID:
        raise CliError(
            f"The node at {app.rpc_url} runs chain {chain_id}: `lashou deploy` deploys with the"
            f" development keys on a development node (chain {CHAIN_ID}) only."
        )
    decimals, symbol = _token_units(w3, token)
    overrides = {}
    for text in params:
        name, value = parse_assignment(text)
        overrides[name] = parse_parameter(name, value, decimals, symbol)
    tiers = list(DEFAULT_BENEFITS)
    for text in benefits:
        tier, value = parse_assignment(text)
        if not tier.isdigit() or int(tier) >= len(tiers):
            raise CliError(f"'{tier}' is not a tier: give 0 to {len(tiers) - 1}.")
        tiers[int(tier)] = to_base(parse_amount(value), decimals, symbol)
    record = app.deployment_file
    before = Deployment.load(record).block_hash if record.exists() else None
    app.say(f"Deploying the plan on {app.rpc_url} (or reusing the one in {record})…")
    plan = load_or_deploy(
        w3, app.data_dir, dev_roles(), sender=Sender(w3), record=record, token=token,
        params=overrides or None, benefits=tiers,
    )  # fmt: skip
    reused = before == plan.deployment.block_hash
    if reused and (params or benefits):
        app.say(
            "The saved plan was reused, so --param and --benefit did not apply: delete"
            f" {record} to deploy anew."
        )
    d = plan.deployment
    app.emit(
        {
            "reused": reused, "chain_id": d.chain_id, "block": d.block, "record": str(record),
            "contracts": d.contracts, "roles": d.roles,
        },
        title="The plan was reused." if reused else "The plan is deployed.",
    )  # fmt: skip


@click.group()
def dev() -> None:
    """Development-node helpers: gas money and tokens, moving the clock, mining blocks."""


@dev.command()
@click.argument("address", type=ADDRESS)
@click.option("--tokens", type=AMOUNT, default=Decimal(10_000), show_default=True,
              help="Dev tokens to mint to it.")  # fmt: skip
@click.option("--coin", type=int, default=DEV_COIN, show_default=True, help="Gas coins to give it.")
@json_option
@pass_app
def fund(app: App, address: str, tokens: Decimal, coin: int) -> None:
    """Give ADDRESS gas money and dev tokens (development node only)."""
    _dev_only(app)
    target = address
    if not app.plan.deployment.token_deployed:
        raise CliError("This plan uses an existing token that `lashou dev fund` cannot mint.")
    amount = app.base(tokens)
    set_balance(app.w3, target, coin * 10**18)
    deployer = dev_account(0)
    receipt = app.sender.transact(app.plan.token.functions.mint(target, amount), deployer)
    held = int(app.plan.token.functions.balanceOf(target).call())
    app.emit({"address": target, "minted": Money(amount), "balance": Money(held),
              "coin": coin, "tx": tx_hash(receipt)})  # fmt: skip


@dev.command()
@click.argument("duration")
@json_option
@pass_app
def travel(app: App, duration: str) -> None:
    """Move the node's clock forward by DURATION (e.g. 14d, 12h) and mine a block."""
    _dev_only(app)
    increase_time(app.w3, parse_duration(duration))
    app.emit({"now": When(app.now())})


@dev.command(name="mine")
@click.argument("blocks", type=click.IntRange(1, 10_000), default=1)
@json_option
@pass_app
def mine_blocks(app: App, blocks: int) -> None:
    """Mine BLOCKS empty blocks (to reach a claim's seed block)."""
    _dev_only(app)
    mine(app.w3, blocks)
    app.emit({"block": app.w3.eth.block_number})


@dev.command()
@click.option("--ages", type=(int, int), default=(40, 59), show_default=True,
              help="Youngest and oldest age in whole years.")  # fmt: skip
@click.option("--seed", default=None, help="Draw the same person again with the same seed.")
@json_option
@pass_app
def identity(app: App, ages: tuple[int, int], seed: str | None) -> None:
    """A made-up person for trying the plan out: a valid-format ID number and an obviously
    fake name (never a real person's), to type where `attestor admit-member` asks."""
    low, high = ages
    if not 18 <= low <= high <= 99:
        raise CliError("Ages must be whole years from 18 to 99, youngest first: e.g. --ages 40 59.")
    person = SyntheticIdentities(seed if seed is not None else secrets.token_hex(8)).person(
        ages=(low, high)
    )
    app.emit({"id_number": person.id_number, "name": person.name, "region": person.region,
              "birth_date": person.birth_date.isoformat()})  # fmt: skip


def _dev_only(app: App) -> None:
    if app.w3.eth.chain_id != CHAIN_ID:
        raise CliError(f"The node at {app.rpc_url} is not a development node (chain {CHAIN_ID}).")


def _token_units(w3: Web3, token: str | None) -> tuple[int, str]:
    if token is None:
        return 6, "tUSD"  # the dev token deploy_plan creates
    if not Web3.is_address(token) or not w3.eth.get_code(Web3.to_checksum_address(token)):
        raise CliError(f"No token contract at {token}: check the address.")
    abi = cast(ABI, compile_contract("DevToken").abi)
    erc20 = w3.eth.contract(address=Web3.to_checksum_address(token), abi=abi)
    return int(erc20.functions.decimals().call()), str(erc20.functions.symbol().call())


def _refuse_second_node(app: App) -> None:
    try:
        record = json.loads(app.node_file.read_text())
        pid = int(record["pid"])
        os.kill(pid, 0)
    except (OSError, ValueError, KeyError, TypeError):
        app.node_file.unlink(missing_ok=True)  # none, or left by a node that died
        return
    raise CliError(
        f"A node already runs for {app.data_dir} at {record.get('url')} (process {pid}):"
        " use it, or stop it first."
    )


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
