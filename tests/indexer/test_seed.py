"""The plan's starting parameters and benefit table, read from the transaction that created
Config: the same numbers Config's views gave at that block, and a plain refusal when the
deployment record points elsewhere."""

from __future__ import annotations

import pytest

from lashou.chain.plan import Deployment, Plan
from lashou.indexer.fetch import IndexerError
from lashou.indexer.follow import Indexer
from lashou.indexer.seed import PARAMETERS, read_seed

pytestmark = pytest.mark.e2e


def _pointing(history, **contracts: str) -> Deployment:
    return Deployment(
        **{
            **history.deployment.__dict__,
            "contracts": {**history.deployment.contracts, **contracts},
        }
    )


def test_read_seed__as_config_had_it_in_its_creation_block(history):
    seed = read_seed(history.w3, history.deployment)
    config = Plan(history.w3, history.deployment).config.functions
    at = {"block_identifier": seed["block"]}
    assert not history.w3.eth.get_code(config.cap.address, seed["block"] - 1)
    assert seed["parameters"] == {name: getattr(config, name)().call(**at) for name in PARAMETERS}
    tiers = {str(t): [config.tier_benefit(t).call(**at), config.tier_weight(t).call(**at)]
             for t in range(2)}  # fmt: skip
    assert seed["tiers"] == tiers and config.tier_weight(2).call(**at) == 0


def test_read_seed__an_address_no_transaction_created_is_refused(history, make_engine):
    deployment = _pointing(history, config=history.deployment.roles["operator"])
    with pytest.raises(IndexerError, match="created the Config contract at .*check the deploy"):
        Indexer(history.w3, deployment, engine=make_engine())


def test_read_seed__another_contract_for_config_is_refused(history):
    deployment = _pointing(history, config=history.deployment.contracts["pool"])
    with pytest.raises(IndexerError, match="does not end in its constructor arguments"):
        read_seed(history.w3, deployment)
