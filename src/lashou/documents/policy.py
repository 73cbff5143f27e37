"""Who may read and who may upload a document: pure functions of the claim's roles.

The roles come from the chain (`lashou.documents.roles`); nothing here reads anything, so every
rule is tested on its own. A decision carries a short reason for the log, never any content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lashou.documents.address import Kind


@dataclass(frozen=True)
class ClaimRoles:
    """The parties of one claim as the chain has them (addresses in any case)."""

    claim_id: int
    exists: bool
    operator: str
    patient: str | None = None
    notary: str | None = None
    witnesses: frozenset[str] = field(default_factory=frozenset)
    dispute_open: bool = False
    document: str | None = None  # the diagnosis commitment of its ClaimFiled event (0x hex)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.lower() == b.lower()


def _is_witness(account: str, roles: ClaimRoles) -> bool:
    return account.lower() in {w.lower() for w in roles.witnesses}


def may_read(reader: str, *, kind: Kind, owner: str, roles: ClaimRoles) -> Decision:
    """Whether `reader` may read a `kind` document uploaded by `owner` for the claim."""
    if _same(reader, owner):
        return Decision(True, "uploader")
    if kind is Kind.EVIDENCE:
        if _same(reader, roles.operator):
            if roles.dispute_open:
                return Decision(True, "operator during an open dispute")
            return Decision(False, "no dispute is open on the claim")
        return Decision(False, "evidence is for the operator's investigation only")
    if _same(reader, roles.patient):
        return Decision(True, "patient")
    if _same(reader, roles.operator):
        return Decision(True, "operator")
    if _same(reader, roles.notary):
        return Decision(True, "notary")
    if _is_witness(reader, roles):
        return Decision(True, "witness")
    return Decision(False, "not a party to the claim")


def may_upload(uploader: str, *, kind: Kind, address: str, roles: ClaimRoles) -> Decision:
    """Whether `uploader` may store a `kind` document with hash `address` for the claim."""
    if not roles.exists:
        return Decision(False, "no such claim")
    if kind is Kind.DIAGNOSIS:
        if not _same(uploader, roles.patient):
            return Decision(False, "only the claim's patient uploads its diagnosis")
        if not _same(address, roles.document):
            return Decision(False, "the diagnosis is not the one the claim was filed with")
        return Decision(True, "patient")
    if kind is Kind.REPORT:
        if not _is_witness(uploader, roles):
            return Decision(False, "only a witness drawn for the claim uploads a report")
        return Decision(True, "witness")
    if _same(uploader, roles.patient) or _same(uploader, roles.operator):
        return Decision(False, "the patient and the operator cannot supervise the claim")
    return Decision(True, "supervisor")
