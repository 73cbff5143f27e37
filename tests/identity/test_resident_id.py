"""Resident identity numbers: structure, birth date, check character, normalisation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lashou.identity.resident_id import (
    PROVINCES,
    InvalidRegion,
    InvalidResidentId,
    Sex,
    check_character,
    normalise,
    parse,
    validate_region,
)

TODAY = date(2026, 1, 1)
SAMPLE = "11010519491231002X"  # the standard's own example number
REENTER = "re-enter the number from the card"
REENTER_REGION = "re-enter the first six digits from the card"
REENTER_DATE = "re-enter digits 7 to 14 (the birth date, YYYYMMDD) from the card"


def make(first17: str) -> str:
    return first17 + check_character(first17)


def refused(id_number: str, message: str) -> None:
    with pytest.raises(InvalidResidentId) as error:
        parse(id_number, today=TODAY)
    assert str(error.value) == message


def test_parse__valid_number() -> None:
    resident = parse(SAMPLE, today=TODAY)
    assert resident.region == 110105
    assert resident.province == 11
    assert resident.birth_date == date(1949, 12, 31)
    assert resident.sequence == 2
    assert resident.sex is Sex.FEMALE


def test_parse__odd_sequence_is_male() -> None:
    resident = parse(make("44030519900307123"), today=TODAY)
    assert (resident.sequence, resident.sex) == (123, Sex.MALE)


def test_parse__lowercase_x() -> None:
    assert parse(SAMPLE.lower(), today=TODAY) == parse(SAMPLE, today=TODAY)
    assert normalise(SAMPLE.lower(), today=TODAY) == SAMPLE


def test_normalise__full_width_and_spaces() -> None:
    typed = " １１０１０５ 19491231 ００２ｘ\n"
    assert normalise(typed, today=TODAY) == SAMPLE


def test_normalise__invalid_number() -> None:
    with pytest.raises(InvalidResidentId, match="check digit does not match"):
        normalise("110105194912310021", today=TODAY)


def test_parse__repr_hides_birth_date_and_sequence() -> None:
    text = repr(parse(SAMPLE, today=TODAY))
    assert text == "ResidentId(region=110105, sex=<Sex.FEMALE: 'female'>)"


def test_parse__old_fifteen_digit_format() -> None:
    refused(
        "110105491231002",
        "15-digit numbers are the old format: enter the 18-character number from a current card",
    )


@pytest.mark.parametrize("text", ["", "11010519491231002", "11010519491231002X1"])
def test_parse__wrong_length(text: str) -> None:
    refused(text, f"resident ID number has {len(text)} characters instead of 18: {REENTER}")


@pytest.mark.parametrize("text", ["1101051949123100X2", "11010519491231002Y", "A1010519491231002X"])
def test_parse__not_digits(text: str) -> None:
    refused(text, f"resident ID number must be 17 digits followed by a digit or X: {REENTER}")


@pytest.mark.parametrize("first", ["0", "9"])
def test_parse__region_first_digit(first: str) -> None:
    refused(
        make(first + "1010519491231002"),
        f"region code must start with a digit from 1 to 8: {REENTER_REGION}",
    )


@pytest.mark.parametrize("province", ["10", "19", "66", "72", "83"])
def test_parse__unknown_province(province: str) -> None:
    refused(
        make(province + "010519491231002"),
        f"region code does not start with a known province code: {REENTER_REGION}",
    )


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490000", "19010229"])
def test_parse__birth_date_not_real(birth: str) -> None:
    refused(
        make("110105" + birth + "002"),
        f"birth date is not a real calendar date: {REENTER_DATE}",
    )


def test_parse__birth_date_29_february_of_leap_year() -> None:
    assert parse(make("11010520000229002"), today=TODAY).birth_date == date(2000, 2, 29)


def test_parse__birth_date_before_1900() -> None:
    refused(make("11010518991231002"), f"birth date is before 1900: {REENTER_DATE}")
    assert parse(make("11010519000101002"), today=TODAY).birth_date == date(1900, 1, 1)


def test_parse__birth_date_in_future() -> None:
    refused(make("11010520260102002"), f"birth date is in the future: {REENTER_DATE}")
    assert parse(make("11010520260101002"), today=TODAY).birth_date == TODAY


def test_parse__future_against_real_today() -> None:
    tomorrow = date.today() + timedelta(days=2)
    with pytest.raises(InvalidResidentId, match="birth date is in the future"):
        parse(make(f"110105{tomorrow:%Y%m%d}002"))


def test_parse__check_digit_mismatch() -> None:
    refused("110105194912310021", f"check digit does not match: {REENTER}")


def test_check_character__needs_17_digits() -> None:
    with pytest.raises(ValueError, match="exactly 17 digits"):
        check_character("1101051949123100")


def test_validate_region__known_province() -> None:
    assert validate_region(440305) == 440305
    assert validate_region(820000) == 820000


@pytest.mark.parametrize("code", [0, 99_999, 190_101, 990_000, 1_100_105, -110_105])
def test_validate_region__refused(code: int) -> None:
    with pytest.raises(InvalidRegion) as error:
        validate_region(code)
    assert str(error.value) == (
        "residence region code must be a 6-digit GB/T 2260 code of a known province: use the"
        " code of the current place of residence"
    )


def test_provinces__table() -> None:
    assert len([code for code in PROVINCES if code < 70]) == 31
    assert {71, 81, 82} <= set(PROVINCES)


# Any structurally valid number: known province, real date in range, any sequence.
bodies = st.builds(
    lambda province, district, birth, sequence: (
        f"{province}{district:04d}{birth:%Y%m%d}{sequence:03d}"
    ),
    st.sampled_from(sorted(PROVINCES)),
    st.integers(0, 9999),
    st.dates(date(1900, 1, 1), TODAY),
    st.integers(0, 999),
)


@given(bodies)
def test_parse__round_trip(body: str) -> None:
    resident = parse(make(body), today=TODAY)
    assert f"{resident.region:06d}{resident.birth_date:%Y%m%d}{resident.sequence:03d}" == body
    assert (resident.sex is Sex.MALE) == (resident.sequence % 2 == 1)


@given(bodies, st.integers(0, 16), st.integers(1, 9))
def test_parse__flipped_digit_fails(body: str, position: int, shift: int) -> None:
    digit = str((int(body[position]) + shift) % 10)
    flipped = body[:position] + digit + body[position + 1 :]
    with pytest.raises(InvalidResidentId) as error:
        parse(flipped + check_character(body), today=TODAY)
    try:
        parse(make(flipped), today=TODAY)
    except InvalidResidentId:
        return  # the flip broke the structure too, which is reported first
    assert str(error.value) == f"check digit does not match: {REENTER}"


@given(bodies, st.sampled_from("0123456789X"))
def test_parse__wrong_check_character_fails(body: str, last: str) -> None:
    if last == check_character(body):
        return
    with pytest.raises(InvalidResidentId, match="check digit does not match"):
        parse(body + last, today=TODAY)
