"""The store: encryption at rest, content addresses the chain recognises, tampering detected."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from eth_utils import keccak
from sqlalchemy import create_engine

from lashou.api.migrate import migrate_service
from lashou.documents.address import AddressError, Kind, content_address, parse_address
from lashou.documents.crypto import KeyFileError, MasterKey, TamperedDocument, load_or_create_key
from lashou.documents.store import DocumentMissing, DocumentStore
from lashou.identity.commitment import document_commitment

OWNER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
SALT = bytes(range(32))
CONTENT = b"Diagnosis: the patient's condition, in plain words that must never rest on disk."


@pytest.fixture
def store(tmp_path: Path) -> DocumentStore:
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    migrate_service(engine=engine)
    return DocumentStore(tmp_path / "blobs", engine, load_or_create_key(tmp_path / "doc.key"))


def _stored_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_put__stores_no_plaintext_on_disk_or_in_the_database(
    store: DocumentStore, tmp_path: Path
) -> None:
    store.put(kind=Kind.DIAGNOSIS, content=CONTENT, owner=OWNER, claim_id=1, salt=SALT)
    assert CONTENT[:24] not in _stored_bytes(tmp_path / "blobs")
    assert CONTENT[:24] not in (tmp_path / "db.sqlite").read_bytes()
    assert SALT not in _stored_bytes(tmp_path)


def test_open__returns_the_content_and_salt_that_were_put(store: DocumentStore) -> None:
    meta = store.put(kind=Kind.DIAGNOSIS, content=CONTENT, owner=OWNER, claim_id=1, salt=SALT)
    document = store.open(meta)
    assert (document.content, document.salt, document.meta.size) == (CONTENT, SALT, len(CONTENT))
    assert document.meta.owner == OWNER and document.meta.claim_id == 1


def test_put__diagnosis_address_is_the_notarys_salted_commitment(store: DocumentStore) -> None:
    meta = store.put(kind=Kind.DIAGNOSIS, content=CONTENT, owner=OWNER, claim_id=1, salt=SALT)
    assert meta.address == "0x" + document_commitment(CONTENT, SALT).hex()


def test_put__report_address_is_the_keccak_the_witness_sends(store: DocumentStore) -> None:
    meta = store.put(kind=Kind.REPORT, content=b"visited", owner=OWNER, claim_id=1)
    assert meta.address == "0x" + keccak(b"visited").hex()


def test_content_address__diagnosis_without_salt_is_refused() -> None:
    with pytest.raises(AddressError, match="salt"):
        content_address(Kind.DIAGNOSIS, CONTENT)


def test_content_address__report_with_salt_is_refused() -> None:
    with pytest.raises(AddressError, match="without a salt"):
        content_address(Kind.REPORT, CONTENT, SALT)


def test_put__same_copy_again_returns_the_same_record(store: DocumentStore) -> None:
    first = store.put(kind=Kind.EVIDENCE, content=b"e", owner=OWNER, claim_id=2)
    again = store.put(kind=Kind.EVIDENCE, content=b"e", owner=OWNER, claim_id=2)
    assert again == first and store.copies(first.address) == [first]


@pytest.mark.parametrize(
    ("owner", "claim_id", "kind"),
    [(OTHER, 2, Kind.EVIDENCE), (OTHER, 3, Kind.EVIDENCE), (OWNER, 3, Kind.EVIDENCE),
     (OWNER, 2, Kind.REPORT)],
)  # fmt: skip
def test_put__same_content_for_another_party_claim_or_role_is_a_copy_of_its_own(
    store: DocumentStore, tmp_path: Path, owner: str, claim_id: int, kind: Kind
) -> None:
    first = store.put(kind=Kind.EVIDENCE, content=b"e", owner=OWNER, claim_id=2)
    second = store.put(kind=kind, content=b"e", owner=owner, claim_id=claim_id)
    assert second.address == first.address  # the hash the chain holds, for both
    assert (second.owner, second.claim_id, second.kind) == (owner, claim_id, kind)
    assert second.blob != first.blob
    assert sorted(store.copies(first.address), key=str) == sorted([first, second], key=str)
    assert store.open(first).content == store.open(second).content == b"e"
    assert len([p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]) == 2


def test_copies__of_an_address_nothing_was_stored_under_is_empty(store: DocumentStore) -> None:
    store.put(kind=Kind.EVIDENCE, content=b"e", owner=OWNER, claim_id=2)
    assert store.copies("0x" + keccak(b"f").hex()) == []


def test_open__tampered_ciphertext_is_detected(store: DocumentStore, tmp_path: Path) -> None:
    meta = store.put(kind=Kind.REPORT, content=CONTENT, owner=OWNER, claim_id=1)
    blob = next(p for p in (tmp_path / "blobs").rglob("*") if p.is_file())
    data = bytearray(blob.read_bytes())
    data[-5] ^= 1
    blob.write_bytes(bytes(data))
    with pytest.raises(TamperedDocument):
        store.open(meta)


def test_open__blob_moved_under_another_address_is_detected(
    store: DocumentStore, tmp_path: Path
) -> None:
    one = store.put(kind=Kind.REPORT, content=b"one", owner=OWNER, claim_id=1)
    two = store.put(kind=Kind.REPORT, content=b"two", owner=OWNER, claim_id=1)
    blobs = tmp_path / "blobs"
    (blobs / two.blob).write_bytes((blobs / one.blob).read_bytes())
    assert store.open(one).content == b"one"
    with pytest.raises(TamperedDocument):
        store.open(two)


def test_open__copy_whose_file_is_gone_is_missing(store: DocumentStore, tmp_path: Path) -> None:
    meta = store.put(kind=Kind.REPORT, content=b"one", owner=OWNER, claim_id=1)
    assert store.open(meta).content == b"one"
    (tmp_path / "blobs" / meta.blob).unlink()
    with pytest.raises(DocumentMissing, match="restore the data folder"):
        store.open(meta)


def test_load_or_create_key__creates_a_0600_file_once(tmp_path: Path) -> None:
    path = tmp_path / "doc.key"
    first = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    sealed = first.seal(b"x", b"a" * 32)
    assert load_or_create_key(path).open(sealed, b"a" * 32) == b"x"
    assert "hidden" in repr(first) and path.read_bytes().hex() not in repr(first)


def test_load_or_create_key__file_open_to_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "doc.key"
    load_or_create_key(path)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_or_create_key(path)


def test_open__another_master_key_cannot_read(tmp_path: Path) -> None:
    sealed = load_or_create_key(tmp_path / "a.key").seal(b"x", b"a" * 32)
    with pytest.raises(TamperedDocument):
        MasterKey(b"\x01" * 32).open(sealed, b"a" * 32)


def test_parse_address__accepts_0x_and_64_hex_digits() -> None:
    assert parse_address("0x" + "Ab" * 32) == bytes.fromhex("ab" * 32)


@pytest.mark.parametrize("text", ["", "0x", "ab" * 32, "0x" + "zz" * 32, "0x" + "ab" * 31])
def test_parse_address__anything_else_is_refused(text: str) -> None:
    with pytest.raises(AddressError):
        parse_address(text)


def test_migrate_service__twice_is_a_no_op_beside_the_index(tmp_path):
    """The service's tables migrate into a database the index also uses, each with its own
    version table, and a second run changes nothing."""
    from sqlalchemy import create_engine, inspect

    from lashou.indexer.db import migrate

    engine = create_engine(f"sqlite:///{tmp_path / 'shared.db'}")
    migrate(engine=engine)
    migrate_service(engine=engine)
    migrate_service(engine=engine)
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "auth_nonces", "auth_sessions", "lashou_service_version"} <= tables
    assert {"alembic_version", "blocks"} <= tables


def test_usage__counts_an_owners_copies_and_their_bytes(store: DocumentStore) -> None:
    assert store.usage(OWNER) == (0, 0)
    store.put(kind=Kind.REPORT, content=b"visited", owner=OWNER, claim_id=1)
    store.put(kind=Kind.EVIDENCE, content=b"evidence", owner=OWNER, claim_id=2)
    store.put(kind=Kind.EVIDENCE, content=b"evidence", owner=OTHER, claim_id=2)
    store.put(kind=Kind.REPORT, content=b"visited", owner=OWNER, claim_id=1)  # the same copy
    assert store.usage(OWNER) == (2, len(b"visited") + len(b"evidence"))
    assert store.usage(OTHER) == (1, len(b"evidence"))


def test_find__is_the_owners_copy_or_none(store: DocumentStore) -> None:
    meta = store.put(kind=Kind.EVIDENCE, content=b"evidence", owner=OWNER, claim_id=2)
    assert store.find(meta.address, kind=Kind.EVIDENCE, claim_id=2, owner=OWNER) == meta
    assert store.find(meta.address, kind=Kind.EVIDENCE, claim_id=2, owner=OTHER) is None
    assert store.find(meta.address, kind=Kind.EVIDENCE, claim_id=3, owner=OWNER) is None
    assert store.find(meta.address, kind=Kind.REPORT, claim_id=2, owner=OWNER) is None
