"""The CLI's local keystore: one standard encrypted JSON key file (scrypt) per account name.

Files are eth_account's `Account.encrypt` output, so any Ethereum wallet can import them. The
password comes from the caller or from LASHOU_PASSWORD; a raw key in LASHOU_PRIVATE_KEY may
stand in for a keystore account (handy on a development node, never for real money).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_utils.address import to_checksum_address

PASSWORD_ENV = "LASHOU_PASSWORD"
PRIVATE_KEY_ENV = "LASHOU_PRIVATE_KEY"
DATA_DIR_ENV = "LASHOU_DATA_DIR"  # the product's data folder, as in chain/settings.py
SCRYPT_N = 2**18  # eth_account's default scrypt work factor
_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_HEX_KEY = re.compile(r"(0x)?[0-9a-fA-F]{64}")
_HEX_ADDRESS = re.compile(r"(0x)?[0-9a-fA-F]{40}")


class KeystoreError(ValueError):
    """A keystore request that cannot be met; the message says what to do."""


@dataclass(frozen=True)
class KeystoreAccount:
    name: str
    address: str


class Keystore:
    """Key files `<name>.json` in `folder` (default: `keystore` in LASHOU_DATA_DIR or .lashou).

    `work_factor` is the scrypt N for new files; unlocking reads it from each file.
    """

    def __init__(
        self,
        folder: str | Path | None = None,
        *,
        work_factor: int = SCRYPT_N,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._environ = os.environ if environ is None else environ
        data_dir = self._environ.get(DATA_DIR_ENV, "").strip() or ".lashou"
        self.folder = Path(folder) if folder is not None else Path(data_dir) / "keystore"
        self.work_factor = work_factor

    def __repr__(self) -> str:
        return f"Keystore({str(self.folder)!r})"

    def create(self, name: str, password: str | None = None) -> KeystoreAccount:
        """A new random account saved under `name`."""
        return self._save(name, bytes(Account.create().key), password)

    def import_key(
        self, name: str, private_key: bytes | str, password: str | None = None
    ) -> KeystoreAccount:
        """Save an existing private key (32 bytes, or 64 hex digits) under `name`."""
        return self._save(name, _parse_key(private_key, "key to import"), password)

    def list(self) -> list[KeystoreAccount]:
        """Every account in the folder, by name."""
        if not self.folder.is_dir():
            return []
        return [
            KeystoreAccount(path.stem, _address(self._read(path.stem)))
            for path in sorted(self.folder.glob("*.json"))
            if _NAME.fullmatch(path.stem)
        ]

    def unlock(self, name: str, password: str | None = None) -> bytes:
        """The private key of account `name`."""
        keyfile = self._read(name)
        secret = self._password(password)
        try:
            return bytes(Account.decrypt(keyfile, secret))
        except ValueError:
            raise KeystoreError(
                f"wrong password for account '{name}': try again with the right password"
            ) from None

    def path(self, name: str) -> Path:
        if not _NAME.fullmatch(name):
            raise KeystoreError(
                "account name must be 1 to 64 letters, digits, '-' or '_': choose another name"
            )
        return self.folder / f"{name}.json"

    def _save(self, name: str, key: bytes, password: str | None) -> KeystoreAccount:
        path = self.path(name)
        if path.exists():
            raise _exists(name, path)
        secret = self._password(password)
        if not secret:
            raise KeystoreError("password is empty: choose a password to protect the key")
        keyfile = Account.encrypt(key, secret, kdf="scrypt", iterations=self.work_factor)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise _exists(name, path) from None
        with os.fdopen(fd, "w") as handle:
            json.dump(keyfile, handle)
        return KeystoreAccount(name, _address(keyfile))

    def _read(self, name: str) -> dict[str, Any]:
        path = self.path(name)
        try:
            keyfile = json.loads(path.read_text())
        except FileNotFoundError:
            raise KeystoreError(
                f"no account named '{name}' in {self.folder}: create or import it first"
            ) from None
        except (ValueError, UnicodeDecodeError):
            keyfile = None
        if not isinstance(keyfile, dict) or not _HEX_ADDRESS.fullmatch(str(keyfile.get("address"))):
            raise KeystoreError(f"{path} is not a keystore file: restore it from a backup")
        return keyfile

    def _password(self, password: str | None) -> str:
        if password is not None:
            return password
        if PASSWORD_ENV in self._environ:
            return self._environ[PASSWORD_ENV]
        raise KeystoreError(f"no password given: pass one or set {PASSWORD_ENV}")


def load_key(
    name: str | None = None,
    *,
    folder: str | Path | None = None,
    password: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> bytes:
    """The private key of keystore account `name`, or, with no name, the raw key in
    LASHOU_PRIVATE_KEY."""
    env = os.environ if environ is None else environ
    if name is not None:
        return Keystore(folder, environ=env).unlock(name, password)
    raw = env.get(PRIVATE_KEY_ENV)
    if raw is None:
        raise KeystoreError(f"no account given: name a keystore account or set {PRIVATE_KEY_ENV}")
    return _parse_key(raw, PRIVATE_KEY_ENV)


def _parse_key(key: bytes | str, what: str) -> bytes:
    if isinstance(key, str):
        key = key.strip()
        key = bytes.fromhex(key.removeprefix("0x")) if _HEX_KEY.fullmatch(key) else b""
    try:
        if len(key) != 32:
            raise ValueError
        Account.from_key(key)
    except ValueError:
        raise KeystoreError(
            f"{what} is not a valid private key: give 0x followed by 64 hex digits"
        ) from None
    return key


def _exists(name: str, path: Path) -> KeystoreError:
    return KeystoreError(
        f"account '{name}' already exists: choose another name or remove {path} first"
    )


def _address(keyfile: Mapping[str, Any]) -> str:
    return to_checksum_address("0x" + str(keyfile["address"]).removeprefix("0x"))
