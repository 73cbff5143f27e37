"""Dependencies of the routes, as `Annotated` aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Cookie, Depends, Header, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from lashou.api.auth import session_address
from lashou.api.errors import ApiError
from lashou.api.services import Services
from lashou.chain.plan import Plan
from lashou.documents.roles import ChainRoles
from lashou.documents.store import DocumentStore

SESSION_COOKIE = "lashou_session"
SHOWN_NAME = 40  # characters of an unknown parameter's name repeated in the refusal


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_plan(services: ServicesDep) -> Plan:
    return services.plan


def index_session(services: ServicesDep) -> Iterator[Session]:
    """A read session on the index, closed after the request."""
    with services.index() as session:
        yield session


def get_store(services: ServicesDep) -> DocumentStore:
    return services.store


def get_roles(services: ServicesDep) -> ChainRoles:
    return services.roles


def token_of(authorization: str | None, cookie: str | None) -> str | None:
    """The session token of a bearer header, else of the session cookie."""
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    return cookie or None


def session_token(
    authorization: Annotated[str | None, Header()] = None,
    lashou_session: Annotated[str | None, Cookie()] = None,
) -> str | None:
    """The session token of a bearer header, else of the session cookie."""
    return token_of(authorization, lashou_session)


TokenDep = Annotated[str | None, Depends(session_token)]


def signed_in(services: Services, token: str | None) -> str:
    """The address signed in with `token`; ApiError 401 when there is no live session."""
    if token is None:
        raise ApiError(401, "you are not signed in: sign in with Ethereum at /api/auth/signin")
    address = session_address(services.engine, token, now=services.now())
    if address is None:
        raise ApiError(401, "the session is unknown or expired: sign in again")
    return address


def current_account(services: ServicesDep, token: TokenDep) -> str:
    """The signed-in address; 401 when there is no live session."""
    return signed_in(services, token)


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_query(request: Request) -> None:
    """Refuses a query parameter the route does not take (a typo would otherwise be ignored
    and the answer silently unfiltered); a router lists it in its `dependencies`."""
    route = request.scope.get("route")
    known = _query_names(route.dependant) if isinstance(route, APIRoute) else set()
    for name in request.query_params:
        if name not in known:
            shown = name if len(name) <= SHOWN_NAME else name[:SHOWN_NAME] + "…"
            takes = ", ".join(sorted(known)) or "none"
            raise ApiError(422, f"query parameter '{shown}' is not one this route takes (it"
                           f" takes {takes}): remove it or correct its name")  # fmt: skip


PlanDep = Annotated[Plan, Depends(get_plan)]
StoreDep = Annotated[DocumentStore, Depends(get_store)]
RolesDep = Annotated[ChainRoles, Depends(get_roles)]
AccountDep = Annotated[str, Depends(current_account)]
IndexDep = Annotated[Session, Depends(index_session)]
