"""A guard in front of the app: every request body is bounded by its route's limit before any
parser sees it, whatever its Content-Type, so one request can exhaust neither memory nor disk.

- A Content-Length over the limit is refused with a 413 before a byte of the body is read.
- A body sent without one (chunked) is counted as it arrives, and reading stops at the limit.
- A JSON body (at most the limit) is read here whole and refused if it nests too deep or holds
  a number too long to read (`lashou.api.json_shape`), so no parser's stack overflows.
- A route with a gate (the document upload) is checked for what needs no body, the session,
  before anything else; its body then streams on to the form parser, counted, so the parser
  never spools more than the limit to disk.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lashou.api import json_shape
from lashou.api.errors import sentence

MAX_BODY_BYTES = 256 * 1024  # an attestation or a transaction request is a few KB
TOO_LARGE = f"the request body is over {MAX_BODY_BYTES // 1024} KB: send only what /docs describes"

Refusal = tuple[int, str]  # (status, one sentence)
Gate = Callable[[Scope], Awaitable[Refusal | None]]


@dataclass(frozen=True)
class RouteBody:
    """How one route's body is bounded: its limit in bytes, the sentence a larger one gets, and
    the gate checked before the body is read."""

    limit: int
    too_large: str
    gate: Gate | None = None


DEFAULT = RouteBody(MAX_BODY_BYTES, TOO_LARGE)


class BodyTooLarge(HTTPException):
    """Raised by the counting `receive` at the limit; FastAPI lets an HTTPException through its
    body parsing, so the app's handler answers it as the 413 it is."""

    def __init__(self, detail: str) -> None:
        super().__init__(status_code=413, detail=detail)


class BodyGuard:
    """Bounds request bodies: `routes` maps (method, path) to a route's own `RouteBody`; every
    other route takes at most MAX_BODY_BYTES."""

    def __init__(
        self, app: ASGIApp, routes: Mapping[tuple[str, str], RouteBody] | None = None
    ) -> None:
        self.app = app
        self.routes = dict(routes or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"]).rstrip("/") or "/"
        rule = self.routes.get((str(scope["method"]), path), DEFAULT)
        if rule.gate is not None:
            refusal = await rule.gate(scope)
            if refusal is not None:
                await _refuse(send, *refusal)
                return
        length = _content_length(scope)
        if length is not None and length > rule.limit:
            await _refuse(send, 413, rule.too_large)
            return
        if rule.gate is None and _is_json(scope):
            await self._checked(scope, receive, send, rule)
        else:
            await self._counted(scope, receive, send, rule)

    async def _checked(self, scope: Scope, receive: Receive, send: Send, rule: RouteBody) -> None:
        """Read the JSON body whole (up to the limit), check its shape, then replay it."""
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > rule.limit:
                await _refuse(send, 413, rule.too_large)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        problem = json_shape.problem(body)
        if problem is not None:
            await _refuse(send, 422, problem)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, rule: RouteBody) -> None:
        """Pass the body on as it arrives, counted; past the limit nothing more is read."""
        size = 0
        started = False

        async def counting() -> Message:
            nonlocal size
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > rule.limit:
                    raise BodyTooLarge(rule.too_large)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, watched)
        except BodyTooLarge as exc:  # read outside the routes' handlers: answer it here
            if started:
                raise
            await _refuse(send, 413, exc.detail)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


def _content_length(scope: Scope) -> int | None:
    """The declared body length; None if absent or not a number (the count still holds)."""
    value = _header(scope, b"content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


def _is_json(scope: Scope) -> bool:
    return b"json" in (_header(scope, b"content-type") or b"").lower()


async def _refuse(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": sentence(detail)}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode())]})  # fmt: skip
    await send({"type": "http.response.body", "body": payload})
