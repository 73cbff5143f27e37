"""Sign-In with Ethereum (EIP-4361) messages: a strict parser and the matching builder.

The message grammar (EIP-4361 ABNF), line by line:

    [scheme "://"] domain " wants you to sign in with your Ethereum account:"
    address                       (EIP-55 checksummed)
    (empty line)
    [statement]                   (one line; then an empty line) or one more empty line
    "URI: " uri
    "Version: 1"
    "Chain ID: " digits
    "Nonce: " at least 8 letters or digits
    "Issued At: " RFC 3339 date-time
    ["Expiration Time: " date-time] ["Not Before: " date-time] ["Request ID: " pchar*]
    ["Resources:" then one "- " uri per line]

`parse` accepts exactly what `SiweMessage.text` produces, so a parsed message printed again is
the very text that was signed. One narrowing of the grammar: a sign-in is to a web site, so the
URI, and the scheme before the domain when there is one, are http or https.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from eth_utils.address import is_checksum_address

PREAMBLE = " wants you to sign in with your Ethereum account:"
_SCHEME = r"[A-Za-z][A-Za-z0-9+.-]*"
_DOMAIN = re.compile(
    rf"^(?:({_SCHEME})://)?((?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{{1,5}})?)$"
)
_URI = re.compile(rf"^{_SCHEME}:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_STATEMENT = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;= ]+$")
_NONCE = re.compile(r"^[A-Za-z0-9]{8,}$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$")
WEB_SCHEMES = ("http", "https")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


class SiweError(ValueError):
    """A message that is not a valid EIP-4361 sign-in message."""


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, as the builder writes every time."""
    text = moment.isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def _time(text: str, name: str) -> datetime:
    if not _DATETIME.match(text):
        raise SiweError(f"{name} is not an RFC 3339 date-time")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SiweError(f"{name} is not a real date and time") from None
    return moment


@dataclass(frozen=True)
class SiweMessage:
    domain: str
    address: str
    uri: str
    chain_id: int
    nonce: str
    issued_at: str
    statement: str | None = None
    version: str = "1"
    scheme: str | None = None
    expiration_time: str | None = None
    not_before: str | None = None
    request_id: str | None = None
    resources: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        _check(self)

    @property
    def issued(self) -> datetime:
        return _time(self.issued_at, "Issued At")

    @property
    def expires(self) -> datetime | None:
        return None if self.expiration_time is None else _time(self.expiration_time, "Expiration")

    @property
    def valid_from(self) -> datetime | None:
        return None if self.not_before is None else _time(self.not_before, "Not Before")

    def text(self) -> str:
        """The message as the wallet shows and signs it."""
        origin = f"{self.scheme}://{self.domain}" if self.scheme else self.domain
        lines = [origin + PREAMBLE, self.address, ""]
        lines += [self.statement, ""] if self.statement is not None else [""]
        lines += [
            f"URI: {self.uri}",
            f"Version: {self.version}",
            f"Chain ID: {self.chain_id}",
            f"Nonce: {self.nonce}",
            f"Issued At: {self.issued_at}",
        ]
        if self.expiration_time is not None:
            lines.append(f"Expiration Time: {self.expiration_time}")
        if self.not_before is not None:
            lines.append(f"Not Before: {self.not_before}")
        if self.request_id is not None:
            lines.append(f"Request ID: {self.request_id}")
        if self.resources:
            lines.append("Resources:")
            lines += [f"- {resource}" for resource in self.resources]
        return "\n".join(lines)


def _check(m: SiweMessage) -> None:
    if not _DOMAIN.match(f"{m.scheme}://{m.domain}" if m.scheme else m.domain):
        raise SiweError("the domain is not a host with an optional port")
    if m.scheme is not None and m.scheme.lower() not in WEB_SCHEMES:
        raise SiweError("the scheme before the domain is not http or https")
    if not is_checksum_address(m.address):
        raise SiweError("the address is not an EIP-55 checksummed address")
    if m.statement is not None and not _STATEMENT.match(m.statement):
        raise SiweError("the statement holds characters EIP-4361 does not allow")
    if not _URI.match(m.uri):
        raise SiweError("the URI is not an absolute URI")
    if not _is_web(m.uri):
        raise SiweError("the URI is not an http or https address with a host")
    if m.version != "1":
        raise SiweError("the version is not 1")
    if isinstance(m.chain_id, bool) or not isinstance(m.chain_id, int) or m.chain_id < 0:
        raise SiweError("the chain id is not a whole number")
    if not _NONCE.match(m.nonce):
        raise SiweError("the nonce is not at least 8 letters or digits")
    for name, value in (
        ("Issued At", m.issued_at), ("Expiration Time", m.expiration_time),
        ("Not Before", m.not_before),
    ):  # fmt: skip
        if value is not None:
            _time(value, name)
    if m.request_id is not None and not _REQUEST_ID.match(m.request_id):
        raise SiweError("the request id holds characters EIP-4361 does not allow")
    for resource in m.resources:
        if not _URI.match(resource):
            raise SiweError("a resource is not an absolute URI")


def _is_web(uri: str) -> bool:
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number under 65536
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


_OPTIONAL = (("Expiration Time: ", "expiration_time"), ("Not Before: ", "not_before"),
             ("Request ID: ", "request_id"))  # fmt: skip


def parse(text: str) -> SiweMessage:
    """Parse a sign-in message, refusing anything the grammar does not produce."""
    lines = text.split("\n")
    if len(lines) < 10 or not lines[0].endswith(PREAMBLE):
        raise SiweError("the first line is not '<domain> wants you to sign in with ...'")
    origin = lines[0][: -len(PREAMBLE)]
    found = _DOMAIN.match(origin)
    if not found:
        raise SiweError("the domain is not a host with an optional port")
    scheme, domain = found.group(1), found.group(2)
    address = lines[1]
    if lines[2] != "":
        raise SiweError("the address must be followed by an empty line")
    if lines[3] == "":
        statement, at = None, 4
    else:
        if lines[4] != "":
            raise SiweError("the statement must be one line followed by an empty line")
        statement, at = lines[3], 5
    values: dict[str, str] = {}
    for prefix in ("URI: ", "Version: ", "Chain ID: ", "Nonce: ", "Issued At: "):
        values[prefix] = _field(lines, at, prefix)
        at += 1
    optional: dict[str, str] = {}
    for prefix, name in _OPTIONAL:
        if at < len(lines) and lines[at].startswith(prefix):
            optional[name] = _field(lines, at, prefix)
            at += 1
    resources: list[str] = []
    if at < len(lines) and lines[at] == "Resources:":
        at += 1
        while at < len(lines) and lines[at].startswith("- "):
            resources.append(lines[at][2:])
            at += 1
    if at != len(lines):
        raise SiweError(f"line {at + 1} is not a field EIP-4361 allows there")
    chain_id = values["Chain ID: "]
    if not chain_id.isascii() or not chain_id.isdigit():
        raise SiweError("the chain id is not a whole number")
    message = SiweMessage(
        domain=domain, address=address, uri=values["URI: "], chain_id=int(chain_id),
        nonce=values["Nonce: "], issued_at=values["Issued At: "], statement=statement,
        version=values["Version: "], scheme=scheme, resources=tuple(resources), **optional,
    )  # fmt: skip
    if message.text() != text:
        raise SiweError("the message is not in the canonical EIP-4361 layout")
    return message


def _field(lines: list[str], at: int, prefix: str) -> str:
    if at >= len(lines) or not lines[at].startswith(prefix):
        raise SiweError(f"line {at + 1} should start with '{prefix.strip()}'")
    return lines[at][len(prefix) :]
