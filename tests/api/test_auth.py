"""Sign-In with Ethereum: the happy path, then each check failing on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from eth_account import Account
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from lashou.api.app import create_app
from lashou.api.models import SignInNonce
from lashou.api.settings import ServiceSettings
from lashou.api.siwe import format_time
from tests.api.conftest import sign, sign_in, siwe_message
from tests.api.story import Story


def post(client: TestClient, text: str, signature: str) -> tuple[int, str]:
    reply = client.post("/api/auth/signin", json={"message": text, "signature": signature})
    return reply.status_code, str(reply.json().get("detail", ""))


def test_sign_in__signed_message_opens_a_session(client: TestClient, story: Story) -> None:
    account = story.newcomer.account
    text = siwe_message(client, account).text()
    reply = client.post(
        "/api/auth/signin", json={"message": text, "signature": sign(account, text)}
    )
    assert reply.status_code == 200 and reply.json()["address"] == account.address
    cookie = reply.headers["set-cookie"]
    assert "lashou_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/api/auth/me").json() == {"address": account.address}


def test_sign_in__session_ends_with_the_signed_expiration_time(
    client: TestClient, story: Story
) -> None:
    account = story.newcomer.account
    ends = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=30)
    text = siwe_message(client, account, expiration_time=format_time(ends)).text()
    reply = client.post(
        "/api/auth/signin", json={"message": text, "signature": sign(account, text)}
    )
    assert reply.status_code == 200
    assert datetime.fromisoformat(reply.json()["expires"]) <= ends


def test_me__bearer_token_works_without_the_cookie(client: TestClient, story: Story) -> None:
    headers = sign_in(client, story.supervisor)
    assert client.get("/api/auth/me", headers=headers).json()["address"] == story.supervisor.address


def test_me__without_a_session_is_401(client: TestClient) -> None:
    reply = client.get("/api/auth/me")
    assert reply.status_code == 401 and "not signed in" in reply.json()["detail"]


def test_me__unknown_token_is_401(client: TestClient) -> None:
    reply = client.get("/api/auth/me", headers={"Authorization": "Bearer made-up"})
    assert reply.status_code == 401 and "sign in again" in reply.json()["detail"]


def test_sign_out__ends_the_session(client: TestClient, story: Story) -> None:
    headers = sign_in(client, story.supervisor)
    assert client.post("/api/auth/signout", headers=headers).status_code == 204
    assert client.get("/api/auth/me", headers=headers).status_code == 401


def test_sign_in__replayed_nonce_is_refused(client: TestClient, story: Story) -> None:
    account = story.supervisor
    text = siwe_message(client, account).text()
    assert post(client, text, sign(account, text))[0] == 200
    status, detail = post(client, text, sign(account, text))
    assert status == 401 and "nonce is unknown, used or expired" in detail


def test_sign_in__nonce_not_handed_out_is_refused(client: TestClient, story: Story) -> None:
    account = story.supervisor
    text = siwe_message(client, account, nonce="abcdef0123456789").text()
    status, detail = post(client, text, sign(account, text))
    assert status == 401 and "nonce" in detail


def test_sign_in__nonce_past_its_ttl_is_refused(client: TestClient, story: Story) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    account = story.supervisor
    text = siwe_message(client, account).text()
    later = datetime.now(UTC) + timedelta(seconds=services.settings.nonce_ttl + 1)
    services.now = lambda: later
    status, detail = post(client, text, sign(account, text))
    assert status == 401 and ("nonce" in detail or "too long ago" in detail)


def test_sign_in__expired_message_is_refused(client: TestClient, story: Story) -> None:
    account = story.supervisor
    past = datetime.now(UTC) - timedelta(seconds=5)
    text = siwe_message(client, account, expiration_time=format_time(past)).text()
    status, detail = post(client, text, sign(account, text))
    assert status == 401 and "expired" in detail


def test_sign_in__message_issued_in_the_future_is_refused(client: TestClient, story: Story) -> None:
    account = story.supervisor
    future = datetime.now(UTC) + timedelta(hours=1)
    text = siwe_message(client, account, issued_at=format_time(future)).text()
    status, detail = post(client, text, sign(account, text))
    assert status == 401 and "future" in detail


def test_sign_in__not_yet_valid_message_is_refused(client: TestClient, story: Story) -> None:
    account = story.supervisor
    later = datetime.now(UTC) + timedelta(hours=1)
    text = siwe_message(client, account, not_before=format_time(later)).text()
    assert post(client, text, sign(account, text))[0] == 401


def test_sign_in__wrong_chain_is_refused(client: TestClient, story: Story) -> None:
    account = story.supervisor
    text = siwe_message(client, account, chain_id=1).text()
    status, detail = post(client, text, sign(account, text))
    assert status == 401 and "switch the wallet to chain 31337" in detail


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("domain", "evil.example", "not testserver"),
        ("uri", "http://evil.example", "URI is not on http://testserver"),
        ("uri", "https://testserver", "URI is not on http://testserver"),
        ("uri", "http://testserver:8080", "URI is not on http://testserver"),
        ("uri", "http://testserver.evil.example/", "URI is not on http://testserver"),
        ("scheme", "https", "names the scheme https, not http"),
    ],
)
def test_sign_in__message_for_another_site_is_refused(
    client: TestClient, story: Story, field: str, value: str, why: str
) -> None:
    account = story.supervisor
    text = siwe_message(client, account, **{field: value}).text()
    status, detail = post(client, text, sign(account, text))
    assert status == 401 and why in detail


@pytest.mark.parametrize(
    ("field", "value"),
    [("uri", "http://testserver/claims/3?lang=en"), ("uri", "HTTP://TestServer:80/"),
     ("scheme", "http")],
)  # fmt: skip
def test_sign_in__message_on_the_sites_origin_is_accepted(
    client: TestClient, story: Story, field: str, value: str
) -> None:
    account = story.supervisor
    text = siwe_message(client, account, **{field: value}).text()
    assert post(client, text, sign(account, text))[0] == 200


def test_sign_in__message_uri_not_http_is_refused(client: TestClient, story: Story) -> None:
    account = story.supervisor
    text = siwe_message(client, account).text()
    text = text.replace("URI: http://testserver", "URI: ftp://testserver")
    status, detail = post(client, text, sign(account, text))
    assert status == 401 and "not an http or https address" in detail


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Chain ID: 31337", "Chain ID: 31338"),
        ("Sign in to lashou.", "Sign in to lashou!"),
        ("Version: 1", "Version: 1 "),
    ],
)
def test_sign_in__tampered_field_after_signing_is_refused(
    client: TestClient, story: Story, old: str, new: str
) -> None:
    account = story.supervisor
    text = siwe_message(client, account).text()
    signature = sign(account, text)
    assert post(client, text.replace(old, new), signature)[0] == 401


def test_sign_in__tampered_address_is_refused_and_nonce_stays_usable(
    client: TestClient, story: Story
) -> None:
    account, other = story.supervisor, story.newcomer.account
    message = siwe_message(client, account)
    text = message.text()
    forged = text.replace(account.address, other.address)
    status, detail = post(client, forged, sign(account, text))
    assert status == 401 and "not from the message's address" in detail
    assert post(client, text, sign(account, text))[0] == 200


def test_sign_in__signature_by_another_key_is_refused(client: TestClient, story: Story) -> None:
    text = siwe_message(client, story.supervisor).text()
    assert post(client, text, sign(Account.create(), text))[0] == 401


@pytest.mark.parametrize("signature", ["0x", "0x1234", "zz", "0x" + "00" * 65])
def test_sign_in__malformed_signature_is_refused(
    client: TestClient, story: Story, signature: str
) -> None:
    text = siwe_message(client, story.supervisor).text()
    assert post(client, text, signature)[0] == 401


def test_sign_in__not_eip4361_is_refused(client: TestClient) -> None:
    status, detail = post(client, "please let me in", "0x" + "11" * 65)
    assert status == 401 and "not valid EIP-4361" in detail


def test_nonce__names_the_domain_uri_and_chain(client: TestClient) -> None:
    body = client.get("/api/auth/nonce").json()
    assert (body["domain"], body["uri"], body["chain_id"]) == (
        "testserver",
        "http://testserver",
        31337,
    )
    assert (
        len(body["nonce"]) >= 8 and body["nonce"] != client.get("/api/auth/nonce").json()["nonce"]
    )


def test_nonce__with_an_address_hands_out_the_message_to_sign(
    client: TestClient, story: Story
) -> None:
    account = story.newcomer.account
    body = client.get("/api/auth/nonce", params={"address": account.address.lower()}).json()
    text = body["message"]
    assert text.splitlines()[1] == account.address  # checksummed, as EIP-4361 wants
    assert f"Nonce: {body['nonce']}" in text and "Chain ID: 31337" in text
    status, _ = post(client, text, sign(account, text))
    assert status == 200
    assert client.get("/api/auth/me").json() == {"address": account.address}


def test_nonce__with_a_bad_address_is_422(client: TestClient) -> None:
    reply = client.get("/api/auth/nonce", params={"address": "0x1234"})
    assert reply.status_code == 422 and reply.json()["detail"] == (
        "Query parameter 'address' is not 0x followed by 40 hex digits: correct it."
    )
    assert client.get("/api/auth/nonce").json()["message"] is None


def test_me__session_past_its_ttl_is_401(client: TestClient, story: Story) -> None:
    headers = sign_in(client, story.supervisor)
    services = client.app.state.services  # type: ignore[attr-defined]
    later = datetime.now(UTC) + timedelta(seconds=services.settings.session_ttl + 1)
    services.now = lambda: later
    reply = client.get("/api/auth/me", headers=headers)
    assert reply.status_code == 401 and "expired" in reply.json()["detail"]


def nonces_kept(client: TestClient) -> int:
    services = client.app.state.services  # type: ignore[attr-defined]
    with Session(services.engine) as db:
        return int(db.scalar(select(func.count()).select_from(SignInNonce)) or 0)


def test_nonce__expired_and_spent_nonces_are_dropped_when_a_new_one_is_handed_out(
    client: TestClient, story: Story
) -> None:
    for _ in range(3):
        client.get("/api/auth/nonce")
    sign_in(client, story.supervisor)  # a fourth, spent
    assert nonces_kept(client) == 4
    client.get("/api/auth/nonce")
    assert nonces_kept(client) == 4  # the spent one went, the new one came
    services = client.app.state.services  # type: ignore[attr-defined]
    later = datetime.now(UTC) + timedelta(seconds=services.settings.nonce_ttl + 1)
    services.now = lambda: later
    client.get("/api/auth/nonce")
    assert nonces_kept(client) == 1


def test_nonce__past_the_cap_the_oldest_unsigned_nonces_go(
    story: Story, settings: ServiceSettings, index_engine: Engine
) -> None:
    capped = settings.model_copy(update={"max_nonces": 3})
    with TestClient(create_app(capped, plan=story.plan, index_engine=index_engine)) as client:
        account = story.supervisor
        oldest = siwe_message(client, account).text()
        for _ in range(3):
            client.get("/api/auth/nonce")
        assert nonces_kept(client) == 3
        status, detail = post(client, oldest, sign(account, oldest))
        assert status == 401 and "nonce is unknown, used or expired" in detail
        latest = siwe_message(client, account).text()
        assert nonces_kept(client) == 3
        assert post(client, latest, sign(account, latest))[0] == 200
