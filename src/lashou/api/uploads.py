"""What the document upload is held to: before its form is parsed, a live session, checked
before a byte of the body is read (FastAPI parses a form before any dependency runs), and its
size, bounded by the document limit and the form around it and counted as it streams, so the
parser never spools more than that to disk; before it is stored, what its account keeps."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import Scope

from lashou.api.deps import SESSION_COOKIE, signed_in, token_of
from lashou.api.errors import ApiError
from lashou.api.guard import Gate, Refusal, RouteBody
from lashou.api.services import Services
from lashou.api.settings import ServiceSettings

MB = 1024 * 1024

UPLOAD = ("POST", "/api/documents")
FORM_OVERHEAD = 64 * 1024  # the kind, claim id and salt fields and each part's headers: < 1 KB


def upload_body(services: Services) -> RouteBody:
    """The upload route's bound: a document at the limit and its form fit, nothing much more."""
    document = services.settings.max_document_bytes
    return RouteBody(
        limit=document + FORM_OVERHEAD,
        too_large=f"the upload is over {document + FORM_OVERHEAD} bytes (a document of at"
        f" most {document} bytes and its form): send a smaller file",
        gate=session_gate(services),
    )


def session_gate(services: Services) -> Gate:
    """Refuses a request without a live session (401) before its body is read."""

    async def gate(scope: Scope) -> Refusal | None:
        request = Request(scope)
        token = token_of(request.headers.get("authorization"), request.cookies.get(SESSION_COOKIE))
        try:
            await run_in_threadpool(signed_in, services, token)
        except ApiError as refused:
            return refused.status, refused.detail
        return None

    return gate


def quota_refusal(
    settings: ServiceSettings, *, kept: tuple[int, int], size: int
) -> ApiError | None:
    """Why an account that keeps `kept` (copies, bytes) may not store `size` bytes more, if it
    may not. Checked before storing, so parallel uploads of one account may pass it by a few
    copies: it bounds what one account can pile up, not every byte."""
    count, used = kept
    if count >= settings.max_account_documents:
        return ApiError(429, f"this account already keeps {count} documents, the most one"
                        " account may store: ask the operator to make room for more")  # fmt: skip
    if used + size > settings.max_account_bytes:
        return ApiError(413, f"this file would take this account's documents past"
                        f" {_size(settings.max_account_bytes)}, the most one account may"
                        " store: send a smaller file or ask the operator to make room")  # fmt: skip
    return None


def _size(count: int) -> str:
    return f"{count // MB} MB" if count % MB == 0 else f"{count} bytes"
