"""Keyed identity commitments, the pepper key file, salted document and declaration hashes."""

from __future__ import annotations

import copy
import hashlib
import hmac
import os
import pickle
import stat
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from eth_hash.auto import keccak
from hypothesis import given
from hypothesis import strategies as st

from lashou.identity.commitment import (
    InvalidDeclaration,
    InvalidName,
    InvalidSalt,
    Pepper,
    PepperError,
    canonical_json,
    create_pepper,
    document_commitment,
    health_declaration_hash,
    identity_commitment,
    load_pepper,
    new_salt,
    normalise_name,
)
from lashou.identity.resident_id import InvalidResidentId
from lashou.identity.synthetic import SyntheticIdentities

SECRET = bytes(range(32))
PEPPER = Pepper(SECRET)
OTHER = Pepper(bytes(range(1, 33)))
ID = "11010519491231002X"
NAME = "测试甲一"
SALT = b"\x05" * 32


def test_pepper__too_short() -> None:
    with pytest.raises(PepperError) as error:
        Pepper(b"\x01" * 31)
    assert str(error.value) == (
        "pepper must be at least 32 bytes: create a new one with create_pepper"
    )


def test_pepper__hidden_everywhere() -> None:
    assert repr(PEPPER) == str(PEPPER) == f"{PEPPER}" == "Pepper(<hidden>)"
    assert not hasattr(PEPPER, "__dict__")
    with pytest.raises(TypeError, match="a pepper cannot be pickled"):
        pickle.dumps(PEPPER)
    with pytest.raises(TypeError, match="a pepper cannot be pickled"):
        copy.deepcopy(PEPPER)


def test_create_pepper__mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "pepper.key"
    created = create_pepper(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_bytes()) == 32
    loaded = load_pepper(path)
    assert (
        loaded.mac(b"x")
        == created.mac(b"x")
        == hmac.new(path.read_bytes(), b"x", hashlib.sha256).digest()
    )
    assert create_pepper(tmp_path / "other.key").mac(b"x") != created.mac(b"x")


def test_create_pepper__exists(tmp_path: Path) -> None:
    path = tmp_path / "pepper.key"
    path.write_bytes(SECRET)
    with pytest.raises(PepperError) as error:
        create_pepper(path)
    assert str(error.value) == (
        f"pepper file {path} already exists: keep it, since every commitment depends on it"
    )
    assert path.read_bytes() == SECRET


def test_load_pepper__missing(tmp_path: Path) -> None:
    path = tmp_path / "none.key"
    with pytest.raises(PepperError) as error:
        load_pepper(path)
    assert str(error.value) == (
        f"pepper file {path} does not exist: give the right path or create one with create_pepper"
    )


def test_load_pepper__world_readable(tmp_path: Path) -> None:
    path = tmp_path / "pepper.key"
    path.write_bytes(SECRET)
    os.chmod(path, 0o644)
    with pytest.raises(PepperError) as error:
        load_pepper(path)
    assert str(error.value) == (
        f"pepper file {path} is readable by every user: run chmod 600 on it and try again"
    )
    assert SECRET.hex() not in str(error.value)


def test_load_pepper__group_readable(tmp_path: Path) -> None:
    path = tmp_path / "pepper.key"
    path.write_bytes(SECRET)
    os.chmod(path, 0o640)
    assert load_pepper(path).mac(b"x") == PEPPER.mac(b"x")


def test_load_pepper__too_short(tmp_path: Path) -> None:
    path = tmp_path / "pepper.key"
    path.write_bytes(SECRET[:31])
    os.chmod(path, 0o600)
    with pytest.raises(PepperError) as error:
        load_pepper(path)
    assert str(error.value) == (
        f"pepper file {path} holds fewer than 32 bytes: give the right file or create a new one"
        " with create_pepper"
    )


def test_identity_commitment__keyed_hash() -> None:
    expected = hmac.new(SECRET, ID.encode() + b"\x1f" + NAME.encode(), hashlib.sha256).digest()
    assert identity_commitment(PEPPER, ID, NAME) == expected
    assert len(expected) == 32


def test_identity_commitment__normalised_inputs() -> None:
    base = identity_commitment(PEPPER, ID, NAME)
    assert identity_commitment(PEPPER, ID.lower(), f"  {NAME}\t\n") == base
    assert identity_commitment(PEPPER, "110105 19491231 002x", NAME) == base
    composed, decomposed = "Zoë", unicodedata.normalize("NFD", "Zoë")
    assert composed != decomposed
    assert identity_commitment(PEPPER, ID, composed) == identity_commitment(PEPPER, ID, decomposed)


def test_identity_commitment__differs_by_pepper_name_and_id() -> None:
    base = identity_commitment(PEPPER, ID, NAME)
    assert identity_commitment(OTHER, ID, NAME) != base
    assert identity_commitment(PEPPER, ID, "测试乙一") != base
    assert identity_commitment(PEPPER, "110105194912310011", NAME) != base


def test_identity_commitment__invalid_id() -> None:
    with pytest.raises(InvalidResidentId, match="check digit does not match"):
        identity_commitment(PEPPER, "110105194912310021", NAME)


@pytest.mark.parametrize("name", ["", "   ", "\u3000"])
def test_normalise_name__empty(name: str) -> None:
    with pytest.raises(InvalidName) as error:
        identity_commitment(PEPPER, ID, name)
    assert str(error.value) == "name is empty: enter the name as printed on the card"


