"""What a simulated plan went through, read back from the chain, and whether its books balance."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table

from lashou.chain.params import TOKEN
from lashou.sim.claimflow import SimClaim
from lashou.sim.fraud import Supervision
from lashou.sim.fraud_report import dispute_checks, fraud_section, holders, render_fraud
from lashou.sim.world import World

STATUS_ACTIVE, STATUS_ENDED = 1, 2


@dataclass(frozen=True)
class PeriodLine:
    period: int
    share: int  # per unit of weight, base units
    active_weight: int
    collected: int
    from_reserve: int
    claims_funded: int
    fees_funded: int
    reserve: int
    tx: str
    lapsed: int  # buckets of members crossed by this settlement


@dataclass(frozen=True)
class ClaimLine:
    claim_id: int
    story: str
    province: int
    tier: int
    condition: str
    benefit: int
    outcome: str
    witnesses: int
    steps: list[tuple[str, str]]


@dataclass(frozen=True)
class Check:
    name: str
    expected: int
    actual: int

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass
class Report:
    chain_id: int
    contracts: dict[str, str]
    scale: int
    members: dict[str, int]
    periods: list[PeriodLine]
    claims: list[ClaimLine]
    witnesses: dict[str, int]
    reserve: int
    disputes: dict[str, Any] = field(default_factory=dict)  # terms and one line per fraud case
    checks: list[Check] = field(default_factory=list)
    transactions: int = 0
    seconds: float = 0.0

    @property
    def conserved(self) -> bool:
        return all(check.ok for check in self.checks)

    def to_json(self) -> str:
        data: dict[str, Any] = asdict(self)
        data["conserved"] = self.conserved
        data["token_decimals"] = 6
        for check in data["checks"]:
            check["ok"] = check["expected"] == check["actual"]
        return json.dumps(data, indent=2, ensure_ascii=False)


def tokens(amount: int) -> str:
    return f"{amount / TOKEN:,.2f}"


def build_report(
    world: World,
    periods: list[PeriodLine],
    claims: list[SimClaim],
    supervision: Supervision,
    scale: int,
    seconds: float,
) -> Report:
    plan = world.plan
    pool, registry, token = plan.contract("pool"), plan.contract("witnesses"), plan.token
    counts = {"joined": len(world.members), "active": 0, "lapsed": 0, "exited": 0,
              "paid_and_left": 0}  # fmt: skip
    member_sum = 0
    for member in world.members:
        balance, _, status, _, lapsed, _ = pool.functions.member(member.address).call()
        member_sum += balance
        if status == STATUS_ACTIVE:
            counts["lapsed" if lapsed else "active"] += 1
        elif member.exited:
            counts["exited"] += 1
        else:
            counts["paid_and_left"] += 1
    stakes = 0
    forfeited = 0
    for witness in world.witnesses:
        record = registry.functions.witness(witness.address).call()
        stakes += int(record[4])
    for claim in claims:
        forfeited += sum(1 for step, _ in claim.steps if "silent" in step)
    fees_paid = int(pool.functions.fees_paid().call())
    checks = [
        Check(
            "pool token balance = what the pool owes",
            int(pool.functions.accounted().call()),
            int(token.functions.balanceOf(pool.address).call()),
        ),
        Check(
            "members' balances, re-added one by one = pool's member funds",
            int(pool.functions.member_funds().call()),
            member_sum,
        ),
        Check(
            "witness registry token balance = sum of every stake",
            stakes,
            int(token.functions.balanceOf(registry.address).call()),
        ),
        Check(
            "tokens minted = tokens held by everyone in the plan",
            int(token.functions.totalSupply().call()),
            _held_by_everyone(world, holders(supervision)),
        ),
        *(Check(*check) for check in dispute_checks(world)),
    ]
    claim_lines = []
    for claim in claims:
        claim_lines.append(
            ClaimLine(
                claim_id=claim.claim_id,
                story=claim.label,
                province=claim.patient.region // 10_000,
                tier=claim.patient.tier,
                condition="severe" if claim.condition_class == 0 else "mild",
                benefit=claim.benefit,
                outcome=claim.outcome,
                witnesses=len(claim.witnesses),
                steps=claim.steps,
            )
        )
    return Report(
        chain_id=world.w3.eth.chain_id,
        contracts={name: str(plan.contract(name).address) for name in plan},
        scale=scale,
        members=counts,
        periods=periods,
        claims=claim_lines,
        witnesses={
            "registered": len(world.witnesses),
            "fees_paid": fees_paid,
            "silent_replaced": forfeited,
            "stakes": stakes,
        },
        reserve=int(pool.functions.reserve().call()),
        disputes=fraud_section(supervision),
        checks=checks,
        transactions=world.tx_count,
        seconds=seconds,
    )


def _held_by_everyone(world: World, others: list[str]) -> int:
    token = world.plan.token
    plan = world.plan
    everyone = [p.address for p in [*world.members, *world.witnesses]]
    everyone += [str(plan.contract(name).address) for name in ("pool", "witnesses")]
    everyone += [str(a.address) for a in (world.roles.deployer, world.roles.keeper)]
    return sum(int(token.functions.balanceOf(h).call()) for h in [*everyone, *others])


def render(report: Report, console: Console) -> None:
    """The report as tables for a terminal."""
    console.rule("[bold]lashou 拉手互助 — demo report")
    console.print(
        f"chain {report.chain_id}; benefits and witness terms scaled down 1/{report.scale} "
        f"to fit a plan of {report.members['joined']} members (one period collects at most "
        f"cap × active weight); {report.transactions} transactions in {report.seconds:.0f} s"
    )
    m = report.members
    console.print(
        f"members: {m['joined']} joined · {m['active']} active · {m['lapsed']} lapsed · "
        f"{m['exited']} exited · {m['paid_and_left']} paid and left"
    )

    periods = Table(title="Settlements (share per unit of weight)")
    for col in (
        "period",
        "share",
        "tier 0 (w=3) paid",
        "tier 1 (w=1) paid",
        "active weight",
        "claims funded",
        "fees funded",
        "reserve",
        "lapsed buckets",
        "transaction",
    ):
        periods.add_column(col, justify="right")
    for p in report.periods:
        periods.add_row(
            str(p.period),
            tokens(p.share),
            tokens(3 * p.share),
            tokens(p.share),
            str(p.active_weight),
            tokens(p.claims_funded),
            tokens(p.fees_funded),
            tokens(p.reserve),
            str(p.lapsed),
            p.tx[:18] + "…",
        )
    console.print(periods)

    claims = Table(title="Claims")
    for col in ("id", "story", "province", "tier", "class", "benefit", "outcome", "paid in"):
        claims.add_column(col)
    for c in report.claims:
        paid = next((tx for step, tx in c.steps if step == "paid"), "")
        claims.add_row(
            str(c.claim_id),
            c.story,
            str(c.province),
            str(c.tier),
            c.condition,
            tokens(c.benefit),
            c.outcome,
            paid,
        )
    console.print(claims)
    render_fraud(report.disputes, console)
    w = report.witnesses
    console.print(
        f"witnesses: {w['registered']} registered · fees paid {tokens(w['fees_paid'])} · "
        f"silent witnesses replaced {w['silent_replaced']} · reserve now {tokens(report.reserve)}"
    )
    checks = Table(title="Conservation check (to the last base unit)")
    for col in ("check", "books", "chain", "result"):
        checks.add_column(col)
    for check in report.checks:
        checks.add_row(
            check.name,
            str(check.expected),
            str(check.actual),
            "[green]passed" if check.ok else "[red]FAILED",
        )
    console.print(checks)
    verdict = (
        "[green]conservation check passed" if report.conserved else "[red]conservation check FAILED"
    )
    console.print(verdict)
