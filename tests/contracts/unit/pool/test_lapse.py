"""Lapse by buckets: exact at the bucket boundary, after cap raises, and advance()."""

from __future__ import annotations

from pathlib import Path

import boa
import pytest

from tests.contracts.helpers import deploy, event, events
from tests.contracts.unit.pool.common import BIG_CLAIM, BUCKET, CAP, FLOOR, PERIOD, balance, lapsed

LOOSE_CONFIG = str(Path(__file__).with_name("LooseConfig.vy"))
WAIT_FOR_ADVANCE = "pool: cap was raised: call advance() until the frontier catches up"


def _crossed(pool):
    return [(log.bucket, log.weight, log.index) for log in events(pool, "BucketCrossed")]


def _raise_cap(config, governance, *caps):
    with boa.env.prank(governance):
        for cap in caps:
            config.set_parameter("cap", cap)


def test_settle__lapses_exactly_at_the_bucket_boundary(pool, join, queue, settle, alice, bob):
    """After two full-cap settlements (I = 20) the frontier is ceil(30 / 1.25) = 24, i.e. 30
    tokens: a run-out index one base unit below it lapses, one exactly at it does not."""
    boundary = 24 * BUCKET
    assert boundary == 30 * 10**6
    join(alice, amount=boundary - 1)  # K = 30 − 1 unit: bucket 23
    join(bob, amount=boundary)  # K = 30: bucket 24
    carol = join(amount=1_000 * 10**6)
    queue(1, boa.env.generate_address("patient"), BIG_CLAIM)
    settle()
    assert _crossed(pool) == []  # frontier 16: nobody yet
    settle()
    assert _settled_weight(pool) == 3  # alice still paid this period's share...
    assert _crossed(pool) == [(23, 1, 2 * CAP)]  # ...and lapsed once the index moved
    assert pool.frontier() == 24
    assert lapsed(pool, alice) and not lapsed(pool, bob)
    assert not pool.coverage(alice)[5] and pool.coverage(bob)[5]
    assert balance(pool, alice) == boundary - 1 - 2 * CAP
    assert balance(pool, bob) == boundary - 2 * CAP
    assert pool.active_weight() == 2

    settle()  # I = 30: frontier 32 crosses bob's bucket, at the index he can still pay
    assert _settled_weight(pool) == 2
    assert _crossed(pool) == [(24, 1, 3 * CAP)]
    assert balance(pool, bob) == 0  # all of it, never below zero
    assert balance(pool, alice) == boundary - 1 - 2 * CAP  # stopped at her crossing
    assert balance(pool, carol) == 1_000 * 10**6 - 3 * CAP
    assert pool.active_weight() == 1
    settle()
    assert balance(pool, bob) == 0 and balance(pool, alice) == boundary - 1 - 2 * CAP


def _settled_weight(pool):
    return event(pool, "PeriodSettled").active_weight


def test_settle__cap_raise_drops_who_cannot_pay_it_before_the_share(
    pool, config, governance, join, queue, settle, alice, bob
):
    join(alice, amount=FLOOR)  # K = 21.25: enough for a cap of 10, not of 40
    join(bob, amount=100 * 10**6)
    queue(1, boa.env.generate_address("patient"), BIG_CLAIM)
    _raise_cap(config, governance, 2 * CAP, 4 * CAP)  # 10 → 20 → 40 (32 bucket widths)
    settle()
    assert (17, 1, 0) in _crossed(pool)  # alice's bucket, crossed at the old index
    log = event(pool, "PeriodSettled")
    assert (log.active_weight, log.share, log.collected) == (1, 4 * CAP, 4 * CAP)
    assert balance(pool, alice) == FLOOR  # she paid nothing of the new cap
    assert lapsed(pool, alice)
    assert balance(pool, bob) == 60 * 10**6
    assert pool.frontier() == pool.target_frontier() == 64  # ceil((40 + 40) / 1.25)


def test_settle__widest_cap_raise_needs_no_advance(pool, config, governance, join, settle):
    """Config keeps the cap within 32 bucket widths, so a settlement crosses all a raise
    uncovers by itself (at most 33 buckets before the share)."""
    join(amount=100 * 10**6)
    settle()
    _raise_cap(config, governance, 2 * CAP, 4 * CAP)
    assert pool.target_frontier() - pool.frontier() == 24
    settle()
    assert pool.frontier() == pool.target_frontier() == 32


def test_advance__crosses_in_chunks(pool, config, governance, join, settle, stranger):
    join(amount=FLOOR)  # bucket 17
    join(amount=100 * 10**6)
    settle()
    _raise_cap(config, governance, 2 * CAP, 4 * CAP)
    with boa.env.prank(stranger):  # anyone
        assert pool.advance(5) == 5
    assert pool.frontier() == 13
    assert _crossed(pool) == []
    assert pool.advance(5) == 5
    assert _crossed(pool) == [(17, 1, 0)]
    assert pool.active_weight() == 1
    assert pool.advance(1_000) == 14  # the rest
    assert pool.frontier() == pool.target_frontier() == 32
    assert pool.advance(1_000) == 0


@pytest.fixture
def loose(plan):
    """A pool on a configuration without cap bounds: cap 8 bucket widths to start."""
    cfg = deploy(LOOSE_CONFIG, BUCKET, CAP, PERIOD)
    return cfg, plan.pool.deployer.deploy(plan.token.address, cfg.address)


def test_settle__waits_for_advance_beyond_33_buckets(loose):
    cfg, loose_pool = loose
    boa.env.time_travel(seconds=PERIOD)
    loose_pool.settle()
    assert loose_pool.frontier() == 8
    cfg.set_cap(50 * BUCKET)  # the frontier must reach 50: 42 buckets away
    boa.env.time_travel(seconds=PERIOD)
    with boa.reverts(WAIT_FOR_ADVANCE):
        loose_pool.settle()
    assert loose_pool.advance(1_000) == 33  # at most 33 per call
    assert loose_pool.frontier() == 41
    loose_pool.settle()  # the last 9 are crossed by the settlement itself
    assert event(loose_pool, "PeriodSettled").period == 2
    assert loose_pool.frontier() == 50
