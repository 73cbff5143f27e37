"""set_parameter, set_tier, set_class_ratio, confirm_period and the views a join reads."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import event
from tests.contracts.unit.config.common import NOT_OWNER, PARAMS, parameter_changes
from tests.utils.deployers import DAY, DEFAULT_PARAMS, TOKEN

CAP = DEFAULT_PARAMS["cap"]
BUCKET = CAP // 8

# A new value for every parameter that keeps the defaults consistent with each other.
NEW_VALUES = {
    "waiting_period": 60 * DAY,
    "settlement_period": 7 * DAY,
    "cap": 15 * TOKEN,
    "witness_stake": 4_000 * TOKEN,
    "witness_bond": 2_000 * TOKEN,
    "witness_fee": 150 * TOKEN,
    "silent_forfeit": 500 * TOKEN,
    "review_period": 10 * DAY,
    "witness_period": 5 * DAY,
    "arbitration_period": 10 * DAY,
    "notice_period": 10 * DAY,
    "objection_stake": 50 * TOKEN,
    "reward_bps": 2_000,
    "ruling_period": 20 * DAY,
    "report_window": 90 * DAY,
    "liability_period": 400 * DAY,
    "breaker_factor": 3,
    "breaker_floor": 1_000 * TOKEN,
    "seed_delay": 5,
}


def _set(config, governance, name, value):
    with boa.env.prank(governance):
        config.set_parameter(name, value)


def test_every_parameter_has_a_test_value():
    assert set(NEW_VALUES) == set(PARAMS)


@pytest.mark.parametrize("name", PARAMS)
def test_set_parameter__by_governance(config, governance, name):
    previous = getattr(config, name)()
    assert previous == DEFAULT_PARAMS[name] != NEW_VALUES[name]
    _set(config, governance, name, NEW_VALUES[name])
    assert parameter_changes(config) == [(name, previous, NEW_VALUES[name])]
    assert getattr(config, name)() == NEW_VALUES[name]


@pytest.mark.parametrize("caller", ["operator", "attestor", "stranger"])
def test_set_parameter__by_anyone_else(config, operator, attestor, stranger, caller):
    who = {"operator": operator, "attestor": attestor.address, "stranger": stranger}[caller]
    with boa.env.prank(who), boa.reverts(NOT_OWNER):
        config.set_parameter("cap", 2 * CAP)
    assert config.cap() == CAP


@pytest.mark.parametrize("name", ["bucket_width", "Cap", "cap ", "", "owner"])
def test_set_parameter__unknown_name(config, governance, name):
    with boa.env.prank(governance), boa.reverts("config: unknown parameter"):
        config.set_parameter(name, 1)


# -- the cap ---------------------------------------------------------------------------------------


def test_set_parameter__cap_doubles_at_most(config, governance):
    with boa.env.prank(governance):
        with boa.reverts("config: cap may at most double at once"):
            config.set_parameter("cap", 2 * CAP + 1)
        config.set_parameter("cap", 2 * CAP)
    assert config.cap() == 2 * CAP


def test_set_parameter__cap_halves_at_most(config, governance):
    _set(config, governance, "cap", 2 * CAP)
    with boa.env.prank(governance):
        with boa.reverts("config: cap may at most halve at once"):
            config.set_parameter("cap", CAP - 1)
        config.set_parameter("cap", CAP)
    assert config.cap() == CAP


def test_set_parameter__cap_at_most_32_bucket_widths(config, governance):
    _set(config, governance, "cap", 2 * CAP)
    _set(config, governance, "cap", 32 * BUCKET)  # 40 tokens: the widest
    with boa.env.prank(governance), boa.reverts("config: cap above 32 bucket widths"):
        config.set_parameter("cap", 32 * BUCKET + 1)
    assert config.bucket_width() == BUCKET  # fixed for the plan's life


def test_set_parameter__cap_at_least_4_bucket_widths(config, governance):
    _set(config, governance, "cap", 4 * BUCKET)  # 5 tokens: the narrowest
    with boa.env.prank(governance), boa.reverts("config: cap below 4 bucket widths"):
        config.set_parameter("cap", 4 * BUCKET - 1)
    assert config.cap() == 4 * BUCKET


# -- witness money ---------------------------------------------------------------------------------


def test_set_parameter__forfeit_exactly_twice_the_fee(config, governance):
    _set(config, governance, "silent_forfeit", 2 * DEFAULT_PARAMS["witness_fee"])
    _set(config, governance, "witness_fee", DEFAULT_PARAMS["silent_forfeit"] // 2)


@pytest.mark.parametrize(
    ("name", "value"),
    [("witness_fee", 200 * TOKEN + 1), ("silent_forfeit", 400 * TOKEN - 1)],
)
def test_set_parameter__forfeit_below_twice_the_fee(config, governance, name, value):
    with boa.env.prank(governance), boa.reverts("config: forfeit below twice the fee"):
        config.set_parameter(name, value)


def test_set_parameter__bond_up_to_the_stake(config, governance):
    _set(config, governance, "witness_bond", DEFAULT_PARAMS["witness_stake"])
    assert config.witness_bond() == config.witness_stake()


@pytest.mark.parametrize(
    ("name", "value"),
    [("witness_bond", 3_000 * TOKEN + 1), ("witness_stake", 1_000 * TOKEN - 1)],
)
def test_set_parameter__bond_above_the_stake(config, governance, name, value):
    with boa.env.prank(governance), boa.reverts("config: bond above the stake"):
        config.set_parameter(name, value)


@pytest.mark.parametrize(
    ("name", "value"),
    [("silent_forfeit", 1_000 * TOKEN + 1), ("witness_bond", 400 * TOKEN - 1)],
)
def test_set_parameter__forfeit_above_the_bond(config, governance, name, value):
    with boa.env.prank(governance), boa.reverts("config: forfeit above the bond"):
        config.set_parameter(name, value)


# -- other bounds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "bad", "good", "message"),
    [
        ("reward_bps", 10_001, 10_000, "config: reward above 100%"),
        ("breaker_factor", 0, 1, "config: breaker factor is zero"),
        ("seed_delay", 0, 1, "config: seed delay out of range"),
        ("seed_delay", 200, 199, "config: seed delay out of range"),
        ("settlement_period", 0, 1, "config: settlement period is zero"),
        ("settlement_period", 20 * DAY + 1, 20 * DAY, "config: settlement period above 20 days"),
    ],
)
def test_set_parameter__bounds(config, governance, name, bad, good, message):
    with boa.env.prank(governance):
        with boa.reverts(message):
            config.set_parameter(name, bad)
        config.set_parameter(name, good)
    assert getattr(config, name)() == good


# -- tiers and classes -----------------------------------------------------------------------------


def test_set_tier__by_governance(config, governance):
    with boa.env.prank(governance):
        config.set_tier(2, 50_000 * TOKEN, 2)
    log = event(config, "TierChanged")
    assert (log.tier, log.benefit, log.weight) == (2, 50_000 * TOKEN, 2)
    assert (config.tier_benefit(2), config.tier_weight(2)) == (50_000 * TOKEN, 2)
    assert config.admission_terms(2)[2] == 2


def test_set_tier__removed(config, governance):
    with boa.env.prank(governance):
        config.set_tier(1, 0, 0)
    assert (config.tier_benefit(1), config.tier_weight(1)) == (0, 0)
    assert config.admission_terms(1)[2] == 0


def test_set_tier__out_of_range(config, governance):
    with boa.env.prank(governance), boa.reverts("config: tier out of range"):
        config.set_tier(8, 1, 1)


@pytest.mark.parametrize(("benefit", "weight"), [(1, 0), (0, 1)])
def test_set_tier__half_a_tier(config, governance, benefit, weight):
    with boa.env.prank(governance), boa.reverts("config: a tier needs both a benefit and a weight"):
        config.set_tier(3, benefit, weight)


def test_set_tier__by_anyone_else(config, operator):
    with boa.env.prank(operator), boa.reverts(NOT_OWNER):
        config.set_tier(2, 1, 1)


@pytest.mark.parametrize(("condition_class", "ratio"), [(0, 10_000), (1, 3_000), (1, 0)])
def test_set_class_ratio__by_governance(config, governance, condition_class, ratio):
    with boa.env.prank(governance):
        config.set_class_ratio(condition_class, ratio)
    log = event(config, "ClassRatioChanged")
    assert (log.condition_class, log.ratio_bps) == (condition_class, ratio)
    assert config.class_ratio_bps(condition_class) == ratio


def test_set_class_ratio__unknown_class(config, governance):
    with boa.env.prank(governance), boa.reverts("config: unknown condition class"):
        config.set_class_ratio(2, 1_000)


def test_set_class_ratio__above_100_percent(config, governance):
    with boa.env.prank(governance), boa.reverts("config: ratio above 100%"):
        config.set_class_ratio(1, 10_001)


def test_set_class_ratio__by_anyone_else(config, operator):
    with boa.env.prank(operator), boa.reverts(NOT_OWNER):
        config.set_class_ratio(1, 1_000)


# -- the circuit breaker's confirmation ------------------------------------------------------------


def test_confirm_period__by_governance(config, governance):
    with boa.env.prank(governance):
        config.confirm_period(5)
    assert event(config, "PeriodConfirmed").period == 5
    assert config.period_confirmed(5)
    assert not config.period_confirmed(6)


def test_confirm_period__by_anyone_else(config, operator):
    with boa.env.prank(operator), boa.reverts(NOT_OWNER):
        config.confirm_period(5)
    assert not config.period_confirmed(5)


# -- views -----------------------------------------------------------------------------------------


def test_admission_terms__what_a_join_reads(config, governance, operator, attestor):
    assert config.admission_terms(0) == (attestor.address, False, 3, CAP, 90 * DAY)
    assert config.admission_terms(1) == (attestor.address, False, 1, CAP, 90 * DAY)
    assert config.admission_terms(7) == (attestor.address, False, 0, CAP, 90 * DAY)
    with boa.env.prank(governance):
        config.set_parameter("cap", 2 * CAP)
        config.set_parameter("waiting_period", 30 * DAY)
    with boa.env.prank(operator):
        config.pause()
    assert config.admission_terms(0) == (attestor.address, True, 3, 2 * CAP, 30 * DAY)


def test_set_parameter__waiting_period_up_to_ten_years(config, governance):
    with boa.env.prank(governance):
        config.set_parameter("waiting_period", 3_650 * DAY)
    assert config.waiting_period() == 3_650 * DAY


def test_set_parameter__waiting_period_above_ten_years(config, governance):
    with boa.env.prank(governance), boa.reverts("config: waiting period above ten years"):
        config.set_parameter("waiting_period", 3_650 * DAY + 1)


def test_set_tier__weight_fits_a_member_record(config, governance):
    with boa.env.prank(governance):
        config.set_tier(2, 1_000 * TOKEN, 2**16 - 1)
    assert config.tier_weight(2) == 2**16 - 1


def test_set_tier__weight_above_16_bits(config, governance):
    with (
        boa.env.prank(governance),
        boa.reverts("config: weight above the 16 bits a member record holds"),
    ):
        config.set_tier(2, 1_000 * TOKEN, 2**16)
