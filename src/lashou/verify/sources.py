"""The same public state as three sources tell it: the contracts' views, the index database
and the HTTP API. Each reader returns a `Snapshot` in one shape, so they compare field by field.

Statuses are the contract's: a member is active, lapsed, ended (a claim queued, or barred),
expired or none (never joined, left, or paid out); a claim is review, drawing, witnessing,
arbitration, notice, disputed (its payout held by a fraud report, too), queued, paid (queued
and pulled), fraud (queued or paid, and Disputes confirmed its fraud), rejected or cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from lashou.actions import ClaimStatus
from lashou.chain.plan import Plan
from lashou.indexer import queries
from lashou.indexer.views import ClaimView, MemberView, PlanStats, WitnessView
from lashou.verify.replay import TOTALS, Replay

POOL_STATUS = {0: "none", 1: "active", 2: "ended", 3: "expired"}
INDEX_STATUS = {"barred": "ended", "exited": "none", "paid": "none", "rejoined": "none"}
# the index's names of the pool's totals
STATS_TOTALS = {
    "member_funds": "member_funds", "active_weight": "active_weight", "reserve": "reserve",
    "index": "index", "period": "period", "queued_total": "benefits_queued",
    "funded_total": "benefits_funded", "paid_total": "benefits_paid",
    "fees_accrued": "fees_accrued", "fees_paid": "fees_paid", "memberships": "memberships",
}  # fmt: skip
PAGE = 500


class SourceError(RuntimeError):
    """A source could not be read; the message says what to do."""


@dataclass
class Snapshot:
    source: str
    block: int
    totals: dict[str, int] = field(default_factory=dict)
    members: dict[str, tuple[str, int]] = field(default_factory=dict)  # status, balance
    claims: dict[int, str] = field(default_factory=dict)
    stakes: dict[str, int] = field(default_factory=dict)


def from_replay(replay: Replay, block: int) -> Snapshot:
    members = {}
    for address, m in replay.members.items():
        status = replay.status(address)
        members[address] = (status, 0 if status == "none" else replay.balance(m))
    return Snapshot("chain events", block, dict(replay.totals), members, dict(replay.claims),
                    dict(replay.stakes))  # fmt: skip


def from_contracts(plan: Plan, replay: Replay, block: int) -> Snapshot:
    """The contracts' own views at `block`, for every account and claim the events name."""
    pool, claims = plan.contract("pool").functions, plan.contract("claims").functions
    witnesses = plan.contract("witnesses").functions
    disputes = plan.disputes.functions if plan.disputes is not None else None
    at: Any = {"block_identifier": block}
    totals = {
        name: int(getattr(pool, name)().call(**at)) for name in TOTALS if name != "memberships"
    }
    totals["memberships"] = int(pool.membership_count().call(**at))
    snap = Snapshot("contracts", block, totals)
    for address in replay.members:
        balance, _, status, _, lapsed, _ = pool.member(address).call(**at)
        name = "lapsed" if status == 1 and lapsed else POOL_STATUS.get(int(status), str(status))
        snap.members[address] = (name, int(balance))
    for claim_id in replay.claims:
        flag = ClaimStatus(int(claims.claim(claim_id).call(**at)[1]))
        name = "review" if flag is ClaimStatus.FILED else str(flag.name).lower()
        if flag is ClaimStatus.QUEUED:
            paid, held = pool.payout_state(claim_id).call(**at)[:2]
            name = "paid" if paid else "disputed" if held else "queued"
            if disputes is not None and disputes.fraud_confirmed(claim_id).call(**at):
                name = "fraud"
        snap.claims[claim_id] = name
    for address in replay.stakes:
        snap.stakes[address] = int(witnesses.witness(address).call(**at)[4])
    return snap


def _stats_totals(stats: dict[str, Any]) -> dict[str, int]:
    return {ours: int(stats[theirs]) for ours, theirs in STATS_TOTALS.items()}


def _member(view: dict[str, Any] | None) -> tuple[str, int]:
    if view is None:
        return ("none", 0)
    status = INDEX_STATUS.get(str(view["status"]), str(view["status"]))
    return (status, 0 if status == "none" else int(view["balance"]))


def from_index(engine: Engine, replay: Replay) -> Snapshot:
    """The index database as the API reads it (one read transaction)."""
    with Session(engine) as s:
        stats: PlanStats = queries.plan_stats(session=s)
        snap = Snapshot("index database", stats.checkpoint_block, _stats_totals(stats.to_dict()))
        for address in replay.members:
            view: MemberView | None = queries.member_status(session=s, address=address)
            snap.members[address] = _member(None if view is None else vars(view))
        offset = 0
        while True:
            page: list[ClaimView] = queries.claims_board(session=s, limit=PAGE, offset=offset)
            snap.claims.update({c.claim_id: c.status for c in page})
            if len(page) < PAGE:
                break
            offset += PAGE
        rows: list[WitnessView] = queries.witnesses(session=s)
        snap.stakes = {w.address: w.stake for w in rows}
    return snap


def from_api(url: str, replay: Replay, *, timeout: float = 30.0) -> Snapshot:
    """The HTTP API's answers; read again when the index moved while they were read."""
    with httpx.Client(base_url=url.rstrip("/"), timeout=timeout) as client:
        for _ in range(3):
            snap = _read_api(client, replay)
            if int(_get(client, "/api/stats")["checkpoint_block"]) == snap.block:
                return snap
    raise SourceError(f"The index behind {url} kept moving while it was read: verify again.")


def _get(client: httpx.Client, path: str, **params: Any) -> Any:
    try:
        answer = client.get(path, params=params)
    except httpx.HTTPError as exc:
        raise SourceError(f"The API at {client.base_url} does not answer ({exc}): start"
                          " `lashou serve` or pass the right --api.") from None  # fmt: skip
    if answer.status_code == 404:
        return None
    if answer.status_code != 200:
        raise SourceError(f"The API answered {answer.status_code} to {path}: check that it is"
                          " healthy (see /api/health).")  # fmt: skip
    return answer.json()


def _read_api(client: httpx.Client, replay: Replay) -> Snapshot:
    stats = _get(client, "/api/stats")
    snap = Snapshot("API", int(stats["checkpoint_block"]), _stats_totals(stats))
    for address in replay.members:
        snap.members[address] = _member(_get(client, f"/api/members/{address}"))
    offset = 0
    while True:
        page = _get(client, "/api/claims", limit=PAGE, offset=offset)
        snap.claims.update({int(c["claim_id"]): str(c["status"]) for c in page})
        if len(page) < PAGE:
            break
        offset += PAGE
    snap.stakes = {str(w["address"]): int(w["stake"]) for w in _get(client, "/api/witnesses")}
    return snap


def reachable(url: str) -> bool:
    """Whether an API answers /api/health at `url`."""
    try:
        return httpx.get(url.rstrip("/") + "/api/health", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False
