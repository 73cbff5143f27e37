"""Small pieces the role commands share: attestation files, receipts, addresses."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from eth_utils.crypto import keccak
from web3 import Web3
from web3.contract import Contract
from web3.logs import DISCARD
from web3.types import TxReceipt

from lashou.cli.context import App
from lashou.cli.units import CliError
from lashou.identity.envelope import Envelope


def tx_hash(receipt: TxReceipt) -> str:
    return str(receipt["transactionHash"].to_0x_hex())


def done(app: App, line: str, data: dict[str, Any]) -> None:
    """A command's outcome: `line` (one sentence naming the transaction), or `data` as JSON."""
    if app.as_json:
        app.emit(data)
    else:
        click.echo(line)


def read_envelope(app: App, path: Path, kind: str, contract: str) -> Envelope:
    """An attestation file checked against this plan, this chain and the signing account."""
    envelope = Envelope.read(path, kind)
    expected = str(app.contract(contract).address)
    if envelope.chain_id != app.plan.deployment.chain_id or envelope.contract != expected:
        raise CliError(
            f"{path} was signed for another plan or chain (chain {envelope.chain_id}, contract"
            f" {envelope.contract}): ask for a {kind} for this plan."
        )
    subject = str(getattr(envelope.message, _SUBJECT[kind]))
    if subject != app.account.address:
        raise CliError(
            f"{path} is for {subject}, not for the account {app.account.address}: sign with"
            " that account or ask for a new one."
        )
    used = int(app.contract(contract).functions.nonces(subject).call())
    if int(envelope.message.nonce) < used:
        what, who = _REUSED[kind]
        raise CliError(
            f"{path}: this {what} was already used (or a newer one was): ask the {who} for a"
            " new one."
        )
    return envelope


_REUSED = {
    "member-admission": ("admission", "attestor"), "witness-admission": ("admission", "attestor"),
    "diagnosis": ("attestation", "notary"),
}  # fmt: skip
_SUBJECT = {"member-admission": "member", "witness-admission": "witness", "diagnosis": "patient"}


def event_args(contract: Contract, name: str, receipt: TxReceipt) -> Any:
    """The arguments of the first `name` event `contract` emitted in `receipt`."""
    return contract.events[name]().process_receipt(receipt, errors=DISCARD)[0]["args"]


def required_flag(message: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A callback for an `--on/--off` flag pair that must be given: `message` when neither is
    (click leaves a missing boolean flag as None without complaint)."""

    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            raise CliError(message)
        return value

    return check


def parse_address(text: str) -> str:
    if not Web3.is_address(text):
        raise CliError(f"'{text}' is not an address: give 0x followed by 40 hex digits.")
    return str(Web3.to_checksum_address(text))


class AddressType(click.ParamType[str, Any]):
    """An account address, checked (and checksummed) as typed, before any call to the chain."""

    name = "address"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return parse_address(str(value).strip())


ADDRESS = AddressType()


_HASH = re.compile(r"0x[0-9a-fA-F]{64}")


class DigestType(click.ParamType[bytes, Any]):
    """A document kept off chain, as the keccak-256 hash that goes on chain: a file (hashed
    here) or the hash itself (0x and 64 hex digits)."""

    name = "FILE|HASH"

    def __init__(self, what: str) -> None:
        self.what = what

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> bytes:
        if isinstance(value, bytes):
            return value
        text = str(value).strip()
        if _HASH.fullmatch(text):
            return bytes.fromhex(text[2:])
        path = Path(text)
        if not path.is_file():
            raise CliError(
                f"'{text}' is neither a file nor a 32-byte hash: give the {self.what} file or"
                " its keccak-256 hash (0x and 64 hex digits)."
            )
        content = path.read_bytes()
        if not content:
            raise CliError(
                f"'{text}' is empty: give the {self.what} file itself, not an empty one."
            )
        return keccak(content)
