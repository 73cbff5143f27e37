"""Envelope encryption of documents: a random data key per document, wrapped by a master key.

A sealed document is `MAGIC ‖ wrap nonce ‖ wrapped data key ‖ nonce ‖ ciphertext`, both parts
AES-256-GCM with the document's address as associated data, so a blob cannot be passed off as
another document and any change to it is detected on opening.

The master key lives in a key file of its own (mode 0600, created on first use), never in the
database, a log, a repr or an exception.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
MAGIC = b"LSD1"
_HEADER = len(MAGIC) + NONCE_BYTES + KEY_BYTES + TAG_BYTES + NONCE_BYTES


class KeyFileError(ValueError):
    """The master key file cannot be used; the message says what to do."""


class TamperedDocument(ValueError):
    """A stored document failed authentication: it was changed or belongs elsewhere."""


class MasterKey:
    """The key that wraps every document's data key. It shows as `MasterKey(<hidden>)`."""

    __slots__ = ("__aead",)

    def __init__(self, secret: bytes) -> None:
        if len(secret) != KEY_BYTES:
            raise KeyFileError(
                f"the document master key must be {KEY_BYTES} bytes: give the right key file"
            )
        self.__aead = AESGCM(secret)

    def __repr__(self) -> str:
        return "MasterKey(<hidden>)"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a master key cannot be pickled: load it from its key file where needed")

    def seal(self, plaintext: bytes, address: bytes) -> bytes:
        """Encrypt `plaintext` under a fresh data key bound to `address`."""
        data_key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
        wrap_nonce, nonce = secrets.token_bytes(NONCE_BYTES), secrets.token_bytes(NONCE_BYTES)
        wrapped = self.__aead.encrypt(wrap_nonce, data_key, address)
        body = AESGCM(data_key).encrypt(nonce, plaintext, address)
        return MAGIC + wrap_nonce + wrapped + nonce + body

    def open(self, sealed: bytes, address: bytes) -> bytes:
        """Decrypt a sealed document, refusing one that was changed or stored under another
        address."""
        if len(sealed) < _HEADER + TAG_BYTES or not sealed.startswith(MAGIC):
            raise TamperedDocument("stored document is damaged: restore it from a backup")
        at = len(MAGIC)
        wrap_nonce, at = sealed[at : at + NONCE_BYTES], at + NONCE_BYTES
        wrapped, at = sealed[at : at + KEY_BYTES + TAG_BYTES], at + KEY_BYTES + TAG_BYTES
        nonce, body = sealed[at : at + NONCE_BYTES], sealed[at + NONCE_BYTES :]
        try:
            data_key = self.__aead.decrypt(wrap_nonce, wrapped, address)
            return AESGCM(data_key).decrypt(nonce, body, address)
        except InvalidTag:
            raise TamperedDocument(
                "stored document failed its integrity check: restore it from a backup"
            ) from None


def load_or_create_key(path: Path) -> MasterKey:
    """The master key in `path`, created (mode 0600) when the file does not exist yet."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _load(path)
    except OSError as exc:
        raise KeyFileError(
            f"cannot create the document key file {path} ({exc.strerror}): check the folder"
        ) from None
    secret = secrets.token_bytes(KEY_BYTES)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    return MasterKey(secret)


def _load(path: Path) -> MasterKey:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"document key file {path} is open to other users: run chmod 600 on it")
    secret = path.read_bytes()
    if len(secret) != KEY_BYTES:
        raise KeyFileError(
            f"document key file {path} does not hold a {KEY_BYTES}-byte key: give the right file"
        )
    return MasterKey(secret)
