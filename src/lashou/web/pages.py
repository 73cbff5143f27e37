"""The public pages, no sign-in: `/`, `/claims`, `/claims/{id}`, `/tx/{hash}`, `/rules`,
`/witnesses` (the registry) and `/members?address=` (a member's public status);
and the role pages' frames (`lashou.web.roles`), whose scripts sign with the user's wallet.

Rendered on the server from the index with Jinja2, in zh-CN (default) or English
(`?lang=en`, kept in a cookie); a small script formats dates in the reader's locale and counts
notices down. `install(app, decimals=…, symbol=…)` adds them to the API's app.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from eth_utils.address import is_address
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from lashou.api.services import ChainUnavailable, Services
from lashou.indexer import queries
from lashou.web import chart, data, i18n, roles
from lashou.web.governance import PendingChange, pending_changes

HERE = Path(__file__).resolve().parent
TEMPLATES, STATIC = HERE / "templates", HERE / "static"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
TX_HASH = re.compile(r"^0x[0-9a-fA-F]{64}$")
DAY = 86_400
MONEY_PARAMETERS = {
    "cap", "witness_stake", "witness_bond", "witness_fee", "silent_forfeit", "objection_stake",
    "breaker_floor", "bucket_width",
}  # fmt: skip
DURATION_PARAMETERS = {
    "waiting_period", "settlement_period", "review_period", "witness_period",
    "arbitration_period", "notice_period", "ruling_period", "report_window", "liability_period",
}  # fmt: skip


def tokens(base: int, decimals: int) -> str:
    """Base units as tokens, exact: two decimals at least, more only when they are not zero."""
    text = f"{Decimal(base).scaleb(-decimals):,.{decimals}f}"
    if "." in text:
        whole, part = text.split(".")
        part = part.rstrip("0").ljust(2, "0")
        text = f"{whole}.{part}"
    return text


def when(epoch: int | None) -> Markup:
    """A block time: UTC on the server, the reader's locale once the script has run."""
    if epoch is None:
        return Markup("–")
    iso = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Markup('<time datetime="{0}" data-epoch="{1}">{2} UTC</time>').format(
        iso, epoch, iso[:16].replace("T", " ")
    )


def tx_link(tx_hash: str | None) -> Markup:
    if not tx_hash:
        return Markup("–")
    return Markup('<a class="hash" href="/tx/{0}" title="{0}"><code>{1}…{2}</code></a>').format(
        tx_hash, tx_hash[:10], tx_hash[-6:]
    )


class Renderer:
    """Renders a template in the request's language, with the page's helpers."""

    def __init__(self, services: Services, *, decimals: int, symbol: str) -> None:
        self.services, self.decimals, self.symbol = services, decimals, symbol

    def money(self, base: int) -> str:
        return tokens(base, self.decimals)

    def parameter(self, name: str, value: int, t: i18n.Text) -> str:
        if name in MONEY_PARAMETERS:
            return f"{self.money(value)} {self.symbol}"
        if name in DURATION_PARAMETERS:
            return t("days", n=f"{value / DAY:g}")
        return f"{value:,}"

    def page(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        query = request.query_params.get("lang")
        lang = i18n.pick(query, request.cookies.get(i18n.COOKIE))
        t = i18n.Text(lang)
        other = "en" if lang == "zh-CN" else "zh-CN"
        # the switch keeps the page's other query parameters (an address looked up, say)
        kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        switch = f"{request.url.path}?{urlencode([*kept, ('lang', other)])}"
        html = _env.get_template(template).render(
            t=t, lang=lang, other=other, path=request.url.path, switch=switch,
            base_url=str(request.base_url).rstrip("/"), money=self.money,
            symbol=self.symbol, when=when, tx=tx_link, parameter=self.parameter, **context,
        )  # fmt: skip
        response = HTMLResponse(html, status_code=status)
        if query is not None:
            response.set_cookie(i18n.COOKIE, lang, max_age=365 * DAY, samesite="lax")
        return response

    def read(self, work: Callable[[Session], Any]) -> Any:
        """`work(session)` on the index, or None when the index cannot be opened yet."""
        try:
            with self.services.index() as session:
                return work(session)
        except ChainUnavailable:
            return None

    def contracts(self) -> dict[str, str] | None:
        try:
            return dict(self.services.plan.deployment.contracts)
        except ChainUnavailable:
            return None

    def pending(self) -> list[PendingChange] | None:
        try:
            return pending_changes(self.services.plan)
        except (ChainUnavailable, ConnectionError):
            return None


def install(app: FastAPI, *, decimals: int, symbol: str) -> None:
    """Serve the pages on `app` (made by `lashou.api.app.create_app`) and their assets."""
    r = Renderer(app.state.services, decimals=decimals, symbol=symbol)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        board = r.read(data.dashboard)

        def draw(t: i18n.Text) -> Markup:
            return Markup(chart.share_chart(
                board.periods if board else [], title=t("chart.title"), desc=t("chart.desc"),
                money=r.money, period_label=t("period"),
            ))  # fmt: skip

        return r.page(request, "index.html", board=board, chart=draw, decimals=decimals)

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims(request: Request) -> HTMLResponse:
        return r.page(request, "claims.html", board=r.read(data.board))

    @app.get("/claims/{claim_id}", response_class=HTMLResponse, include_in_schema=False)
    def claim(request: Request, claim_id: str) -> HTMLResponse:
        plain = claim_id.isascii() and claim_id.isdigit() and len(claim_id) < 19
        number = int(claim_id) if plain else 0
        found = r.read(lambda s: data.claim_page(s, number)) if number else None
        if found is None:
            return r.page(request, "not_found.html", 404, claim_id=claim_id)
        return r.page(request, "claim.html", c=found, contracts=r.contracts())

    @app.get("/tx/{tx_hash}", response_class=HTMLResponse, include_in_schema=False)
    def transaction(request: Request, tx_hash: str) -> HTMLResponse:
        steps = r.read(lambda s: data.transaction(s, tx_hash)) if TX_HASH.match(tx_hash) else []
        if not steps:
            return r.page(request, "not_found.html", 404, tx_hash=tx_hash)
        return r.page(request, "tx.html", tx_hash=tx_hash.lower(), steps=steps)

    @app.get("/rules", response_class=HTMLResponse, include_in_schema=False)
    def rules(request: Request) -> HTMLResponse:
        return r.page(request, "rules.html", rules=r.read(data.rules), pending=r.pending())

    @app.get("/witnesses", response_class=HTMLResponse, include_in_schema=False)
    def witness_registry(request: Request) -> HTMLResponse:
        return r.page(request, "witnesses.html",
                      witnesses=r.read(lambda s: queries.witnesses(session=s)))  # fmt: skip

    @app.get("/members", response_class=HTMLResponse, include_in_schema=False)
    def member_lookup(request: Request, address: str = "") -> HTMLResponse:
        """Anyone may look up a member's public status by its address (as on chain)."""
        wanted = address.strip()
        if not wanted:
            return r.page(request, "members.html", address="", found=None)
        if not is_address(wanted):
            return r.page(request, "members.html", 422, address=wanted, found=None, bad=True)
        found = r.read(lambda s: queries.member_status(session=s, address=wanted))
        status = 200 if found is not None else 404
        return r.page(request, "members.html", status, address=wanted, found=found)

    roles.install(app, r)
