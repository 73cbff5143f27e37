"""What people type and read: amounts in tokens, dates in UTC, durations, parameter values.

A value that cannot be read raises `CliError`, shown as one sentence with exit code 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import click

from lashou.chain.params import PARAM_ORDER

_AMOUNT = re.compile(r"\d+(\.\d+)?|\.\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DURATION = re.compile(r"(\d+)([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3_600, "d": 86_400}
# a first word of letters only (a trailing `:` or `,` allowed): `deployment.json`, `/tmp/x`,
# `~/a` or `'0x12'` at the start of a message stay as they are
_PLAIN_WORD = re.compile(r"[a-z][a-z'-]*[:,;]?(\s|$)")
MAX_BASE_UNITS = 2**256 - 1  # the most a uint256 holds
MIN_VALIDITY = 60  # a signed admission or attestation must outlive its own transaction

# Config parameters by kind: token amounts, durations, plain numbers.
AMOUNT_PARAMS = frozenset(
    {
        "cap", "witness_stake", "witness_bond", "witness_fee", "silent_forfeit",
        "objection_stake", "breaker_floor",
    }
)  # fmt: skip
NUMBER_PARAMS = frozenset({"reward_bps", "breaker_factor", "seed_delay"})
DURATION_PARAMS = frozenset(PARAM_ORDER) - AMOUNT_PARAMS - NUMBER_PARAMS


class CliError(click.ClickException):
    """A failure the user can fix; shown as `Error: <one sentence>` with exit code 1."""

    exit_code = 1


def sentence(message: str) -> str:
    """`message` as one sentence: a full stop, and a capital first letter when it starts with a
    plain word (never when it starts with a file name, a path or a quoted value)."""
    text = " ".join(message.split())
    if not text:
        return "Something went wrong."
    if _PLAIN_WORD.match(text):
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True)
class Money:
    """An amount in the token's base units, shown in tokens."""

    base: int


@dataclass(frozen=True)
class When:
    """A block timestamp, shown as a UTC date and time (0: never)."""

    timestamp: int


def parse_amount(text: str) -> Decimal:
    """A non-negative number of tokens as typed: 100, 100.5 or .5."""
    value = text.strip()
    if not _AMOUNT.fullmatch(value):
        raise CliError(f"'{text}' is not an amount of tokens: write it like 100 or 100.5.")
    return Decimal(value)


def to_base(amount: Decimal, decimals: int, symbol: str) -> int:
    """`amount` tokens in base units, exactly (no rounding by Decimal's context): refused when
    it is negative, not a finite number, has more decimals than the token, or exceeds what a
    uint256 holds."""
    if not amount.is_finite() or amount.is_signed():
        raise CliError(f"{amount} is not an amount of tokens: give a number of 0 or more.")
    _, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)  # finite
    coefficient = int("".join(map(str, digits)) or "0")
    shift = exponent + decimals
    if coefficient and shift > 78:  # more than 10**78 base units: beyond any uint256
        raise CliError(f"{amount} {symbol} is more than any account can hold: check the amount.")
    if shift >= 0:
        base = coefficient * int(10**shift)
    else:
        base, rest = divmod(coefficient, 10**-shift)
        if rest:
            raise CliError(
                f"{amount} has more decimal places than {symbol} has ({decimals}):"
                f" round it to {decimals} places."
            )
    if base > MAX_BASE_UNITS:
        raise CliError(f"{amount} {symbol} is more than any account can hold: check the amount.")
    return base


def format_amount(base: int, decimals: int) -> str:
    """Base units as tokens, without trailing zeros: 100500000 with 6 decimals is 100.5."""
    sign = "-" if base < 0 else ""
    whole, fraction = divmod(abs(base), 10**decimals)
    digits = f"{fraction:0{decimals}d}".rstrip("0") if decimals else ""
    return f"{sign}{whole}.{digits}" if digits else f"{sign}{whole}"


def parse_date(text: str) -> int:
    """A YYYY-MM-DD date as the timestamp of its first second (UTC)."""
    value = text.strip()
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise CliError(
            f"'{text}' is not a date: write it as YYYY-MM-DD (UTC), e.g. 2025-03-31."
        ) from None
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def format_time(timestamp: int, *, iso: bool = False) -> str | None:
    """A timestamp as `2025-03-31 14:05 UTC` (or ISO 8601 with `iso`); None for 0."""
    if not timestamp:
        return None
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ" if iso else "%Y-%m-%d %H:%M UTC")


def parse_duration(text: str) -> int:
    """Seconds from `90d`, `12h`, `30m`, `45s` or a plain number of seconds."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match:
        raise CliError(f"'{text}' is not a duration: write it like 14d, 12h, 30m or 3600.")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def parse_validity(text: str, *, most: int, what: str) -> int:
    """How long `what` may be used (`--valid-for`): a duration of one minute to `most`."""
    seconds = parse_duration(text)
    if seconds < MIN_VALIDITY:
        raise CliError(
            f"--valid-for {text} is too short: {what} must stay usable for at least 1m;"
            " give a longer duration."
        )
    if seconds > most:
        raise CliError(
            f"--valid-for {text} is too long: {what} may be used for at most"
            f" {_days(most)}; give a shorter duration."
        )
    return seconds


def _days(seconds: int) -> str:
    return f"{seconds // 86_400}d" if seconds % 86_400 == 0 else f"{seconds}s"


def parse_parameter(name: str, text: str, decimals: int, symbol: str) -> int:
    """The base-unit value of Config parameter `name` as typed (tokens, a duration, a number)."""
    if name not in PARAM_ORDER:
        raise CliError(f"'{name}' is not a plan parameter: use one of {', '.join(PARAM_ORDER)}.")
    if name in AMOUNT_PARAMS:
        return to_base(parse_amount(text), decimals, symbol)
    if name in DURATION_PARAMS:
        return parse_duration(text)
    if not text.strip().isdigit():
        raise CliError(f"'{text}' is not a whole number: {name} takes one, e.g. 1000.")
    return int(text.strip())


def parse_assignment(text: str) -> tuple[str, str]:
    """`NAME=VALUE` as (name, value)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise CliError(f"'{text}' is not NAME=VALUE: write it like cap=10.")
    return name.strip(), value.strip()


class AmountType(click.ParamType[Decimal, Any]):
    """A number of tokens; converted to base units once the token's decimals are known."""

    name = "amount"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Decimal:
        return value if isinstance(value, Decimal) else parse_amount(str(value))


class DateType(click.ParamType[int, Any]):
    """A YYYY-MM-DD date (UTC), converted to a timestamp."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        return value if isinstance(value, int) else parse_date(str(value))


AMOUNT = AmountType()
DATE = DateType()
