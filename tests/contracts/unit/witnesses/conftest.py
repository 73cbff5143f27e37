"""Fixtures of the witness registry tests: one plan per test session, an anchor per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boa
import pytest
from boa.util.abi import Address
from eth_abi import encode
from eth_utils import keccak

from tests.utils.deployers import Plan, deploy_plan, register_witness

CITY = 110_101  # Beijing, Dongcheng
SAME_PROVINCE_CITY = 110_105  # Beijing, Chaoyang
OTHER_PROVINCE_CITY = 310_101  # Shanghai, Huangpu

# Where Witnesses packs a record's fields in its word: (shift, bits).
RECORD_FIELDS = {
    "stake": (0, 128),
    "locked_bonds": (128, 16),
    "liable_until": (144, 40),
    "epoch": (184, 32),
    "region": (216, 32),
    "active": (248, 1),
}


def commitment(n: int) -> bytes:
    return n.to_bytes(32, "big")


def set_record_field(witnesses: Any, account: str, field: str, value: int) -> None:
    """Write one field of `account`'s record word in storage directly, to reach the edge of
    its width without the thousands of transactions it would take."""
    shift, bits = RECORD_FIELDS[field]
    slot = int.from_bytes(
        keccak(encode(["uint256", "address"], [witnesses._storage._records.slot, account])), "big"
    )
    evm, address = boa.env.evm, Address(witnesses.address)
    word = evm.get_storage(address, slot) & ~(((1 << bits) - 1) << shift)
    evm.set_storage(address, slot, word | (value << shift))


def events(contract: Any, name: str) -> list[Any]:
    """The `name` events of the last call to `contract`, whichever contract emitted them."""
    return [log for log in contract.get_logs() if type(log).__name__ == name]


@pytest.fixture(scope="session")
def plan() -> Plan:
    """A plan whose registry answers to a test address acting as the Claims contract.

    Until Claims.vy exists, deploy_plan leaves the pool and the registry unwired; both are then
    wired to that address so the Claims-only functions can be driven directly.
    """
    plan = deploy_plan()
    if plan.claims is None:
        claims = boa.env.generate_address("claims")
        plan.pool.wire(claims, plan.witnesses.address)
        plan.witnesses.wire(claims)
    return plan


@pytest.fixture(autouse=True)
def _isolate(plan: Plan) -> Iterator[None]:
    with boa.env.anchor():
        yield


@pytest.fixture(scope="session")
def witnesses(plan: Plan) -> Any:
    return plan.witnesses


@pytest.fixture(scope="session")
def token(plan: Plan) -> Any:
    return plan.token


@pytest.fixture(scope="session")
def claims(plan: Plan) -> str:
    """The address the registry takes for the Claims contract (prank it)."""
    return str(plan.witnesses.claims())


@pytest.fixture(scope="session")
def stake(plan: Plan) -> int:
    return plan.param("witness_stake")


@pytest.fixture(scope="session")
def bond(plan: Plan) -> int:
    return plan.param("witness_bond")


@pytest.fixture
def alice() -> str:
    return boa.env.generate_address("alice")


@pytest.fixture
def register(plan: Plan) -> Callable[..., str]:
    """Register a fresh witness (or `account`) with commitment `n` in `region`."""

    def _register(
        n: int, region: int = CITY, *, account: str | None = None, amount: int | None = None
    ) -> str:
        account = account or boa.env.generate_address(f"witness-{n}")
        register_witness(plan, account, commitment=commitment(n), region=region, stake=amount)
        return account

    return _register


@pytest.fixture
def draw(plan: Plan, claims: str) -> Callable[..., str]:
    """Call draw as the Claims contract, with the current snapshot unless lengths are given."""

    def _draw(
        region: int = CITY,
        *,
        claim_id: int = 1,
        seed: bytes = b"\x07" * 32,
        patient: bytes = b"\xee" * 32,
        lengths: tuple[int, int, int] | None = None,
        outside_city: bool = False,
        exclude: list[str] | None = None,
    ) -> str:
        city, province, national = lengths or plan.witnesses.snapshot(region)
        with boa.env.prank(claims):
            return str(
                plan.witnesses.draw(
                    claim_id,
                    seed,
                    region,
                    patient,
                    city,
                    province,
                    national,
                    outside_city,
                    exclude or [],
                )
            )

    return _draw
