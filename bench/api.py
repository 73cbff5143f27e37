"""Latency of the service's routes over two histories, served in-process from a real index.

    .venv/bin/python bench/api.py [--quick] [--markdown] [--members N] [--requests N]

A fresh local node lives the demo through (200 members by default, `--quick` 40) and the history
is indexed into SQLite; the app answers every route N times (200 by default, `--quick` 50)
through the ASGI test client. Then the same plan is grown to 100 times the demo's events
(`--quick`: 10 times) by steady members' batched top-ups, with bench/indexer.py's `grow`, the
index catches up, and a fresh app answers every route again. The routes: the public reads from
the index, the sign-in nonce, an evidence upload by an account with no part in the plan on a
claim open to fraud reports, the operator's read of a witness's report (its hash the one the
witness reported; both read the claim's roles from the chain), and an unsigned top-up
estimated by the node.
Prints numbers; asserts no timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eth_account import Account  # noqa: E402
from eth_utils import keccak  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from sqlalchemy import Engine  # noqa: E402
from tests.api.conftest import DOMAIN, URI, sign_in  # noqa: E402

from indexer import GROWTH, QUICK_GROWTH, grow  # noqa: E402
from lashou.api.app import create_app  # noqa: E402
from lashou.api.settings import ServiceSettings  # noqa: E402
from lashou.chain.deploy import dev_roles  # noqa: E402
from lashou.chain.node import start_node  # noqa: E402
from lashou.chain.plan import Plan  # noqa: E402
from lashou.chain.settings import Settings  # noqa: E402
from lashou.documents.roles import ChainRoles  # noqa: E402
from lashou.indexer.db import open_database  # noqa: E402
from lashou.indexer.follow import Indexer  # noqa: E402
from lashou.sim.claimflow import SimClaim  # noqa: E402
from lashou.sim.scenario import Demo, DemoOptions  # noqa: E402

HEADER = ("route", "history", "requests", "p50 ms", "p99 ms", "requests/s")
console = Console(stderr=True)


def measure(name: str, history: str, call: Callable[[int], int], n: int) -> tuple[str, ...]:
    times = []
    for i in range(n):
        started = time.perf_counter()
        status = call(i)
        times.append(time.perf_counter() - started)
        if status >= 400:
            raise SystemExit(f"{name} answered {status}: the bench's setup is wrong")
    ms = sorted(t * 1000 for t in times)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    rate = n / sum(times)
    return name, history, f"{n:,}", f"{statistics.median(ms):.2f}", f"{p99:.2f}", f"{rate:,.0f}"


def open_to_evidence(plan: Plan, claims: list[SimClaim]) -> SimClaim:
    """A claim of the demo that takes a fraud report or an objection now."""
    roles = ChainRoles(plan)
    for claim in claims:
        if roles.claim_roles(claim.claim_id).supervision_closed is None:
            return claim
    raise SystemExit("No claim of the demo takes evidence: the bench's setup is wrong")


def reported(claims: list[SimClaim]) -> tuple[SimClaim, int, bytes]:
    """A claim, a slot and the report its witness gave (`ClaimFlow.report` hashes this text)."""
    for claim in claims:
        for step, _ in claim.steps:
            words = step.split()
            if len(words) == 3 and words[0] == "slot" and words[2] in ("approved", "rejected"):
                approve = words[2] == "approved"
                text = f"visit report {claim.label} slot {words[1]} {approve}"
                return claim, int(words[1]), text.encode()
    raise SystemExit("No witness of the demo reported: the bench's setup is wrong")


def answer_routes(
    demo: Demo, engine: Engine, data_dir: Path, history: str, n: int
) -> list[tuple[str, ...]]:
    """Every route answered `n` times by a fresh app over `engine`'s index."""
    world, plan = demo.world, demo.world.plan
    settings = ServiceSettings(data_dir=data_dir, siwe_domain=DOMAIN, siwe_uri=URI,
                               max_account_documents=n + 1)  # fmt: skip
    client = TestClient(create_app(settings, plan=plan, index_engine=engine))
    claim = next(c for c in demo.claims if c.witnesses)
    target = open_to_evidence(plan, demo.claims)
    as_outsider = sign_in(client, Account.from_key(keccak(text="lashou-bench/outsider")))
    as_operator = sign_in(client, world.roles.operator)
    member = world.members[1].address
    report_claim, slot, report = reported(demo.claims)
    as_witness = sign_in(client, world.witness_account(report_claim.witnesses[slot]))
    stored = client.post(
        "/api/documents", headers=as_witness,
        data={"kind": "report", "claim_id": str(report_claim.claim_id)},
        files={"file": ("report.txt", report)},
    )  # fmt: skip
    if stored.status_code != 201:
        raise SystemExit(f"The witness's report was refused ({stored.text}): the setup is wrong")
    report_hash = stored.json()["hash"]

    def upload(i: int) -> int:
        reply = client.post(
            "/api/documents", headers=as_outsider,
            data={"kind": "evidence", "claim_id": str(target.claim_id)},
            files={"file": ("evidence.txt", f"evidence {i} ".encode() * 90)},
        )  # fmt: skip
        return reply.status_code

    routes: list[tuple[str, Callable[[int], int]]] = [
        ("GET /api/stats", lambda i: client.get("/api/stats").status_code),
        ("GET /api/periods", lambda i: client.get("/api/periods").status_code),
        ("GET /api/claims", lambda i: client.get("/api/claims").status_code),
        ("GET /api/claims/{id}",
         lambda i: client.get(f"/api/claims/{claim.claim_id}").status_code),
        ("GET /api/members/{address}",
         lambda i: client.get(f"/api/members/{member}").status_code),
        ("GET /api/witnesses", lambda i: client.get("/api/witnesses").status_code),
        ("GET /api/fraud-cases", lambda i: client.get("/api/fraud-cases").status_code),
        ("GET /api/auth/nonce", lambda i: client.get("/api/auth/nonce").status_code),
        ("POST /api/documents (1 KB evidence)", upload),
        ("GET /api/documents/{hash} (operator, a report)",
         lambda i: client.get(f"/api/documents/{report_hash}", headers=as_operator).status_code),
        ("POST /api/tx/top-up", lambda i: client.post(
            "/api/tx/top-up", json={"sender": member, "amount": 1}).status_code),
    ]  # fmt: skip
    console.print(f"Answering each route {n} times over the {history} history …")
    return [measure(name, history, call, n) for name, call in routes]


