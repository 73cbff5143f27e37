"""The role pages: `/member`, `/witness`, `/supervisor` and `/operator`.

The server renders each page's frame and a JSON config (chain id, contract addresses, the
token's decimals and symbol, the plan's parameters and the page's words in the reader's
language); the page's script does the rest with the user's own wallet (window.ethereum,
EIP-1193): it asks /api/tx for an unsigned transaction, shows what it will cost and do, lets
the wallet sign and send it, and reports the outcome. Without a wallet the page says so and
still shows what is public.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eth_utils.abi import event_abi_to_log_topic
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from lashou.api.services import ChainUnavailable
from lashou.indexer import queries
from lashou.web import i18n

if TYPE_CHECKING:
    from lashou.web.pages import Renderer


@dataclass(frozen=True)
class RolePage:
    path: str
    template: str
    prefixes: tuple[str, ...]  # the catalog keys its script needs


PAGES = (
    RolePage("/member", "member.html", ("member.", "effect.", "condition.")),
    RolePage("/witness", "witness.html", ("witness.",)),
    RolePage("/supervisor", "supervisor.html", ("supervisor.", "case.", "class.")),
    RolePage("/operator", "operator.html", ("operator.", "case.", "class.")),
)


def _config(r: Renderer, request: Request, page: RolePage) -> Markup:
    lang = i18n.pick(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE))
    t = i18n.Text(lang)
    try:
        plan = r.services.plan
        chain_id: int | None = plan.deployment.chain_id
        contracts: dict[str, str] = dict(plan.deployment.contracts)
        topics = {
            entry["name"]: "0x" + event_abi_to_log_topic(entry).hex()
            for name in ("claims",) for entry in plan.contract(name).abi
            if entry["type"] == "event"
        }  # fmt: skip
    except ChainUnavailable:
        chain_id, contracts, topics = None, {}, {}
    parameters = r.read(lambda s: queries.parameters(session=s)) or {}
    tiers = r.read(lambda s: queries.tiers(session=s)) or []
    config = {
        "lang": lang, "chainId": chain_id, "contracts": contracts, "decimals": r.decimals,
        "symbol": r.symbol, "parameters": parameters, "topics": topics,
        "tiers": {str(tier.tier): {"weight": tier.weight, "benefit": tier.benefit}
                  for tier in tiers},
        "texts": t.for_script("wallet.", "preview.", "step.", "outcome.", *page.prefixes),
    }  # fmt: skip
    # "</" cannot end the script element early: JSON's "\u003c" is the same character.
    return Markup(json.dumps(config, ensure_ascii=False).replace("<", "\\u003c"))


def install(app: FastAPI, r: Renderer) -> None:
    """Serve every role page on `app`."""
    for page in PAGES:

        def show(request: Request, page: RolePage = page) -> HTMLResponse:
            return r.page(request, page.template, config=_config(r, request, page))

        app.add_api_route(
            page.path, show, methods=["GET"], response_class=HTMLResponse, include_in_schema=False
        )
