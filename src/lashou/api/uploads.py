"""What the document upload is held to before its form is parsed: its size, bounded by the
document limit and the form around it, counted as it streams so the parser never spools more
to disk."""

from __future__ import annotations

from lashou.api.guard import RouteBody
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
    )
