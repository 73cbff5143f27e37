"""Call the app as a server would, one ASGI message at a time, to see how much of a body it
reads: the test client reads a whole body before the app sees any of it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message

CHUNK = 64 * 1024  # what a server hands the app at a time


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    read: int  # body bytes the app asked for


def chunks(total: int, chunk: bytes = b"x" * CHUNK) -> Iterable[bytes]:
    """`total` bytes of body in server-sized chunks, made only as they are read."""
    for start in range(0, total, len(chunk)):
        yield chunk[: total - start]


def call(
    app: ASGIApp,
    method: str,
    path: str,
    *,
    headers: dict[str, str],
    body: Iterable[bytes] = (),
) -> Answer:
    """`app`'s answer to one request whose body arrives in the pieces of `body`."""
    pieces = iter(body)
    read = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal read
        piece = next(pieces, None)
        if piece is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        read += len(piece)
        return {"type": "http.request", "body": piece, "more_body": True}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50_000), "server": ("testserver", 80),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Answer(status=int(sent[0]["status"]), body=json.loads(content), read=read)


BOUNDARY = "lashou-test-boundary"
MULTIPART = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}


def multipart(fields: dict[str, str], file_size: int) -> Iterable[bytes]:
    """A multipart form of `fields` and a file part of `file_size` bytes, made as it is read."""
    head = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    )
    head += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n'
    yield (head + "Content-Type: application/octet-stream\r\n\r\n").encode()
    yield from chunks(file_size)
    yield f"\r\n--{BOUNDARY}--\r\n".encode()
