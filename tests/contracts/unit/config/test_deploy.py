"""The constructor: roles, parameters and the benefit table of a new plan, checked."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.unit.config.common import PARAMS, TWO_ROLES
from tests.utils.deployers import (
    DEFAULT_BENEFITS,
    DEFAULT_CLASS_RATIOS,
    DEFAULT_PARAMS,
    DEFAULT_WEIGHTS,
    params_tuple,
)


@pytest.fixture
def roles():
    return tuple(boa.env.generate_address(n) for n in ("gov", "op", "att"))


def _deploy(plan, roles, params=None, benefits=None, weights=None):
    return plan.config.deployer.deploy(
        *roles,
        params_tuple(params),
        DEFAULT_BENEFITS if benefits is None else benefits,
        DEFAULT_WEIGHTS if weights is None else weights,
        DEFAULT_CLASS_RATIOS,
    )


def test_deploy__defaults(plan, roles):
    gov, op, att = roles
    config = _deploy(plan, roles)
    assert (config.owner(), config.operator(), config.attestor()) == (gov, op, att)
    assert config.pending_owner() == boa.eval("empty(address)")
    assert all(getattr(config, name)() == DEFAULT_PARAMS[name] for name in PARAMS)
    assert config.bucket_width() == DEFAULT_PARAMS["cap"] // 8
    assert [config.tier_benefit(i) for i in (0, 1, 2)] == [*DEFAULT_BENEFITS, 0]
    assert [config.tier_weight(i) for i in (0, 1, 2)] == [*DEFAULT_WEIGHTS, 0]
    assert [config.class_ratio_bps(i) for i in (0, 1)] == DEFAULT_CLASS_RATIOS
    assert not config.is_paused()


@pytest.mark.parametrize("cap", [0, 10_000_004])
def test_deploy__cap_not_a_multiple_of_8(plan, roles, cap):
    with boa.reverts("config: cap must be a positive multiple of 8"):
        _deploy(plan, roles, params={"cap": cap})


@pytest.mark.parametrize(("benefits", "weights"), [([1, 2], [1]), ([], [])])
def test_deploy__one_weight_per_tier(plan, roles, benefits, weights):
    with boa.reverts("config: one weight per tier"):
        _deploy(plan, roles, benefits=benefits, weights=weights)


def test_deploy__one_key_two_roles(plan, roles):
    gov, op, _ = roles
    with boa.reverts(TWO_ROLES):
        _deploy(plan, (gov, op, op))


def test_deploy__inconsistent_parameters(plan, roles):
    with boa.reverts("config: bond above the stake"):
        _deploy(plan, roles, params={"witness_bond": DEFAULT_PARAMS["witness_stake"] + 1})
