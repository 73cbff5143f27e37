"""One deploy helper for every contract test: a whole plan on titanoboa, with its role keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boa
from eth_account import Account

from lashou.identity import signing

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"

DAY = 86_400
TOKEN = 10**6  # the development token has 6 decimals, like USDC

# DESIGN §8 defaults, in token base units and seconds.
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
    "seed_delay": 3,
}
PARAM_ORDER = tuple(DEFAULT_PARAMS)

# Tier 0: age 30 days to 39, benefit 300,000, weight 3; tier 1: 40 to 59, 100,000, weight 1.
DEFAULT_BENEFITS = [300_000 * TOKEN, 100_000 * TOKEN]
DEFAULT_WEIGHTS = [3, 1]
DEFAULT_CLASS_RATIOS = [10_000, 2_000]  # severe 100 %, mild 20 %


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
    governance: str = ""
    operator: str = ""
    deployer: str = ""
    attestor: Key = field(default_factory=Key.new)
    notaries: list[Key] = field(default_factory=list)
    claims_caller: str = ""
    witnesses_caller: str = ""

    @property
    def chain_id(self) -> int:
        return int(boa.env.evm.patch.chain_id)

    def param(self, name: str) -> int:
        return int(getattr(self.config, name)())


def params_tuple(overrides: dict[str, int] | None = None) -> tuple[int, ...]:
    merged = {**DEFAULT_PARAMS, **(overrides or {})}
    return tuple(merged[name] for name in PARAM_ORDER)


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
    wired to two plain addresses (`plan.claims_caller`, `plan.witnesses_caller`) so its hooks
    can be driven directly.
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
    plan = Plan(token, config, governance=governance, operator=operator, deployer=deployer,
                attestor=attestor)
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
        plan.pool.wire(plan.claims_caller, plan.witnesses_caller)
        return plan
    if plan.pool is not None and (CONTRACTS / "Witnesses.vy").exists():
        plan.witnesses = load("Witnesses", token.address, config.address, plan.pool.address)
    if plan.witnesses is not None and (CONTRACTS / "Claims.vy").exists():
        plan.claims = load(
            "Claims", config.address, plan.pool.address, plan.witnesses.address
        )
        plan.pool.wire(plan.claims.address, plan.witnesses.address)
        plan.witnesses.wire(plan.claims.address)
    return plan


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
) -> tuple[tuple[Any, ...], bytes]:
    """An attestor-signed admission for `member` at the plan's pool: (fields, signature)."""
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
        (key or plan.attestor).private_key, plan.chain_id, plan.pool.address, adm
    )
    return (adm.commitment, adm.tier, adm.validUntil, adm.region, adm.healthHash, adm.deadline), sig


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
