"""The two plans the gas benchmark measures, each grown from one member count to the next.

Members are admitted and join for real (an attestor signature each), both tiers, deposits spread
over many buckets. The first ten fill the eight buckets the measured pool-only settlement
crosses, one sits above them and member 9 shares member 1's bucket; the rest are scattered over
120 buckets. Each size is measured under `boa.env.anchor()` from the grown plan and rolled back,
so every size is measured in the same state shape; each measured call is its own transaction
(tests/utils/gas.py).
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable
from typing import Any

import boa
from tests.utils.claims import (
    BENEFITS,
    CITY,
    OTHER_PROVINCE_CITY,
    PARAMS,
    RECENT_HASHES,
    SAME_PROVINCE_CITY,
    diagnosis,
    draw_panel,
    file_claim,
    mine_past_seed,
    to_paid,
)
from tests.utils.deployers import (
    DAY,
    DEFAULT_WEIGHTS,
    Plan,
    admit,
    deploy_plan,
    fund,
    register_witness,
)
from tests.utils.gas import transact

BASE_BUCKET = 40  # the lowest bucket with members: the fifth settlement crosses 40 to 47
FIRST_BUCKETS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 1)  # of members 0-9, above BASE_BUCKET
SPREAD = 120  # buckets the members past the first ten are scattered over
OTHER_REGIONS = (110_105, 310_101, 440_103, 510_104, 330_106)
CLAIM_FEE = 10_000  # a witness fee in the pool-only plan (0.01 token; three per claim)
WARM_UP_PERIODS = 4  # the measured settlement is the fifth: the breaker reads four periods


def progress(label: str, started: float) -> None:
    print(f"  {label} ({time.monotonic() - started:.1f} s)", file=sys.stderr, flush=True)


def _to(timestamp: int) -> None:
    now = boa.env.evm.patch.timestamp
    if timestamp > now:
        boa.env.time_travel(seconds=timestamp - now)


class Members:
    """The plan's members, joined in a fixed order so every size holds the same first ones."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.accounts: list[str] = []
        self.bucket_width = int(plan.config.bucket_width())

    def run_out(self, i: int) -> int:
        """Member `i`'s run-out index: a bucket of the layout plus a varied offset inside it."""
        if i < len(FIRST_BUCKETS):
            bucket = BASE_BUCKET + FIRST_BUCKETS[i]
        else:
            bucket = BASE_BUCKET + (i * 2_654_435_761 >> 8) % SPREAD
        return bucket * self.bucket_width + (i * 7_919) % self.bucket_width

    def grow_to(self, count: int) -> None:
        for i in range(len(self.accounts), count):
            self.join(i)

    def join(self, i: int, *, measure: bool = False) -> int:
        """Join as member `i` of the layout (measured: a new identity, where `i` joined)."""
        account = boa.env.generate_address()
        tier = i % 2
        amount = DEFAULT_WEIGHTS[tier] * (self.run_out(i) - self.plan.pool.index())
        fund(self.plan, account, amount)
        fields, sig = admit(
            self.plan,
            account,
            commitment=((measure << 64) + i).to_bytes(32, "big"),
            tier=tier,
            region=CITY if i < 10 else OTHER_REGIONS[i % len(OTHER_REGIONS)],
            nonce=0,
        )
        if measure:
            return int(transact(self.plan.pool.join, *fields, sig, amount, sender=account)[1].total)
        with boa.env.prank(account):
            self.plan.pool.join(*fields, sig, amount)
        self.accounts.append(account)
        return 0


# ---------------------------------------------------------------------------------------------
# The whole plan: members' actions and a claim's life
# ---------------------------------------------------------------------------------------------


def full_plan(sizes: list[int]) -> dict[int, dict[str, int]]:
    """Gas of every member and claim action of the whole plan at each member count.

    Claims use the claims tests' small amounts (benefits of 300 and 100 tokens, a 2-token
    witness fee), so that ten members can fund one in a settlement.
    """
    started = time.monotonic()
    boa.env.evm.patch.prev_hashes = RECENT_HASHES
    plan = deploy_plan(params=PARAMS, benefits=BENEFITS)
    for i in range(14):  # six in the patients' city, six in its province, two far away
        region = CITY if i < 6 else SAME_PROVINCE_CITY if i < 12 else OTHER_PROVINCE_CITY
        commitment = (2**65 + i).to_bytes(32, "big")
        register_witness(plan, boa.env.generate_address(), commitment=commitment, region=region)
    members = Members(plan)
    progress("whole plan deployed, 14 witnesses registered", started)
    results = {}
    for size in sizes:
        members.grow_to(size)
        progress(f"whole plan: {size:,} members joined", started)
        with boa.env.anchor():
            results[size] = _measure_full(plan, members)
    return results


