"""Deploy a whole plan, wire it, and remember it so the next start reuses it.

Order: DevToken (unless an existing token is given), Timelock, Config (owned by the timelock),
then Pool, Witnesses, Claims and Disputes when their sources exist, wired together by the
deployer (the pool and the registry name Claims, and Pool, Claims and Witnesses name Disputes).

The timelock starts with no delay for one bootstrap operation, scheduled and executed in public
right after deployment: it registers the notaries and raises the delay to its real value
(21 days by default). From then on every change waits for the delay.

Role keys of a local plan come from anvil's well-known test mnemonic (`dev_roles`). Those keys
are public knowledge: they are for development nodes only and must never hold real money.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_typing import ABI, ChecksumAddress
from web3 import Web3

from lashou.chain import governance
from lashou.chain.artifacts import CONTRACTS, compile_contract
from lashou.chain.params import (
    DEFAULT_BENEFITS,
    DEFAULT_CLASS_RATIOS,
    DEFAULT_TIMELOCK_DELAY,
    DEFAULT_WEIGHTS,
    params_tuple,
)
from lashou.chain.plan import ARTIFACTS, Deployment, Plan
from lashou.chain.tx import Sender

# Development only: the mnemonic anvil funds its default accounts from.
DEV_MNEMONIC = "test test test test test test test test test test test junk"
DEV_ROLE_INDEX = {"deployer": 0, "governance": 1, "operator": 2, "attestor": 3, "keeper": 4}
DEV_FIRST_NOTARY = 5
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
DEPLOYMENT_FILE = "deployment.json"


@dataclass(frozen=True)
class Roles:
    """The keys that deploy and run a plan (no key holds two of attestor, operator, governance)."""

    deployer: LocalAccount
    governance: LocalAccount
    operator: LocalAccount
    attestor: LocalAccount
    keeper: LocalAccount
    notaries: tuple[LocalAccount, ...] = ()

    def addresses(self) -> dict[str, Any]:
        """Every role's address, for the deployment record (never a key)."""
        named = {name: str(getattr(self, name).address) for name in DEV_ROLE_INDEX}
        return {**named, "notaries": [str(n.address) for n in self.notaries]}


def dev_account(index: int) -> LocalAccount:
    """Development only: anvil's default account `index` (its private key is public)."""
    Account.enable_unaudited_hdwallet_features()
    account: LocalAccount = Account.from_mnemonic(
        DEV_MNEMONIC, account_path=f"m/44'/60'/0'/0/{index}"
    )
    return account


def dev_roles(notaries: int = 2) -> Roles:
    """Development only: the plan's roles on anvil's funded default accounts."""
    accounts = {name: dev_account(index) for name, index in DEV_ROLE_INDEX.items()}
    return Roles(
        **accounts, notaries=tuple(dev_account(DEV_FIRST_NOTARY + i) for i in range(notaries))
    )


def available_contracts() -> tuple[str, ...]:
    """The plan contracts whose sources exist, in deployment order (each needs the one before)."""
    names = ["token", "timelock", "config"]
    for name in ("pool", "witnesses", "claims", "disputes"):
        if not (CONTRACTS / f"{ARTIFACTS[name]}.vy").exists():
            break
        names.append(name)
    return tuple(names)


