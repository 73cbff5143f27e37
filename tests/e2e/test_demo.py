"""The main job end to end: a smaller demo on a real anvil node, through the real contracts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lashou.cli import main

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def report() -> dict:
    result = CliRunner().invoke(main, ["demo", "--members", "40", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_demo__books_balance_to_the_last_base_unit(report):
    assert report["conserved"] is True
    assert [c["ok"] for c in report["checks"]] == [True] * 4


def test_demo__every_accepted_claim_is_paid_and_the_refused_one_is_not(report):
    outcomes = {c["story"]: c["outcome"] for c in report["claims"]}
    assert outcomes.pop("rejected at platform review") == "rejected at review"
    assert set(outcomes.values()) == {"paid"}
    for claim in report["claims"]:
        if claim["outcome"] == "paid":
            paid = [tx for step, tx in claim["steps"] if step == "paid"]
            assert len(paid) == 1 and paid[0].startswith("0x") and len(paid[0]) == 66


def test_demo__arbitration_and_replacement_happened(report):
    steps = {c["story"]: [s for s, _ in c["steps"]] for c in report["claims"]}
    assert "slot 2 rejected" in steps["a witness rejects, the operator arbitrates"]
    assert "arbitrated" in steps["a witness rejects, the operator arbitrates"]
    assert "slot 2 silent witness replaced" in steps["a witness stays silent and is replaced"]
    assert report["witnesses"]["silent_replaced"] == 1


def test_demo__members_lapse_exit_and_leave_after_payout(report):
    m = report["members"]
    assert m["joined"] == 40
    assert m["lapsed"] > 0 and m["exited"] > 0 and m["paid_and_left"] == 5
    assert m["active"] + m["lapsed"] + m["exited"] + m["paid_and_left"] == 40


def test_demo__at_least_three_settlements_shared_a_cost_within_the_cap(report):
    shares = [p["share"] for p in report["periods"]]
    assert sum(1 for s in shares if s > 0) >= 3
    assert max(shares) <= 10 * 10**6
