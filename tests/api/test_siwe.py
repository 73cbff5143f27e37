"""The EIP-4361 message parser and builder: exactly the spec's grammar, nothing more."""

from __future__ import annotations

import dataclasses

import pytest

from lashou.api.siwe import SiweError, SiweMessage, parse

ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"

FULL = SiweMessage(
    domain="lashou.example:8443", address=ADDRESS, uri="https://lashou.example:8443/login",
    chain_id=31337, nonce="32891756abcdef01", issued_at="2026-12-03T10:00:00.000Z",
    statement="Sign in to lashou.", scheme="https",
    expiration_time="2026-12-03T10:10:00.000Z", not_before="2026-12-03T09:59:00Z",
    request_id="req-1", resources=("ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz",
                                   "https://lashou.example/terms"),
)  # fmt: skip

SPEC_EXAMPLE = """service.org wants you to sign in with your Ethereum account:
0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

I accept the ServiceOrg Terms of Service: https://service.org/tos

URI: https://service.org/login
Version: 1
Chain ID: 1
Nonce: 32891756
Issued At: 2021-09-30T16:25:24Z
Resources:
- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz/
- https://example.com/my-web2-claim.json"""


def test_parse__the_spec_example() -> None:
    message = parse(SPEC_EXAMPLE)
    assert message.domain == "service.org" and message.chain_id == 1
    assert message.statement == "I accept the ServiceOrg Terms of Service: https://service.org/tos"
    assert len(message.resources) == 2 and message.text() == SPEC_EXAMPLE


def test_parse__every_optional_field_round_trips() -> None:
    assert parse(FULL.text()) == FULL


def test_parse__no_statement_round_trips() -> None:
    bare = dataclasses.replace(FULL, statement=None, scheme=None, resources=())
    assert "\n\n\nURI: " in bare.text()
    assert parse(bare.text()) == bare


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (" wants you to sign in", " wants you to log in", "first line"),
        (ADDRESS, ADDRESS.lower(), "EIP-55"),
        ("Version: 1", "Version: 2", "version"),
        ("Chain ID: 31337", "Chain ID: 0x7a69", "chain id"),
        ("Nonce: 32891756abcdef01", "Nonce: short", "nonce"),
        ("Nonce: 32891756abcdef01", "Nonce: 32891756-bcdef01", "nonce"),
        ("Issued At: 2026-12-03T10:00:00.000Z", "Issued At: yesterday", "date-time"),
        ("Issued At: 2026-12-03T10:00:00.000Z", "Issued At: 2026-13-03T10:00:00Z", "real date"),
        ("URI: https://lashou.example:8443/login", "URI: not a uri", "URI"),
        ("URI: https://lashou.example:8443/login", "URI: ftp://lashou.example/login", "http"),
        ("URI: https://lashou.example:8443/login", "URI: urn:lashou:login", "http or https"),
        ("URI: https://lashou.example:8443/login", "URI: https:///login", "with a host"),
        ("URI: https://lashou.example:8443/login", "URI: https://lashou.example:99999/", "host"),
        ("https://lashou.example:8443 wants", "ftp://lashou.example:8443 wants", "scheme"),
        ("Sign in to lashou.", "Sign in\nto lashou.", "statement"),
        ("Sign in to lashou.", "Sign in to lashou. \u767b\u5f55", "statement"),
        ("Request ID: req-1", "Request ID: req 1", "request id"),
        ("Version: 1\n", "", "Version"),
        ("- https://lashou.example/terms", "- https://lashou.example/terms\nExtra: field", "line"),
    ],
)
def test_parse__a_field_outside_the_grammar_is_refused(old: str, new: str, why: str) -> None:
    text = FULL.text()
    assert old in text
    with pytest.raises(SiweError, match=why):
        parse(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "uri", ["http://localhost:8000", "https://lashou.example/login?from=claims#top", "HTTPS://A.B"]
)
def test_parse__http_and_https_uris_round_trip(uri: str) -> None:
    message = dataclasses.replace(FULL, uri=uri, scheme="http")
    assert parse(message.text()) == message


def test_parse__reordered_optional_fields_are_refused() -> None:
    text = FULL.text()
    in_order = "Expiration Time: 2026-12-03T10:10:00.000Z\nNot Before: 2026-12-03T09:59:00Z"
    assert in_order in text
    wrong = text.replace(
        in_order, "Not Before: 2026-12-03T09:59:00Z\nExpiration Time: 2026-12-03T10:10:00.000Z"
    )
    with pytest.raises(SiweError):
        parse(wrong)


def test_parse__trailing_newline_is_refused() -> None:
    with pytest.raises(SiweError):
        parse(FULL.text() + "\n")


def test_build__invalid_field_is_refused() -> None:
    with pytest.raises(SiweError, match="nonce"):
        dataclasses.replace(FULL, nonce="abc")
