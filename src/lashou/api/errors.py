"""Every refusal is a 4xx with one sentence under "detail"; nothing a user sends becomes a 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from requests.exceptions import ConnectionError as NodeConnectionError
from requests.exceptions import Timeout as NodeTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from web3.exceptions import MismatchedABI, Web3Exception

from lashou.api import invalid
from lashou.api.auth import SignInRefused
from lashou.api.services import ChainUnavailable
from lashou.api.transactions import BadAttestation, WouldFail
from lashou.documents.address import AddressError
from lashou.documents.crypto import TamperedDocument
from lashou.documents.roles import RolesUnavailable
from lashou.documents.store import DocumentMissing

log = logging.getLogger("lashou.api")


class ApiError(Exception):
    """A refusal with its HTTP status and one sentence."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def sentence(text: str) -> str:
    """`text` as a sentence: its first letter upper-case, a full stop at its end."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _reply(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": sentence(detail)}, status_code=status, headers=headers)


MAPPED: dict[type[Exception], int] = {
    SignInRefused: 401,
    AddressError: 422,
    BadAttestation: 422,
    WouldFail: 409,
    ChainUnavailable: 503,
    RolesUnavailable: 503,
}
NODE_DOWN = "the chain node does not answer: try again shortly"


def install(app: FastAPI) -> None:
    """Register the handlers that keep every error one clear sentence."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _reply(exc.status, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _reply(422, invalid.validation(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "the request cannot be served"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "there is nothing at this address: see /docs for the routes"
        if exc.status_code == 400:  # a body the framework's parsers could not read
            return _reply(422, invalid.unreadable_form(detail))
        if exc.status_code == 405:
            detail = "this method is not allowed here: see /docs for the routes"
        return _reply(exc.status_code, detail, getattr(exc, "headers", None))

    for kind, status in MAPPED.items():

        async def mapped(request: Request, exc: Exception, status: int = status) -> JSONResponse:
            return _reply(status, str(exc))

        app.add_exception_handler(kind, mapped)

    async def node_down(request: Request, exc: Exception) -> JSONResponse:
        log.warning("node unavailable (%s) on %s", type(exc).__name__, request.url.path)
        return _reply(503, NODE_DOWN)

    for kind in (Web3Exception, NodeConnectionError, NodeTimeout):
        app.add_exception_handler(kind, node_down)

    @app.exception_handler(MismatchedABI)
    async def out_of_range(request: Request, exc: MismatchedABI) -> JSONResponse:
        # a value that does not fit its contract type (a tier of 300, a 1-byte hash), not the node
        return _reply(422, "a value is out of range for its contract field (tier, class, region,"
                      " dates, amounts or 32-byte hashes): correct it as /docs shows")  # fmt: skip

    @app.exception_handler(TamperedDocument)
    async def tampered(request: Request, exc: TamperedDocument) -> JSONResponse:
        log.error("stored document failed its integrity check on %s", request.url.path)
        return _reply(500, "the stored document failed its integrity check: the operator must"
                      " restore it from a backup")  # fmt: skip

    @app.exception_handler(DocumentMissing)
    async def missing(request: Request, exc: DocumentMissing) -> JSONResponse:
        log.error("a stored document's file is missing on %s", request.url.path)
        return _reply(500, "the stored document's file is missing: the operator must restore"
                      " the data folder from a backup")  # fmt: skip

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return _reply(500, "the service failed unexpectedly: try again, and report it if it"
                      " happens again")  # fmt: skip
