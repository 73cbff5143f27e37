"""Sign-In with Ethereum: nonces, the checks of a signed message, and server-side sessions.

A nonce is handed out once, expires after the nonce TTL and is spent by the first sign-in that
passes every other check. A session is a random token (cookie or bearer) whose SHA-256 is kept
with the address and an expiry. Refusals are `SignInRefused` with one sentence for the user.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from eth_account import Account
from eth_account.messages import encode_defunct
from eth_keys.exceptions import BadSignature
from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.orm import Session

from lashou.api.models import AuthSession, SignInNonce
from lashou.api.siwe import SiweError, SiweMessage, parse

NONCE_BYTES = 16
DEFAULT_PORTS = {"http": 80, "https": 443}


class SignInRefused(ValueError):
    """A sign-in that cannot be accepted; the message says why and what to do."""


@dataclass(frozen=True)
class SignInRules:
    """What a message must name and how long things last (seconds)."""

    domain: str
    uri: str
    chain_id: int
    session_ttl: int
    nonce_ttl: int
    clock_skew: int


@dataclass(frozen=True)
class SignedIn:
    token: str
    address: str
    expires: datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_nonce(engine: Engine, *, ttl: int, now: datetime, cap: int) -> tuple[str, datetime]:
    """A fresh single-use nonce and when it expires. Expired and spent nonces are dropped on
    the way, and past `cap` the oldest unspent ones too.

    Anyone may ask for a nonce before signing in, so the table must not grow with the asking. A
    rate per client would have to tell clients apart, and behind a proxy they all share its
    address; a cap bounds the table whoever asks and never locks sign-in out: a flood only
    pushes out the oldest nonces not yet signed, whose holders are told to ask for a new one.
    """
    nonce = secrets.token_hex(NONCE_BYTES)
    expires = now + timedelta(seconds=ttl)
    with Session(engine) as db:
        db.execute(delete(SignInNonce).where(
            or_(SignInNonce.expires < _naive(now), SignInNonce.used.is_(True))
        ))  # fmt: skip
        kept = db.scalar(select(func.count()).select_from(SignInNonce)) or 0
        if kept >= cap:
            oldest = (
                select(SignInNonce.nonce)
                .order_by(SignInNonce.expires, SignInNonce.nonce)
                .limit(kept - cap + 1)
            )
            db.execute(delete(SignInNonce).where(SignInNonce.nonce.in_(oldest)))
        db.add(SignInNonce(nonce=nonce, expires=_naive(expires), used=False))
        db.commit()
    return nonce, expires


def origin(uri: str) -> str:
    """The web origin of an http(s) URI, `scheme://host:port` with the port always given (the
    sign-in parser has checked that the URI is one)."""
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    return f"{scheme}://{host}:{parts.port or DEFAULT_PORTS.get(scheme, 0)}"


def check_message(message: SiweMessage, rules: SignInRules, now: datetime) -> None:
    """Everything but the signature and the nonce: the domain, the site's origin (the URI's,
    and the scheme's when the message names one), the chain and the times."""
    if message.domain != rules.domain:
        raise SignInRefused(
            f"the message is for {message.domain}, not {rules.domain}: sign in from this site"
        )
    scheme = urlsplit(rules.uri).scheme.lower()
    if message.scheme is not None and message.scheme.lower() != scheme:
        raise SignInRefused(
            f"the message names the scheme {message.scheme}, not {scheme}: sign in from {rules.uri}"
        )
    if origin(message.uri) != origin(rules.uri):
        raise SignInRefused(f"the message's URI is not on {rules.uri}: sign in from this site")
    if message.chain_id != rules.chain_id:
        raise SignInRefused(
            f"the message is for chain {message.chain_id}, not"
            f" {rules.chain_id}: switch the wallet to chain {rules.chain_id}"
        )
    skew = timedelta(seconds=rules.clock_skew)
    if message.issued > now + skew:
        raise SignInRefused("the message is issued in the future: check the device's clock")
    if message.issued < now - timedelta(seconds=rules.nonce_ttl) - skew:
        raise SignInRefused("the message was issued too long ago: ask for a new nonce")
    expires = message.expires
    if expires is not None and expires <= now:
        raise SignInRefused("the message has expired: ask for a new nonce and sign again")
    valid_from = message.valid_from
    if valid_from is not None and valid_from > now + skew:
        raise SignInRefused("the message is not valid yet: sign one without a later Not Before")


def recover(text: str, signature: str) -> str:
    """The address that personal_sign-ed `text` with `signature` (0x hex, 65 bytes)."""
    try:
        raw = bytes.fromhex(signature.removeprefix("0x"))
        if len(raw) != 65:
            raise ValueError("not 65 bytes")
        return str(Account.recover_message(encode_defunct(text=text), signature=raw))
    except (ValueError, TypeError, BadSignature):
        raise SignInRefused("the signature is not a valid 65-byte signature: sign again") from None


def sign_in(
    engine: Engine, rules: SignInRules, *, text: str, signature: str, now: datetime
) -> SignedIn:
    """Check a signed sign-in message, spend its nonce and open a session."""
    try:
        message = parse(text)
    except SiweError as exc:
        raise SignInRefused(
            f"the sign-in message is not valid EIP-4361 ({exc}): build it again from a new nonce"
        ) from None
    check_message(message, rules, now)
    if recover(text, signature) != message.address:
        raise SignInRefused(
            "the signature is not from the message's address: sign again with that account"
        )
    with Session(engine) as db:
        spent = db.execute(
            update(SignInNonce)
            .where(SignInNonce.nonce == message.nonce, SignInNonce.used.is_(False),
                   SignInNonce.expires > _naive(now))
            .values(used=True)
        )  # fmt: skip
        if getattr(spent, "rowcount", 0) != 1:
            db.rollback()
            raise SignInRefused("the nonce is unknown, used or expired: ask for a new nonce")
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(seconds=rules.session_ttl)
        if message.expires is not None:
            # the session never outlives what the user signed
            expires = min(expires, message.expires)
        db.add(AuthSession(token_hash=_digest(token), address=message.address,
                           expires=_naive(expires)))  # fmt: skip
        db.commit()
    return SignedIn(token=token, address=message.address, expires=expires)


def session_address(engine: Engine, token: str, *, now: datetime) -> str | None:
    """The address signed in with `token`, or None if it is unknown or expired."""
    with Session(engine) as db:
        row = db.get(AuthSession, _digest(token))
        if row is None or row.expires <= _naive(now):
            return None
        return row.address


def sign_out(engine: Engine, token: str) -> None:
    """End the session of `token` (nothing happens for an unknown one)."""
    with Session(engine) as db:
        db.execute(delete(AuthSession).where(AuthSession.token_hash == _digest(token)))
        db.commit()
