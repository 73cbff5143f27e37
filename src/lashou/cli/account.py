"""`lashou account`: the local keystore (one standard encrypted key file per name)."""

from __future__ import annotations

import os

import click

from lashou.chain.deploy import dev_roles
from lashou.chain.keystore import PASSWORD_ENV, PRIVATE_KEY_ENV, SCRYPT_N, Keystore
from lashou.chain.node import CHAIN_ID
from lashou.cli.context import App, hidden_prompt, json_option, pass_app
from lashou.cli.units import CliError

# keystore name -> the role in lashou.chain.deploy.dev_roles() (the README's names)
DEV_ROLE_NAMES = {
    "attestor": "attestor", "operator": "operator", "keeper": "keeper", "gov": "governance",
}  # fmt: skip

work_factor = click.option(
    "--work-factor", type=click.IntRange(2, 2**20), default=SCRYPT_N, hidden=True,
    help="scrypt N of the new key file (lower it only for throwaway test keys).",
)  # fmt: skip


@click.group()
def account() -> None:
    """Create, import and list the accounts of the local keystore."""


@account.command()
@click.argument("name")
@work_factor
@json_option
@pass_app
def create(app: App, name: str, work_factor: int) -> None:
    """Create a new random account called NAME, protected by a password."""
    store = _store(app, work_factor)
    store.path(name)  # a bad name fails before the password is asked for
    created = store.create(name, _new_password(name))
    app.emit({"name": created.name, "address": created.address}, title="Account created.")


@account.command(name="import")
@click.argument("name")
@work_factor
@json_option
@pass_app
def import_(app: App, name: str, work_factor: int) -> None:
    """Save an existing private key as account NAME.

    The key comes from LASHOU_PRIVATE_KEY or a hidden prompt, never from the command line.
    """
    store = _store(app, work_factor)
    store.path(name)
    key = os.environ.get(PRIVATE_KEY_ENV) or click.prompt(
        "Private key (0x followed by 64 hex digits)", hide_input=True, err=True
    )
    imported = store.import_key(name, key, _new_password(name))
    app.emit({"name": imported.name, "address": imported.address}, title="Account imported.")


@account.command(name="import-dev-roles")
@work_factor
@json_option
@pass_app
def import_dev_roles(app: App, work_factor: int) -> None:
    """Development node only: save the plan's role keys as attestor, operator, notary, keeper, gov.

    These are anvil's well-known test keys: public, for a development node and nothing else.
    Names already in the keystore are kept as they are.
    """
    if app.w3.eth.chain_id != CHAIN_ID:
        raise CliError(
            f"The node at {app.rpc_url} is not a development node (chain {CHAIN_ID}): its roles"
            " have keys of their own, import them with `lashou account import NAME`."
        )
    roles = dev_roles()
    keys = {name: getattr(roles, role) for name, role in DEV_ROLE_NAMES.items()}
    keys["notary"] = roles.notaries[0]
    store = _store(app, work_factor)
    existing = {entry.name: entry.address for entry in store.list()}
    password = None
    done = []
    for name, key in keys.items():
        if name in existing:
            done.append({"name": name, "address": existing[name], "imported": False})
            if existing[name] != key.address:
                app.say(f"Kept your own account '{name}': it does not hold the {name} role.")
            continue
        password = password if password is not None else _new_password("dev roles")
        store.import_key(name, bytes(key.key), password)
        done.append({"name": name, "address": str(key.address), "imported": True})
    app.say(
        "These are anvil's public development keys: anyone can sign with them, so use them on a"
        " development node only."
    )
    app.emit({"accounts": done}, title="Development role accounts:")


@account.command(name="list")
@json_option
@pass_app
def list_(app: App) -> None:
    """List the keystore's accounts and their addresses."""
    entries = app.keystore.list()
    if app.as_json:
        app.emit({"accounts": [{"name": e.name, "address": e.address} for e in entries]})
        return
    if not entries:
        app.say(f"No accounts in {app.keystore.folder}: create one with `lashou account create`.")
    for entry in entries:
        click.echo(f"{entry.name}\t{entry.address}")


def _store(app: App, work_factor: int) -> Keystore:
    return Keystore(app.keystore.folder, work_factor=work_factor)


def _new_password(name: str) -> str:
    if PASSWORD_ENV in os.environ:
        return os.environ[PASSWORD_ENV]
    return hidden_prompt(f"Password for the new account '{name}'", confirm=True)
