"""Sign-in state in SQL: nonces handed out (single use, expiring) and sessions.

Times are naive UTC. A session row keeps the SHA-256 of its token, never the token. These
tables have their own MetaData; the service's migrations (lashou.api.migrate) create them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData()


class Base(DeclarativeBase):
    metadata = metadata


class SignInNonce(Base):
    __tablename__ = "auth_nonces"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires: Mapped[datetime] = mapped_column(DateTime(), index=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class AuthSession(Base):
    __tablename__ = "auth_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    address: Mapped[str] = mapped_column(String(42), index=True)
    expires: Mapped[datetime] = mapped_column(DateTime(), index=True)
