"""The 18-character PRC resident identity number (GB 11643-1999).

Layout: a 6-digit administrative division code (GB/T 2260) of the place the number was issued,
the birth date as YYYYMMDD, a 3-digit sequence (odd for men, even for women) and an ISO 7064
MOD 11-2 check character ('X' stands for 10).

Error messages never repeat the number: it is personal data and must not reach a log.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

LENGTH = 18
OLD_LENGTH = 15
EARLIEST_BIRTH = date(1900, 1, 1)

# ISO 7064 MOD 11-2: position i (0-based, of the first 17) weighs 2**(17 - i) mod 11.
WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
# The check character for each value of (weighted sum mod 11).
CHECK_CHARACTERS = "10X98765432"

# GB/T 2260 province-level codes: the 31 mainland divisions, then Taiwan, Hong Kong and Macao.
PROVINCES: dict[int, str] = {
    11: "Beijing",
    12: "Tianjin",
    13: "Hebei",
    14: "Shanxi",
    15: "Inner Mongolia",
    21: "Liaoning",
    22: "Jilin",
    23: "Heilongjiang",
    31: "Shanghai",
    32: "Jiangsu",
    33: "Zhejiang",
    34: "Anhui",
    35: "Fujian",
    36: "Jiangxi",
    37: "Shandong",
    41: "Henan",
    42: "Hubei",
    43: "Hunan",
    44: "Guangdong",
    45: "Guangxi",
    46: "Hainan",
    50: "Chongqing",
    51: "Sichuan",
    52: "Guizhou",
    53: "Yunnan",
    54: "Tibet",
    61: "Shaanxi",
    62: "Gansu",
    63: "Qinghai",
    64: "Ningxia",
    65: "Xinjiang",
    71: "Taiwan",
    81: "Hong Kong",
    82: "Macao",
}

_REENTER = "re-enter the number from the card"
_REENTER_REGION = "re-enter the first six digits from the card"
_REENTER_DATE = "re-enter digits 7 to 14 (the birth date, YYYYMMDD) from the card"


class InvalidResidentId(ValueError):
    """The text is not a valid resident identity number; the message says what to fix."""


class InvalidRegion(ValueError):
    """A region code that is not a plausible GB/T 2260 division code."""


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True)
class ResidentId:
    """What a valid number says. Birth date and sequence stay out of the repr (personal data)."""

    region: int
    birth_date: date = field(repr=False)
    sequence: int = field(repr=False)
    sex: Sex

    @property
    def province(self) -> int:
        """The 2-digit province code, the only part of the region that is ever shown publicly."""
        return self.region // 10_000


def check_character(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("the check character is computed over exactly 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def _clean(id_number: str) -> str:
    # NFKC folds full-width digits and letters (as typed with Chinese input methods) to ASCII;
    # spaces people type between the groups are dropped.
    folded = unicodedata.normalize("NFKC", id_number)
    return "".join(folded.split()).upper()


def _today() -> date:
    return datetime.now(UTC).date()


def parse(id_number: str, *, today: date | None = None) -> ResidentId:
    """Validate a resident identity number and return what it says.

    `today` (UTC by default) bounds the birth date. Raises `InvalidResidentId` with a
    one-sentence message saying what is wrong and what to do.
    """
    text = _clean(id_number)
    if len(text) == OLD_LENGTH and text.isascii() and text.isdigit():
        raise InvalidResidentId(
            "15-digit numbers are the old format: enter the 18-character number from a current card"
        )
    if len(text) != LENGTH:
        raise InvalidResidentId(
            f"resident ID number has {len(text)} characters instead of 18: {_REENTER}"
        )
    body, last = text[:17], text[17]
    if not (body.isascii() and body.isdigit()) or last not in "0123456789X":
        raise InvalidResidentId(
            f"resident ID number must be 17 digits followed by a digit or X: {_REENTER}"
        )
    if body[0] not in "12345678":
        raise InvalidResidentId(
            f"region code must start with a digit from 1 to 8: {_REENTER_REGION}"
        )
    region = int(body[:6])
    if region // 10_000 not in PROVINCES:
        raise InvalidResidentId(
            f"region code does not start with a known province code: {_REENTER_REGION}"
        )
    try:
        birth = date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        raise InvalidResidentId(
            f"birth date is not a real calendar date: {_REENTER_DATE}"
        ) from None
    if birth < EARLIEST_BIRTH:
        raise InvalidResidentId(f"birth date is before 1900: {_REENTER_DATE}")
    if birth > (today or _today()):
        raise InvalidResidentId(f"birth date is in the future: {_REENTER_DATE}")
    if check_character(body) != last:
        raise InvalidResidentId(f"check digit does not match: {_REENTER}")
    sequence = int(body[14:17])
    return ResidentId(
        region=region,
        birth_date=birth,
        sequence=sequence,
        sex=Sex.MALE if sequence % 2 else Sex.FEMALE,
    )


def normalise(id_number: str, *, today: date | None = None) -> str:
    """The canonical form of a valid number: 18 ASCII characters, a final 'x' upper-cased.

    Full-width characters are folded and spaces dropped; an invalid number raises
    `InvalidResidentId`, so a canonical form always names a valid number.
    """
    parse(id_number, today=today)
    return _clean(id_number)


def validate_region(code: int) -> int:
    """A 6-digit GB/T 2260 code with a known province (e.g. a current residence), or an error."""
    if not 100_000 <= code <= 899_999 or code // 10_000 not in PROVINCES:
        raise InvalidRegion(
            "residence region code must be a 6-digit GB/T 2260 code of a known province: use the"
            " code of the current place of residence"
        )
    return code