def deploy_plan(
    w3: Web3,
    roles: Roles,
    *,
    sender: Sender | None = None,
    token: str | None = None,
    params: dict[str, int] | None = None,
    benefits: Sequence[int] = DEFAULT_BENEFITS,
    weights: Sequence[int] = DEFAULT_WEIGHTS,
    class_ratios: Sequence[int] = DEFAULT_CLASS_RATIOS,
    timelock_delay: int = DEFAULT_TIMELOCK_DELAY,
) -> Plan:
    """Deploy and wire every available plan contract; returns the plan (not yet saved)."""
    sender = sender or Sender(w3)
    deployer, gov = roles.deployer, roles.governance
    c: dict[str, str] = {}  # the plan's contracts by name

    def deploy(name: str, *args: Any) -> None:
        c[name] = _deploy(sender, deployer, ARTIFACTS[name], *args)

    if token is not None:
        if not w3.eth.get_code(Web3.to_checksum_address(token)):
            raise ValueError(f"No contract at the token address {token}: check it.")
        c["token"] = Web3.to_checksum_address(token)
    first_block = w3.eth.block_number + 1  # at or before the first deployment's block
    if token is None:
        deploy("token", "Test USD", "tUSD", 6)
    deploy("timelock", 0, [gov.address], [gov.address], ZERO_ADDRESS)
    ops, attestor = roles.operator.address, roles.attestor.address
    tiers = (list(benefits), list(weights), list(class_ratios))
    deploy("config", c["timelock"], ops, attestor, params_tuple(params), *tiers)
    available = available_contracts()
    if "pool" in available:
        deploy("pool", c["token"], c["config"])
    if "witnesses" in available:
        deploy("witnesses", c["token"], c["config"], c["pool"])
    if "claims" in available:
        deploy("claims", c["config"], c["pool"], c["witnesses"])
    if "disputes" in available:
        deploy("disputes", c["token"], c["config"], c["pool"], c["claims"], c["witnesses"])
    block = w3.eth.get_block(first_block)
    plan = Plan(
        w3,
        Deployment(
            chain_id=w3.eth.chain_id,
            block=int(block["number"]),
            block_hash=bytes(block["hash"]).hex(),
            contracts=c,
            roles=roles.addresses(),
            token_deployed=token is None,
            timelock_delay=timelock_delay,
        ),
    )
    sender.names.update(plan.names())
    if plan.pool is not None and plan.witnesses is not None and plan.claims is not None:
        sender.transact(plan.pool.functions.wire(c["claims"], c["witnesses"]), deployer)
        sender.transact(plan.witnesses.functions.wire(c["claims"]), deployer)
    if plan.disputes is not None:
        assert plan.pool is not None and plan.claims is not None and plan.witnesses is not None
        sender.transact(plan.pool.functions.wire_disputes(c["disputes"]), deployer)
        sender.transact(plan.claims.functions.wire(c["disputes"]), deployer)
        sender.transact(plan.witnesses.functions.wire_disputes(c["disputes"]), deployer)
    _bootstrap_governance(plan, sender, roles, timelock_delay)
    return plan


def load_or_deploy(
    w3: Web3,
    data_dir: Path,
    roles: Roles,
    *,
    sender: Sender | None = None,
    record: Path | None = None,
    **options: Any,
) -> Plan:
    """The plan saved under `data_dir` if it is still on this chain, else a new one (saved).

    A saved plan is reused only when the chain id, the deployment block's hash and the code at
    every address are unchanged and it has every contract available now; `options` (those of
    `deploy_plan`) apply to a new deployment only. `record` names another deployment file
    than `data_dir`/deployment.json.
    """
    path = record if record is not None else data_dir / DEPLOYMENT_FILE
    if path.exists():
        saved = Deployment.load(path)
        if stale_reason(w3, saved, token=options.get("token")) is None:
            plan = Plan(w3, saved)
            if sender is not None:
                sender.names.update(plan.names())
            return plan
    plan = deploy_plan(w3, roles, sender=sender, **options)
    plan.deployment.save(path)
    return plan


def stale_reason(w3: Web3, saved: Deployment, *, token: str | None = None) -> str | None:
    """Why a saved deployment cannot be used on this chain, or None when it can."""
    if saved.chain_id != w3.eth.chain_id:
        return f"it is on chain {saved.chain_id}, not {w3.eth.chain_id}"
    if saved.block > w3.eth.block_number:
        return "its deployment block is not on this chain"
    if bytes(w3.eth.get_block(saved.block)["hash"]).hex() != saved.block_hash:
        return "its deployment block is not on this chain (a new chain)"
    missing = set(available_contracts()) - set(saved.contracts)
    if missing:
        return f"it lacks the {', '.join(sorted(missing))} contract(s)"
    if token is not None and Web3.to_checksum_address(token) != saved.contracts["token"]:
        return "it uses another token"
    for name, address in saved.contracts.items():
        if not w3.eth.get_code(Web3.to_checksum_address(address)):
            return f"its {name} contract is gone"
    return None


def _deploy(sender: Sender, account: LocalAccount, name: str, *args: Any) -> str:
    artifact = compile_contract(name)
    factory = sender.w3.eth.contract(abi=cast(ABI, artifact.abi), bytecode=artifact.bytecode)
    receipt = sender.transact(factory.constructor(*args), account, label=f"deploy {name}")
    return str(cast(ChecksumAddress, receipt["contractAddress"]))


def _bootstrap_governance(plan: Plan, sender: Sender, roles: Roles, delay: int) -> None:
    """Register the notaries and raise the timelock's delay, in one public operation."""
    calls = [plan.config.functions.set_notary(n.address, True) for n in roles.notaries]
    if delay:
        calls.append(plan.timelock.functions.update_delay(delay))
    if calls:
        op = governance.schedule(plan, sender, roles.governance, calls, delay=0)
        governance.execute(plan, sender, roles.governance, op)
