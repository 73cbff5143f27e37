"""Fixtures of the disputes tests: one whole plan per package, an anchor per test.

The plan is the claims tests' plan (small amounts: witness stake 30, bond 10 tokens; the
patient's benefit 100 tokens) with an objection stake of 5 tokens and a reward of 10 % of the
benefit, so a fraud ruling slashes 3 x 10 = 30 tokens, keeps 10 for the supervisors and sends 20
to the reserve. Four supervisors are funded and have approved the Disputes contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import boa
import pytest

from tests.utils.claims import (
    BENEFITS,
    PARAMS,
    RECENT_HASHES,
    World,
    populate,
    to_notice,
    to_paid,
    to_queue,
)
from tests.utils.deployers import DAY, TOKEN, Plan, deploy_plan, fresh_deployer, fund

STAKE = 5 * TOKEN
DISPUTE_PARAMS = {**PARAMS, "objection_stake": STAKE, "reward_bps": 1_000}
EVIDENCE = b"\xe1" * 32
REASON = b"\x7e" * 32
RULING_PERIOD = 30 * DAY
REPORT_WINDOW = 180 * DAY


@dataclass
class DisputeWorld:
    world: World
    supervisors: list[str]


@pytest.fixture(scope="package")
def dworld() -> Iterator[DisputeWorld]:
    with fresh_deployer("disputes-deployer"):
        yield _dworld()


def _dworld() -> DisputeWorld:
    plan = deploy_plan(params=DISPUTE_PARAMS, benefits=BENEFITS)
    world = populate(plan)
    supervisors = [boa.env.generate_address(f"supervisor-{i}") for i in range(4)]
    for who in supervisors:
        fund(plan, who, 1_000 * TOKEN, spender=plan.disputes.address)
    fund(plan, plan.operator, 1_000 * TOKEN, spender=plan.disputes.address)
    return DisputeWorld(world, supervisors)


@pytest.fixture(autouse=True)
def _isolate(dworld: DisputeWorld) -> Iterator[None]:
    with boa.env.anchor():
        boa.env.evm.patch.prev_hashes = RECENT_HASHES
        yield


@pytest.fixture(scope="package")
def world(dworld: DisputeWorld) -> World:
    return dworld.world


@pytest.fixture(scope="package")
def plan(world: World) -> Plan:
    return world.plan


@pytest.fixture(scope="package")
def disputes(plan: Plan) -> Any:
    return plan.disputes


@pytest.fixture(scope="package")
def claims(plan: Plan) -> Any:
    return plan.claims


@pytest.fixture(scope="package")
def pool(plan: Plan) -> Any:
    return plan.pool


@pytest.fixture(scope="package")
def registry(plan: Plan) -> Any:
    return plan.witnesses


@pytest.fixture(scope="package")
def token(plan: Plan) -> Any:
    return plan.token


@pytest.fixture(scope="package")
def operator(plan: Plan) -> str:
    return plan.operator


@pytest.fixture(scope="package")
def patient(world: World) -> str:
    return world.patient


@pytest.fixture(scope="package")
def supervisors(dworld: DisputeWorld) -> list[str]:
    return dworld.supervisors


@pytest.fixture(scope="package")
def sup(supervisors: list[str]) -> str:
    """The first supervisor."""
    return supervisors[0]


@pytest.fixture
def stranger() -> str:
    return boa.env.generate_address("stranger")


@pytest.fixture
def noticed(plan: Plan, patient: str) -> Callable[..., tuple[int, list[str]]]:
    """A claim of the patient under notice: (claim id, its approving panel)."""
    return lambda who=None, **kw: to_notice(plan, who or patient, **kw)


@pytest.fixture
def queued(plan: Plan, patient: str) -> Callable[..., tuple[int, list[str]]]:
    """A claim of the patient through its notice, its payout queued (not funded yet)."""
    return lambda who=None, **kw: to_queue(plan, who or patient, **kw)


@pytest.fixture
def paid(plan: Plan, patient: str) -> Callable[..., tuple[int, list[str]]]:
    """A claim of the patient funded and pulled."""
    return lambda who=None, **kw: to_paid(plan, who or patient, **kw)


def object_(disputes: Any, claim_id: int, who: str, evidence: bytes = EVIDENCE) -> None:
    with boa.env.prank(who):
        disputes.object(claim_id, evidence)


def report(disputes: Any, claim_id: int, who: str, evidence: bytes = EVIDENCE) -> None:
    with boa.env.prank(who):
        disputes.report_fraud(claim_id, evidence)


def rule(disputes: Any, operator: str, claim_id: int, fraud: bool, reason: bytes = REASON) -> None:
    with boa.env.prank(operator):
        disputes.rule(claim_id, fraud, reason)


def withdraw(disputes: Any, claim_id: int, who: str) -> None:
    with boa.env.prank(who):
        disputes.withdraw(claim_id)


def past_ruling_deadline(disputes: Any, claim_id: int, offset: int = 0) -> None:
    deadline = disputes.cases(claim_id, disputes.rounds(claim_id)).deadline
    boa.env.time_travel(seconds=max(deadline - int(boa.env.evm.patch.timestamp) + offset, 0))


def check_books(plan: Plan) -> None:
    """Every contract holds exactly what its books say, to the last unit."""
    token = plan.token
    assert token.balanceOf(plan.disputes.address) == plan.disputes.accounted()
    assert token.balanceOf(plan.pool.address) == plan.pool.accounted()
    assert token.balanceOf(plan.witnesses.address) == plan.witnesses.total_staked()
