"""DESIGN §8 default parameters, in token base units and seconds, in Config's order.

Shared by the deployer of a real plan and the titanoboa test helpers, so both build the same
plan.
"""

from __future__ import annotations

DAY = 86_400
TOKEN = 10**6  # the development token has 6 decimals, like USDC

DEFAULT_PARAMS: dict[str, int] = {
    "waiting_period": 90 * DAY,
    "settlement_period": 14 * DAY,
    "cap": 10 * TOKEN,
    "witness_stake": 3_000 * TOKEN,
    "witness_bond": 1_000 * TOKEN,
    "witness_fee": 200 * TOKEN,
    "silent_forfeit": 400 * TOKEN,
    "review_period": 14 * DAY,
    "witness_period": 7 * DAY,
    "arbitration_period": 14 * DAY,
    "notice_period": 7 * DAY,
    "objection_stake": 100 * TOKEN,
    "reward_bps": 1_000,
    "ruling_period": 30 * DAY,
    "report_window": 180 * DAY,
    "liability_period": 365 * DAY,
    "breaker_factor": 5,
    "breaker_floor": 300_000 * TOKEN,  # one top-tier benefit never trips the breaker
    "seed_delay": 3,
}
# The order of Config's Params struct.
PARAM_ORDER = tuple(DEFAULT_PARAMS)

# Tier 0: age 30 days to 39, benefit 300,000, weight 3; tier 1: 40 to 59, 100,000, weight 1.
DEFAULT_BENEFITS = [300_000 * TOKEN, 100_000 * TOKEN]
DEFAULT_WEIGHTS = [3, 1]
DEFAULT_CLASS_RATIOS = [10_000, 2_000]  # severe 100 %, mild 20 %

# Longer than one settlement period, so members can leave before a change applies.
DEFAULT_TIMELOCK_DELAY = 21 * DAY


def params_tuple(overrides: dict[str, int] | None = None) -> tuple[int, ...]:
    """Config's Params struct: the defaults with `overrides` applied, in Config's order."""
    unknown = set(overrides or {}) - set(DEFAULT_PARAMS)
    if unknown:
        raise ValueError(f"Unknown plan parameters {sorted(unknown)}: use names from PARAM_ORDER.")
    merged = {**DEFAULT_PARAMS, **(overrides or {})}
    return tuple(merged[name] for name in PARAM_ORDER)
