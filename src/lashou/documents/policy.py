"""Who may read and who may upload a document: pure functions of the claim's roles.

The roles come from the chain (`lashou.documents.roles`); nothing here reads anything, so every
rule is tested on its own. Whether the chain holds a stored copy's hash for its owner is asked
through `held`, called only when a rule needs it. A decision carries a short reason for the
log, never any content.

- A diagnosis is the claim's: its patient uploads the one the claim was filed with, and the
  claim's parties (patient, operator, notary, witnesses) read it.
- A witness report is its witness's until the chain holds it: a witness drawn for the claim
  uploads it before it reports (or, later, the very one it reported), and the claim's parties
  read it once its hash is that witness's report hash on chain.
- Evidence is for the operator's investigation: anyone the Disputes contract lets supervise the
  claim (not its patient, the operator or an approving witness) uploads it while the claim
  takes an objection or a fraud report, and the operator reads it while a case is open on the
  claim and its hash is the evidence its uploader staked that case with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lashou.documents.address import Kind

Held = Callable[[], bool]


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
    approvers: frozenset[str] = field(default_factory=frozenset)  # witnesses that approved
    to_report: frozenset[str] = field(default_factory=frozenset)  # witnesses that still may
    # why the chain takes no objection or fraud report on the claim now (None: it takes one)
    supervision_closed: str | None = "no objection or fraud report is taken"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.lower() == b.lower()


def _among(account: str, group: Iterable[str]) -> bool:
    return account.lower() in {member.lower() for member in group}


def _party(reader: str, roles: ClaimRoles) -> str | None:
    """The reader's part in the claim, if it has one."""
    if _same(reader, roles.patient):
        return "patient"
    if _same(reader, roles.operator):
        return "operator"
    if _same(reader, roles.notary):
        return "notary"
    if _among(reader, roles.witnesses):
        return "witness"
    return None


def may_read(reader: str, *, kind: Kind, owner: str, roles: ClaimRoles, held: Held) -> Decision:
    """Whether `reader` may read a `kind` document uploaded by `owner` for the claim; `held`
    tells whether the chain holds its hash as `owner`'s report or evidence on the claim."""
    if _same(reader, owner):
        return Decision(True, "uploader")
    if kind is Kind.EVIDENCE:
        if not _same(reader, roles.operator):
            return Decision(False, "evidence is for the operator's investigation only")
        if not roles.dispute_open:
            return Decision(False, "no dispute is open on the claim")
        if not held():
            return Decision(False, "the evidence is not its uploader's stake in the open case")
        return Decision(True, "operator during an open dispute")
    party = _party(reader, roles)
    if party is None:
        return Decision(False, "not a party to the claim")
    if kind is Kind.REPORT and not held():
        return Decision(False, "the report is not its witness's report hash on chain")
    return Decision(True, party)


def may_upload(
    uploader: str, *, kind: Kind, address: str, roles: ClaimRoles, held: Held
) -> Decision:
    """Whether `uploader` may store a `kind` document with hash `address` for the claim; `held`
    tells whether the chain already holds that hash as `uploader`'s report or evidence."""
    if not roles.exists:
        return Decision(False, "no such claim")
    if kind is Kind.DIAGNOSIS:
        if not _same(uploader, roles.patient):
            return Decision(False, "only the claim's patient uploads its diagnosis")
        if not _same(address, roles.document):
            return Decision(False, "the diagnosis is not the one the claim was filed with")
        return Decision(True, "patient")
    if kind is Kind.REPORT:
        if not _among(uploader, roles.witnesses):
            return Decision(False, "only a witness drawn for the claim uploads a report")
        if _among(uploader, roles.to_report):
            return Decision(True, "witness yet to report")
        if held():
            return Decision(True, "witness's report on chain")
        return Decision(False, "the witness cannot report any more and did not report this hash")
    if _same(uploader, roles.patient) or _same(uploader, roles.operator):
        return Decision(False, "the patient and the operator cannot supervise the claim")
    if _among(uploader, roles.approvers):
        return Decision(False, "an approving witness cannot supervise the claim")
    if roles.supervision_closed is None:
        return Decision(True, "supervisor")
    if held():
        return Decision(True, "supervisor's evidence in the open case")
    return Decision(False, roles.supervision_closed)
