"""The circuit breaker: a period queuing more than k × the trailing average waits for
governance."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import event, events
from tests.utils.deployers import TOKEN

UNIT = 1 * TOKEN  # queued in each of the first four periods: the trailing average


@pytest.fixture
def history(pool, config, governance, join, queue, settle, alice):
    """Four settled periods that each queued one token; alice (weight 1) pays for them. The
    floor is lowered to one token, so the factor decides above it."""
    with boa.env.prank(governance):
        config.set_parameter("breaker_floor", UNIT)
    join(alice, amount=1_000 * TOKEN)
    patient = boa.env.generate_address("patient")
    for claim_id in range(1, 5):
        queue(claim_id, patient, UNIT)
        settle()
    assert pool.period() == 4
    return patient


def test_settle__spike_held(pool, queue, settle, history):
    queue(5, history, 5 * UNIT + 1)  # just above 5 × the average
    due = pool.next_settlement()
    funded = pool.funded_total()
    settle()
    log = event(pool, "PeriodHeld")
    assert (log.period, log.queued, log.trailing_average) == (5, 5 * UNIT + 1, UNIT)
    assert events(pool, "PeriodSettled") == []
    assert pool.held_period() == 5
    assert pool.period() == 4
    assert pool.next_settlement() == due
    assert pool.funded_total() == funded
    pool.settle()  # still held, and said only once
    assert pool.get_logs() == []
    assert pool.period() == 4


def test_settle__held_period_released_by_governance(
    pool, config, token, governance, queue, settle, history, alice
):
    queue(5, history, 6 * UNIT)
    settle()
    with boa.env.prank(alice):  # members may leave meanwhile
        pool.exit()
    assert token.balanceOf(alice) > 0
    with boa.env.prank(governance):
        config.confirm_period(5)
    assert event(config, "PeriodConfirmed").period == 5
    pool.settle()
    log = event(pool, "PeriodSettled")
    assert log.period == 5
    assert pool.period() == 5
    assert pool.held_period() == 0  # nothing is held any more


def test_settle__exactly_k_times_the_average_passes(pool, queue, settle, history):
    queue(5, history, 5 * UNIT)
    settle()
    assert event(pool, "PeriodSettled").period == 5
    assert pool.held_period() == 0


def test_settle__no_breaker_before_four_periods_of_history(pool, join, queue, settle, alice):
    join(alice, amount=1_000 * TOKEN)
    patient = boa.env.generate_address("patient")
    queue(1, patient, UNIT)
    settle()
    queue(2, patient, 100 * UNIT)
    settle()
    assert event(pool, "PeriodSettled").period == 2


def test_settle__breaker_uses_the_last_four_periods(pool, queue, settle, history):
    """Period 5 queued 5; the average of periods 2–5 is 2, so period 6 may queue 10."""
    queue(5, history, 5 * UNIT)
    settle()
    queue(6, history, 10 * UNIT)
    settle()
    assert event(pool, "PeriodSettled").period == 6
    queue(7, history, 21_250_001)  # the average of periods 3–6 is 4.25: 21.25 is the limit
    settle()
    assert event(pool, "PeriodHeld").trailing_average == 4_250_000


@pytest.fixture
def quiet(pool, config, governance, join, settle, alice):
    """Four settled periods that queued nothing (a trailing average of 0), floor one token."""
    with boa.env.prank(governance):
        config.set_parameter("breaker_floor", UNIT)
    join(alice, amount=1_000 * TOKEN)
    for _ in range(4):
        settle()
    return boa.env.generate_address("patient")


def test_settle__burst_after_quiet_periods_held(pool, queue, settle, quiet):
    """An average of 0 would let anything through: above the floor, the period is held."""
    queue(1, quiet, UNIT + 1)
    settle()
    log = event(pool, "PeriodHeld")
    assert (log.period, log.queued, log.trailing_average) == (5, UNIT + 1, 0)
    assert pool.period() == 4


def test_settle__within_the_floor_after_quiet_periods(pool, queue, settle, quiet):
    queue(1, quiet, UNIT)
    settle()
    assert events(pool, "PeriodHeld") == []
    assert pool.period() == 5
