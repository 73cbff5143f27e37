"""The end of a claim: finalize into the payout queue, cancellation, and the whole life's gas."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boa
import pytest
from boa.contracts.vyper.vyper_contract import VyperDeployer
from eth_utils import keccak

from tests.contracts.unit.claims.conftest import (
    BENEFITS,
    CANCELLED,
    CITY,
    PARAMS,
    QUEUED,
    RECENT_HASHES,
    RELEASED,
    World,
    diagnosis,
    events,
    join,
    mine_past_seed,
    now,
    populate,
)
from tests.utils import deployers
from tests.utils.deployers import TOKEN

NOT_OPEN = "claims: claim is not open"


def _to_deadline(claims, claim_id, offset=0):
    boa.env.time_travel(seconds=claims.claim(claim_id).deadline - now() + offset)


def test_finalize__after_the_notice(claims, pool, patient, alice, noticed):
    claim_id, _ = noticed()
    benefit = claims.claim(claim_id).benefit
    _to_deadline(claims, claim_id)
    with boa.env.prank(alice):
        claims.finalize(claim_id)

    (log,) = events(claims, "ClaimQueued")
    assert (log.claim_id, log.patient, log.benefit) == (claim_id, patient, benefit)
    assert claims.claim(claim_id).status == QUEUED
    assert claims.open_claim_of(patient) == 0
    payout = pool.payouts(claim_id)
    assert (payout.patient, payout.amount, payout.paid) == (patient, benefit, False)
    assert pool.pending_notice() == 0
    assert pool.queued_total() == benefit


def test_finalize__before_the_notice_ends(claims, noticed):
    claim_id, _ = noticed()
    _to_deadline(claims, claim_id, -1)
    with boa.reverts("claims: notice period not over"):
        claims.finalize(claim_id)


def test_finalize__not_under_notice(claims, drawn):
    claim_id, _ = drawn()
    with boa.reverts("claims: claim is not under notice"):
        claims.finalize(claim_id)


def test_finalize__twice(claims, noticed):
    claim_id, _ = noticed()
    _to_deadline(claims, claim_id)
    claims.finalize(claim_id)
    with boa.reverts("claims: claim is not under notice"):
        claims.finalize(claim_id)


def test_finalize__patient_left(claims, pool, patient, noticed):
    claim_id, _ = noticed()
    _to_deadline(claims, claim_id)
    with boa.env.prank(patient):
        pool.exit()
    with boa.reverts("claims: patient left the plan: cancel the claim"):
        claims.finalize(claim_id)


def _exit(pool, patient):
    with boa.env.prank(patient):
        pool.exit()


def test_cancel__filed_claim_of_an_exited_patient(claims, pool, patient, alice, file):
    claim_id = file()
    _exit(pool, patient)
    with boa.env.prank(alice):
        claims.cancel(claim_id)
    (log,) = events(claims, "ClaimCancelled")
    assert (log.claim_id, log.patient) == (claim_id, patient)
    assert claims.claim(claim_id).status == CANCELLED
    assert claims.open_claim_of(patient) == 0


def test_cancel__while_the_patient_is_a_member(claims, file):
    claim_id = file()
    with boa.reverts("claims: patient still holds the membership"):
        claims.cancel(claim_id)


def test_cancel__pending_draw(claims, pool, patient, accepted):
    claim_id = accepted()
    _exit(pool, patient)
    claims.cancel(claim_id)
    c = claims.claim(claim_id)
    assert (c.status, c.seed_block) == (CANCELLED, 0)
    with boa.reverts("claims: claim is not drawing witnesses"):
        mine_past_seed(claims, claim_id)
        claims.draw_witnesses(claim_id)


def test_cancel__releases_unreported_witnesses(claims, plan, pool, registry, patient, drawn):
    claim_id, panel = drawn()
    with boa.env.prank(panel[0]):
        claims.report(claim_id, True, b"\x01" * 32)
    _exit(pool, patient)
    claims.cancel(claim_id)

    dismissed = events(claims, "WitnessDismissed")
    assert [(log.slot, log.witness) for log in dismissed] == [(1, panel[1]), (2, panel[2])]
    assert [claims.slot(claim_id, i).verdict for i in (1, 2)] == [RELEASED, RELEASED]
    assert [registry.witness(w).locked_bonds for w in panel] == [0, 0, 0]
    # the reporter keeps its fee; the others get none and forfeit nothing
    assert [pool.fee_owed(w) for w in panel] == [plan.param("witness_fee"), 0, 0]
    assert all(registry.witness(w).stake == plan.param("witness_stake") for w in panel)
    # only the reporter answers for what it certified; the others were let go free of liability
    assert registry.witness(panel[0]).liable_until > 0
    assert [registry.witness(w).liable_until for w in panel[1:]] == [0, 0]


def test_cancel__in_arbitration(claims, pool, patient, drawn):
    claim_id, panel = drawn()
    with boa.env.prank(panel[0]):
        claims.report(claim_id, False, b"\x01" * 32)
    _exit(pool, patient)
    claims.cancel(claim_id)
    assert claims.claim(claim_id).status == CANCELLED
    assert events(claims, "WitnessDismissed") == []  # already let go on entering arbitration


def test_cancel__under_notice(claims, pool, patient, noticed):
    claim_id, _ = noticed()
    assert pool.pending_notice() > 0
    _exit(pool, patient)
    claims.cancel(claim_id)
    assert pool.pending_notice() == 0
    assert claims.claim(claim_id).status == CANCELLED


def test_cancel__patient_joined_again(claims, plan, pool, patient, file):
    claim_id = file()
    _exit(pool, patient)
    join(plan, patient, 1, tier=1, region=CITY, amount=100 * TOKEN)  # a new membership
    claims.cancel(claim_id)
    assert claims.claim(claim_id).status == CANCELLED


def test_cancel__queued_claim(claims, pool, patient, noticed):
    claim_id, _ = noticed()
    _to_deadline(claims, claim_id)
    claims.finalize(claim_id)
    with boa.reverts(NOT_OPEN):
        claims.cancel(claim_id)


def test_cancel__rejected_or_unknown_claim(claims, pool, operator, patient, file):
    claim_id = file()
    with boa.env.prank(operator):
        claims.reject_claim(claim_id, b"\x01" * 32)
    _exit(pool, patient)
    for unknown in (claim_id, claim_id + 1):
        with boa.reverts(NOT_OPEN):
            claims.cancel(unknown)


class _GasLog:
    """Gas of each transaction as a chain would charge it.

    titanoboa keeps every slot warm and never commits storage between calls, so the
    measurement runs in its own environment and locks the state after every transaction: each
    one starts cold, with its original storage values, as on a real chain. Counted: execution,
    the 21,000 base and calldata, less the refund (at most a fifth of the total).
    """

    def __init__(self) -> None:
        self.steps: list[tuple[str, int]] = []

    def call(self, label: str, fn: Any, *args: Any, sender: str) -> Any:
        calldata = fn.prepare_calldata(*args)
        intrinsic = 21_000 + sum(16 if b else 4 for b in calldata)
        boa.env.evm.vm.state.lock_changes()
        boa.env.reset_gas_used()
        with boa.env.prank(sender):
            result = fn(*args)
        computation = fn.contract._computation
        used = boa.env.get_gas_used() + intrinsic
        self.steps.append((label, used - min(computation.get_gas_refund(), used // 5)))
        boa.env.evm.vm.state.lock_changes()
        return result

    def print(self, title: str) -> None:
        print(f"\n{title}, gas per transaction:")
        for label, gas in self.steps:
            print(f"  {label:<16} {gas:>10,}")
        print(f"  {'total':<16} {sum(g for _, g in self.steps):>10,}")


@contextmanager
def _fresh_world(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """The same plan and people, deployed again in an environment of their own.

    Entered inside the test: titanoboa's test plugin anchors the environment current when
    the test starts, and these anchors would not survive the locks.
    """
    p = world.plan
    compiled = {
        name: VyperDeployer(contract.compiler_data, filename=contract.filename)
        for name, contract in (
            ("DevToken", p.token),
            ("Config", p.config),
            ("Pool", p.pool),
            ("Witnesses", p.witnesses),
            ("Claims", p.claims),
            ("Disputes", p.disputes),
        )
        if contract is not None
    }
    monkeypatch.setattr(deployers, "load", lambda name, *args: compiled[name].deploy(*args))
    with boa.swap_env(boa.Env()):
        boa.env.evm.patch.prev_hashes = RECENT_HASHES
        yield populate(deployers.deploy_plan(params=PARAMS, benefits=BENEFITS))


def test_lifecycle__filing_to_pulled_payout(world, monkeypatch):
    """The whole life of a claim, twice: the first of a new plan, then one in a running plan
    (its counters already non-zero, as they are after the first claims)."""
    with _fresh_world(world, monkeypatch) as fresh:
        first = _filing_to_pulled_payout(fresh, fresh.patient)
        first.print("first claim of a new plan")
        running = _filing_to_pulled_payout(fresh, fresh.other_patient)
        running.print("a claim in a running plan")


def _filing_to_pulled_payout(fresh: World, patient: str) -> _GasLog:
    plan = fresh.plan
    claims, pool, token = plan.claims, plan.pool, plan.token
    keeper = boa.env.generate_address("keeper")
    gas = _GasLog()
    fields, sig = diagnosis(plan, patient, document=keccak(patient.encode()))
    claim_id = gas.call("file_claim", claims.file_claim, *fields, sig, sender=patient)
    gas.call("accept_claim", claims.accept_claim, claim_id, sender=plan.operator)
    mine_past_seed(claims, claim_id)
    gas.call("draw_witnesses", claims.draw_witnesses, claim_id, sender=keeper)
    panel = [str(claims.slot(claim_id, i).witness) for i in range(3)]
    for i, witness in enumerate(panel):
        gas.call(f"report {i}", claims.report, claim_id, True, b"\xab" * 32, sender=witness)
    _to_deadline(claims, claim_id)
    gas.call("finalize", claims.finalize, claim_id, sender=keeper)
    benefit = claims.claim(claim_id).benefit
    refund = pool.member(patient)[0]
    gas.call("settle", pool.settle, sender=keeper)
    before = token.balanceOf(patient)
    gas.call("pull_payout", pool.pull_payout, claim_id, sender=patient)

    assert token.balanceOf(patient) - before == benefit + refund
    assert pool.payouts(claim_id).paid
    assert claims.claim(claim_id).status == QUEUED
    assert pool.accounted() == token.balanceOf(pool.address)
    # the witnesses' fees were funded by the same settlement
    owed = pool.fee_owed(panel[0])
    assert owed >= plan.param("witness_fee")
    with boa.env.prank(panel[0]):
        pool.pull_fees()
    assert pool.fee_owed(panel[0]) == 0
    return gas


def test_lifecycle__payout_not_pullable_before_a_settlement(claims, pool, patient, noticed):
    claim_id, _ = noticed()
    _to_deadline(claims, claim_id)
    claims.finalize(claim_id)
    with boa.env.prank(patient), boa.reverts("pool: payout not funded yet: wait for a settlement"):
        pool.pull_payout(claim_id)
