"""Deploying a plan once, reusing it, and deploying again on a new chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from web3 import Web3

from lashou.chain.deploy import (
    DEPLOYMENT_FILE,
    Roles,
    available_contracts,
    deploy_plan,
    load_or_deploy,
    stale_reason,
)
from lashou.chain.node import LocalNode, start_node
from lashou.chain.params import (
    DEFAULT_BENEFITS,
    DEFAULT_PARAMS,
    DEFAULT_TIMELOCK_DELAY,
    PARAM_ORDER,
)
from lashou.chain.plan import Deployment, Plan
from lashou.chain.tx import Sender, mine

pytestmark = pytest.mark.e2e


def test_deploy__whole_plan_wired(plan: Plan, roles: Roles) -> None:
    assert tuple(plan) == available_contracts()
    assert plan.config.functions.owner().call() == plan.timelock.address
    assert plan.config.functions.operator().call() == roles.operator.address
    assert plan.config.functions.attestor().call() == roles.attestor.address
    assert plan.config.functions.cap().call() == DEFAULT_PARAMS["cap"]
    assert plan.config.functions.tier_benefit(0).call() == DEFAULT_BENEFITS[0]
    assert plan.token.functions.decimals().call() == 6
    assert plan.token.functions.symbol().call() == "tUSD"
    for notary in roles.notaries:
        assert plan.config.functions.is_notary(notary.address).call()
    if plan.claims is not None:
        assert plan.pool is not None and plan.witnesses is not None
        assert plan.pool.functions.claims().call() == plan.claims.address
        assert plan.witnesses.functions.claims().call() == plan.claims.address
    if plan.disputes is not None:
        assert plan.pool is not None and plan.claims is not None and plan.witnesses is not None
        assert plan.pool.functions.disputes().call() == plan.disputes.address
        assert plan.claims.functions.disputes().call() == plan.disputes.address
        assert plan.witnesses.functions.disputes().call() == plan.disputes.address
        assert plan.disputes.functions.CLAIMS().call() == plan.claims.address


def test_deploy__timelock_delay_raised_in_public(plan: Plan, roles: Roles) -> None:
    timelock = plan.timelock.functions
    assert timelock.get_minimum_delay().call() == DEFAULT_TIMELOCK_DELAY
    proposer = timelock.PROPOSER_ROLE().call()
    assert timelock.hasRole(proposer, roles.governance.address).call()
    assert not timelock.hasRole(proposer, roles.deployer.address).call()
    assert not timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE().call(), roles.deployer.address).call()
    changes = plan.logs("timelock", "MinimumDelayChange")
    assert [(e["args"]["old_duration"], e["args"]["new_duration"]) for e in changes] == [
        (0, 0),
        (0, DEFAULT_TIMELOCK_DELAY),
    ]
    notaries = plan.logs("config", "NotaryChanged", filters={"notary": roles.notaries[1].address})
    assert [e["args"]["registered"] for e in notaries] == [True]


def test_deploy__record_has_addresses_and_no_keys(
    plan: Plan, node: LocalNode, roles: Roles
) -> None:
    text = (node.chain_dir.parent / DEPLOYMENT_FILE).read_text()
    saved = json.loads(text)
    assert saved["chain_id"] == 31337
    assert saved["contracts"]["config"] == plan.config.address
    assert saved["roles"]["operator"] == roles.operator.address
    assert saved["roles"]["notaries"] == [n.address for n in roles.notaries]
    for account in (roles.deployer, roles.governance, roles.operator, roles.attestor):
        assert bytes(account.key).hex() not in text.lower()
    assert Deployment.load(node.chain_dir.parent / DEPLOYMENT_FILE) == plan.deployment


def test_load_or_deploy__reuses_saved_plan(
    w3: Web3, plan: Plan, node: LocalNode, roles: Roles
) -> None:
    block = w3.eth.block_number
    again = load_or_deploy(w3, node.chain_dir.parent, roles)
    assert again.deployment == plan.deployment
    assert w3.eth.block_number == block  # nothing was sent


def test_load_or_deploy__new_chain_deploys_again(
    tmp_path: Path, anvil: Path, plan: Plan, node: LocalNode, roles: Roles
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    # A record from another chain with the same id: the block hash gives it away.
    plan.deployment.save(data_dir / DEPLOYMENT_FILE)
    with start_node(tmp_path / "fresh", anvil=anvil) as fresh:
        w3 = fresh.web3()
        mine(w3, 2)  # the fresh chain has a block 1 too, with another hash
        assert stale_reason(w3, plan.deployment) is not None
        new = load_or_deploy(w3, data_dir, roles)
        assert new.deployment.block_hash != plan.deployment.block_hash
        assert new.config.functions.cap().call() == DEFAULT_PARAMS["cap"]
        assert Deployment.load(data_dir / DEPLOYMENT_FILE) == new.deployment


def test_stale_reason__each_cause(w3: Web3, plan: Plan) -> None:
    saved = plan.deployment
    assert stale_reason(w3, saved) is None
    other_chain = Deployment(**{**saved.__dict__, "chain_id": 1})
    assert stale_reason(w3, other_chain) == "it is on chain 1, not 31337"
    future = Deployment(**{**saved.__dict__, "block": 10**9})
    assert stale_reason(w3, future) == "its deployment block is not on this chain"
    gone = Deployment(
        **{**saved.__dict__, "contracts": {**saved.contracts, "config": "0x" + "42" * 20}}
    )
    assert stale_reason(w3, gone) == "its config contract is gone"
    smaller = {k: v for k, v in saved.contracts.items() if k in ("token", "timelock", "config")}
    if len(available_contracts()) > 3:
        lacking = Deployment(**{**saved.__dict__, "contracts": smaller})
        assert stale_reason(w3, lacking) is not None
        assert "lacks the" in str(stale_reason(w3, lacking))
    assert stale_reason(w3, saved, token="0x" + "42" * 20) == "it uses another token"


def test_deploy__existing_token_is_used(
    w3: Web3, plan: Plan, roles: Roles, sender: Sender, isolated: None
) -> None:
    second = deploy_plan(
        w3,
        roles,
        sender=sender,
        token=plan.token.address,
        params={"cap": 16 * 10**6},
        timelock_delay=0,
    )
    assert second.token.address == plan.token.address
    assert second.deployment.token_deployed is False
    assert second.config.address != plan.config.address
    assert second.config.functions.cap().call() == 16 * 10**6
    assert second.timelock.functions.get_minimum_delay().call() == 0


def test_deploy__token_without_code_is_refused(w3: Web3, roles: Roles, sender: Sender) -> None:
    with pytest.raises(ValueError, match="No contract at the token address"):
        deploy_plan(w3, roles, sender=sender, token="0x" + "42" * 20)


def test_deploy__unknown_parameter_is_refused(w3: Web3, roles: Roles, sender: Sender) -> None:
    with pytest.raises(ValueError, match="Unknown plan parameters \\['capp'\\]"):
        deploy_plan(w3, roles, sender=sender, params={"capp": 1})
    assert len(PARAM_ORDER) == len(DEFAULT_PARAMS)


def test_deployment_load__unreadable_record(tmp_path: Path) -> None:
    path = tmp_path / DEPLOYMENT_FILE
    path.write_text("{not json")
    with pytest.raises(ValueError, match="unreadable .*delete it to deploy again"):
        Deployment.load(path)


def test_plan_logs__by_name_and_range(plan: Plan, roles: Roles) -> None:
    everything = plan.logs("config", "NotaryChanged")
    assert len(everything) == len(roles.notaries)
    block = everything[0]["blockNumber"]
    assert plan.logs("config", "NotaryChanged", to_block=block - 1) == []
    assert len(plan.logs("config", "NotaryChanged", from_block=block, to_block=block, chunk=1)) == 2


def test_plan_logs__unknown_event_or_contract(plan: Plan) -> None:
    with pytest.raises(KeyError, match="Config has no event called Nope"):
        plan.logs("config", "Nope")
    with pytest.raises(KeyError, match="no oracle contract"):
        plan.logs("oracle", "Anything")
