"""Changing the plan's rules through the timelock, end to end on a node."""

from __future__ import annotations

import pytest
from web3 import Web3

from lashou.chain import governance
from lashou.chain.deploy import Roles
from lashou.chain.params import DEFAULT_PARAMS, DEFAULT_TIMELOCK_DELAY
from lashou.chain.plan import Plan
from lashou.chain.tx import Sender, TransactionFailed, increase_time

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("isolated")]

NEW_CAP = 2 * DEFAULT_PARAMS["cap"]


def test_schedule_then_execute__after_the_delay(
    w3: Web3, plan: Plan, roles: Roles, sender: Sender
) -> None:
    call = plan.config.functions.set_parameter("cap", NEW_CAP)
    op = governance.schedule(plan, sender, roles.governance, call)
    now = w3.eth.get_block("latest")["timestamp"]
    assert op.ready_at == now + DEFAULT_TIMELOCK_DELAY
    scheduled = plan.logs("timelock", "CallScheduled", filters={"id": op.id})
    assert len(scheduled) == 1
    assert scheduled[0]["args"]["target"] == plan.config.address
    assert scheduled[0]["args"]["delay"] == DEFAULT_TIMELOCK_DELAY

    with pytest.raises(TransactionFailed, match="operation is not ready") as early:
        governance.execute(plan, sender, roles.governance, op)
    assert early.value.label == "Timelock.execute(Config.set_parameter)"
    assert plan.config.functions.cap().call() == DEFAULT_PARAMS["cap"]

    increase_time(w3, DEFAULT_TIMELOCK_DELAY)
    receipt = governance.execute(plan, sender, roles.governance, op)
    assert plan.config.functions.cap().call() == NEW_CAP
    block = receipt["blockNumber"]
    changed = plan.logs("config", "ParameterChanged", from_block=block, to_block=block)
    assert [(e["args"]["previous"], e["args"]["current"]) for e in changed] == [
        (DEFAULT_PARAMS["cap"], NEW_CAP)
    ]
    assert plan.timelock.functions.is_operation_done(op.id).call()


def test_schedule__only_governance_may_propose(plan: Plan, roles: Roles, sender: Sender) -> None:
    call = plan.config.functions.set_parameter("cap", NEW_CAP)
    with pytest.raises(TransactionFailed, match="access_control: account is missing role"):
        governance.schedule(plan, sender, roles.operator, call)


def test_schedule__shorter_than_the_minimum_delay_is_refused(
    plan: Plan, roles: Roles, sender: Sender
) -> None:
    call = plan.config.functions.set_parameter("cap", NEW_CAP)
    with pytest.raises(TransactionFailed, match="insufficient delay"):
        governance.schedule(plan, sender, roles.governance, call, delay=3_600)


def test_enact__batch_on_a_dev_node(plan: Plan, roles: Roles, sender: Sender) -> None:
    config = plan.config.functions
    governance.enact(
        plan,
        sender,
        roles.governance,
        [
            config.set_parameter("notice_period", 3 * 86_400),
            config.set_notary(roles.keeper.address, True),
        ],
    )
    assert config.notice_period().call() == 3 * 86_400
    assert config.is_notary(roles.keeper.address).call()


def test_enact__failing_call_shows_the_config_reason(
    plan: Plan, roles: Roles, sender: Sender
) -> None:
    too_big = plan.config.functions.set_parameter("cap", 4 * DEFAULT_PARAMS["cap"])
    with pytest.raises(TransactionFailed) as failed:
        governance.enact(plan, sender, roles.governance, too_big)
    assert str(failed.value) == (
        "Timelock.execute(Config.set_parameter) failed: config: cap may at most double at once."
    )
    assert plan.config.functions.cap().call() == DEFAULT_PARAMS["cap"]
    scheduled = plan.logs("timelock", "CallScheduled")[-1]["args"]["id"]
    assert plan.timelock.functions.is_operation_ready(scheduled).call()  # still pending
