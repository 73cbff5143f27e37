"""Synthetic identities: deterministic, valid, in the asked range, obviously fake names."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lashou.identity.resident_id import InvalidRegion, Sex, parse, validate_region
from lashou.identity.synthetic import CITIES, SyntheticIdentities
from lashou.identity.tiers import anniversary

TODAY = date(2026, 1, 1)


def test_person__deterministic() -> None:
    first = [SyntheticIdentities(7, on=TODAY).person() for _ in range(3)]
    again = [SyntheticIdentities(7, on=TODAY).person() for _ in range(3)]
    assert first == again
    other = SyntheticIdentities(8, on=TODAY).person()
    assert other.id_number != first[0].id_number


def test_person__consistent_with_its_number() -> None:
    source = SyntheticIdentities("demo", on=TODAY)
    for _ in range(20):
        p = source.person()
        resident = parse(p.id_number, today=TODAY)
        assert (resident.region, resident.birth_date, resident.sex) == (
            p.region,
            p.birth_date,
            p.sex,
        )
        assert p.region in {city.code for city in CITIES}


def test_name__labels_in_order() -> None:
    source = SyntheticIdentities(0, on=TODAY)
    names = [source.name() for _ in range(12)]
    assert names[:3] == ["测试甲一", "测试乙一", "测试丙一"]
    assert names[9:] == ["测试癸一", "测试甲二", "测试乙二"]
    assert source.name("en") == "Test Person 0013"
    assert source.person(script="en").name == "Test Person 0014"


def test_name__tenth_round() -> None:
    source = SyntheticIdentities(0, on=TODAY)
    names = [source.name() for _ in range(91)]
    assert names[90] == "测试甲一〇"


def test_cities__real_codes_in_three_provinces() -> None:
    assert len({city.code // 10_000 for city in CITIES}) >= 3
    assert {110101, 310101, 440106, 440305, 330106} <= {city.code for city in CITIES}
    for city in CITIES:
        assert validate_region(city.code) == city.code


def test_resident_id__invalid_region() -> None:
    with pytest.raises(InvalidRegion):
        SyntheticIdentities(0, on=TODAY).resident_id(region=990101)


@pytest.mark.parametrize("ages", [(-1, 5), (10, 9)])
def test_resident_id__invalid_ages(ages: tuple[int, int]) -> None:
    with pytest.raises(ValueError) as error:
        SyntheticIdentities(0, on=TODAY).resident_id(ages=ages)
    assert str(error.value) == (
        "ages must be (youngest, oldest) in whole years, 0 <= youngest <= oldest"
    )


def test_resident_id__ages_before_1900() -> None:
    with pytest.raises(ValueError) as error:
        SyntheticIdentities(0, on=TODAY).resident_id(ages=(130, 140))
    assert str(error.value) == (
        "no birth date after 1900 gives that age range: choose younger ages"
    )


def test_resident_id__default_day_is_today() -> None:
    assert parse(SyntheticIdentities(0).resident_id(ages=(0, 0))).birth_date <= date.today()


@given(
    seed=st.integers(0, 2**64),
    on=st.dates(date(1950, 1, 1), date(2100, 12, 31)),
    youngest=st.integers(0, 50),
    span=st.integers(0, 40),
    region=st.none() | st.sampled_from([city.code for city in CITIES] + [650102, 820000]),
    sex=st.none() | st.sampled_from(Sex),
)
def test_resident_id__always_valid_and_in_range(
    seed: int, on: date, youngest: int, span: int, region: int | None, sex: Sex | None
) -> None:
    oldest = youngest + span
    if on.year - oldest <= 1900:
        return
    p = SyntheticIdentities(seed, on=on).person(region=region, ages=(youngest, oldest), sex=sex)
    resident = parse(p.id_number, today=on)
    assert (
        anniversary(resident.birth_date, youngest)
        <= on
        < anniversary(resident.birth_date, oldest + 1)
    )
    assert resident.region == (p.region if region is None else region)
    if sex is not None:
        assert resident.sex is sex
