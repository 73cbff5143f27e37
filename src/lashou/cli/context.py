"""What every `lashou` command shares: the node, the plan, the account, and the output.

Everything is opened lazily, the first time a command needs it, so `lashou account list`
never looks for a node and `lashou member status ADDR` never asks for a password.
"""

from __future__ import annotations

import getpass
import json
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import click
from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import ContractLogicError
from web3.types import TxReceipt

from lashou.chain.keystore import PASSWORD_ENV, PRIVATE_KEY_ENV, Keystore, load_key
from lashou.chain.node import NodeError, connect
from lashou.chain.plan import Deployment, Plan
from lashou.chain.tx import Sender, TransactionFailed, describe, revert_reason
from lashou.cli.units import CliError, Money, When, format_amount, format_time, to_base

NODE_FILE = "node.json"  # written by `lashou node` while it runs: where its node listens
F = TypeVar("F", bound=Callable[..., Any])
# a dry run refused only for want of an allowance: everything else about the action passed
_ALLOWANCE_REASONS = ("allowance", "approve the")


@dataclass
class App:
    """The options of one `lashou` invocation and what they open."""

    data_dir: Path
    anvil: Path
    rpc_url_option: str | None = None
    deployment_option: Path | None = None
    account_name: str | None = None
    as_json: bool = False
    notes: list[str] = field(default_factory=list)

    # -- places ----------------------------------------------------------------------------

    @property
    def keystore(self) -> Keystore:
        return Keystore(self.data_dir / "keystore")

    @property
    def deployment_file(self) -> Path:
        return self.deployment_option or self.data_dir / "deployment.json"

    @property
    def node_file(self) -> Path:
        return self.data_dir / NODE_FILE

    # -- the chain -------------------------------------------------------------------------

    @cached_property
    def rpc_url(self) -> str:
        """--rpc-url, LASHOU_RPC_URL, or the node `lashou node` runs for this data folder."""
        if self.rpc_url_option:
            return self.rpc_url_option
        try:
            url = str(json.loads(self.node_file.read_text())["url"])
        except (OSError, ValueError, KeyError, TypeError):
            raise CliError(
                "No node to talk to: pass --rpc-url (or set LASHOU_RPC_URL), or start one for"
                f" {self.data_dir} with `lashou node`."
            ) from None
        return url

    @cached_property
    def w3(self) -> Web3:
        try:
            return connect(self.rpc_url, timeout=60)
        except NodeError:
            raise CliError(
                f"No node answers at {self.rpc_url}: start one with `lashou node` or pass the"
                " right --rpc-url."
            ) from None

    @cached_property
    def plan(self) -> Plan:
        path = self.deployment_file
        if not path.exists():
            raise CliError(
                f"No deployment record at {path}: run `lashou deploy` first, or pass"
                " --deployment FILE (or --data-dir) to use another one."
            )
        saved = Deployment.load(path)
        chain_id = self.w3.eth.chain_id
        if saved.chain_id != chain_id:
            raise CliError(
                f"The deployment in {path} is on chain {saved.chain_id} but the node at"
                f" {self.rpc_url} runs chain {chain_id}: pass the matching --rpc-url or"
                " --deployment."
            )
        if (
            saved.block > self.w3.eth.block_number
            or bytes(self.w3.eth.get_block(saved.block)["hash"]).hex() != saved.block_hash
        ):
            raise CliError(
                f"The deployment in {path} is not on the chain at {self.rpc_url} (a new chain):"
                " run `lashou deploy` again or pass the right --deployment."
            )
        return Plan(self.w3, saved)

    def contract(self, name: str) -> Contract:
        try:
            return self.plan.contract(name)
        except KeyError as exc:
            raise CliError(str(exc.args[0])) from None

    @cached_property
    def sender(self) -> Sender:
        sender = Sender(self.w3)
        sender.names.update(self.plan.names())
        return sender

    def now(self) -> int:
        """The latest block's timestamp: the chain's clock, which a dev node may have moved."""
        return int(self.w3.eth.get_block("latest")["timestamp"])

    # -- the account -----------------------------------------------------------------------

    @cached_property
    def account(self) -> LocalAccount:
        """The signing key: --account from the keystore, or LASHOU_PRIVATE_KEY."""
        name = self.account_name
        if name is None:
            if PRIVATE_KEY_ENV not in os.environ:
                raise CliError(
                    "No account given: pass --account NAME (see `lashou account list`) or set"
                    f" {PRIVATE_KEY_ENV}."
                )
            key = load_key(None)
        else:
            store = self.keystore
            password = os.environ.get(PASSWORD_ENV)
            if password is None:
                if not store.path(name).exists():
                    raise CliError(
                        f"No account named '{name}' in {store.folder}: create or import it"
                        " with `lashou account`."
                    )
                password = hidden_prompt(f"Password for account '{name}'")
            key = store.unlock(name, password)
        account: LocalAccount = Account.from_key(key)
        return account

    @property
    def address(self) -> str:
        """The account's address, read without unlocking a keystore file."""
        if self.account_name is not None:
            for entry in self.keystore.list():
                if entry.name == self.account_name:
                    return entry.address
        return str(self.account.address)

    # -- the token -------------------------------------------------------------------------

    @cached_property
    def decimals(self) -> int:
        return int(self.plan.token.functions.decimals().call())

    @cached_property
    def symbol(self) -> str:
        return str(self.plan.token.functions.symbol().call())

    def base(self, amount: Decimal) -> int:
        """Tokens as typed to base units of the plan's token."""
        return to_base(amount, self.decimals, self.symbol)

    def tokens(self, base: int) -> str:
        return f"{format_amount(base, self.decimals)} {self.symbol}"

    # -- transactions ----------------------------------------------------------------------

    def send(self, call: Any, label: str | None = None) -> TxReceipt:
        """Send `call` from the account and wait; a revert raises TransactionFailed."""
        address = self.account.address
        if self.w3.eth.get_balance(address) == 0:
            raise CliError(
                f"Account {address} has nothing to pay gas with: send it some of the chain's"
                f" coin first (on a development node: `lashou dev fund {address}`)."
            )
        return self.sender.transact(call, self.account, label=label)

    def ensure_allowance(self, spender: str, amount: int, action: Any) -> TxReceipt | None:
        """Check the account holds `amount` and approve `spender` for it if needed, but only
        once a dry run shows `action` would fail for want of the allowance alone.

        The contracts check first and pull tokens last, so a dry run without the allowance
        reaches the token only when every other check passed: any other refusal is reported
        and no approval is sent (a failed command changes nothing).
        """
        token = self.plan.token.functions
        owner = self.account.address
        allowed = int(token.allowance(owner, spender).call()) >= amount
        if not allowed:  # the action's own refusal first: it says more than the balance
            self.dry_run(action, allowed=_ALLOWANCE_REASONS)
        held = int(token.balanceOf(owner).call())
        if held < amount:
            raise CliError(
                f"Account {owner} holds {self.tokens(held)}, less than the {self.tokens(amount)}"
                f" needed: get more {self.symbol} first."
            )
        return None if allowed else self.send(token.approve(spender, amount))

    def dry_run(
        self, call: Any, *, allowed: tuple[str, ...] = (), sender: str | None = None
    ) -> None:
        """eth_call `call` from `sender` (default: the account); a revert (but for reasons
        containing one of `allowed`) raises TransactionFailed with its reason, before anything
        is sent."""
        try:
            call.call({"from": sender or self.account.address})
        except ContractLogicError as exc:
            reason = revert_reason(exc)
            if not any(word in reason for word in allowed):
                raise TransactionFailed(describe(call, self.sender.names), reason) from None

    # -- output ----------------------------------------------------------------------------

    def emit(self, data: dict[str, Any], *, title: str | None = None) -> None:
        """Print a command's result: JSON with --json, else aligned `label  value` lines."""
        if self.as_json:
            click.echo(json.dumps(self._plain(data, iso=True), indent=2, ensure_ascii=False))
            return
        if title:
            click.echo(title)
        plain = self._plain(data, iso=False)
        width = max((len(k) for k in plain), default=0)
        for key, value in plain.items():
            label = key.replace("_", " ")
            if isinstance(value, list):
                click.echo(f"  {label}:" + ("" if value else " none"))
                for item in value:
                    click.echo(f"    {_line(item)}")
            elif isinstance(value, dict):
                click.echo(f"  {label}:")
                inner = max((len(k) for k in value), default=0)
                for name, item in value.items():
                    click.echo(f"    {name.replace('_', ' ').ljust(inner)}  {_line(item)}")
            else:
                click.echo(f"  {label.ljust(width)}  {_line(value)}")

    def say(self, message: str) -> None:
        """A progress note on stderr (never mixed into --json output)."""
        click.echo(message, err=True)

    def on_success(self, message: str) -> None:
        """A note on stderr once the command has succeeded (a failure says one thing only)."""
        self.notes.append(message)

    def _plain(self, value: Any, *, iso: bool) -> Any:
        if isinstance(value, Money):
            return format_amount(value.base, self.decimals) if iso else self.tokens(value.base)
        if isinstance(value, When):
            return format_time(value.timestamp, iso=iso)
        if isinstance(value, dict):
            return {k: self._plain(v, iso=iso) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._plain(v, iso=iso) for v in value]
        return value


def _line(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_line(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')}: {_line(v)}" for k, v in value.items())
    return str(value)


def hidden_prompt(text: str, *, confirm: bool = False) -> str:
    """Ask for a secret with hidden input; with no terminal to hide it on, refuse (rather than
    read it from a pipe with a GetPassWarning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", getpass.GetPassWarning)
        try:
            value: str = click.prompt(text, hide_input=True, confirmation_prompt=confirm, err=True)
        except getpass.GetPassWarning:
            raise CliError(
                f"No terminal to ask for the password: set {PASSWORD_ENV} or run in a terminal."
            ) from None
    return value


pass_app = click.make_pass_decorator(App)


def json_option(command: F) -> F:
    """Let a command take --json after its name too (`lashou member status --json`)."""

    def set_json(ctx: click.Context, _: click.Parameter, value: bool) -> None:
        if value:
            ctx.find_object(App).as_json = True  # type: ignore[union-attr]

    option = click.option(
        "--json", "as_json", is_flag=True, expose_value=False, callback=set_json,
        help="Print the result as JSON.",
    )  # fmt: skip
    return option(command)
