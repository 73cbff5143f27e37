"""What people type: token amounts parsed exactly, validity periods bounded, error sentences
that leave a leading file name alone. No node needed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lashou.cli.units import CliError, parse_amount, parse_validity, sentence, to_base

DAY = 86_400


@pytest.mark.parametrize(
    ("typed", "base"),
    [("100.5", 100_500_000), (".000001", 1), ("1.500000000", 1_500_000), ("0", 0),
     ("123456789012345678901234567890.123456", 123456789012345678901234567890123456)],
)  # fmt: skip
def test_to_base__exact_to_the_last_unit(typed: str, base: int) -> None:
    assert to_base(parse_amount(typed), 6, "tUSD") == base


def test_to_base__no_rounding_past_decimals_precision() -> None:
    # 28 significant digits is Decimal's default precision: scaling must not round this to 1
    with pytest.raises(CliError) as refused:
        to_base(parse_amount("1.00000000000000000000000000001"), 6, "tUSD")
    assert refused.value.message == (
        "1.00000000000000000000000000001 has more decimal places than tUSD has (6):"
        " round it to 6 places."
    )


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "-1", "-0", "sNaN"])
def test_to_base__not_a_finite_non_negative_number(value: str) -> None:
    with pytest.raises(CliError) as refused:
        to_base(Decimal(value), 6, "tUSD")
    message = f"{value} is not an amount of tokens: give a number of 0 or more."
    assert refused.value.message == message


@pytest.mark.parametrize("typed", ["-1", "nan", "inf", "Infinity", "1e3", "+1"])
def test_parse_amount__signs_and_special_values_refused(typed: str) -> None:
    with pytest.raises(CliError, match="is not an amount of tokens"):
        parse_amount(typed)


@pytest.mark.parametrize("value", [Decimal(2**256) / 10**6, Decimal("1e100")])
def test_to_base__more_than_a_uint256(value: Decimal) -> None:
    with pytest.raises(CliError, match="is more than any account can hold: check the amount"):
        to_base(value, 6, "tUSD")


def test_to_base__the_largest_uint256() -> None:
    assert to_base(Decimal(2**256 - 1).scaleb(-6, context=None), 6, "tUSD") == 2**256 - 1


@pytest.mark.parametrize(
    ("message", "shown"),
    [("check digit does not match", "Check digit does not match."),
     ("pool: period not over yet", "Pool: period not over yet."),
     ("/tmp/adm.json is unreadable", "/tmp/adm.json is unreadable."),
     ("deployment.json: fix it", "deployment.json: fix it."),
     ("adm.json is unreadable", "adm.json is unreadable."),
     ("~/keys/a is missing", "~/keys/a is missing."),
     ("'x' is not a date", "'x' is not a date."),
     ("already done!", "Already done!")],
)  # fmt: skip
def test_sentence__capital_only_for_a_plain_word(message: str, shown: str) -> None:
    assert sentence(message) == shown


def test_parse_validity__within_bounds() -> None:
    assert parse_validity("30d", most=30 * DAY, what="an admission") == 30 * DAY
    assert parse_validity("1m", most=30 * DAY, what="an admission") == 60


@pytest.mark.parametrize(
    ("typed", "message"),
    [("31d", "--valid-for 31d is too long: an admission may be used for at most 30d; give a"
             " shorter duration."),
     ("99999999999999999999d", "--valid-for 99999999999999999999d is too long: an admission"
                               " may be used for at most 30d; give a shorter duration."),
     ("0", "--valid-for 0 is too short: an admission must stay usable for at least 1m; give a"
           " longer duration."),
     ("59s", "--valid-for 59s is too short: an admission must stay usable for at least 1m;"
             " give a longer duration.")],
)  # fmt: skip
def test_parse_validity__out_of_bounds(typed: str, message: str) -> None:
    with pytest.raises(CliError) as refused:
        parse_validity(typed, most=30 * DAY, what="an admission")
    assert refused.value.message == message
