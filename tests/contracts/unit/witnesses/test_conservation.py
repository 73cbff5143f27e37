"""Conservation: the registry holds exactly the sum of all stakes, to the last base unit.

A seeded random walk over every action, checked after each step against ghost books kept here.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

import boa
import pytest

from tests.contracts.unit.witnesses.conftest import CITY, OTHER_PROVINCE_CITY, SAME_PROVINCE_CITY
from tests.utils.deployers import DAY, fund

STEPS = 80
ZERO = "0x0000000000000000000000000000000000000000"


@dataclass
class Ghost:
    region: int
    stake: int
    locked: int = 0
    active: bool = True
    liable_until: int = 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_conservation__random_walk(
    plan, witnesses, token, register, draw, claims, stake, bond, seed
):
    rng = random.Random(seed)
    forfeit, liability = plan.param("silent_forfeit"), plan.param("liability_period")
    ghosts: dict[str, Ghost] = {}
    pool_before = token.balanceOf(plan.pool.address)
    forfeited = 0
    n = 0
    done: Counter[str] = Counter()

    def check() -> None:
        total = sum(g.stake for g in ghosts.values())
        assert token.balanceOf(witnesses.address) == total == witnesses.total_staked()
        assert token.balanceOf(plan.pool.address) == pool_before + forfeited
        for account, g in ghosts.items():
            record = witnesses.witness(account)
            assert (record.stake, record.locked_bonds, record.active) == (
                g.stake,
                g.locked,
                g.active,
            )
            assert record.liable_until == g.liable_until

    for step in range(STEPS):
        action = rng.choice(
            [
                "register",
                "register",
                "add",
                "draw",
                "draw",
                "draw",
                "release",
                "forfeit",
                "unstake",
                "wait",
            ]
        )
        locked = [a for a, g in ghosts.items() if g.locked]
        if action == "register" or not ghosts:
            n += 1
            region = rng.choice([CITY, SAME_PROVINCE_CITY, OTHER_PROVINCE_CITY])
            amount = stake + rng.randrange(0, 2 * bond)
            ghosts[register(seed * 1_000 + n, region, amount=amount)] = Ghost(region, amount)
            done["register"] += 1
        elif action == "add":
            account = rng.choice(list(ghosts))
            amount = rng.randrange(1, bond)
            fund(plan, account, amount, spender=witnesses.address)
            with boa.env.prank(account):
                if ghosts[account].active:
                    witnesses.add_stake(amount)
                    ghosts[account].stake += amount
                    done["add"] += 1
                else:
                    with boa.reverts("witnesses: not an active witness"):
                        witnesses.add_stake(amount)
        elif action == "draw":
            outside = rng.random() < 0.3
            exclude = rng.sample(list(ghosts), k=min(len(ghosts), rng.randrange(0, 3)))
            drawn = draw(claim_id=step, outside_city=outside, exclude=exclude)
            if drawn != ZERO:
                g = ghosts[drawn]
                assert g.active and drawn not in exclude
                assert g.stake >= (g.locked + 1) * bond
                assert not (outside and g.region == CITY)
                g.locked += 1
                done["draw"] += 1
        elif action == "release" and locked:
            account = rng.choice(locked)
            with boa.env.prank(claims):
                witnesses.release(account)
            g = ghosts[account]
            g.locked -= 1
            done["release"] += 1
            g.liable_until = max(g.liable_until, boa.env.evm.patch.timestamp + liability)
        elif action == "forfeit" and locked:
            account = rng.choice(locked)
            with boa.env.prank(claims):
                witnesses.forfeit_silent(account)
            g = ghosts[account]
            taken = min(forfeit, g.stake)
            g.locked, g.stake, g.active = g.locked - 1, g.stake - taken, False
            forfeited += taken
            done["forfeit"] += 1
        elif action == "unstake":
            account = rng.choice(list(ghosts))
            g = ghosts[account]
            with boa.env.prank(account):
                if g.locked:
                    with boa.reverts("witnesses: a bond is locked"):
                        witnesses.unstake()
                elif boa.env.evm.patch.timestamp < g.liable_until:
                    with boa.reverts("witnesses: still liable"):
                        witnesses.unstake()
                else:
                    held = token.balanceOf(account)
                    witnesses.unstake()
                    assert token.balanceOf(account) == held + g.stake
                    del ghosts[account]
                    done["unstake"] += 1
        else:
            boa.env.time_travel(seconds=rng.randrange(0, 400) * DAY)
        check()
    # The walk went everywhere it should: each action succeeded at least once.
    assert set(done) == {"register", "add", "draw", "release", "forfeit", "unstake"}, done
