"""renew: the next tier with a new admission for the stored identity, seniority kept."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.helpers import CITY, commitment_of, event, now, sign_admission
from tests.contracts.unit.pool.common import BIG_CLAIM, BUCKET, FLOOR, KEEP, WAITING
from tests.utils.deployers import DAY, TOKEN

NOT_ATTESTOR = "pool: admission not signed by the attestor"
OTHER_CITY = 310_101


def _renewal(plan, account, **kwargs):
    kwargs.setdefault("commitment", commitment_of(account))
    return sign_admission(plan, account, **kwargs)


@pytest.fixture
def older(pool, join, queue, settle, alice, stranger):
    """alice in tier 0 (weight 3, 300 tokens), after one settlement with a share of 3 tokens."""
    join(alice, tier=0, amount=300 * TOKEN)
    queue(1, stranger, 9 * TOKEN)
    settle()
    assert pool.index() == 3 * TOKEN
    return alice


def test_renew__next_tier(plan, pool, older):
    alice = older
    joined = pool.membership(alice)
    valid_until = now() + 5_000 * DAY
    fields, sig = _renewal(plan, alice, tier=1, valid_until=valid_until, region=OTHER_CITY)
    with boa.env.prank(alice):
        pool.renew(*fields, sig)

    log = event(pool, "MemberRenewed")
    assert (log.member, log.tier, log.weight, log.valid_until) == (alice, 1, 1, valid_until)
    # settled at the renewal: 300 - 3 × 3 = 291 left, K = 3 + 291 / 1
    assert pool.member(alice) == (291 * TOKEN, 1, 1, 294 * TOKEN, False, 2)
    assert pool.bucket_weight(100 * TOKEN // BUCKET) == 0  # left its old bucket (K = 100)
    assert pool.bucket_weight(294 * TOKEN // BUCKET) == 1
    assert pool.active_weight() == 1
    # seniority kept: same membership, join time and waiting period; new tier end and region
    assert pool.membership(alice) == (joined[0], OTHER_CITY, joined[2], joined[3], valid_until)
    assert joined[3] == joined[2] + WAITING
    assert pool.coverage(alice)[1] == 1
    assert pool.is_membership(alice, joined[0])


def test_renew__replayed(plan, pool, older):
    fields, sig = _renewal(plan, older, tier=1)
    with boa.env.prank(older):
        pool.renew(*fields, sig)
        with boa.reverts(NOT_ATTESTOR):
            pool.renew(*fields, sig)


def test_renew__while_paused(plan, pool, config, operator, older):
    with boa.env.prank(operator):
        config.pause()
    fields, sig = _renewal(plan, older, tier=1)
    with boa.env.prank(older):
        pool.renew(*fields, sig)
    assert pool.member(older)[1] == 1


def test_renew__not_a_member(plan, pool, alice):
    fields, sig = _renewal(plan, alice, tier=1)
    with boa.env.prank(alice), boa.reverts("pool: not a member"):
        pool.renew(*fields, sig)


def test_renew__lapsed(plan, pool, join, queue, settle, alice, stranger):
    join(alice, amount=FLOOR)
    queue(1, stranger, BIG_CLAIM)
    settle()
    settle()
    fields, sig = _renewal(plan, alice, tier=0)
    with boa.env.prank(alice), boa.reverts("pool: lapsed: join again"):
        pool.renew(*fields, sig)


def test_renew__admission_for_another_identity(plan, pool, older):
    """An admission signed for another identity does not renew this one's membership."""
    fields, sig = _renewal(plan, older, tier=1, commitment=b"\x42" * 32)
    with boa.env.prank(older), boa.reverts("pool: identity commitment is not this membership's"):
        pool.renew(*fields, sig)
    with boa.env.prank(older), boa.reverts(NOT_ATTESTOR):
        pool.renew(commitment_of(older), *fields[1:], sig)


def test_renew__with_another_members_identity(plan, pool, join, older, bob):
    join(bob)
    fields, sig = _renewal(plan, older, tier=1, commitment=commitment_of(bob))
    with boa.env.prank(older), boa.reverts("pool: identity commitment is not this membership's"):
        pool.renew(*fields, sig)


def test_renew__unknown_tier(plan, pool, older):
    fields, sig = _renewal(plan, older, tier=7)
    with boa.env.prank(older), boa.reverts("pool: unknown tier"):
        pool.renew(*fields, sig)


def test_renew__tier_already_ended(plan, pool, older):
    fields, sig = _renewal(plan, older, tier=1, valid_until=now())
    with boa.env.prank(older), boa.reverts("pool: tier already ended: renew the admission"):
        pool.renew(*fields, sig)


@pytest.mark.parametrize("region", [99_999, 1_000_000])
def test_renew__bad_region(plan, pool, older, region):
    fields, sig = _renewal(plan, older, tier=1, region=region)
    with boa.env.prank(older), boa.reverts("pool: region is not a 6-digit code"):
        pool.renew(*fields, sig)
    assert pool.membership(older)[1] == CITY


def test_renew__heavier_tier_exactly_at_the_floor(plan, pool, join, alice):
    join(alice, tier=1, amount=3 * KEEP)
    fields, sig = _renewal(plan, alice, tier=0)
    with boa.env.prank(alice):
        pool.renew(*fields, sig)
    assert pool.member(alice)[1:4] == (3, 1, KEEP)


def test_renew__too_small_for_the_heavier_tier(plan, pool, join, alice):
    join(alice, tier=1, amount=3 * KEEP - 1)
    fields, sig = _renewal(plan, alice, tier=0)
    with (
        boa.env.prank(alice),
        boa.reverts("pool: deposit too small for the new tier: top up first"),
    ):
        pool.renew(*fields, sig)
    assert pool.member(alice)[1] == 1
