"""One deploy helper for every contract test: a whole plan on titanoboa, with its role keys."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boa
from eth_account import Account

# DESIGN §8 defaults live with the chain deployer, so tests and real plans build the same plan.
from lashou.chain.params import DAY as DAY
from lashou.chain.params import DEFAULT_BENEFITS as DEFAULT_BENEFITS
from lashou.chain.params import DEFAULT_CLASS_RATIOS as DEFAULT_CLASS_RATIOS
from lashou.chain.params import DEFAULT_PARAMS as DEFAULT_PARAMS
from lashou.chain.params import DEFAULT_WEIGHTS as DEFAULT_WEIGHTS
from lashou.chain.params import PARAM_ORDER as PARAM_ORDER
from lashou.chain.params import TOKEN as TOKEN
from lashou.chain.params import params_tuple as params_tuple
from lashou.identity import signing

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


def load(name: str, *args: Any) -> Any:
    return boa.load(str(CONTRACTS / f"{name}.vy"), *args)


@dataclass
class Key:
    """A role key: an address titanoboa can prank and a private key that can sign."""

    private_key: bytes
    address: str

    @classmethod
    def new(cls) -> Key:
        acct = Account.create()
        return cls(bytes(acct.key), acct.address)


@dataclass
class Plan:
    token: Any
    config: Any
    pool: Any = None
    witnesses: Any = None
    claims: Any = None
    disputes: Any = None
    governance: str = ""
    operator: str = ""
    deployer: str = ""
    attestor: Key = field(default_factory=Key.new)
    notaries: list[Key] = field(default_factory=list)
    claims_caller: str = ""
    witnesses_caller: str = ""
    disputes_caller: str = ""

    @property
    def chain_id(self) -> int:
        return int(boa.env.evm.patch.chain_id)

    def param(self, name: str) -> int:
        return int(getattr(self.config, name)())


def deploy_plan(
    params: dict[str, int] | None = None,
    benefits: list[int] | None = None,
    weights: list[int] | None = None,
    notaries: int = 2,
    pool_only: bool = False,
) -> Plan:
    """Deploy token, config and every plan contract that exists, wired together.

    Governance is a plain address here so unit tests can call it directly; the timelock is
    tested on its own and used by the deployment on a real node. With `pool_only`, the pool is
    wired to three plain addresses (`plan.claims_caller`, `plan.witnesses_caller`,
    `plan.disputes_caller`) so its hooks can be driven directly.
    """
    deployer = boa.env.eoa
    governance = boa.env.generate_address("governance")
    operator = boa.env.generate_address("operator")
    attestor = Key.new()
    token = load("DevToken", "Test USD", "tUSD", 6)
    config = load(
        "Config",
        governance,
        operator,
        attestor.address,
        params_tuple(params),
        benefits or DEFAULT_BENEFITS,
        weights or DEFAULT_WEIGHTS,
        DEFAULT_CLASS_RATIOS,
    )
    plan = Plan(
        token,
        config,
        governance=governance,
        operator=operator,
        deployer=deployer,
        attestor=attestor,
    )
    for _ in range(notaries):
        key = Key.new()
        with boa.env.prank(governance):
            config.set_notary(key.address, True)
        plan.notaries.append(key)
    if (CONTRACTS / "Pool.vy").exists():
        plan.pool = load("Pool", token.address, config.address)
    if pool_only:
        plan.claims_caller = boa.env.generate_address("claims")
        plan.witnesses_caller = boa.env.generate_address("witnesses")
        plan.disputes_caller = boa.env.generate_address("disputes")
        plan.pool.wire(plan.claims_caller, plan.witnesses_caller)
        plan.pool.wire_disputes(plan.disputes_caller)
        return plan
    if plan.pool is not None and (CONTRACTS / "Witnesses.vy").exists():
        plan.witnesses = load("Witnesses", token.address, config.address, plan.pool.address)
    if plan.witnesses is not None and (CONTRACTS / "Claims.vy").exists():
        plan.claims = load("Claims", config.address, plan.pool.address, plan.witnesses.address)
        plan.pool.wire(plan.claims.address, plan.witnesses.address)
        plan.witnesses.wire(plan.claims.address)
    if plan.claims is not None and (CONTRACTS / "Disputes.vy").exists():
        plan.disputes = load(
            "Disputes",
            token.address,
            config.address,
            plan.pool.address,
            plan.claims.address,
            plan.witnesses.address,
        )
        plan.pool.wire_disputes(plan.disputes.address)
        plan.claims.wire(plan.disputes.address)
        plan.witnesses.wire_disputes(plan.disputes.address)
    return plan


@contextmanager
def fresh_deployer(label: str) -> Iterator[str]:
    """Make a new account the default sender (deployer, and minter of the token) for a while.

    Anchors roll the usual deployer's nonce back, so a later plan lands at the addresses of
    contracts that are gone; titanoboa keeps their storage traces, and its revert reports read
    them as the new contracts' (and can fail on them). A new account deploys at new addresses.
    """
    previous = boa.env.eoa
    boa.env.eoa = boa.env.generate_address(label)
    try:
        yield boa.env.eoa
    finally:
        boa.env.eoa = previous


def fund(plan: Plan, account: str, amount: int, spender: str | None = None) -> None:
    """Mint `amount` to `account` and approve `spender` (the pool by default) for it."""
    plan.token.mint(account, amount)
    with boa.env.prank(account):
        plan.token.approve(spender or plan.pool.address, 2**256 - 1)


def admit(
    plan: Plan,
    member: str,
    *,
    commitment: bytes,
    tier: int = 1,
    valid_until: int | None = None,
    region: int = 110_101,
    health_hash: bytes = b"\x11" * 32,
    deadline: int | None = None,
    nonce: int | None = None,
    key: Key | None = None,
    chain_id: int | None = None,
    contract: str | None = None,
) -> tuple[tuple[Any, ...], bytes]:
    """An attestor-signed admission for `member` at the plan's pool: (fields, signature).

    `key`, `chain_id` and `contract` sign it with another key or for another domain.
    """
    now = boa.env.evm.patch.timestamp
    adm = signing.Admission(
        member=member,
        commitment=commitment,
        tier=tier,
        validUntil=valid_until if valid_until is not None else now + 20 * 365 * DAY,
        region=region,
        healthHash=health_hash,
        nonce=nonce if nonce is not None else plan.pool.nonces(member),
        deadline=deadline if deadline is not None else now + DAY,
    )
    sig = signing.sign_admission(
        (key or plan.attestor).private_key,
        chain_id if chain_id is not None else plan.chain_id,
        contract or plan.pool.address,
        adm,
    )
    ADMITTED[member] = commitment
    return (adm.commitment, adm.tier, adm.validUntil, adm.region, adm.healthHash, adm.deadline), sig


# The identity commitment each account was last admitted with, as a member keeps its admission:
# a claim names it (the pool stores only identity → membership).
ADMITTED: dict[str, bytes] = {}


def admit_witness(
    plan: Plan,
    witness: str,
    *,
    commitment: bytes,
    region: int = 110_101,
    deadline: int | None = None,
    nonce: int | None = None,
    key: Key | None = None,
    chain_id: int | None = None,
    registry: str | None = None,
) -> tuple[tuple[Any, ...], bytes]:
    """An attestor-signed witness admission at the plan's registry: (fields, signature).

    `register(*fields, signature, stake)` registers it; `chain_id` and `registry` override the
    signed domain (for tests of signatures meant for another chain or contract).
    """
    now = boa.env.evm.patch.timestamp
    adm = signing.WitnessAdmission(
        witness=witness,
        commitment=commitment,
        region=region,
        nonce=nonce if nonce is not None else plan.witnesses.nonces(witness),
        deadline=deadline if deadline is not None else now + DAY,
    )
    sig = signing.sign_witness_admission(
        (key or plan.attestor).private_key,
        chain_id if chain_id is not None else plan.chain_id,
        registry or plan.witnesses.address,
        adm,
    )
    return (adm.commitment, adm.region, adm.deadline), sig


def register_witness(
    plan: Plan, witness: str, *, commitment: bytes, region: int = 110_101, stake: int | None = None
) -> None:
    """Mint, approve and register `witness` with the plan's minimum stake (or `stake`)."""
    amount = stake if stake is not None else plan.param("witness_stake")
    fund(plan, witness, amount, spender=plan.witnesses.address)
    fields, sig = admit_witness(plan, witness, commitment=commitment, region=region)
    with boa.env.prank(witness):
        plan.witnesses.register(*fields, sig, amount)
