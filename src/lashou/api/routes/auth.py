"""/api/auth: Sign-In with Ethereum (EIP-4361) — a nonce, the signed message, the session."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from lashou.api import auth
from lashou.api.deps import SESSION_COOKIE, AccountDep, ServicesDep, TokenDep
from lashou.api.schemas import AccountPublic, NoncePublic, SessionPublic, SignInIn, refusals

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.get("/nonce", response_model=NoncePublic)
def nonce(services: ServicesDep) -> NoncePublic:
    """A single-use nonce, and the domain, URI and chain id the message must name."""
    rules = services.rules()
    value, expires = auth.new_nonce(services.engine, ttl=rules.nonce_ttl, now=services.now())
    return NoncePublic(nonce=value, expires=expires, domain=rules.domain, uri=rules.uri,
                       chain_id=rules.chain_id)  # fmt: skip


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
