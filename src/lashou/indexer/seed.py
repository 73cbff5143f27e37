"""The plan's parameters and benefit table when it began: the read model's starting point.

Config logs only changes (ParameterChanged, TierChanged), so the indexer reads the starting
values once, from the block in which Config was created, and keeps them with the checkpoint;
the read model starts from them on every rebuild, so it stays a function of stored data only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from web3 import Web3
from web3.exceptions import ContractLogicError

from lashou.chain.params import PARAM_ORDER
from lashou.chain.plan import Deployment, Plan
from lashou.indexer import models as m

PARAMETERS = ("bucket_width", *PARAM_ORDER)
MAX_TIERS = 8  # tiers are read until one has no weight


def config_block(w3: Web3, deployment: Deployment) -> int:
    """The block in which the plan's Config contract was created (binary search on its code)."""
    address = Web3.to_checksum_address(deployment.contracts["config"])
    low, high = deployment.block, int(w3.eth.block_number)
    if not w3.eth.get_code(address, high):
        raise RuntimeError(f"No Config contract at {address}: check the deployment record.")
    while low < high:
        middle = (low + high) // 2
        if w3.eth.get_code(address, middle):
            high = middle
        else:
            low = middle + 1
    return low


def read_seed(w3: Web3, deployment: Deployment) -> dict[str, Any]:
    """{"block": …, "parameters": {name: value}, "tiers": {tier: [benefit, weight]}}."""
    block = config_block(w3, deployment)
    config = Plan(w3, deployment).config
    parameters = {
        name: int(getattr(config.functions, name)().call(block_identifier=block))
        for name in PARAMETERS
    }
    tiers: dict[str, list[int]] = {}
    for tier in range(MAX_TIERS):
        try:
            weight = int(config.functions.tier_weight(tier).call(block_identifier=block))
        except ContractLogicError:
            break
        if weight == 0:
            break
        benefit = int(config.functions.tier_benefit(tier).call(block_identifier=block))
        tiers[str(tier)] = [benefit, weight]
    return {"block": block, "parameters": parameters, "tiers": tiers}


def seed_read_model(s: Session, seed: dict[str, Any]) -> None:
    """Put the starting parameters and tiers into an empty read model."""
    s.add_all(m.Parameter(name=k, value=int(v)) for k, v in seed["parameters"].items())
    s.add_all(
        m.Tier(tier=int(k), benefit=int(b), weight=int(w)) for k, (b, w) in seed["tiers"].items()
    )
    s.flush()
