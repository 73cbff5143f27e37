"""What the document upload is held to before its form is parsed: a live session, checked
before a byte of the body is read (FastAPI parses a form before any dependency runs), and its
size, bounded by the document limit and the form around it and counted as it streams, so the
parser never spools more than that to disk."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import Scope

from lashou.api.deps import SESSION_COOKIE, signed_in, token_of
from lashou.api.errors import ApiError
from lashou.api.guard import Gate, Refusal, RouteBody
from lashou.api.services import Services

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
