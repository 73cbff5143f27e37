"""The FastAPI application: `create_app(settings)`; OpenAPI at /docs and /openapi.json.

uvicorn --factory lashou.api.app:create_app
"""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from lashou.api import docs, errors, uploads
from lashou.api.guard import BodyGuard
from lashou.api.routes import (
    accounts,
    auth,
    claims,
    documents,
    fraud,
    health,
    members,
    operator,
    preview,
    stats,
    supervisors,
    tx,
    tx_member,
    tx_operator,
    tx_supervisor,
    tx_witness,
    witnesses,
)
from lashou.api.schemas import refusals
from lashou.api.services import Services
from lashou.api.settings import ServiceSettings
from lashou.chain.plan import Plan

DESCRIPTION = (
    "lashou (拉手互助): Sign-In with Ethereum, private claim documents and unsigned"
    " transactions for the users' own wallets."
)


def create_app(
    settings: ServiceSettings | None = None,
    *,
    plan: Plan | None = None,
    engine: Engine | None = None,
    index_engine: Engine | None = None,
) -> FastAPI:
    """The service for `settings` (from LASHOU_ variables by default); `plan`, `engine` and
    `index_engine` replace the chain connection, the service's database and the index's."""
    services = Services(
        settings or ServiceSettings(), plan=plan, engine=engine, index_engine=index_engine
    )
    app = FastAPI(
        title="lashou", version="0.1.0", description=DESCRIPTION,
        responses=refusals(400, 422, 503), docs_url=None, redoc_url=None,
    )  # fmt: skip
    docs.install(app)
    app.state.services = services
    errors.install(app)
    app.add_middleware(BodyGuard, routes={uploads.UPLOAD: uploads.upload_body(services)})
    routes = (
        health, stats, claims, members, witnesses, fraud, preview, auth, documents,
        accounts, supervisors, operator,
        tx, tx_member, tx_witness, tx_supervisor, tx_operator,
    )  # fmt: skip
    for module in routes:
        app.include_router(module.router)
    return app
