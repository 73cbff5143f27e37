"""The emergency pause: the operator's 14 days with a cooldown, governance's renewal, unpause."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import event, now
from tests.contracts.unit.config.common import NOT_OWNER
from tests.utils.deployers import DAY

PAUSE = 14 * DAY


def _pause(config, operator):
    with boa.env.prank(operator):
        config.pause()


def test_pause__by_the_operator(config, operator):
    assert not config.is_paused()
    _pause(config, operator)
    log = event(config, "PauseSet")
    assert (log.until, log.by) == (now() + PAUSE, operator)
    assert config.is_paused()
    assert config.paused_until() == now() + PAUSE
    assert config.pause_cooldown_until() == now() + 2 * PAUSE


def test_pause__lasts_14_days(config, operator):
    _pause(config, operator)
    boa.env.time_travel(seconds=PAUSE - 1)
    assert config.is_paused()
    boa.env.time_travel(seconds=1)
    assert not config.is_paused()


def test_pause__already_paused(config, operator):
    _pause(config, operator)
    with boa.env.prank(operator), boa.reverts("config: already paused"):
        config.pause()


def test_pause__cools_down_for_another_14_days(config, operator):
    _pause(config, operator)
    boa.env.time_travel(seconds=PAUSE)
    with boa.env.prank(operator), boa.reverts("config: pause is cooling down"):
        config.pause()
    boa.env.time_travel(seconds=PAUSE - 1)
    with boa.env.prank(operator), boa.reverts("config: pause is cooling down"):
        config.pause()
    boa.env.time_travel(seconds=1)
    _pause(config, operator)
    assert config.is_paused()


def test_pause__cooldown_survives_an_unpause(config, operator):
    _pause(config, operator)
    with boa.env.prank(operator):
        config.unpause()
    with boa.env.prank(operator), boa.reverts("config: pause is cooling down"):
        config.pause()


@pytest.mark.parametrize("caller", ["governance", "attestor", "stranger"])
def test_pause__by_anyone_else(config, governance, attestor, stranger, caller):
    who = {"governance": governance, "attestor": attestor.address, "stranger": stranger}[caller]
    with boa.env.prank(who), boa.reverts("config: caller is not the operator"):
        config.pause()
    assert not config.is_paused()


def test_renew_pause__by_governance(config, governance, operator):
    _pause(config, operator)
    boa.env.time_travel(seconds=10 * DAY)
    with boa.env.prank(governance):
        config.renew_pause()
    log = event(config, "PauseSet")
    assert (log.until, log.by) == (now() + PAUSE, governance)
    boa.env.time_travel(seconds=PAUSE - 1)
    assert config.is_paused()  # 24 days after the operator paused
    boa.env.time_travel(seconds=1)
    assert not config.is_paused()


@pytest.mark.parametrize("caller", ["operator", "stranger"])
def test_renew_pause__by_anyone_else(config, operator, stranger, caller):
    who = {"operator": operator, "stranger": stranger}[caller]
    with boa.env.prank(who), boa.reverts(NOT_OWNER):
        config.renew_pause()


@pytest.mark.parametrize("caller", ["operator", "governance"])
def test_unpause__by_operator_or_governance(config, operator, governance, caller):
    who = {"operator": operator, "governance": governance}[caller]
    _pause(config, operator)
    with boa.env.prank(who):
        config.unpause()
    log = event(config, "PauseSet")
    assert (log.until, log.by) == (now(), who)
    assert not config.is_paused()


@pytest.mark.parametrize("caller", ["attestor", "stranger"])
def test_unpause__by_anyone_else(config, operator, attestor, stranger, caller):
    who = {"attestor": attestor.address, "stranger": stranger}[caller]
    _pause(config, operator)
    with boa.env.prank(who), boa.reverts("config: caller may not unpause"):
        config.unpause()
    assert config.is_paused()
