"""Fixtures of the pool tests: the hooks driven as Claims/Witnesses, settlements on time, and
the conservation identity checked after every test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boa
import pytest

from tests.contracts.helpers import now
from tests.utils.deployers import ADMITTED, Plan


@pytest.fixture(autouse=True)
def _conserved(_isolate: None, plan: Plan) -> Iterator[None]:
    """Every token the pool holds has exactly one owner, after every test."""
    yield
    assert plan.token.balanceOf(plan.pool) == plan.pool.accounted()


@pytest.fixture
def queue(pool: Any, claims_caller: str) -> Callable[..., None]:
    """Queue a claim's benefit as the Claims contract (through the notice, as Claims does)."""

    def _queue(claim_id: int, patient: str, amount: int) -> None:
        with boa.env.prank(claims_caller):
            pool.claim_in_notice(amount)
            pool.queue_claim(claim_id, patient, amount, ADMITTED.get(patient, bytes(32)))

    return _queue


@pytest.fixture
def settle(pool: Any) -> Callable[[], None]:
    """Move to the end of the current period and settle it."""

    def _settle() -> None:
        wait = pool.next_settlement() - now()
        if wait > 0:
            boa.env.time_travel(seconds=wait)
        pool.settle()

    return _settle


@pytest.fixture
def credit(plan: Plan, pool: Any, witnesses_caller: str) -> Callable[[int], None]:
    """Send `amount` to the pool as the Witnesses contract would (a forfeit) and credit it."""

    def _credit(amount: int) -> None:
        plan.token.mint(pool.address, amount)
        with boa.env.prank(witnesses_caller):
            pool.credit_reserve(amount)

    return _credit


@pytest.fixture
def accrue(pool: Any, claims_caller: str) -> Callable[[str, int], None]:
    def _accrue(witness: str, amount: int) -> None:
        with boa.env.prank(claims_caller):
            pool.accrue_fee(witness, amount)

    return _accrue
