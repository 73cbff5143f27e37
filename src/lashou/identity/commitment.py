"""Identity commitments (keyed), document commitments and health-declaration hashes (salted).

An 18-character resident ID leaves a space small enough to brute-force, so a public salt would
not hide it: the identity commitment is HMAC-SHA256 under a secret pepper only the attestor
holds (DESIGN §3). The pepper lives in a key file of its own and never appears in a repr, a log
or an exception.

Document and declaration commitments use keccak256, the EVM's own hash, over a 32-byte salt
followed by the content, so a contract or anyone holding the salt can recompute them and nobody
else can guess a short content.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from eth_utils.crypto import keccak

from lashou.identity.resident_id import normalise

PEPPER_BYTES = 32
SALT_BYTES = 32
SEPARATOR = b"\x1f"  # ASCII unit separator: never part of a normalised ID or a valid name


class PepperError(ValueError):
    """The pepper or its key file cannot be used; the message says what to do."""


class InvalidName(ValueError):
    """A name that cannot go into a commitment."""


class InvalidSalt(ValueError):
    """A salt that is not 32 bytes."""


class InvalidDeclaration(ValueError):
    """Health answers that have no canonical JSON encoding."""


class Pepper:
    """The attestor's secret HMAC key. It shows as `Pepper(<hidden>)` everywhere."""

    __slots__ = ("__secret",)

    def __init__(self, secret: bytes) -> None:
        if len(secret) < PEPPER_BYTES:
            raise PepperError(
                f"pepper must be at least {PEPPER_BYTES} bytes: create a new one with create_pepper"
            )
        self.__secret = bytes(secret)

    def __repr__(self) -> str:
        return "Pepper(<hidden>)"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a pepper cannot be pickled: load it from its key file where it is needed")

    def mac(self, message: bytes) -> bytes:
        """HMAC-SHA256 of `message` under the pepper."""
        return hmac.new(self.__secret, message, hashlib.sha256).digest()


def create_pepper(path: str | Path) -> Pepper:
    """Write a new random pepper to `path` (mode 0600), refusing to replace an existing one.

    Replacing a pepper would orphan every commitment made with it.
    """
    path = Path(path)
    secret = secrets.token_bytes(PEPPER_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PepperError(
            f"pepper file {path} already exists: keep it, since every commitment depends on it"
        ) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    return Pepper(secret)


def load_pepper(path: str | Path) -> Pepper:
    """Read the pepper from its key file, refusing a file other users can read."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise PepperError(
            f"pepper file {path} does not exist: give the right path or create one with"
            " create_pepper"
        ) from None
    if mode & stat.S_IROTH:
        raise PepperError(
            f"pepper file {path} is readable by every user: run chmod 600 on it and try again"
        )
    secret = path.read_bytes()
    if len(secret) < PEPPER_BYTES:
        raise PepperError(
            f"pepper file {path} holds fewer than {PEPPER_BYTES} bytes: give the right file or"
            " create a new one with create_pepper"
        )
    return Pepper(secret)


# Dots and hyphens that separate the parts of a transliterated name ("买买提·艾力", "Jean-Luc").
NAME_SEPARATORS = frozenset("·・•‧.-‐‑‒–—")


def normalise_name(name: str) -> str:
    """The name as committed, one form for every way of typing it: NFKC (full-width letters to
    their plain form), case-folded, without any white space or name separators — so "M m2",
    "m  M2" and "Ｍ·m2" commit alike and one person cannot become two identities by typing.
    """
    text = unicodedata.normalize("NFKC", name).strip()
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise InvalidName(
            "name contains a control character: enter the name as printed on the card"
        )
    text = "".join(c for c in text.casefold() if not c.isspace() and c not in NAME_SEPARATORS)
    if not text:
        raise InvalidName("name is empty: enter the name as printed on the card")
    return text


def identity_commitment(
    pepper: Pepper, id_number: str, name: str, *, today: date | None = None
) -> bytes:
    """HMAC-SHA256(pepper, normalised ID ‖ 0x1F ‖ normalised name): 32 bytes.

    The ID number must be valid (`today` bounds its birth date, UTC today by default).
    """
    number = normalise(id_number, today=today)
    message = number.encode("ascii") + SEPARATOR + normalise_name(name).encode()
    return pepper.mac(message)


def new_salt() -> bytes:
    """A fresh random 32-byte salt."""
    return secrets.token_bytes(SALT_BYTES)


def document_commitment(content: bytes, salt: bytes) -> bytes:
    """keccak256(salt ‖ content): 32 bytes; the salt must be 32 bytes."""
    if len(salt) != SALT_BYTES:
        raise InvalidSalt(f"salt must be {SALT_BYTES} bytes: make one with new_salt")
    return keccak(salt + content)


def _check_json(value: object) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check_json(item)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidDeclaration(
                    "health answers must have text keys: name every question with a string"
                )
            _check_json(item)
        return
    raise InvalidDeclaration(
        "health answers may hold only text, whole numbers, true/false, null, lists and"
        f" mappings, not {type(value).__name__}: convert the answer to one of those"
    )


def canonical_json(answers: Mapping[str, object]) -> bytes:
    """UTF-8 JSON with sorted keys, no spaces, NFC text; floats refused (no single encoding)."""
    _check_json(answers)

    def nfc(value: object) -> object:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, list | tuple):
            return [nfc(item) for item in value]
        if isinstance(value, Mapping):
            folded = {unicodedata.normalize("NFC", key): nfc(item) for key, item in value.items()}
            if len(folded) != len(value):
                raise InvalidDeclaration(
                    "two health questions have the same name once normalised: rename one of them"
                )
            return folded
        return value

    text = json.dumps(nfc(answers), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode()


def health_declaration_hash(answers: Mapping[str, object], salt: bytes) -> bytes:
    """The salted commitment to a health declaration: document_commitment(canonical JSON, salt).

    A bare hash of a few yes/no answers could be reversed by trying them all, so it is salted;
    whoever keeps the answers and the salt can prove the declaration later.
    """
    return document_commitment(canonical_json(answers), salt)
