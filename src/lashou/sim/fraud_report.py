"""The demo report's fraud cases: what each case moved, and the Disputes contract's books
re-derived from its events and the witness registry's, to the last base unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

from lashou import cases
from lashou.chain.params import TOKEN
from lashou.sim.fraud import Supervision
from lashou.sim.world import World


@dataclass(frozen=True)
class FraudLine:
    claim_id: int
    story: str
    kind: str
    benefit: int
    outcome: str
    stake: int
    slashed: int
    reward: int  # paid to the supervisor beyond its stake, as the case ends
    to_reserve: int  # slashed bonds beyond the reward, plus recoveries beyond it
    fee: int  # the stake forfeited to the operator
    recovered: int
    recovery_to_reward: int
    recovery_to_reserve: int
    reserve_before: int
    reserve_after: int
    supervisor_received: int
    fees_collected: int


def fraud_section(supervision: Supervision) -> dict[str, Any]:
    """The terms every case was played under and one line per case (base units)."""
    config = supervision.world.plan.config.functions
    lines = [
        FraudLine(
            claim_id=c.claim.claim_id,
            story=c.claim.label,
            kind=c.kind,
            benefit=c.claim.benefit,
            outcome=c.outcome,
            stake=c.stake,
            slashed=c.slashed,
            reward=c.reward,
            to_reserve=c.to_reserve,
            fee=c.fee,
            recovered=c.recovered,
            recovery_to_reward=c.recovery_to_reward,
            recovery_to_reserve=c.recovery_to_reserve,
            reserve_before=c.reserve_before,
            reserve_after=c.reserve_after,
            supervisor_received=c.supervisor_received,
            fees_collected=c.fees_collected,
        )
        for c in supervision.cases
    ]
    terms = {
        "objection_stake": int(config.objection_stake().call()),
        "witness_bond": int(config.witness_bond().call()),
        "reward_bps": int(config.reward_bps().call()),
    }
    return {"terms": terms, "cases": lines}


def dispute_checks(world: World) -> list[tuple[str, int, int]]:
    """(check, books, chain) for the Disputes contract's holdings."""
    plan = world.plan
    disputes, token = plan.contract("disputes"), plan.token.functions
    held = int(token.balanceOf(disputes.address).call())

    def total(event: str, *fields: str) -> int:
        return sum(int(e["args"][f]) for e in plan.logs("disputes", event) for f in fields)

    into = (
        total("ObjectionRaised", "stake") + total("FraudReported", "stake")
        + total("DisputeRuled", "slashed") + total("RecoveryRecorded", "amount")
    )  # fmt: skip
    out = (
        total("StakeWithdrawn", "stake", "reward") + total("FeesCollected", "amount")
        + total("DisputeRuled", "to_reserve") + total("RecoveryRecorded", "to_reserve")
    )  # fmt: skip
    slashed = sum(int(e["args"]["amount"]) for e in plan.logs("witnesses", "WitnessSlashed"))
    return [
        ("disputes token balance = stakes held + rewards owed + fees owed",
         cases.holdings(disputes).total, held),
        ("disputes: stakes, slashes, recoveries in − withdrawals, fees, reserve out = balance",
         into - out, held),
        ("bonds the rulings slashed = stake the witness registry gave up",
         total("DisputeRuled", "slashed"), slashed),
    ]  # fmt: skip


def holders(supervision: Supervision) -> list[str]:
    """Everyone the fraud cases gave tokens to: the disputes contract, supervisors, operator."""
    world = supervision.world
    found = [str(supervision.disputes.address), str(world.roles.operator.address)]
    return found + [str(c.supervisor.address) for c in supervision.cases]


def render_fraud(section: dict[str, Any], console: Console) -> None:
    terms = section["terms"]
    table = Table(
        title=f"Fraud cases (objection stake {_t(terms['objection_stake'])}, witness bond "
        f"{_t(terms['witness_bond'])}, reward {terms['reward_bps'] / 100:g} % of the benefit)"
    )
    for col in ("claim", "case: outcome", "slashed", "reward", "fee to operator", "recovered",
                "to reserve", "reserve before → after", "supervisor got back"):  # fmt: skip
        table.add_column(col, justify="right")
    for line in section["cases"]:
        table.add_row(
            str(line.claim_id), f"{line.kind}: {line.outcome}", _t(line.slashed), _t(line.reward),
            _t(line.fee), _t(line.recovered), _t(line.to_reserve),
            f"{_t(line.reserve_before)} → {_t(line.reserve_after)}",
            _t(line.supervisor_received),
        )  # fmt: skip
    console.print(table)


def _t(amount: int) -> str:
    return f"{amount / TOKEN:,.6f}".rstrip("0").rstrip(".")
