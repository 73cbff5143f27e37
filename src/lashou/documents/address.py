"""Content addresses: the very hash the chain commits to for each kind of document.

- A diagnosis is committed by the notary's attestation as keccak256(salt ‖ content) with a
  32-byte salt (`lashou.identity.commitment.document_commitment`): the address of a stored
  diagnosis is that commitment, so it is the `document` of the claim's ClaimFiled event.
- A witness report is committed as keccak256(content) (`lashou witness report`), and so is a
  supervisor's evidence (the `evidence_hash` of an objection or a fraud report).
"""

from __future__ import annotations

from enum import StrEnum

from eth_utils.crypto import keccak

from lashou.identity.commitment import SALT_BYTES, document_commitment

ADDRESS_BYTES = 32


class Kind(StrEnum):
    """What a document is, which decides how it is addressed and who may read it."""

    DIAGNOSIS = "diagnosis"
    REPORT = "report"
    EVIDENCE = "evidence"


class AddressError(ValueError):
    """A document address or salt that cannot be used."""


def content_address(kind: Kind, content: bytes, salt: bytes | None = None) -> bytes:
    """The 32-byte hash the chain holds for this document."""
    if kind is Kind.DIAGNOSIS:
        if salt is None or len(salt) != SALT_BYTES:
            raise AddressError(
                f"a diagnosis needs its {SALT_BYTES}-byte salt: give the salt the notary saved"
            )
        return document_commitment(content, salt)
    if salt is not None:
        raise AddressError(f"the {kind.value} is hashed without a salt: leave the salt out")
    return keccak(content)


def parse_address(text: str) -> bytes:
    """A 0x-prefixed 64-digit hex address as bytes."""
    body = text[2:] if text[:2].lower() == "0x" else None
    try:
        value = bytes.fromhex(body) if body is not None else b""
    except ValueError:
        value = b""
    if len(value) != ADDRESS_BYTES:
        raise AddressError("a document hash is 0x followed by 64 hex digits: check the hash")
    return value