def run(members: int, n: int, growth: int) -> list[tuple[str, ...]]:
    """Rows of both histories, each route's demo row followed by its grown row."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        start_node(Path(tmp) / "chain", anvil=Settings.from_env().anvil) as node,
    ):
        console.print(f"Living the demo through with {members} members …")
        w3 = node.web3()
        demo = Demo(w3, dev_roles(), DemoOptions(members=members), lambda *_: None)
        demo.run()
        engine = open_database(url=f"sqlite:///{Path(tmp) / 'index.sqlite'}")
        events = Indexer(w3, demo.world.plan.deployment, engine=engine).run_once().events
        console.print(f"The demo's history: {events:,} events")
        demo_rows = answer_routes(demo, engine, Path(tmp) / "service-demo", "demo", n)
        grow(demo.world, (growth - 1) * events)
        events += Indexer(w3, demo.world.plan.deployment, engine=engine).run_once().events
        console.print(f"The grown history: {events:,} events")
        grown = f"{growth}× events"
        grown_rows = answer_routes(demo, engine, Path(tmp) / "service-grown", grown, n)
        engine.dispose()
    return [row for pair in zip(demo_rows, grown_rows, strict=True) for row in pair]


def markdown(rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "| --- | --- |" + " ---: |" * (len(HEADER) - 2)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="40 members, 10× growth, 50 requests a route"
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--members", type=int, default=None, help="members of the demo")
    parser.add_argument("--requests", type=int, default=None, help="requests per route")
    args = parser.parse_args()
    members = args.members or (40 if args.quick else 200)
    growth = QUICK_GROWTH if args.quick else GROWTH
    rows = run(members, args.requests or (50 if args.quick else 200), growth)
    if args.markdown:
        print(markdown(rows))
        return
    table = Table(
        title=f"Service routes in-process (SQLite index, anvil node; demo and {growth}× events)"
    )
    for i, name in enumerate(HEADER):
        table.add_column(name, justify="left" if i < 2 else "right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
