"""/api/documents: upload a private document and read it back, for the claim's parties only.

A document is addressed by the hash the chain holds for it; each party that uploads it keeps
a copy of its own for its role and claim (`lashou.documents.store`). A reader gets the first
copy it may read: its own, else the oldest one whose claim makes it a reader.

Every refused read is the same 403 with the same sentence, whether nothing is stored under the
hash or copies are stored that the reader may not read; only the log line and the audit file
in the data folder (time, account, hash, reason — never content or anything about the person)
tell the two apart. Many of these hashes
are public — a claim's diagnosis commitment, a witness's report hash and a supervisor's
evidence hash are all in the chain's events — and anybody can hash a guessed file, so a 404
for "nothing stored" beside a 403 for "stored, not yours" would let anyone learn whether a
party has handed its document in, or whether a given file is held at all.

Could a reader who *would* be entitled be told "not uploaded yet"? Only where entitlement is
decided without the store, since an answer that depends on others' stored copies is what must
stay hidden: the hash would have to be found in the chain's events (a diagnosis commitment in
ClaimFiled, a report hash in WitnessReported, an evidence hash in ObjectionRaised or
FraudReported) and the reader be a party of that claim who may read that kind. Told only to
such a reader, "not uploaded yet" would reveal nothing to outsiders. But the index keeps these
hashes inside each event's arguments, so the look-up is a scan of every event for every
unknown hash anybody sends, a cost an outsider could impose at will; so the service does not
answer it, and the one sentence names both things to check — the account signed in, and
whether the document's owner has uploaded it yet. (The time an answer takes still differs: a
stored copy costs a read of its claim's parties on chain and, for a report or evidence, of its
owner's own events on that claim, both cached per block. Those are looked up only for copies
stored, never for a hash anybody sends.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Response, UploadFile, status

from lashou.api.deps import AccountDep, RolesDep, ServicesDep, StoreDep, known_query
from lashou.api.errors import ApiError
from lashou.api.schemas import (
    HASH_PATTERN,
    ClaimId,
    DocumentPublic,
    DocumentUploaded,
    refusals,
)
from lashou.api.services import Services
from lashou.api.uploads import quota_refusal
from lashou.documents.address import AddressError, Kind, content_address, parse_address
from lashou.documents.policy import may_read, may_upload
from lashou.documents.roles import ChainRoles
from lashou.documents.store import DocumentMeta

router = APIRouter(prefix="/api/documents", tags=["documents"],
                   dependencies=[Depends(known_query)])  # fmt: skip
access_log = logging.getLogger("lashou.documents.access")
DENIED = refusals(401, 403)
DocumentHash = Annotated[str, Path(pattern=HASH_PATTERN, description="the document's hash")]
NOT_READABLE = (
    "no document you may read is stored under this hash: check the hash and the account"
    " signed in, or wait until the document's owner has uploaded it"
)
NOTHING_STORED = "nothing is stored under this hash"


def _public(meta: DocumentMeta) -> DocumentPublic:
    return DocumentPublic(hash=meta.address, kind=meta.kind, claim_id=meta.claim_id,
                          size=meta.size, created=meta.created)  # fmt: skip


def _salt(text: str | None) -> bytes | None:
    if text is None or text == "":
        return None
    try:
        return bytes.fromhex(text.removeprefix("0x"))
    except ValueError:
        raise AddressError("the salt is not hex: give the 0x salt the notary saved") from None


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentUploaded,
    responses={**DENIED, **refusals(413)},
)
def upload(
    account: AccountDep,
    store: StoreDep,
    roles: RolesDep,
    services: ServicesDep,
    file: Annotated[UploadFile, File(description="the document (not empty)")],
    kind: Annotated[Kind, Form()],
    claim_id: Annotated[ClaimId, Form()],
    salt: Annotated[
        str | None, Form(pattern=r"^(0x[0-9a-fA-F]{64})?$", description="a diagnosis's 0x salt")
    ] = None,
) -> DocumentUploaded:
    """Store the signed-in account's copy of a document for its role in the claim, encrypted;
    returns its hash, the one the chain holds for it."""
    limit = services.settings.max_document_bytes
    content = file.file.read(limit + 1)
    if len(content) > limit:
        raise ApiError(413, f"the document is larger than {limit} bytes: send a smaller file")
    if not content:
        raise ApiError(422, "field 'file' is an empty file: choose the document itself")
    raw_salt = _salt(salt)
    address = "0x" + content_address(kind, content, raw_salt).hex()
    decision = may_upload(
        account, kind=kind, address=address, roles=roles.claim_roles(claim_id),
        held=lambda: roles.holds(claim_id=claim_id, kind=kind, owner=account, address=address),
    )  # fmt: skip
    if not decision:
        _refused(services, "upload", account=account, address=address, reason=decision.reason)
        raise ApiError(
            403,
            f"this document cannot be stored ({decision.reason}): check the claim id and"
            " the account signed in",
        )
    if store.find(address, kind=kind, claim_id=claim_id, owner=account) is None:
        refused = quota_refusal(services.settings, kept=store.usage(account), size=len(content))
        if refused is not None:
            raise refused
    meta = store.put(kind=kind, content=content, owner=account, claim_id=claim_id, salt=raw_salt)
    uploaded = _public(meta)
    return DocumentUploaded(**uploaded.model_dump(), salt=salt if raw_salt else None)


def _held(roles: ChainRoles, meta: DocumentMeta) -> Callable[[], bool]:
    """Whether the chain holds the copy's hash as its owner's report or evidence (asked only
    when a rule needs it)."""
    return lambda: roles.holds(claim_id=meta.claim_id, kind=meta.kind, owner=meta.owner,
                               address=meta.address)  # fmt: skip


def _refused(services: Services, action: str, *, account: str, address: str, reason: str) -> None:
    """Log a refusal and append it to the audit file: account, hash and reason, no content."""
    access_log.warning("%s refused: account=%s document=%s reason=%s", action, account, address,
                       reason)  # fmt: skip
    services.audit.refused(action, account=account, address=address, reason=reason,
                           now=services.now())  # fmt: skip


def _readable(account: str, hash_: str, services: Services) -> DocumentMeta:
    """The copy `account` may read (its own first, then the oldest), or the one 403."""
    store, roles = services.store, services.roles
    address = "0x" + parse_address(hash_).hex()
    copies = store.copies(address)
    copies.sort(key=lambda meta: meta.owner.lower() != account.lower())  # stable: own first
    reasons: list[str] = []
    for meta in copies:
        claim = roles.claim_roles(meta.claim_id)
        decision = may_read(account, kind=meta.kind, owner=meta.owner, roles=claim,
                            held=_held(roles, meta))  # fmt: skip
        if decision:
            return meta
        if decision.reason not in reasons:
            reasons.append(decision.reason)
    reason = "; ".join(reasons) or NOTHING_STORED
    _refused(services, "read", account=account, address=address, reason=reason)
    raise ApiError(403, NOT_READABLE)


@router.get("/{hash}/meta", response_model=DocumentPublic, responses=DENIED)
def metadata(hash: DocumentHash, account: AccountDep, services: ServicesDep) -> DocumentPublic:
    """What the document is (the copy you may read), for whoever may read it."""
    return _public(_readable(account, hash, services))


@router.get("/{hash}", responses={**DENIED, 200: {"content": {"application/octet-stream": {}}}})
def read(hash: DocumentHash, account: AccountDep, services: ServicesDep) -> Response:
    """The decrypted document; a diagnosis's salt comes in the X-Document-Salt header."""
    meta = _readable(account, hash, services)
    document = services.store.open(meta)
    headers = {"Cache-Control": "no-store", "X-Document-Kind": meta.kind.value}
    if document.salt is not None:
        headers["X-Document-Salt"] = "0x" + document.salt.hex()
    return Response(document.content, media_type="application/octet-stream", headers=headers)
