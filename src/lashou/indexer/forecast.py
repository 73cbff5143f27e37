"""How long a deposit keeps a member covered, as the Pool counts it, from the index.

A member of weight w with balance B at pool index I runs out at K = I + B // w. It stays
counted while the bucket it falls in, floor(K / b), has not been crossed; after n more full-cap
settlements it is still counted while floor(K / b)·b ≥ I + (n + 1)·cap. The same rule gives the
deposit a newcomer needs (the pool wants K ≥ I + 2·cap + b) and what must stay after a
withdrawal (K ≥ I + cap + b). The pages preview every deposit change with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from lashou.indexer import models as m


@dataclass(frozen=True)
class Cover:
    tier: int
    weight: int
    balance: int
    periods_covered: int  # full-cap settlements the balance still pays while counted
    join_minimum: int  # the smallest first deposit the pool accepts for this weight
    keep_minimum: int  # a withdrawal must leave at least this much


def covered_periods(*, index: int, run_out: int, bucket_width: int, cap: int) -> int:
    """Full-cap settlements a member whose run-out index is `run_out` is still counted for."""
    return max(0, (run_out // bucket_width * bucket_width - index) // cap)


def _param(session: Session, name: str) -> int:
    row = session.get(m.Parameter, name)
    return (row.value if row is not None else 0) or 1


def cover(*, session: Session, tier: int, balance: int) -> Cover | None:
    """What `balance` buys a member of `tier` at the index's pool state; None: no such tier."""
    row = session.get(m.Tier, tier)
    if row is None or row.weight <= 0:
        return None
    pool = session.get(m.PoolState, 1)
    index = pool.index if pool is not None else 0
    bucket_width, cap = _param(session, "bucket_width"), _param(session, "cap")
    weight = row.weight
    periods = covered_periods(index=index, run_out=index + balance // weight,
                              bucket_width=bucket_width, cap=cap)  # fmt: skip
    return Cover(
        tier=tier, weight=weight, balance=balance, periods_covered=periods,
        join_minimum=(2 * cap + bucket_width) * weight, keep_minimum=(cap + bucket_width) * weight,
    )  # fmt: skip
