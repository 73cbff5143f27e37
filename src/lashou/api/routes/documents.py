"""/api/documents: upload a private document and read it back, for the claim's parties only.

Every refused read or upload is a 403 and one log line naming the account, the document hash
and the reason — never the document's content or anything about the person.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Response, UploadFile, status

from lashou.api.deps import AccountDep, RolesDep, ServicesDep, StoreDep
from lashou.api.errors import ApiError
from lashou.api.schemas import (
    HASH_PATTERN,
    ClaimId,
    DocumentPublic,
    DocumentUploaded,
    refusals,
)
from lashou.documents.address import AddressError, Kind, content_address, parse_address
from lashou.documents.policy import may_read, may_upload
from lashou.documents.roles import ChainRoles
from lashou.documents.store import DocumentMeta, DocumentStore

router = APIRouter(prefix="/api/documents", tags=["documents"])
access_log = logging.getLogger("lashou.documents.access")
DENIED = refusals(401, 403, 404)
DocumentHash = Annotated[str, Path(pattern=HASH_PATTERN, description="the document's hash")]


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
    responses={**DENIED, **refusals(409, 413)},
)
def upload(
    account: AccountDep,
    store: StoreDep,
    roles: RolesDep,
    services: ServicesDep,
    file: Annotated[UploadFile, File(description="the document")],
    kind: Annotated[Kind, Form()],
    claim_id: Annotated[ClaimId, Form()],
    salt: Annotated[
        str | None, Form(pattern=r"^(0x[0-9a-fA-F]{64})?$", description="a diagnosis's 0x salt")
    ] = None,
) -> DocumentUploaded:
    """Store a document encrypted; returns its hash, the one the chain holds for it."""
    limit = services.settings.max_document_bytes
    content = file.file.read(limit + 1)
    if len(content) > limit:
        raise ApiError(413, f"the document is larger than {limit} bytes: send a smaller file")
    raw_salt = _salt(salt)
    address = "0x" + content_address(kind, content, raw_salt).hex()
    decision = may_upload(account, kind=kind, address=address, roles=roles.claim_roles(claim_id))
    if not decision:
        access_log.warning("upload refused: account=%s document=%s reason=%s", account,
                           address, decision.reason)  # fmt: skip
        raise ApiError(
            403,
            f"this document cannot be stored ({decision.reason}): check the claim id and"
            " the account signed in",
        )
    meta = store.put(kind=kind, content=content, owner=account, claim_id=claim_id, salt=raw_salt)
    uploaded = _public(meta)
    return DocumentUploaded(**uploaded.model_dump(), salt=salt if raw_salt else None)


def _readable(account: str, hash_: str, store: DocumentStore, roles: ChainRoles) -> DocumentMeta:
    address = "0x" + parse_address(hash_).hex()
    meta = store.meta(address)
    decision = may_read(account, kind=meta.kind, owner=meta.owner,
                        roles=roles.claim_roles(meta.claim_id))  # fmt: skip
    if not decision:
        access_log.warning("read refused: account=%s document=%s reason=%s", account, address,
                           decision.reason)  # fmt: skip
        raise ApiError(
            403,
            f"you may not read this document ({decision.reason}): sign in with an account that may",
        )
    return meta


@router.get("/{hash}/meta", response_model=DocumentPublic, responses=DENIED)
def metadata(
    hash: DocumentHash, account: AccountDep, store: StoreDep, roles: RolesDep
) -> DocumentPublic:
    """What the document is, for whoever may read it."""
    return _public(_readable(account, hash, store, roles))


@router.get("/{hash}", responses={**DENIED, 200: {"content": {"application/octet-stream": {}}}})
def read(hash: DocumentHash, account: AccountDep, store: StoreDep, roles: RolesDep) -> Response:
    """The decrypted document; a diagnosis's salt comes in the X-Document-Salt header."""
    meta = _readable(account, hash, store, roles)
    document = store.get(meta.address)
    headers = {"Cache-Control": "no-store", "X-Document-Kind": meta.kind.value}
    if document.salt is not None:
        headers["X-Document-Salt"] = "0x" + document.salt.hex()
    return Response(document.content, media_type="application/octet-stream", headers=headers)
