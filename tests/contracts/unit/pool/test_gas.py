"""settle costs the same gas for 10 members as for 300 (DESIGN §4: O(1) in the member count).

Gas is deterministic, so this is a property of the code, not a timing.
"""

from __future__ import annotations

import boa

from tests.contracts.helpers import events
from tests.contracts.unit.pool.common import BIG_CLAIM, BUCKET

BUCKETS = range(17, 27)  # run-out indexes 21.25 (the join floor) to 32.5 tokens
CROSSED_AT_SECOND = 7  # buckets 17–23 lapse when the index reaches 20 (frontier 24)


def _second_settlement_gas(pool, queue, settle, members):
    """The gas of the settlement that crosses seven of the ten buckets (state left as it was)."""
    with boa.env.anchor():
        queue(1, boa.env.generate_address("patient"), BIG_CLAIM)
        settle()
        settle()
        gas = pool._computation.get_gas_used()
        assert len(events(pool, "BucketCrossed")) == CROSSED_AT_SECOND
        assert pool.active_weight() == members * (len(BUCKETS) - CROSSED_AT_SECOND) // len(BUCKETS)
        return gas


def test_settle__gas_independent_of_the_member_count(pool, join, queue, settle):
    for bucket in BUCKETS:  # 10 members, one (weight 1) in each bucket
        join(amount=bucket * BUCKET)
    few = _second_settlement_gas(pool, queue, settle, members=10)
    for bucket in BUCKETS:  # 300 members, 30 in each of the same buckets
        for _ in range(29):
            join(amount=bucket * BUCKET)
    assert pool.active_weight() == 300
    many = _second_settlement_gas(pool, queue, settle, members=300)
    assert few > 100_000  # seven buckets crossed: a real settlement was measured
    assert abs(many - few) <= few * 5 // 100, (few, many)
