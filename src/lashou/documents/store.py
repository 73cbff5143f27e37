"""Store and fetch documents: sealed files on disk, one per stored copy, metadata in SQL.

A document's public address is the hash the chain holds for it. Several parties may hold the
same content under that address — two supervisors objecting with the same evidence, two
witnesses sending the same report — so what the store keeps is a *copy*: the address with
its kind, its claim and its owner (the account that uploaded it). Each copy has a sealed file
of its own, bound to the address (copies of one address hold the same bytes, since the address
is their hash). Copies are immutable: storing the same copy again returns the record already
there, and nothing is ever overwritten.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lashou.documents.address import Kind, content_address
from lashou.documents.crypto import MasterKey
from lashou.documents.models import DocumentRecord


class DocumentMissing(LookupError):
    """A stored copy's sealed file is not in the documents folder."""


@dataclass(frozen=True)
class DocumentMeta:
    """What the store knows of one stored copy besides its content."""

    address: str
    kind: Kind
    owner: str
    claim_id: int
    size: int
    created: datetime
    blob: str  # the sealed file, relative to the documents folder

    @classmethod
    def of(cls, record: DocumentRecord) -> DocumentMeta:
        created = record.created
        if created.tzinfo is None:  # SQLite keeps no zone; every time stored is UTC
            created = created.replace(tzinfo=UTC)
        return cls(
            address=record.address, kind=Kind(record.kind), owner=record.owner,
            claim_id=record.claim_id, size=record.size, created=created, blob=record.blob,
        )  # fmt: skip


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    content: bytes
    salt: bytes | None


def blob_name(address: str, *, kind: Kind, claim_id: int, owner: str) -> str:
    """Where a copy's sealed file lives: beside its address, named by whose copy it is."""
    copy = hashlib.sha256(f"{kind.value}\n{claim_id}\n{owner.lower()}".encode()).hexdigest()
    return f"{address[2:4]}/{address[2:]}.{copy[:32]}"


class DocumentStore:
    """Sealed copies in `folder`, their metadata in the database of `engine`."""

    def __init__(self, folder: Path, engine: Engine, key: MasterKey) -> None:
        self.folder = folder
        self.engine = engine
        self._key = key

    def put(
        self, *, kind: Kind, content: bytes, owner: str, claim_id: int, salt: bytes | None = None
    ) -> DocumentMeta:
        """Seal and keep `owner`'s copy of a document for the claim; returns its metadata (its
        address is the chain's hash). The same copy stored again is the one already there."""
        raw = content_address(kind, content, salt)
        address = "0x" + raw.hex()
        key = (address, kind.value, claim_id, owner)
        with Session(self.engine) as db:
            found = db.get(DocumentRecord, key)
            if found is not None:
                return DocumentMeta.of(found)
        blob = blob_name(address, kind=kind, claim_id=claim_id, owner=owner)
        payload = bytes([len(salt or b"")]) + (salt or b"") + content
        self._write(blob, self._key.seal(payload, raw))
        record = DocumentRecord(
            address=address, kind=kind.value, owner=owner, claim_id=claim_id, size=len(content),
            created=datetime.now(UTC), blob=blob,
        )  # fmt: skip
        with Session(self.engine) as db:
            db.add(record)
            try:
                db.commit()
            except IntegrityError:  # the same copy, stored at the same moment by another request
                db.rollback()
                found = db.get(DocumentRecord, key)
                if found is None:
                    raise
                return DocumentMeta.of(found)
            return DocumentMeta.of(record)

    def find(self, address: str, *, kind: Kind, claim_id: int, owner: str) -> DocumentMeta | None:
        """`owner`'s copy of the document at `address` for the claim, if it is stored."""
        with Session(self.engine) as db:
            found = db.get(DocumentRecord, (address.lower(), kind.value, claim_id, owner))
            return None if found is None else DocumentMeta.of(found)

    def usage(self, owner: str) -> tuple[int, int]:
        """How many copies `owner` keeps, and their bytes."""
        query = select(func.count(), func.coalesce(func.sum(DocumentRecord.size), 0)).where(
            DocumentRecord.owner == owner
        )
        with Session(self.engine) as db:
            count, size = db.execute(query).one()
            return int(count), int(size)

    def copies(self, address: str) -> list[DocumentMeta]:
        """Every stored copy of the document at `address` (0x hex), oldest first; none is []."""
        query = (
            select(DocumentRecord)
            .where(DocumentRecord.address == address.lower())
            .order_by(DocumentRecord.created, DocumentRecord.owner, DocumentRecord.claim_id)
        )
        with Session(self.engine) as db:
            return [DocumentMeta.of(record) for record in db.scalars(query)]

    def open(self, meta: DocumentMeta) -> Document:
        """The decrypted copy; TamperedDocument if its file was changed or belongs elsewhere."""
        try:
            sealed = (self.folder / meta.blob).read_bytes()
        except FileNotFoundError:
            raise DocumentMissing(
                "the document's stored file is missing: restore the data folder from a backup"
            ) from None
        payload = self._key.open(sealed, bytes.fromhex(meta.address[2:]))
        salt_length = payload[0]
        salt = payload[1 : 1 + salt_length] or None
        return Document(meta=meta, content=payload[1 + salt_length :], salt=salt)

    def _write(self, blob: str, sealed: bytes) -> None:
        path = self.folder / blob
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # a name of its own per write: two requests storing the same copy never share one
        partial = path.with_name(f"{path.name}.{secrets.token_hex(8)}.tmp")
        partial.write_bytes(sealed)
        partial.replace(path)
