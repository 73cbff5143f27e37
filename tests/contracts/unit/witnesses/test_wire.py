"""Wiring the Claims contract, and the Claims-only functions' access checks."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.unit.witnesses.conftest import events
from tests.utils.deployers import CONTRACTS

NOT_CLAIMS = "witnesses: caller is not the claims contract"


@pytest.fixture(scope="module")
def deployer():
    return boa.load_partial(str(CONTRACTS / "Witnesses.vy"))


@pytest.fixture
def fresh(plan, deployer):
    def fresh(plan=plan):
        return deployer.deploy(plan.token.address, plan.config.address, plan.pool.address)

    return fresh


def test_wire__by_deployer(fresh):
    registry = fresh()
    claims = boa.env.generate_address("claims")
    registry.wire(claims)
    (log,) = events(registry, "ClaimsWired")
    assert log.claims == claims
    assert registry.claims() == claims


def test_wire__by_anyone_else(fresh, alice):
    registry = fresh()
    with boa.env.prank(alice), boa.reverts("witnesses: caller is not the deployer"):
        registry.wire(alice)
    assert registry.claims() == boa.eval("empty(address)")


def test_wire__twice(witnesses, alice):
    with boa.reverts("witnesses: already wired"):
        witnesses.wire(alice)


def test_wire__zero_address(fresh):
    registry = fresh()
    with boa.reverts("witnesses: claims is the zero address"):
        registry.wire(boa.eval("empty(address)"))


def test_deploy__zero_addresses(plan, deployer):
    zero = boa.eval("empty(address)")
    t, c, p = plan.token.address, plan.config.address, plan.pool.address
    with boa.reverts("witnesses: token is the zero address"):
        deployer.deploy(zero, c, p)
    with boa.reverts("witnesses: config is the zero address"):
        deployer.deploy(t, zero, p)
    with boa.reverts("witnesses: pool is the zero address"):
        deployer.deploy(t, c, zero)


def test_deploy__domain(witnesses, plan):
    fields, name, version, chain_id, contract, _, _ = witnesses.eip712Domain()
    assert (name, version, chain_id, contract) == (
        "lashou Witnesses",
        "1",
        plan.chain_id,
        witnesses.address,
    )
    assert (witnesses.token(), witnesses.config(), witnesses.pool()) == (
        plan.token.address,
        plan.config.address,
        plan.pool.address,
    )


def test_claims_only__draw_by_claims(draw, register):
    w = register(1)
    assert draw() == w


def test_claims_only__draw_by_anyone_else(witnesses, register, alice):
    register(1)
    with boa.env.prank(alice), boa.reverts(NOT_CLAIMS):
        witnesses.draw(1, b"\x01" * 32, 110_101, b"\xee" * 32, 1, 1, 1, False, [])


def test_claims_only__release_and_forfeit_by_anyone_else(witnesses, register, draw, alice):
    w = register(1)
    draw()
    for caller in (alice, w):
        with boa.env.prank(caller), boa.reverts(NOT_CLAIMS):
            witnesses.release(w)
        with boa.env.prank(caller), boa.reverts(NOT_CLAIMS):
            witnesses.forfeit_silent(w)
        with boa.env.prank(caller), boa.reverts(NOT_CLAIMS):
            witnesses.dismiss(w)
    assert witnesses.witness(w).locked_bonds == 1


def test_claims_only__before_wiring(fresh, alice):
    registry = fresh()
    with boa.env.prank(alice), boa.reverts(NOT_CLAIMS):
        registry.draw(1, b"\x01" * 32, 110_101, b"\xee" * 32, 0, 0, 0, False, [])
    with boa.env.prank(alice), boa.reverts(NOT_CLAIMS):
        registry.release(alice)
    with boa.env.prank(alice), boa.reverts(NOT_CLAIMS):
        registry.forfeit_silent(alice)
