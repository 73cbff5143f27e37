"""Age → coverage tier, the days each tier starts and ends, and governance-made tables."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lashou.identity.tiers import (
    DEFAULT_TIERS,
    Age,
    InvalidTierTable,
    NotEligible,
    Tier,
    TierRule,
    TierTable,
    anniversary,
    tier_for,
    utc_date,
    utc_midnight,
)

BORN = date(2000, 1, 1)
LEAPLING = date(1984, 2, 29)
TOO_YOUNG = (
    "too young to join: members are admitted from the age of 30 days, so apply again once that"
    " age is reached"
)
TOO_OLD = (
    "too old to join: coverage ends at the age of 60 years, so no tier is open to this applicant"
)


def refused(birth: date, on: date, message: str, table: TierTable = DEFAULT_TIERS) -> None:
    with pytest.raises(NotEligible) as error:
        tier_for(birth, on, table)
    assert str(error.value) == message


def test_tier_for__thirty_days_old() -> None:
    assert tier_for(BORN, date(2000, 1, 31)) == Tier(
        tier=0, benefit=300_000, weight=3, ends_on=date(2040, 1, 1), valid_until=2208988800
    )


def test_tier_for__younger_than_thirty_days() -> None:
    refused(BORN, date(2000, 1, 30), TOO_YOUNG)
    refused(BORN, BORN, TOO_YOUNG)
    refused(BORN, date(1999, 12, 31), TOO_YOUNG)


def test_tier_for__day_before_fortieth_birthday() -> None:
    assert tier_for(BORN, date(2039, 12, 31)).tier == 0


def test_tier_for__fortieth_birthday() -> None:
    assert tier_for(BORN, date(2040, 1, 1)) == Tier(
        tier=1, benefit=100_000, weight=1, ends_on=date(2060, 1, 1), valid_until=2840140800
    )


def test_tier_for__day_before_sixtieth_birthday() -> None:
    assert tier_for(BORN, date(2059, 12, 31)).tier == 1


def test_tier_for__sixtieth_birthday() -> None:
    refused(BORN, date(2060, 1, 1), TOO_OLD)
    refused(BORN, date(2090, 6, 1), TOO_OLD)


def test_tier_for__29_february_birthday_in_leap_year() -> None:
    before = tier_for(LEAPLING, date(2024, 2, 28))
    assert (before.tier, before.ends_on, before.valid_until) == (0, date(2024, 2, 29), 1709164800)
    on = tier_for(LEAPLING, date(2024, 2, 29))
    assert (on.tier, on.ends_on, on.valid_until) == (1, date(2044, 2, 29), 2340316800)
    assert tier_for(LEAPLING, date(2044, 2, 28)).tier == 1
    refused(LEAPLING, date(2044, 2, 29), TOO_OLD)


def test_tier_for__29_february_birthday_in_common_year() -> None:
    # 2100 is not a leap year: the 60th birthday of someone born 29 February 2040 is 1 March.
    born = date(2040, 2, 29)
    last = tier_for(born, date(2100, 2, 28))
    assert (last.tier, last.ends_on) == (1, date(2100, 3, 1))
    refused(born, date(2100, 3, 1), TOO_OLD)


def test_tier_for__governance_table() -> None:
    table = TierTable(
        [
            TierRule(tier=2, starts=Age(years=41), ends=Age(years=65), benefit=50_000, weight=1),
            TierRule(tier=0, starts=Age(days=30), ends=Age(years=18), benefit=200_000, weight=2),
            TierRule(tier=1, starts=Age(years=18), ends=Age(years=41), benefit=300_000, weight=3),
        ]
    )
    assert [rule.tier for rule in table.rules] == [0, 1, 2]
    first = tier_for(LEAPLING, date(2025, 2, 28), table)
    assert (first.tier, first.ends_on) == (1, date(2025, 3, 1))  # 41st birthday, common year
    assert tier_for(LEAPLING, date(2025, 3, 1), table).tier == 2
    assert tier_for(LEAPLING, date(2049, 2, 28), table).ends_on == date(2049, 3, 1)
    refused(
        LEAPLING,
        date(2049, 3, 1),
        "too old to join: coverage ends at the age of 65 years, so no tier is open to this"
        " applicant",
        table,
    )


def test_tier_for__gap_in_table() -> None:
    table = TierTable(
        [
            TierRule(tier=0, starts=Age(years=1), ends=Age(years=18), benefit=1, weight=1),
            TierRule(tier=1, starts=Age(years=20), ends=Age(years=60), benefit=1, weight=1),
        ]
    )
    assert tier_for(BORN, date(2017, 12, 31), table).tier == 0
    refused(
        BORN,
        date(2019, 6, 1),
        "no tier covers this age in the benefit table: governance must close the gap first",
        table,
    )
    refused(
        BORN,
        date(2000, 12, 31),
        "too young to join: members are admitted from the age of 1 year, so apply again once that"
        " age is reached",
        table,
    )


BIRTH = Age()
FIRST_BIRTHDAY = Age(1)


def rule(
    tier: int = 0,
    starts: Age = BIRTH,
    ends: Age = FIRST_BIRTHDAY,
    benefit: int = 1,
    weight: int = 1,
) -> TierRule:
    return TierRule(tier=tier, starts=starts, ends=ends, benefit=benefit, weight=weight)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([], "a tier table needs at least one tier"),
        (
            [rule(), rule(starts=Age(1), ends=Age(2))],
            "each tier index may appear only once in the table",
        ),
        ([rule(tier=8)], "tier 8 is out of range: use 0 to 7"),
        ([rule(tier=-1)], "tier -1 is out of range: use 0 to 7"),
        ([rule(starts=Age(1), ends=Age(1))], "tier 0 ends before it starts: fix its ages"),
        ([rule(benefit=0)], "tier 0 needs a positive benefit and weight"),
        ([rule(weight=0)], "tier 0 needs a positive benefit and weight"),
        (
            [rule(ends=Age(40)), rule(tier=1, starts=Age(39, 364), ends=Age(60))],
            "tiers 0 and 1 overlap: one age may have one tier only",
        ),
    ],
)
def test_tier_table__invalid(rules: list[TierRule], message: str) -> None:
    with pytest.raises(InvalidTierTable) as error:
        TierTable(rules)
    assert str(error.value) == message


@pytest.mark.parametrize(("years", "days"), [(-1, 0), (0, -1), (0, 365)])
def test_age__invalid(years: int, days: int) -> None:
    with pytest.raises(InvalidTierTable) as error:
        Age(years, days)
    assert str(error.value) == "an age needs whole years from 0 and days from 0 to 364"


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (Age(), "0 days"),
        (Age(days=1), "1 day"),
        (Age(days=30), "30 days"),
        (Age(1), "1 year"),
        (Age(40), "40 years"),
        (Age(2, 1), "2 years and 1 day"),
    ],
)
def test_age__text(age: Age, text: str) -> None:
    assert str(age) == text


def test_anniversary__29_february() -> None:
    assert anniversary(LEAPLING, 4) == date(1988, 2, 29)
    assert anniversary(LEAPLING, 1) == date(1985, 3, 1)
    assert anniversary(BORN, 40) == date(2040, 1, 1)


def test_utc_midnight__round_trip() -> None:
    assert utc_midnight(date(1970, 1, 1)) == 0
    assert utc_date(utc_midnight(date(2040, 1, 1)) + 86_399) == date(2040, 1, 1)
    assert utc_date(utc_midnight(date(2040, 1, 1)) - 1) == date(2039, 12, 31)


@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.integers(0, 60 * 366))
def test_tier_for__held_until_it_ends(born: date, age_days: int) -> None:
    on = born + timedelta(days=age_days)
    try:
        tier = tier_for(born, on)
    except NotEligible as error:
        assert on < born + timedelta(days=30) or on >= anniversary(born, 60), str(error)
        return
    assert on < tier.ends_on
    assert tier.valid_until == calendar.timegm(tier.ends_on.timetuple())
    assert tier.ends_on == anniversary(born, 40 if tier.tier == 0 else 60)
    assert tier_for(born, tier.ends_on - timedelta(days=1)) == tier
    if tier.tier == 0:
        assert tier_for(born, tier.ends_on).tier == 1
    else:
        with pytest.raises(NotEligible):
            tier_for(born, tier.ends_on)
