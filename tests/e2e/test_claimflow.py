"""The demo's claim flow on a real node where a panel cannot be filled at once: a draw that
leaves a slot empty is completed at the next seed block, as the keeper would, and a plan that
has too few witnesses says so instead of playing on with a claim stuck in drawing."""

from __future__ import annotations

import pytest
from web3 import Web3

from lashou import actions
from lashou.chain.deploy import deploy_plan, dev_roles
from lashou.chain.node import LocalNode
from lashou.chain.tx import Sender, increase_time
from lashou.sim.claimflow import DRAW_ROUNDS, SEVERE, ClaimFlow, SimClaim
from lashou.sim.scenario import scaled_terms
from lashou.sim.world import Habit, World

pytestmark = pytest.mark.e2e
CITIES = [440106, 440305]  # Guangzhou and Shenzhen: one province
DAY = 86_400


def test_draw__a_short_panel_is_completed_once_a_witness_joins(node: LocalNode) -> None:
    w3: Web3 = node.web3()
    roles = dev_roles()
    params, benefits = scaled_terms(100)
    plan = deploy_plan(w3, roles, sender=Sender(w3), params=params, benefits=benefits)
    world = World.create(w3, plan, roles, Sender(w3), "lashou-claimflow-tests")
    world.make_people(members=3, witnesses=2, cities=CITIES, habits=[Habit.STEADY])
    deposit = 1_000 * 10**6
    world.fund(world.members, [deposit] * 3, plan.contract("pool").address)
    world.join_all([deposit] * 3)
    stake = params["witness_stake"]
    world.fund(world.witnesses, [stake] * 2, plan.contract("witnesses").address)
    world.register_witnesses(stake)
    increase_time(w3, 91 * DAY)
    flow, claims = ClaimFlow(world), plan.contract("claims")
    claim = SimClaim("two witnesses for a panel of three", world.members[0], SEVERE)
    flow.file(claim)
    flow.review(claim, accept=True)

    with pytest.raises(RuntimeError, match=f"no full panel in {DRAW_ROUNDS} draws"):
        flow.draw(claim)
    assert actions.claim_record(claims, claim.claim_id).status == actions.ClaimStatus.DRAWING
    assert sorted(claim.witnesses.values()) == sorted(w.address for w in world.witnesses)

    (recruit,) = world.recruit_witnesses(1, region=CITIES[1], stake=stake)
    flow.draw(claim)
    assert actions.claim_record(claims, claim.claim_id).status == actions.ClaimStatus.WITNESSING
    assert recruit.address in claim.witnesses.values() and len(claim.witnesses) == 3
