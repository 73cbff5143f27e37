"""Age → coverage tier (DESIGN §8), from a table governance can change.

A tier is held from the day its starting age is reached up to the day before its ending age is
reached; `valid_until` is UTC midnight at the start of that ending day, the value an admission
carries. Ages count whole years on the calendar: someone born on 29 February reaches a new year
of age on 1 March in common years (the full year has not passed on 28 February).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

MAX_TIERS = 8  # contracts/constants.vy: MAX_TIERS


class NotEligible(ValueError):
    """No tier of the table is open at the applicant's age."""


class InvalidTierTable(ValueError):
    """A tier table that cannot be used as it stands."""


@dataclass(frozen=True, order=True)
class Age:
    """An age as whole years plus days after that birthday (days below 365)."""

    years: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.years < 0 or not 0 <= self.days < 365:
            raise InvalidTierTable("an age needs whole years from 0 and days from 0 to 364")

    def reached_on(self, birth: date) -> date:
        """The first day on which someone born on `birth` is this old."""
        return anniversary(birth, self.years) + timedelta(days=self.days)

    def __str__(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years} year{'s' if self.years != 1 else ''}")
        if self.days or not self.years:
            parts.append(f"{self.days} day{'s' if self.days != 1 else ''}")
        return " and ".join(parts)


@dataclass(frozen=True)
class TierRule:
    """One row of the table: tier `tier` from age `starts` up to (not including) age `ends`."""

    tier: int
    starts: Age
    ends: Age
    benefit: int  # whole tokens; the contracts hold it in base units
    weight: int


@dataclass(frozen=True)
class Tier:
    """The tier an applicant gets on a given day, and when it ends."""

    tier: int
    benefit: int
    weight: int
    ends_on: date
    valid_until: int  # UTC midnight of `ends_on`, in seconds


class TierTable:
    """Rows ordered by age, not overlapping; each tier index (0..7) used once."""

    def __init__(self, rules: Iterable[TierRule]) -> None:
        rows = tuple(sorted(rules, key=lambda rule: rule.starts))
        if not rows:
            raise InvalidTierTable("a tier table needs at least one tier")
        if len({rule.tier for rule in rows}) != len(rows):
            raise InvalidTierTable("each tier index may appear only once in the table")
        for rule in rows:
            if not 0 <= rule.tier < MAX_TIERS:
                raise InvalidTierTable(
                    f"tier {rule.tier} is out of range: use 0 to {MAX_TIERS - 1}"
                )
            if rule.starts >= rule.ends:
                raise InvalidTierTable(f"tier {rule.tier} ends before it starts: fix its ages")
            if rule.benefit <= 0 or rule.weight <= 0:
                raise InvalidTierTable(f"tier {rule.tier} needs a positive benefit and weight")
        for before, after in zip(rows, rows[1:], strict=False):
            if after.starts < before.ends:
                raise InvalidTierTable(
                    f"tiers {before.tier} and {after.tier} overlap: one age may have one tier only"
                )
        self.rules = rows

    def __repr__(self) -> str:
        return f"TierTable({list(self.rules)!r})"

    def tier_for(self, birth_date: date, on: date) -> Tier:
        """The tier held on day `on` by someone born on `birth_date`, or `NotEligible`."""
        first, last = self.rules[0], self.rules[-1]
        if on < first.starts.reached_on(birth_date):
            raise NotEligible(
                f"too young to join: members are admitted from the age of {first.starts}, so"
                " apply again once that age is reached"
            )
        if on >= last.ends.reached_on(birth_date):
            raise NotEligible(
                f"too old to join: coverage ends at the age of {last.ends}, so no tier is open"
                " to this applicant"
            )
        for rule in self.rules:
            ends_on = rule.ends.reached_on(birth_date)
            if rule.starts.reached_on(birth_date) <= on < ends_on:
                return Tier(
                    tier=rule.tier,
                    benefit=rule.benefit,
                    weight=rule.weight,
                    ends_on=ends_on,
                    valid_until=utc_midnight(ends_on),
                )
        raise NotEligible(
            "no tier covers this age in the benefit table: governance must close the gap first"
        )


# DESIGN §8: 30 days to 39 years, 300,000 at weight 3; 40 to 59 years, 100,000 at weight 1.
DEFAULT_TIERS = TierTable(
    [
        TierRule(tier=0, starts=Age(days=30), ends=Age(years=40), benefit=300_000, weight=3),
        TierRule(tier=1, starts=Age(years=40), ends=Age(years=60), benefit=100_000, weight=1),
    ]
)


def tier_for(birth_date: date, on: date, table: TierTable = DEFAULT_TIERS) -> Tier:
    """The tier held on day `on` by someone born on `birth_date` (default table: DESIGN §8)."""
    return table.tier_for(birth_date, on)


def anniversary(birth: date, years: int) -> date:
    """The day someone born on `birth` turns `years` old (1 March for 29 February in common
    years)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year
        return date(birth.year + years, 3, 1)


def utc_midnight(day: date) -> int:
    """Seconds since the epoch at 00:00 UTC of `day`."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def utc_date(timestamp: int) -> date:
    """The UTC calendar day of a timestamp in seconds."""
    return datetime.fromtimestamp(timestamp, UTC).date()