def _measure_full(plan: Plan, members: Members) -> dict[str, int]:
    """Run the plan to a steady state, then measure each action from it.

    The members pass their waiting period and the periods that went by are settled; three
    claims (members 3, 5 and 7) go all the way to their pulled payouts, one a period, so the
    pool's totals, the breaker's history and some witnesses' records are no longer empty.
    Member 9 (weight 1) shares bucket 41 with member 1, the measured patient: each move below
    leaves both buckets it touches occupied, at every size.
    """
    pool, claims, m = plan.pool, plan.claims, members.accounts
    width = members.bucket_width
    gas: dict[str, int] = {}

    def tx(label: str, fn: Callable[..., Any], *args: Any, sender: str) -> Any:
        result, used = transact(fn, *args, sender=sender)
        gas[label] = used.total
        return result

    boa.env.time_travel(seconds=91 * DAY)
    while pool.next_settlement() <= boa.env.evm.patch.timestamp:
        pool.settle()
    for n in (3, 5, 7):
        to_paid(plan, m[n])

    with boa.env.anchor():  # a new identity joins bucket 42, which holds member 2
        gas["join"] = members.join(2, measure=True)
    with boa.env.anchor():  # member 9 moves up from bucket 41 to 42
        fund(plan, m[9], width)
        tx("top-up", pool.top_up, width, sender=m[9])
    with boa.env.anchor():  # member 9 moves down from bucket 41 to 40
        tx("withdraw", pool.withdraw, width, sender=m[9])

    patient = m[1]
    fields, sig = diagnosis(plan, patient, document=b"\xd1" * 32)
    claim_id = tx("file claim", claims.file_claim, *fields, sig, sender=patient)
    tx("accept (review)", claims.accept_claim, claim_id, sender=plan.operator)
    mine_past_seed(claims, claim_id)
    tx("draw witnesses", claims.draw_witnesses, claim_id, sender=plan.deployer)
    for i in range(3):
        witness = str(claims.slot(claim_id, i).witness)
        tx(f"report {i + 1} (approve)", claims.report, claim_id, True, b"\xab" * 32, sender=witness)
    with boa.env.anchor():  # member 9 leaves while the claim is under notice: it pays its part
        tx("exit (a claim under notice)", pool.exit, sender=m[9])
    _to(claims.claim(claim_id).deadline)
    tx("finalize", claims.finalize, claim_id, sender=plan.deployer)
    _to(pool.next_settlement())
    tx("settle", pool.settle, sender=plan.deployer)
    tx("pull payout", pool.pull_payout, claim_id, sender=patient)
    assert pool.payouts(claim_id).paid, "the settlement funded the claim"

    with boa.env.anchor():  # member 2's claim: its first witness stays silent
        other = file_claim(plan, m[2])
        draw_panel(plan, other)
        _to(claims.slot(other, 0).deadline)
        tx("replace silent witness", claims.replace_witness, other, 0, sender=plan.deployer)
    with boa.env.anchor():  # member 4's claim: its first witness rejects it
        other = file_claim(plan, m[4])
        rejecting, _, _ = draw_panel(plan, other)
        with boa.env.prank(rejecting):
            claims.report(other, False, b"\xee" * 32)
        tx("arbitrate", claims.arbitrate, other, True, b"\xaa" * 32, sender=plan.operator)
    return gas


# ---------------------------------------------------------------------------------------------
# The pool alone: settlements with one and with a thousand queued claims
# ---------------------------------------------------------------------------------------------


def pool_only(sizes: list[int], claim_counts: tuple[int, ...]) -> dict[int, dict[str, int]]:
    """Gas of the fifth settlement at each member count, with each number of claims queued.

    The pool's claim hooks are driven from the plain address it takes for the Claims contract,
    three small witness fees with every claim. Each of the four periods before queues exactly
    what the members can pay (a share of the cap), so the queue is empty when the measured
    period begins; that period queues twice as much, as one claim or as many sharing it: the
    share is the cap again, the breaker reads four periods of history and lets it pass, and the
    settlement crosses the eight buckets the first members fill.
    """
    started = time.monotonic()
    plan = deploy_plan(pool_only=True)
    pool, cap = plan.pool, plan.param("cap")
    members = Members(plan)
    queue = ClaimQueue(plan)
    progress("pool-only plan deployed", started)
    results: dict[int, dict[str, int]] = {}
    for size in sizes:
        members.grow_to(size)
        progress(f"pool only: {size:,} members joined", started)
        results[size] = {}
        with boa.env.anchor():
            for _ in range(WARM_UP_PERIODS):
                queue.add(1, cap * pool.active_weight() - 3 * CLAIM_FEE)
                _to(pool.next_settlement())
                pool.settle()
            assert pool.queued_total() == pool.funded_total(), "the queue is empty"
            for count in claim_counts:
                with boa.env.anchor():
                    queue.add(count, 2 * cap * pool.active_weight())
                    _to(pool.next_settlement())
                    _, used = transact(pool.settle, sender=plan.deployer)
                    _check_settlement(pool, cap)
                    results[size][f"settle, {count:,} claims"] = used.total
    return results


def _check_settlement(pool: Any, cap: int) -> None:
    """The measured settlement has the shape the comparison between sizes relies on."""
    names = [type(log).__name__ for log in pool.get_logs()]
    settled = [log for log in pool.get_logs() if type(log).__name__ == "PeriodSettled"]
    assert names.count("BucketCrossed") == 8, f"crossed {names.count('BucketCrossed')}, not 8"
    assert len(settled) == 1 and settled[0].share == cap, "the share is not the cap"
    assert pool.period() == WARM_UP_PERIODS + 1


class ClaimQueue:
    """Queues claims through the pool's hooks, as the Claims contract would."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.ids = itertools.count(1)  # never reused, even across anchors
        self.witnesses = [boa.env.generate_address() for _ in range(30)]

    def add(self, count: int, total: int) -> None:
        """Queue `count` claims sharing `total`, each with three witness fees."""
        assert total % count == 0, "the claims share the total evenly"
        pool = self.plan.pool
        with boa.env.prank(self.plan.claims_caller):
            pool.claim_in_notice(total)
            for _ in range(count):
                claim_id = next(self.ids)
                pool.queue_claim(claim_id, boa.env.generate_address(), total // count, bytes(32))
                for w in range(3):
                    witness = self.witnesses[(3 * claim_id + w) % len(self.witnesses)]
                    pool.accrue_fee(witness, CLAIM_FEE)