@pytest.mark.parametrize("name", ["测试\x1f甲一", "Test\x00Person", "测试\n甲一"])
def test_normalise_name__control_character(name: str) -> None:
    with pytest.raises(InvalidName) as error:
        normalise_name(name)
    assert str(error.value) == (
        "name contains a control character: enter the name as printed on the card"
    )


def _is_name(text: str) -> bool:
    """Whether `text` is a name at all (not only separators, spaces or control characters
    once normalised)."""
    try:
        normalise_name(text)
    except InvalidName:
        return False
    return True


names = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12).filter(
    _is_name
)


@given(names, names)
def test_identity_commitment__deterministic_and_name_bound(first: str, second: str) -> None:
    assert identity_commitment(PEPPER, ID, first) == identity_commitment(PEPPER, ID, first)
    assert identity_commitment(PEPPER, ID, first) != identity_commitment(OTHER, ID, first)
    same = normalise_name(first) == normalise_name(second)
    equal = identity_commitment(PEPPER, ID, first) == identity_commitment(PEPPER, ID, second)
    assert equal == same


def test_document_commitment__salted_keccak() -> None:
    assert document_commitment(b"report", SALT) == keccak(SALT + b"report")
    assert document_commitment(b"report", b"\x06" * 32) != document_commitment(b"report", SALT)
    assert document_commitment(b"", SALT) == keccak(SALT)


@pytest.mark.parametrize("salt", [b"", b"\x01" * 31, b"\x01" * 33])
def test_document_commitment__salt_length(salt: bytes) -> None:
    with pytest.raises(InvalidSalt) as error:
        document_commitment(b"report", salt)
    assert str(error.value) == "salt must be 32 bytes: make one with new_salt"


def test_new_salt__random() -> None:
    assert len(new_salt()) == 32
    assert new_salt() != new_salt()


def test_canonical_json__encoding() -> None:
    answers = {"smoker": False, "conditions": ["无", None, 3], "a": {"z": 1, "b": "e\u0301"}}
    assert canonical_json(answers) == (
        '{"a":{"b":"é","z":1},"conditions":["无",null,3],"smoker":false}'.encode()
    )
    assert canonical_json(dict(reversed(list(answers.items())))) == canonical_json(answers)


@pytest.mark.parametrize("value", [1.5, {1, 2}, b"yes"])
def test_canonical_json__unsupported_value(value: object) -> None:
    with pytest.raises(InvalidDeclaration) as error:
        canonical_json({"q": [value]})
    assert str(error.value) == (
        "health answers may hold only text, whole numbers, true/false, null, lists and mappings,"
        f" not {type(value).__name__}: convert the answer to one of those"
    )


def test_canonical_json__non_text_key() -> None:
    with pytest.raises(InvalidDeclaration) as error:
        canonical_json({"q": {1: True}})
    assert str(error.value) == (
        "health answers must have text keys: name every question with a string"
    )


def test_canonical_json__keys_equal_once_normalised() -> None:
    with pytest.raises(InvalidDeclaration) as error:
        canonical_json({"é": True, "e\u0301": False})
    assert str(error.value) == (
        "two health questions have the same name once normalised: rename one of them"
    )


def test_health_declaration_hash__salted() -> None:
    answers = {"smoker": False, "conditions": []}
    assert health_declaration_hash(answers, SALT) == keccak(
        SALT + b'{"conditions":[],"smoker":false}'
    )
    assert health_declaration_hash({"conditions": [], "smoker": False}, SALT) == (
        health_declaration_hash(answers, SALT)
    )
    assert health_declaration_hash(answers, b"\x06" * 32) != health_declaration_hash(answers, SALT)
    assert health_declaration_hash({"smoker": True, "conditions": []}, SALT) != (
        health_declaration_hash(answers, SALT)
    )


def test_identity_commitment__birth_date_against_given_day() -> None:
    assert identity_commitment(PEPPER, ID, NAME, today=date(1949, 12, 31)) == (
        identity_commitment(PEPPER, ID, NAME)
    )
    with pytest.raises(InvalidResidentId, match="birth date is in the future"):
        identity_commitment(PEPPER, ID, NAME, today=date(1949, 12, 30))


@pytest.mark.parametrize(
    "variant", ["M m2", "m m2", "M  m2", " Mm2 ", "Ｍ m２", "M·m2", "M-M2", "M\u3000m2"]
)
def test_identity_commitment__one_identity_however_the_name_is_typed(variant: str) -> None:
    pepper = Pepper(b"\x07" * 32)
    number = SyntheticIdentities(1, on=date(2026, 12, 1)).resident_id(ages=(30, 50))
    today = date(2026, 12, 1)
    assert identity_commitment(pepper, number, variant, today=today) == identity_commitment(
        pepper, number, "Mm2", today=today
    )


def test_identity_commitment__another_name_is_another_identity() -> None:
    pepper = Pepper(b"\x07" * 32)
    today = date(2026, 12, 1)
    number = SyntheticIdentities(1, on=today).resident_id(ages=(30, 50))
    assert identity_commitment(pepper, number, "Mm2", today=today) != identity_commitment(
        pepper, number, "Mm3", today=today
    )
