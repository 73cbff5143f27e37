"""Fixtures of the claims tests: one wired plan per package, an anchor per test.

The plan has small amounts (witness stake 30, bond 10, fee 2, forfeit 4 tokens; benefits 300
and 100 tokens) so that a handful of members can fund a claim in one settlement. Its members
and witnesses are admitted once for the whole package (compiling the plan is the slow part) and
the clock is moved past the waiting period; every test runs in its own anchor. The helpers that
drive a claim live in tests/utils/claims.py, shared with the disputes and stateful tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boa
import pytest

from tests.utils.claims import (  # noqa: F401  (the claims tests import them from here)
    APPROVED,
    ARBITRATION,
    BENEFITS,
    CANCELLED,
    CITY,
    DISPUTED,
    DRAWING,
    FILED,
    MILD,
    NONE,
    NOTICE,
    OTHER_PROVINCE_CITY,
    PARAMS,
    QUEUED,
    RECENT_HASHES,
    REJECTED,
    REJECTED_VERDICT,
    RELEASED,
    SAME_PROVINCE_CITY,
    SEVERE,
    SILENT,
    WITNESSING,
    World,
    block_number,
    commitment,
    diagnosis,
    events,
    join,
    mine_past_seed,
    now,
    populate,
    report_all,
)
from tests.utils.deployers import Plan, deploy_plan


@pytest.fixture(scope="package")
def world() -> World:
    return populate(deploy_plan(params=PARAMS, benefits=BENEFITS))


@pytest.fixture(autouse=True)
def _isolate(world: World) -> Iterator[None]:
    with boa.env.anchor():
        boa.env.evm.patch.prev_hashes = RECENT_HASHES
        yield


@pytest.fixture(scope="package")
def plan(world: World) -> Plan:
    return world.plan


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
def operator(plan: Plan) -> str:
    return plan.operator


@pytest.fixture(scope="package")
def patient(world: World) -> str:
    return world.patient


@pytest.fixture
def alice() -> str:
    return boa.env.generate_address("alice")


@pytest.fixture
def diagnose(plan: Plan) -> Callable[..., tuple[tuple[Any, ...], bytes]]:
    """`diagnosis` at the package's plan."""

    def _diagnose(patient: str, **kwargs: Any) -> tuple[tuple[Any, ...], bytes]:
        return diagnosis(plan, patient, **kwargs)

    return _diagnose


@pytest.fixture
def file(claims: Any, diagnose: Callable[..., Any], patient: str) -> Callable[..., int]:
    """File a claim for `patient` (the module's patient by default) and return its id."""

    def _file(who: str | None = None, **kwargs: Any) -> int:
        who = who or patient
        fields, sig = diagnose(who, **kwargs)
        with boa.env.prank(who):
            return int(claims.file_claim(*fields, sig))

    return _file


@pytest.fixture
def accepted(claims: Any, file: Callable[..., int], operator: str) -> Callable[..., int]:
    """File and accept a claim; its draw is scheduled."""

    def _accepted(**kwargs: Any) -> int:
        claim_id = file(**kwargs)
        with boa.env.prank(operator):
            claims.accept_claim(claim_id)
        return claim_id

    return _accepted


@pytest.fixture
def drawn(claims: Any, accepted: Callable[..., int]) -> Callable[..., tuple[int, list[str]]]:
    """File, accept and draw a claim: (claim id, the panel's three witnesses by slot)."""

    def _drawn(**kwargs: Any) -> tuple[int, list[str]]:
        claim_id = accepted(**kwargs)
        mine_past_seed(claims, claim_id)
        claims.draw_witnesses(claim_id)
        assert claims.claim(claim_id).status == WITNESSING
        return claim_id, [str(claims.slot(claim_id, i).witness) for i in range(3)]

    return _drawn


@pytest.fixture
def noticed(claims: Any, drawn: Callable[..., Any]) -> Callable[..., tuple[int, list[str]]]:
    """A claim whose three witnesses approved: under notice."""

    def _noticed(**kwargs: Any) -> tuple[int, list[str]]:
        claim_id, panel = drawn(**kwargs)
        report_all(claims, claim_id, panel)
        assert claims.claim(claim_id).status == NOTICE
        return claim_id, panel

    return _noticed
