"""Dependencies of the routes, as `Annotated` aliases."""

from __future__ import annotations

from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

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


def _fields(dependant: Dependant, where: str) -> dict[str, Any]:
    """The route's path or query parameters by name, its dependencies' included."""
    found = {param.alias: param for param in getattr(dependant, f"{where}_params")}
    for sub in dependant.dependencies:
        found |= _fields(sub, where)
    return found


def _whole(annotation: Any) -> bool:
    """Whether a parameter is a whole number (alone or beside None)."""
    kinds = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    return int in kinds


def _shown(name: str) -> str:
    return name if len(name) <= SHOWN_NAME else name[:SHOWN_NAME] + "…"


def known_query(request: Request) -> None:
    """Refuses a query parameter the route does not take (a typo would otherwise be ignored
    and the answer silently unfiltered) or one given twice (which value counts would be a
    guess), and a whole number in the path or query that is not plain digits 0-9 (the parser
    reads "1_0" as 10 and " 1" or "+1" as 1; no parameter here is negative); a router lists it
    in its `dependencies`."""
    route = request.scope.get("route")
    dependant = route.dependant if isinstance(route, APIRoute) else None
    query = _fields(dependant, "query") if dependant else {}
    for name in request.query_params:
        if name not in query:
            takes = ", ".join(sorted(query)) or "none"
            raise ApiError(422, f"query parameter '{_shown(name)}' is not one this route takes"
                           f" (it takes {takes}): remove it or correct its name")  # fmt: skip
        given = len(request.query_params.getlist(name))
        if given > 1:
            raise ApiError(422, f"query parameter '{name}' is given {given} times: give it once")
    path = _fields(dependant, "path") if dependant else {}
    values = [("path parameter", name, request.path_params.get(name), field)
              for name, field in path.items()]  # fmt: skip
    values += [("query parameter", name, request.query_params.get(name), field)
               for name, field in query.items()]  # fmt: skip
    for where, name, value, field in values:
        if value is None or not _whole(field.field_info.annotation):
            continue
        if not (value.isascii() and value.isdigit()):
            raise ApiError(422, f"{where} '{name}' is not a whole number: give digits only")


PlanDep = Annotated[Plan, Depends(get_plan)]
StoreDep = Annotated[DocumentStore, Depends(get_store)]
RolesDep = Annotated[ChainRoles, Depends(get_roles)]
AccountDep = Annotated[str, Depends(current_account)]
IndexDep = Annotated[Session, Depends(index_session)]
