"""/api/auth: Sign-In with Ethereum (EIP-4361) — a nonce, the signed message, the session."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from lashou.api import auth
from lashou.api.deps import SESSION_COOKIE, AccountDep, ServicesDep, TokenDep, known_query
from lashou.api.schemas import (
    AccountPublic,
    Address,
    NoncePublic,
    SessionPublic,
    SignInIn,
    refusals,
)
from lashou.api.siwe import SiweMessage, format_time

STATEMENT = "Sign in to lashou to read and upload your claim's private documents."

router = APIRouter(prefix="/api/auth", tags=["auth"], dependencies=[Depends(known_query)])


@router.get("/nonce", response_model=NoncePublic, responses=refusals(422))
def nonce(
    services: ServicesDep,
    address: Annotated[
        Address | None, Query(description="give it to get the whole message to sign back")
    ] = None,
) -> NoncePublic:
    """A single-use nonce, and the domain, URI and chain id the message must name.

    With `address`, also the EIP-4361 message for that account, ready for `personal_sign`
    the sign-in checks it like any other message.
    """
    rules = services.rules()
    now = services.now()
    value, expires = auth.new_nonce(
        services.engine, ttl=rules.nonce_ttl, now=now, cap=services.settings.max_nonces
    )
    message = None
    if address is not None:
        message = SiweMessage(
            domain=rules.domain, address=address, uri=rules.uri, chain_id=rules.chain_id,
            nonce=value, issued_at=format_time(now), statement=STATEMENT,
        ).text()  # fmt: skip
    return NoncePublic(nonce=value, expires=expires, domain=rules.domain, uri=rules.uri,
                       chain_id=rules.chain_id, message=message)  # fmt: skip


@router.post("/signin", response_model=SessionPublic, responses=refusals(401))
def sign_in(body: SignInIn, response: Response, services: ServicesDep) -> SessionPublic:
    """Check the signed EIP-4361 message and open a session (cookie and bearer token)."""
    signed = auth.sign_in(services.engine, services.rules(), text=body.message,
                          signature=body.signature, now=services.now())  # fmt: skip
    response.set_cookie(
        SESSION_COOKIE, signed.token, max_age=services.settings.session_ttl, httponly=True,
        secure=services.settings.cookie_secure, samesite="strict", path="/",
    )  # fmt: skip
    return SessionPublic(address=signed.address, expires=signed.expires, token=signed.token)


@router.get("/me", response_model=AccountPublic, responses=refusals(401))
def me(account: AccountDep) -> AccountPublic:
    """The signed-in address."""
    return AccountPublic(address=account)


@router.post("/signout", status_code=status.HTTP_204_NO_CONTENT)
def sign_out(response: Response, services: ServicesDep, token: TokenDep) -> Response:
    """End the session (nothing to do without one)."""
    if token is not None:
        auth.sign_out(services.engine, token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
