"""Numbers and small readers shared by the pool tests (the plan's DESIGN §8 defaults)."""

from __future__ import annotations

from typing import Any

from tests.utils.deployers import TOKEN

CAP = 10 * TOKEN
BUCKET = CAP // 8
FLOOR = 2 * CAP + BUCKET  # a new member's run-out index must be at least I + 2c + b
KEEP = CAP + BUCKET  # a withdrawal or renewal must leave at least I + c + b
PERIOD = 14 * 86_400
WAITING = 90 * 86_400
BIG_CLAIM = 1_000_000 * TOKEN  # more than any test's members can fund: every share is the cap


def balance(pool: Any, account: str) -> int:
    """A member's balance settled lazily up to now."""
    return int(pool.member(account)[0])


def run_out(pool: Any, account: str) -> int:
    return int(pool.member(account)[3])


def lapsed(pool: Any, account: str) -> bool:
    return bool(pool.member(account)[4])
