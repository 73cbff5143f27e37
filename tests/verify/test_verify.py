"""`lashou verify` after the 40-member demo: it agrees with an honest index, and names the
field when the index database, or the API in front of it, says something the chain did not."""

from __future__ import annotations

import json

import pytest

from lashou.chain.tx import revert, snapshot
from lashou.verify.check import Replayer, verify

pytestmark = pytest.mark.e2e


def test_verify__agrees_with_an_honest_index_after_the_demo(indexed, run_verify, lived):
    result = run_verify("--database-url", indexed.url)
    assert result.exit_code == 0, result.output
    line = result.output.strip()
    filed = lived.plan.contract("claims").functions.claim_count().call()
    assert (
        line.startswith("verified: ") and f"40 members, {filed} claims, conservation holds" in line
    )
    assert "contracts, index database, 13 index tables row by row)" in line


def test_verify__names_a_tampered_member_balance(indexed, run_verify, lived):
    member = lived.world.members[1].address
    indexed.tamper(f"UPDATE memberships SET balance = balance + 1 WHERE address = '{member}'")
    result = run_verify("--database-url", indexed.url)
    assert result.exit_code == 1
    assert f"member {member} balance" in result.output and "index database" in result.output
    assert "memberships membership_id=" in result.output and " balance " in result.output
    assert "2 difference(s)" in result.output


def test_verify__names_a_tampered_claim_status(indexed, run_verify):
    indexed.tamper("UPDATE claims SET status = 'rejected' WHERE claim_id = 1")
    result = run_verify("--database-url", indexed.url, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["differences"] == [
        {"what": "claim 1 status", "source": "index database", "expected": "paid",
         "found": "rejected"},
        {"what": "claims claim_id=1 status", "source": "index database", "expected": "paid",
         "found": "rejected"},
    ]  # fmt: skip


def test_verify__names_a_tampered_pool_total(indexed, run_verify):
    indexed.tamper("UPDATE pool_state SET reserve = reserve + 7 WHERE id = 1")
    result = run_verify("--database-url", indexed.url, "--json")
    assert result.exit_code == 1
    whats = [d["what"] for d in json.loads(result.stdout)["differences"]]
    assert whats == ["pool reserve", "pool_state id=1 reserve"]


def test_verify__names_a_tampered_witness_stake(indexed, run_verify, lived):
    witness = lived.world.witnesses[0].address
    indexed.tamper(f"UPDATE witnesses SET stake = 0 WHERE address = '{witness}'")
    result = run_verify("--database-url", indexed.url)
    assert result.exit_code == 1 and f"witness {witness} stake" in result.output


def test_verify__an_index_behind_the_chain_is_compared_at_its_checkpoint(
    indexed, run_verify, lived
):
    snap = snapshot(lived.plan.w3)
    try:
        pool = lived.plan.contract("pool")
        member = next(m for m in lived.world.members if _covered(pool, m.address))
        lived.world.transact(pool.functions.top_up(1), member.account)
        result = run_verify("--database-url", indexed.url)
        assert result.exit_code == 0, result.output
    finally:
        revert(lived.plan.w3, snap)
        lived.world.sender.reset()


def test_verify__contracts_only_agree_with_the_events(run_verify):
    result = run_verify("--chain-only")
    assert result.exit_code == 0, result.output
    assert "(block" in result.output and "; contracts)" in result.output


def test_verify__an_api_that_does_not_answer_is_one_sentence(run_verify):
    result = run_verify("--api", "http://127.0.0.1:9")
    assert result.exit_code == 1
    assert "does not answer" in result.output and "pass the right --api" in result.output


def test_replay__member_balances_match_the_pool_member_by_member(lived):
    replay = Replayer(lived.plan).to(lived.plan.w3.eth.block_number)
    pool = lived.plan.contract("pool").functions
    for address, membership in replay.members.items():
        balance, _, status, _, lapsed, _ = pool.member(address).call()
        if status != 0:
            assert replay.balance(membership) == balance
            assert replay.lapsed(membership) == lapsed
    assert sum(1 for a in replay.members if replay.status(a) == "lapsed") > 0


def test_verify__result_agrees_in_process_without_an_index(lived):
    result = verify(lived.plan)
    assert result.ok, result.differences
    filed = lived.plan.contract("claims").functions.claim_count().call()
    assert result.members == 40 and result.claims == filed > 0 and result.sources == ["contracts"]


def _covered(pool, address: str) -> bool:
    _, _, status, _, lapsed, _ = pool.functions.member(address).call()
    return status == 1 and not lapsed
