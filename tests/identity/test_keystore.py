"""The CLI keystore: standard encrypted key files, passwords, and raw keys from the environment."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from eth_account import Account

from lashou.chain.keystore import (
    SCRYPT_N,
    Keystore,
    KeystoreAccount,
    KeystoreError,
    load_key,
)

FAST = 2**4  # scrypt N for tests; real files use SCRYPT_N
KEY = bytes.fromhex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
ADDRESS = Account.from_key(KEY).address


@pytest.fixture
def store(tmp_path: Path) -> Keystore:
    return Keystore(tmp_path / "keys", work_factor=FAST, environ={})


def message(error: pytest.ExceptionInfo[KeystoreError]) -> str:
    return str(error.value)


def test_create__standard_file(store: Keystore) -> None:
    account = store.create("alice", "pw")
    path = store.path("alice")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    keyfile = json.loads(path.read_text())
    assert keyfile["crypto"]["kdf"] == "scrypt"
    assert keyfile["crypto"]["kdfparams"]["n"] == FAST
    key = Account.decrypt(keyfile, "pw")
    assert Account.from_key(key).address == account.address
    assert store.unlock("alice", "pw") == bytes(key)
    assert SCRYPT_N == 2**18


def test_create__exists(store: Keystore) -> None:
    store.create("alice", "pw")
    with pytest.raises(KeystoreError) as error:
        store.import_key("alice", KEY)  # refused before asking for a password
    assert message(error) == (
        f"account 'alice' already exists: choose another name or remove {store.path('alice')} first"
    )


@pytest.mark.parametrize("name", ["", "a/b", "../x", "x" * 65, "名字", "a.b"])
def test_create__invalid_name(store: Keystore, name: str) -> None:
    with pytest.raises(KeystoreError) as error:
        store.create(name, "pw")
    assert message(error) == (
        "account name must be 1 to 64 letters, digits, '-' or '_': choose another name"
    )


def test_create__empty_password(store: Keystore) -> None:
    with pytest.raises(KeystoreError) as error:
        store.create("alice", "")
    assert message(error) == "password is empty: choose a password to protect the key"
    assert not store.path("alice").exists()


def test_create__password_from_environment(tmp_path: Path) -> None:
    store = Keystore(tmp_path, work_factor=FAST, environ={"LASHOU_PASSWORD": "env-pw"})
    account = store.create("bob")
    assert Account.from_key(store.unlock("bob")).address == account.address
    assert Account.from_key(store.unlock("bob", "env-pw")).address == account.address


def test_create__no_password(store: Keystore) -> None:
    with pytest.raises(KeystoreError) as error:
        store.create("alice")
    assert message(error) == "no password given: pass one or set LASHOU_PASSWORD"


@pytest.mark.parametrize("key", [KEY, KEY.hex(), "0x" + KEY.hex(), " 0x" + KEY.hex().upper()])
def test_import_key__formats(store: Keystore, key: bytes | str) -> None:
    assert store.import_key("imported", key, "pw") == KeystoreAccount("imported", ADDRESS)
    assert store.unlock("imported", "pw") == KEY


@pytest.mark.parametrize("key", [b"\x01" * 31, "0x1234", "zz" * 32, b"\x00" * 32, b"\xff" * 32])
def test_import_key__invalid(store: Keystore, key: bytes | str) -> None:
    with pytest.raises(KeystoreError) as error:
        store.import_key("imported", key, "pw")
    assert message(error) == (
        "key to import is not a valid private key: give 0x followed by 64 hex digits"
    )


def test_list__accounts_by_name(store: Keystore) -> None:
    assert store.list() == []
    bob = store.create("bob", "pw")
    store.import_key("alice", KEY, "pw")
    (store.folder / "notes.txt").write_text("not a key")
    (store.folder / "bad name.json").write_text("{}")
    assert store.list() == [KeystoreAccount("alice", ADDRESS), bob]


def test_unlock__wrong_password(store: Keystore) -> None:
    store.import_key("alice", KEY, "pw")
    with pytest.raises(KeystoreError) as error:
        store.unlock("alice", "nope")
    assert message(error) == "wrong password for account 'alice': try again with the right password"


def test_unlock__unknown_name(store: Keystore) -> None:
    with pytest.raises(KeystoreError) as error:
        store.unlock("carol", "pw")
    assert message(error) == (
        f"no account named 'carol' in {store.folder}: create or import it first"
    )


@pytest.mark.parametrize("content", ["not json", "[]", '{"address": 5}', b"\xff\xfe"])
def test_unlock__corrupt_file(store: Keystore, content: str | bytes) -> None:
    store.folder.mkdir(parents=True)
    path = store.path("alice")
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(KeystoreError) as error:
        store.unlock("alice", "pw")
    assert message(error) == f"{path} is not a keystore file: restore it from a backup"


def test_keystore__folder_from_environment(tmp_path: Path) -> None:
    store = Keystore(environ={"LASHOU_DATA_DIR": str(tmp_path / "data")})
    assert store.folder == tmp_path / "data" / "keystore"
    assert Keystore(environ={}).folder == Path(".lashou/keystore")
    assert Keystore(tmp_path, environ={"LASHOU_DATA_DIR": "elsewhere"}).folder == tmp_path
    assert repr(store) == f"Keystore({str(tmp_path / 'data' / 'keystore')!r})"


def test_load_key__by_name(store: Keystore) -> None:
    store.import_key("alice", KEY, "pw")
    environ = {"LASHOU_PASSWORD": "pw", "LASHOU_PRIVATE_KEY": "0x" + "11" * 32}
    assert load_key("alice", folder=store.folder, environ=environ) == KEY
    assert load_key("alice", folder=store.folder, password="pw", environ={}) == KEY


def test_load_key__raw_key_from_environment() -> None:
    assert load_key(environ={"LASHOU_PRIVATE_KEY": "0x" + KEY.hex()}) == KEY


def test_load_key__invalid_raw_key() -> None:
    with pytest.raises(KeystoreError) as error:
        load_key(environ={"LASHOU_PRIVATE_KEY": "secret"})
    assert message(error) == (
        "LASHOU_PRIVATE_KEY is not a valid private key: give 0x followed by 64 hex digits"
    )


def test_load_key__nothing_given() -> None:
    with pytest.raises(KeystoreError) as error:
        load_key(environ={})
    assert message(error) == "no account given: name a keystore account or set LASHOU_PRIVATE_KEY"
