"""The people of a simulated plan: members and witnesses with synthetic identities and keys.

Everything here runs against a development node (anvil): accounts get gas money through
`anvil_setBalance` and tokens from the development token's owner. Identities are made up
(valid-format resident ID numbers, obviously fake names) and never leave the attestor's call.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak
from hexbytes import HexBytes
from web3 import Web3

from lashou import actions
from lashou.chain.deploy import Roles
from lashou.chain.plan import Plan
from lashou.chain.tx import Sender, set_balance
from lashou.identity.attestor import Attestor
from lashou.identity.commitment import Pepper
from lashou.identity.synthetic import SyntheticIdentities

GAS_MONEY = 10**20  # 100 ETH of gas money per simulated account on the dev node
ADMISSION_TTL = 3_600
HEALTH_ANSWERS = {"smoker": False, "chronic_conditions": []}


class Habit(Enum):
    """How a simulated member treats its deposit."""

    STEADY = "steady"  # keeps its deposit topped up
    NEGLECTFUL = "neglectful"  # deposits the minimum and never tops up: it lapses
    LEAVER = "leaver"  # leaves the plan while claims are under notice


@dataclass
class Person:
    account: LocalAccount
    region: int
    id_number: str = field(repr=False)
    name: str = field(repr=False)

    @property
    def address(self) -> str:
        return str(self.account.address)


@dataclass
class SimMember(Person):
    habit: Habit = Habit.STEADY
    tier: int = 0
    weight: int = 0
    exited: bool = False


def derived_account(label: str, seed: str) -> LocalAccount:
    """A deterministic simulation key (development only: anyone can derive it)."""
    account: LocalAccount = Account.from_key(keccak(text=f"lashou-sim/{seed}/{label}"))
    return account


@dataclass
class World:
    """The plan on chain plus the simulated people acting on it."""

    w3: Web3
    plan: Plan
    roles: Roles
    sender: Sender
    attestor: Attestor
    seed: str
    members: list[SimMember] = field(default_factory=list)
    witnesses: list[Person] = field(default_factory=list)
    tx_count: int = 0

    @classmethod
    def create(cls, w3: Web3, plan: Plan, roles: Roles, sender: Sender, seed: str) -> World:
        pepper = Pepper(secrets.token_bytes(32))
        attestor = Attestor(pepper, bytes(roles.attestor.key))
        return cls(w3, plan, roles, sender, attestor, seed)

    # -- sending -----------------------------------------------------------------------------
    def send(self, call, account: LocalAccount, gas: int | None = None) -> HexBytes:  # type: ignore[no-untyped-def]
        self.tx_count += 1
        return self.sender.send(call, account, gas=gas)

    def transact(self, call, account: LocalAccount, gas: int | None = None):  # type: ignore[no-untyped-def]
        self.tx_count += 1
        return self.sender.transact(call, account, gas=gas)

    def wait(self, hashes: list[HexBytes]) -> None:
        self.sender.wait(hashes)

    def now(self) -> int:
        return int(self.w3.eth.get_block("latest")["timestamp"])

    # -- people ------------------------------------------------------------------------------
    def make_people(
        self, *, members: int, witnesses: int, cities: list[int], habits: list[Habit]
    ) -> None:
        on = datetime.fromtimestamp(self.now(), UTC).date()
        ids = SyntheticIdentities(self.seed, on=on)
        for i in range(members):
            ages = (20, 38) if i % 2 == 0 else (41, 58)
            person = ids.person(region=cities[i % len(cities)], ages=ages)
            self.members.append(
                SimMember(
                    account=derived_account(f"member/{i}", self.seed),
                    region=person.region,
                    id_number=person.id_number,
                    name=person.name,
                    habit=habits[i % len(habits)],
                )
            )
        for i in range(witnesses):
            person = ids.person(region=cities[i % len(cities)], ages=(25, 55))
            self.witnesses.append(
                Person(
                    account=derived_account(f"witness/{i}", self.seed),
                    region=person.region,
                    id_number=person.id_number,
                    name=person.name,
                )
            )

    def fund(self, people: Sequence[Person], tokens: list[int], spender: str) -> None:
        """Gas money, tokens and an allowance for each person, pipelined."""
        self.fund_accounts([person.account for person in people], tokens, spender)

    def fund_accounts(self, accounts: list[LocalAccount], tokens: list[int], spender: str) -> None:
        """Gas money, `tokens` minted and an unlimited allowance to `spender`, pipelined."""
        token = self.plan.token
        deployer = self.roles.deployer
        hashes = []
        for account, amount in zip(accounts, tokens, strict=True):
            set_balance(self.w3, account.address, GAS_MONEY)
            hashes.append(
                self.send(token.functions.mint(account.address, amount), deployer, 90_000)
            )
        for account in accounts:
            call = token.functions.approve(spender, 2**256 - 1)
            hashes.append(self.send(call, account, 60_000))
        self.wait(hashes)

    def join_all(self, deposits: list[int]) -> None:
        """Every member asks the attestor for an admission and joins with its deposit."""
        pool = self.plan.contract("pool")
        hashes = []
        for member, deposit in zip(self.members, deposits, strict=True):
            signed = actions.admit_member(
                self.attestor, self.plan, member.address, member.id_number, member.name,
                HEALTH_ANSWERS, now=self.now(), ttl=ADMISSION_TTL,
            )  # fmt: skip
            call = actions.join(pool, signed.admission, signed.signature, deposit)
            hashes.append(self.send(call, member.account, 400_000))
        self.wait(hashes)

    def register_witnesses(self, stake: int) -> None:
        self._register(self.witnesses, stake)

    def _register(self, witnesses: Sequence[Person], stake: int) -> None:
        registry = self.plan.contract("witnesses")
        hashes = []
        for witness in witnesses:
            signed = actions.admit_witness(
                self.attestor, self.plan, witness.address, witness.id_number, witness.name,
                now=self.now(), ttl=ADMISSION_TTL,
            )  # fmt: skip
            call = actions.register(registry, signed.admission, signed.signature, stake)
            hashes.append(self.send(call, witness.account, 600_000))
        self.wait(hashes)

    def recruit_witnesses(self, count: int, region: int, stake: int) -> list[Person]:
        """Admit, fund and register `count` more witnesses of `region` (a plan whose witnesses
        were slashed or went silent may not fill a panel otherwise)."""
        on = datetime.fromtimestamp(self.now(), UTC).date()
        ids = SyntheticIdentities(f"{self.seed}/recruits/{len(self.witnesses)}", on=on)
        recruits: list[Person] = []
        for _ in range(count):
            person = ids.person(region=region, ages=(25, 55))
            index = len(self.witnesses) + len(recruits)
            recruits.append(
                Person(
                    account=derived_account(f"witness/{index}", self.seed),
                    region=person.region,
                    id_number=person.id_number,
                    name=person.name,
                )
            )
        self.fund(recruits, [stake] * count, self.plan.contract("witnesses").address)
        self._register(recruits, stake)
        self.witnesses.extend(recruits)
        return recruits

    def witness_account(self, address: str) -> LocalAccount:
        for witness in self.witnesses:
            if witness.address.lower() == address.lower():
                return witness.account
        raise LookupError(f"{address} is not one of the simulated witnesses")
