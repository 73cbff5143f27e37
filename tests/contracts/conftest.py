"""Fixtures shared by the contract tests: a plan per module, an anchor per test, one per role.

The plan is `deploy_plan(pool_only=True)`: its pool answers to two plain addresses standing for
the Claims and Witnesses contracts (`claims_caller`, `witnesses_caller`), so the hooks can be
driven by pranking them. Compiling and deploying costs about two seconds, so the contracts are
deployed once per test process and every module starts from that state under its own anchor;
each test runs under another anchor. Folders with other needs override `plan` (and `_isolate`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boa
import pytest

from tests.contracts.helpers import CITY, commitment_of, sign_admission
from tests.utils.deployers import Key, Plan, deploy_plan, fund


@pytest.fixture(scope="session")
def _deployed_plan() -> Plan:
    return deploy_plan(pool_only=True)


@pytest.fixture(scope="module")
def plan(_deployed_plan: Plan) -> Iterator[Plan]:
    """A fresh pool-only plan for the module (the deployed state, under a module anchor)."""
    with boa.env.anchor():
        yield _deployed_plan


@pytest.fixture(autouse=True)
def _isolate(plan: Plan) -> Iterator[None]:
    with boa.env.anchor():
        yield


@pytest.fixture(scope="module")
def pool(plan: Plan) -> Any:
    return plan.pool


@pytest.fixture(scope="module")
def config(plan: Plan) -> Any:
    return plan.config


@pytest.fixture(scope="module")
def token(plan: Plan) -> Any:
    return plan.token


@pytest.fixture(scope="module")
def governance(plan: Plan) -> str:
    return plan.governance


@pytest.fixture(scope="module")
def operator(plan: Plan) -> str:
    return plan.operator


@pytest.fixture(scope="module")
def attestor(plan: Plan) -> Key:
    return plan.attestor


@pytest.fixture(scope="module")
def deployer(plan: Plan) -> str:
    return plan.deployer


@pytest.fixture(scope="module")
def claims_caller(plan: Plan) -> str:
    """The address the pool takes for the Claims contract (prank it)."""
    return plan.claims_caller


@pytest.fixture(scope="module")
def witnesses_caller(plan: Plan) -> str:
    """The address the pool takes for the Witnesses contract (prank it)."""
    return plan.witnesses_caller


@pytest.fixture
def alice() -> str:
    return boa.env.generate_address("alice")


@pytest.fixture
def bob() -> str:
    return boa.env.generate_address("bob")


@pytest.fixture
def carol() -> str:
    return boa.env.generate_address("carol")


@pytest.fixture
def stranger() -> str:
    """Anyone without a role."""
    return boa.env.generate_address("stranger")


@pytest.fixture
def join(plan: Plan) -> Callable[..., str]:
    """Mint, approve, admit and join `account` (a new address by default); returns it.

    Without `amount`, it deposits ten times the minimum for the tier's weight.
    """

    def _join(
        account: str | None = None,
        *,
        tier: int = 1,
        amount: int | None = None,
        commitment: bytes | None = None,
        region: int = CITY,
        **admission: Any,
    ) -> str:
        account = account or boa.env.generate_address("member")
        if amount is None:
            weight = plan.config.tier_weight(tier) or 1
            amount = 10 * weight * (2 * plan.config.cap() + plan.config.bucket_width())
        fund(plan, account, amount)
        fields, sig = sign_admission(
            plan,
            account,
            commitment=commitment or commitment_of(account),
            tier=tier,
            region=region,
            **admission,
        )
        with boa.env.prank(account):
            plan.pool.join(*fields, sig, amount)
        return account

    return _join
