"""Store and fetch documents: sealed blobs on disk under their address, metadata in SQL.

Documents are immutable: storing the same content again for the same claim returns the
record already there, and nothing is ever overwritten.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from lashou.documents.address import Kind, content_address
from lashou.documents.crypto import MasterKey
from lashou.documents.models import DocumentRecord


class DocumentConflict(ValueError):
    """The address is already taken by a document of another kind, claim or owner."""


class DocumentMissing(LookupError):
    """No document is stored under an address."""


@dataclass(frozen=True)
class DocumentMeta:
    """What the store knows of a document besides its content."""

    address: str
    kind: Kind
    owner: str
    claim_id: int
    size: int
    created: datetime

    @classmethod
    def of(cls, record: DocumentRecord) -> DocumentMeta:
        created = record.created
        if created.tzinfo is None:  # SQLite keeps no zone; every time stored is UTC
            created = created.replace(tzinfo=UTC)
        return cls(
            address=record.address, kind=Kind(record.kind), owner=record.owner,
            claim_id=record.claim_id, size=record.size, created=created,
        )  # fmt: skip


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    content: bytes
    salt: bytes | None


class DocumentStore:
    """Sealed documents in `folder`, their metadata in the database of `engine`."""

    def __init__(self, folder: Path, engine: Engine, key: MasterKey) -> None:
        self.folder = folder
        self.engine = engine
        self._key = key

    def put(
        self, *, kind: Kind, content: bytes, owner: str, claim_id: int, salt: bytes | None = None
    ) -> DocumentMeta:
        """Seal and keep a document; returns its metadata (its address is the chain's hash)."""
        raw = content_address(kind, content, salt)
        address = "0x" + raw.hex()
        with Session(self.engine) as db:
            found = db.get(DocumentRecord, address)
            if found is not None:
                same = (found.kind, found.owner, found.claim_id) == (kind.value, owner, claim_id)
                if not same:
                    raise DocumentConflict(
                        "this document is already stored for another claim or account: upload"
                        " it under a new salt"
                    )
                return DocumentMeta.of(found)
            payload = bytes([len(salt or b"")]) + (salt or b"") + content
            self._write(address, self._key.seal(payload, raw))
            record = DocumentRecord(
                address=address, kind=kind.value, owner=owner, claim_id=claim_id,
                size=len(content), created=datetime.now(UTC),
            )  # fmt: skip
            db.add(record)
            db.commit()
            return DocumentMeta.of(record)

    def meta(self, address: str) -> DocumentMeta:
        """The metadata of the document at `address` (0x hex)."""
        with Session(self.engine) as db:
            record = db.get(DocumentRecord, address.lower())
            if record is None:
                raise DocumentMissing("no document has this hash: check the hash")
            return DocumentMeta.of(record)

    def get(self, address: str) -> Document:
        """The decrypted document at `address`; TamperedDocument if its blob was changed."""
        meta = self.meta(address)
        try:
            sealed = self._path(meta.address).read_bytes()
        except FileNotFoundError:
            raise DocumentMissing(
                "the document's stored file is missing: restore the data folder from a backup"
            ) from None
        payload = self._key.open(sealed, bytes.fromhex(meta.address[2:]))
        salt_length = payload[0]
        salt = payload[1 : 1 + salt_length] or None
        return Document(meta=meta, content=payload[1 + salt_length :], salt=salt)

    def _path(self, address: str) -> Path:
        return self.folder / address[2:4] / address[2:]

    def _write(self, address: str, sealed: bytes) -> None:
        path = self._path(address)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(sealed)
        partial.replace(path)
