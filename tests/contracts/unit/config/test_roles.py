"""Roles: operator, attestor, notaries, the randomness source, and the two-step governance
handover; no key holds two of governance, operator and attestor."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import event
from tests.contracts.unit.config.common import NOT_OWNER, TWO_ROLES, role_changes

ZERO = "0x0000000000000000000000000000000000000000"


@pytest.fixture
def newcomer():
    return boa.env.generate_address("newcomer")


# -- operator and attestor -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["operator", "attestor"])
def test_set_role__by_governance(config, governance, operator, attestor, newcomer, role):
    previous = {"operator": operator, "attestor": attestor.address}[role]
    with boa.env.prank(governance):
        getattr(config, f"set_{role}")(newcomer)
    assert role_changes(config) == [(role, previous, newcomer)]
    assert getattr(config, role)() == newcomer


@pytest.mark.parametrize("role", ["operator", "attestor"])
def test_set_role__unchanged_logs_nothing(config, governance, operator, attestor, role):
    same = {"operator": operator, "attestor": attestor.address}[role]
    with boa.env.prank(governance):
        getattr(config, f"set_{role}")(same)
    assert role_changes(config) == []


@pytest.mark.parametrize("role", ["operator", "attestor"])
def test_set_role__by_anyone_else(config, operator, newcomer, role):
    with boa.env.prank(operator), boa.reverts(NOT_OWNER):
        getattr(config, f"set_{role}")(newcomer)


@pytest.mark.parametrize("role", ["operator", "attestor"])
def test_set_role__zero_address(config, governance, role):
    with boa.env.prank(governance), boa.reverts("config: role is the zero address"):
        getattr(config, f"set_{role}")(ZERO)


@pytest.mark.parametrize(
    ("role", "other"),
    [
        ("operator", "governance"),
        ("operator", "attestor"),
        ("attestor", "governance"),
        ("attestor", "operator"),
    ],
)
def test_set_role__key_of_another_role(config, governance, operator, attestor, role, other):
    key = {"governance": governance, "operator": operator, "attestor": attestor.address}[other]
    with boa.env.prank(governance), boa.reverts(TWO_ROLES):
        getattr(config, f"set_{role}")(key)


# -- notaries --------------------------------------------------------------------------------------


def test_set_notary__registered_then_removed(config, governance, newcomer):
    with boa.env.prank(governance):
        config.set_notary(newcomer, True)
        log = event(config, "NotaryChanged")
        assert (log.notary, log.registered) == (newcomer, True)
        assert config.is_notary(newcomer)
        config.set_notary(newcomer, False)
        log = event(config, "NotaryChanged")
    assert (log.notary, log.registered) == (newcomer, False)
    assert not config.is_notary(newcomer)


def test_set_notary__deploy_registered_two(plan, config):
    assert all(config.is_notary(key.address) for key in plan.notaries)
    assert len(plan.notaries) == 2


def test_set_notary__zero_address(config, governance):
    with boa.env.prank(governance), boa.reverts("config: notary is the zero address"):
        config.set_notary(ZERO, True)


def test_set_notary__by_anyone_else(config, operator, newcomer):
    with boa.env.prank(operator), boa.reverts(NOT_OWNER):
        config.set_notary(newcomer, True)
    assert not config.is_notary(newcomer)


# -- randomness source -----------------------------------------------------------------------------


def test_set_randomness_source__by_governance(config, governance, newcomer):
    assert config.randomness_source() == ZERO  # block hashes by default
    with boa.env.prank(governance):
        config.set_randomness_source(newcomer)
    assert config.randomness_source() == newcomer
    with boa.env.prank(governance):
        config.set_randomness_source(ZERO)
    assert config.randomness_source() == ZERO


def test_set_randomness_source__by_anyone_else(config, operator, newcomer):
    with boa.env.prank(operator), boa.reverts(NOT_OWNER):
        config.set_randomness_source(newcomer)


# -- governance handover ---------------------------------------------------------------------------


def test_transfer_ownership__two_steps(config, governance, newcomer):
    with boa.env.prank(governance):
        config.transfer_ownership(newcomer)
    log = event(config, "OwnershipTransferStarted")
    assert (log.previous_owner, log.new_owner) == (governance, newcomer)
    assert config.pending_owner() == newcomer
    assert config.owner() == governance  # nothing changes until accepted

    with boa.env.prank(newcomer):
        config.accept_ownership()
    log = event(config, "OwnershipTransferred")
    assert (log.previous_owner, log.new_owner) == (governance, newcomer)
    assert config.owner() == newcomer
    assert config.pending_owner() == ZERO

    with boa.env.prank(newcomer):
        config.confirm_period(1)
    with boa.env.prank(governance), boa.reverts(NOT_OWNER):
        config.confirm_period(2)


def test_transfer_ownership__by_anyone_else(config, operator, newcomer):
    with boa.env.prank(operator), boa.reverts(NOT_OWNER):
        config.transfer_ownership(newcomer)
    assert config.pending_owner() == ZERO


def test_accept_ownership__by_anyone_else(config, governance, newcomer, stranger):
    with boa.env.prank(governance):
        config.transfer_ownership(newcomer)
    with boa.env.prank(stranger), boa.reverts("ownable_2step: caller is not the new owner"):
        config.accept_ownership()
    assert config.owner() == governance


@pytest.mark.parametrize("role", ["operator", "attestor"])
def test_accept_ownership__by_a_key_holding_another_role(
    config, governance, operator, attestor, role
):
    key = {"operator": operator, "attestor": attestor.address}[role]
    with boa.env.prank(governance):
        config.transfer_ownership(key)
    with boa.env.prank(key), boa.reverts(TWO_ROLES):
        config.accept_ownership()
    assert config.owner() == governance


def test_renounce_ownership__not_offered(config):
    assert not hasattr(config, "renounce_ownership")
