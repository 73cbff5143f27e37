"""One thing a source says that the chain's events do not, as `lashou verify` reports it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Difference:
    what: str  # the field: "pool reserve", "member 0x… balance", "claims claim_id=3 benefit", …
    source: str  # who disagrees with the chain's events: contracts, index database, API, tokens
    expected: str  # what the events (or the books) say
    found: str


def show(value: Any) -> str:
    """A value as the report prints it ("-" for none)."""
    return "-" if value is None else str(value)
