"""Latency of the service's routes over the demo's plan, served in-process from a real index.

    .venv/bin/python bench/api.py [--quick] [--markdown] [--members N] [--requests N]

A fresh local node lives the demo through (200 members by default, `--quick` 40), the history
is indexed into SQLite, and the app answers every route N times (200 by default, `--quick` 50)
through the ASGI test client: the public reads from the index, the sign-in nonce, a document
upload by a drawn witness and its read by the operator (both reading the claim's roles from the
chain), and an unsigned top-up estimated by the node. Prints numbers; asserts no timing.
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

from fastapi.testclient import TestClient  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from tests.api.conftest import DOMAIN, URI, sign_in  # noqa: E402

from lashou.api.app import create_app  # noqa: E402
from lashou.api.settings import ServiceSettings  # noqa: E402
from lashou.chain.deploy import dev_roles  # noqa: E402
from lashou.chain.node import start_node  # noqa: E402
from lashou.chain.settings import Settings  # noqa: E402
from lashou.indexer.db import open_database  # noqa: E402
from lashou.indexer.follow import Indexer  # noqa: E402
from lashou.sim.scenario import Demo, DemoOptions  # noqa: E402

HEADER = ("route", "requests", "p50 ms", "p99 ms", "requests/s")
console = Console(stderr=True)


def measure(name: str, call: Callable[[int], int], n: int) -> tuple[str, ...]:
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
    return name, f"{n:,}", f"{statistics.median(ms):.2f}", f"{p99:.2f}", f"{rate:,.0f}"


def run(members: int, n: int) -> list[tuple[str, ...]]:
    with (
        tempfile.TemporaryDirectory() as tmp,
        start_node(Path(tmp) / "chain", anvil=Settings.from_env().anvil) as node,
    ):
        console.print(f"Living the demo through with {members} members …")
        w3 = node.web3()
        demo = Demo(w3, dev_roles(), DemoOptions(members=members), lambda *_: None)
        demo.run()
        world, plan = demo.world, demo.world.plan
        engine = open_database(url=f"sqlite:///{Path(tmp) / 'index.sqlite'}")
        Indexer(w3, plan.deployment, engine=engine).run_once()
        settings = ServiceSettings(data_dir=Path(tmp) / "service", siwe_domain=DOMAIN, siwe_uri=URI)
        client = TestClient(create_app(settings, plan=plan, index_engine=engine))
        claim = next(c for c in demo.claims if c.witnesses)
        witness = world.witness_account(claim.witnesses[min(claim.witnesses)])
        as_witness = sign_in(client, witness)
        as_operator = sign_in(client, world.roles.operator)
        member = world.members[1].address
        hashes: list[str] = []

        def upload(i: int) -> int:
            reply = client.post(
                "/api/documents", headers=as_witness,
                data={"kind": "report", "claim_id": str(claim.claim_id)},
                files={"file": ("report.txt", f"visit report {i} ".encode() * 64)},
            )  # fmt: skip
            hashes.append(reply.json().get("hash", ""))
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
            ("POST /api/documents (1 KB report)", upload),
            ("GET /api/documents/{hash} (operator)",
             lambda i: client.get(f"/api/documents/{hashes[i]}", headers=as_operator).status_code),
            ("POST /api/tx/top-up", lambda i: client.post(
                "/api/tx/top-up", json={"sender": member, "amount": 1}).status_code),
        ]  # fmt: skip
        console.print(f"Answering each route {n} times …")
        return [measure(name, call, n) for name, call in routes]


def markdown(rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "| --- |" + " ---: |" * (len(HEADER) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 members, 50 requests a route")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--members", type=int, default=None, help="members of the demo")
    parser.add_argument("--requests", type=int, default=None, help="requests per route")
    args = parser.parse_args()
    members = args.members or (40 if args.quick else 200)
    rows = run(members, args.requests or (50 if args.quick else 200))
    if args.markdown:
        print(markdown(rows))
        return
    table = Table(title="Service routes in-process (SQLite index, anvil node)")
    for i, name in enumerate(HEADER):
        table.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
