"""An index rebuilt from zero on a node restarted from its saved state: the node has the plan's
blocks, transactions and logs but no state of old blocks, and governance changed the rules after
the plan began, so the starting parameters must come from what survives, not from today's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from web3 import Web3
from web3.exceptions import Web3Exception

from lashou import keeper
from lashou.chain.deploy import dev_roles
from lashou.chain.governance import enact
from lashou.chain.node import LocalNode, start_node
from lashou.chain.plan import Deployment, Plan
from lashou.cli import main
from lashou.indexer import models as m
from lashou.indexer.db import open_database
from lashou.indexer.follow import Indexer
from lashou.indexer.seed import PARAMETERS
from lashou.sim.scenario import Demo, DemoOptions
from tests.indexer.conftest import dump

pytestmark = pytest.mark.e2e


@dataclass
class Restarted:
    node: LocalNode
    w3: Web3
    deployment: Deployment
    before: Engine  # the index built before the restart
    seed_views: dict[str, int]  # Config's views at its creation block, read before the restart
    changed: dict[str, int]  # what governance changed after the plan began


def _state(engine: Engine) -> m.SyncState:
    with Session(engine) as s:
        state = s.get(m.SyncState, 1)
        assert state is not None
        return state


@pytest.fixture(scope="module")
def restarted(tmp_path_factory: pytest.TempPathFactory, anvil: Path) -> Iterator[Restarted]:
    """A small demo with a change of cap and of tier 0 after it, indexed, then the node
    stopped and started again from its state file."""
    data_dir = tmp_path_factory.mktemp("restart")
    roles = dev_roles()
    with start_node(data_dir, anvil=anvil) as first:
        w3 = first.web3()
        demo = Demo(w3, roles, DemoOptions(members=20, witnesses=12), lambda *_: None)
        demo.run()
        plan, world = demo.world.plan, demo.world
        cap = int(plan.config.functions.cap().call())
        benefit, weight = plan.config.functions.tier_benefit(0).call(), 3
        enact(plan, world.sender, roles.governance, [
            plan.config.functions.set_parameter("cap", 2 * cap),
            plan.config.functions.set_tier(0, 2 * benefit, weight),
        ])  # fmt: skip
        keeper.run_once(plan, world.sender, roles.keeper, limit=50)  # a settlement at the new cap
        before = open_database(url=f"sqlite:///{data_dir / 'before.sqlite'}")
        Indexer(w3, plan.deployment, engine=before).run_once()
        block = json.loads(_state(before).seed)["block"]
        config = plan.config.functions
        seed_views = {
            name: int(getattr(config, name)().call(block_identifier=block)) for name in PARAMETERS
        }
        seed_views["tier 0 benefit"] = int(config.tier_benefit(0).call(block_identifier=block))
    with start_node(data_dir, anvil=anvil) as node:
        w3 = node.web3()
        yield Restarted(node, w3, plan.deployment, before, seed_views,
                        {"cap": 2 * cap, "tier 0 benefit": 2 * benefit})  # fmt: skip
        before.dispose()


def test_restarted_node__has_no_state_of_the_blocks_the_plan_began_in(restarted):
    """The premise: what the index used to read is gone after a restart."""
    config = Plan(restarted.w3, restarted.deployment).config
    with pytest.raises(Web3Exception, match="BlockOutOfRange"):
        config.functions.cap().call(block_identifier=restarted.deployment.block + 2)


def test_catch_up__from_zero_after_a_restart_equals_the_index_built_before(restarted, tmp_path):
    after = open_database(url=f"sqlite:///{tmp_path / 'after.sqlite'}")
    result = Indexer(restarted.w3, restarted.deployment, engine=after).run_once()
    assert result.checkpoint == _state(restarted.before).block_number
    assert dump(after) == dump(restarted.before)
    assert _state(after).seed == _state(restarted.before).seed


def test_seed__the_parameters_the_plan_began_with_not_todays(restarted, tmp_path):
    engine = open_database(url=f"sqlite:///{tmp_path / 'index.sqlite'}")
    Indexer(restarted.w3, restarted.deployment, engine=engine).run_once()
    seed = json.loads(_state(engine).seed)
    began = {**seed["parameters"], "tier 0 benefit": seed["tiers"]["0"][0]}
    assert began == restarted.seed_views
    with Session(engine) as s:
        now = {p.name: p.value for p in s.scalars(select(m.Parameter))}
        tier = s.get(m.Tier, 0)
        assert tier is not None
    assert {"cap": now["cap"], "tier 0 benefit": tier.benefit} == restarted.changed
    assert began["cap"] != restarted.changed["cap"]


def test_index_command__from_zero_on_a_restarted_node(restarted, tmp_path):
    restarted.deployment.save(tmp_path / "deployment.json")
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    args = ["--rpc-url", restarted.node.url, "--data-dir", str(tmp_path), "index", "--json",
            "--database-url", url]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["checkpoint"] == restarted.w3.eth.block_number
