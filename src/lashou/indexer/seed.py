"""The plan's parameters and benefit table when it began: the read model's starting point.

Config logs only changes (ParameterChanged, TierChanged), so the starting values come from the
transaction that created Config: its constructor arguments are the parameters and the benefit
table the plan began with. A transaction stays on every node for good, where the state of an
old block does not (a pruned node, or a development node restarted from its saved state, has
none), so a rebuild from zero works on any node. The indexer keeps the seed with its
checkpoint, and the read model starts from it on every rebuild, so it stays a function of
stored data only.
"""

from __future__ import annotations

from typing import Any, cast

from eth_abi.abi import decode, encode
from eth_abi.exceptions import DecodingError
from eth_utils.abi import get_abi_input_types
from sqlalchemy.orm import Session
from web3 import Web3

from lashou.chain.params import PARAM_ORDER
from lashou.chain.plan import Deployment, Plan
from lashou.indexer import models as m
from lashou.indexer.fetch import IndexerError

PARAMETERS = ("bucket_width", *PARAM_ORDER)


def config_creation(w3: Web3, deployment: Deployment) -> tuple[int, bytes]:
    """(block, input) of the transaction that created the plan's Config contract."""
    address = Web3.to_checksum_address(deployment.contracts["config"])
    for number in range(deployment.block, int(w3.eth.block_number) + 1):
        block = w3.eth.get_block(number, full_transactions=True)
        for tx in cast(list[Any], block["transactions"]):
            if tx["to"] is not None:
                continue
            receipt = w3.eth.get_transaction_receipt(tx["hash"])
            if receipt["contractAddress"] == address:
                return number, bytes(tx["input"])
    raise IndexerError(
        f"No transaction from block {deployment.block} on created the Config contract at "
        f"{address}: check the deployment record."
    )


def constructor(abi: list[dict[str, Any]]) -> dict[str, Any]:
    """The constructor's entry in a contract's ABI."""
    (found,) = [item for item in abi if item.get("type") == "constructor"]
    return found


def constructor_arguments(
    abi: list[dict[str, Any]], code: bytes, governance: str
) -> dict[str, Any]:
    """The constructor arguments at the end of a creation transaction's input, by name.

    They are ABI-encoded after the contract's creation code, whose length the arguments do not
    tell; the one ending of the input that decodes to exactly itself and names the plan's
    timelock as governance is them.
    """
    entry = constructor(abi)
    types = list(get_abi_input_types(cast(Any, entry)))
    names = [str(item["name"]) for item in entry["inputs"]]
    for words in range(len(types), len(code) // 32 + 1):
        tail = code[len(code) - 32 * words :]
        try:
            values = decode(types, tail, strict=True)
        except (DecodingError, OverflowError, ValueError):
            continue
        if encode(types, values) == tail and Web3.to_checksum_address(values[0]) == governance:
            return dict(zip(names, values, strict=True))
    raise IndexerError(
        "The transaction that created Config does not end in its constructor arguments: check "
        "that the deployment record names this plan's contracts."
    )


def read_seed(w3: Web3, deployment: Deployment) -> dict[str, Any]:
    """{"block": …, "parameters": {name: value}, "tiers": {tier: [benefit, weight]}}."""
    block, code = config_creation(w3, deployment)
    config = Plan(w3, deployment).config
    abi = cast(list[dict[str, Any]], config.abi)
    governance = Web3.to_checksum_address(deployment.contracts["timelock"])
    args = constructor_arguments(abi, code, governance)
    (struct,) = [item for item in constructor(abi)["inputs"] if item["name"] == "params"]
    fields = [str(component["name"]) for component in struct["components"]]
    parameters = dict(zip(fields, (int(v) for v in args["params"]), strict=True))
    # immutable, in the contract's code: the latest block has it as the first did
    parameters = {"bucket_width": int(config.functions.bucket_width().call()), **parameters}
    tiers: dict[str, list[int]] = {}
    for tier, (benefit, weight) in enumerate(zip(args["benefits"], args["weights"], strict=True)):
        if weight == 0:  # the table ends at the first tier without weight
            break
        tiers[str(tier)] = [int(benefit), int(weight)]
    return {"block": block, "parameters": parameters, "tiers": tiers}


def seed_read_model(s: Session, seed: dict[str, Any]) -> None:
    """Put the starting parameters and tiers into an empty read model."""
    s.add_all(m.Parameter(name=k, value=int(v)) for k, v in seed["parameters"].items())
    s.add_all(
        m.Tier(tier=int(k), benefit=int(b), weight=int(w)) for k, (b, w) in seed["tiers"].items()
    )
    s.flush()
