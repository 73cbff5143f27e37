"""The plan's live numbers at `/`: rendered from the index, then refreshed from /api/stats.

The full public dashboard and the role pages come later; this page shows that the platform
lives: members, active weight, the reserve, claims and the last settlement.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from lashou.api.services import ChainUnavailable, Services
from lashou.indexer import queries

TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def tokens(base: int, decimals: int) -> str:
    """Base units as tokens with two decimals and thousands separators: 1234567 → 1.23."""
    return f"{base / 10**decimals:,.2f}"


def render_home(services: Services, *, decimals: int, symbol: str) -> str:
    """The page, with the numbers of the index as it stands."""
    stats = None
    try:
        with services.index() as session:
            stats = queries.plan_stats(session=session)
    except ChainUnavailable:
        pass
    template = _env.get_template("index.html")
    return template.render(
        stats=stats, decimals=decimals, symbol=symbol, tokens=lambda v: tokens(v, decimals)
    )


def install(app: FastAPI, *, decimals: int, symbol: str) -> None:
    """Serve the page at `/` on `app` (made by `lashou.api.app.create_app`)."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        services: Services = request.app.state.services
        return HTMLResponse(render_home(services, decimals=decimals, symbol=symbol))
