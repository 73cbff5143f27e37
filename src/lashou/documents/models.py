"""The documents' metadata in SQL (never their content, their salt or any key).

These tables have a MetaData of their own; the service's migrations (lashou.api.migrate)
create and evolve them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData()


class Base(DeclarativeBase):
    metadata = metadata


class DocumentRecord(Base):
    """One stored copy of a document: its content address, what it is, whose, for which claim,
    and the sealed file that holds it. Parties who store the same content each hold a copy."""

    __tablename__ = "documents"

    address: Mapped[str] = mapped_column(String(66), primary_key=True)  # 0x + 64 hex digits
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    claim_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    owner: Mapped[str] = mapped_column(String(42), primary_key=True, index=True)  # uploader
    size: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    blob: Mapped[str] = mapped_column(String(200), unique=True)  # in the documents folder
