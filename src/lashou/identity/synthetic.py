"""Synthetic identities for demos and tests: valid-format numbers, obviously fake names.

Everything is drawn from a seeded `random.Random`, so a seed and a reference day give the same
people every time. Names are labels ("测试甲一", "Test Person 0001"), never realistic names;
ID numbers have the right structure and check character but are made up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from lashou.identity.resident_id import (
    EARLIEST_BIRTH,
    Sex,
    check_character,
    validate_region,
)

Script = Literal["zh", "en"]

STEMS = "甲乙丙丁戊己庚辛壬癸"  # the ten heavenly stems, as in "party A, party B"
CHINESE_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class City:
    code: int
    province: str
    district: str


# A few real GB/T 2260 district codes in several provinces, to draw witnesses near patients.
CITIES: tuple[City, ...] = (
    City(110101, "Beijing", "Dongcheng"),
    City(110105, "Beijing", "Chaoyang"),
    City(310101, "Shanghai", "Huangpu"),
    City(310115, "Shanghai", "Pudong"),
    City(440106, "Guangdong", "Guangzhou Tianhe"),
    City(440305, "Guangdong", "Shenzhen Nanshan"),
    City(330106, "Zhejiang", "Hangzhou Xihu"),
    City(510107, "Sichuan", "Chengdu Wuhou"),
)


@dataclass(frozen=True)
class SyntheticPerson:
    id_number: str
    name: str
    region: int
    birth_date: date
    sex: Sex


class SyntheticIdentities:
    """A deterministic source of made-up people for seed `seed`, aged as of day `on`.

    `on` defaults to today (UTC); pass it for results that never change.
    """

    def __init__(self, seed: int | str = 0, *, on: date | None = None) -> None:
        self._rng = random.Random(seed)
        self._count = 0
        self.on = on or datetime.now(UTC).date()

    def resident_id(
        self,
        region: int | None = None,
        ages: tuple[int, int] = (18, 59),
        sex: Sex | None = None,
    ) -> str:
        """A valid 18-character number for `region` (a random city of the table if None), with
        an age in whole years within `ages` (inclusive) on the reference day."""
        return self._draw(region, ages, sex)[0]

    def name(self, script: Script = "zh") -> str:
        """The next label: 测试甲一, 测试乙一, … or Test Person 0001, Test Person 0002, …"""
        n = self._count
        self._count += 1
        if script == "en":
            return f"Test Person {n + 1:04d}"
        number = "".join(CHINESE_DIGITS[int(digit)] for digit in str(n // len(STEMS) + 1))
        return f"测试{STEMS[n % len(STEMS)]}{number}"

    def person(
        self,
        region: int | None = None,
        ages: tuple[int, int] = (18, 59),
        sex: Sex | None = None,
        script: Script = "zh",
    ) -> SyntheticPerson:
        """A made-up person: number, name, region, birth date and sex, consistent together."""
        id_number, code, birth, drawn_sex = self._draw(region, ages, sex)
        return SyntheticPerson(
            id_number=id_number,
            name=self.name(script),
            region=code,
            birth_date=birth,
            sex=drawn_sex,
        )

    def _draw(
        self, region: int | None, ages: tuple[int, int], sex: Sex | None
    ) -> tuple[str, int, date, Sex]:
        code = self._rng.choice(CITIES).code if region is None else validate_region(region)
        youngest, oldest = ages
        if not 0 <= youngest <= oldest:
            raise ValueError(
                "ages must be (youngest, oldest) in whole years, 0 <= youngest <= oldest"
            )
        # Born on or before `latest`: at least `youngest`; after `earliest - 1 day`: at most
        # `oldest` (29 February counts as 1 March, as in tiers).
        latest = _years_before(self.on, youngest)
        earliest = max(_years_before(self.on, oldest + 1) + timedelta(days=1), EARLIEST_BIRTH)
        if earliest > latest:
            raise ValueError("no birth date after 1900 gives that age range: choose younger ages")
        birth = earliest + timedelta(days=self._rng.randint(0, (latest - earliest).days))
        if sex is None:
            sequence = self._rng.randrange(1000)
        else:
            sequence = 2 * self._rng.randrange(500) + (1 if sex is Sex.MALE else 0)
        first17 = f"{code:06d}{birth:%Y%m%d}{sequence:03d}"
        drawn = Sex.MALE if sequence % 2 else Sex.FEMALE
        return first17 + check_character(first17), code, birth, drawn


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, counted back into a common year
        return date(day.year - years, 2, 28)
