"""Supervisors object and report fraud, the operator rules and records recoveries, anyone
expires a case: every dispute command, its success beside its failure, on a real node.

The module's claim (benefit 20, severe, tier 0) is approved by three witnesses staking 30 with
a bond of 10, so a fraud ruling slashes 30; the objection stake is 1 and the reward ratio 10 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from web3 import Web3

from lashou.chain.node import LocalNode
from lashou.chain.params import DAY
from lashou.chain.plan import Plan
from lashou.chain.tx import increase_time
from lashou.identity.synthetic import SyntheticIdentities
from tests.cli.conftest import Cli, join, one_sentence, register, role_key, throwaway_key

pytestmark = pytest.mark.e2e

TOKEN = 10**6
STAKE, BOND, BENEFIT, REWARD_BPS = 1 * TOKEN, 10 * TOKEN, 20 * TOKEN, 1_000
WITNESS_CITIES = (310101, 440106, 510107)
OPERATOR, KEEPER = role_key("operator"), role_key("keeper")


@dataclass(frozen=True)
class Notice:
    """A claim under public notice, approved by three witnesses, and a funded supervisor."""

    claim: str
    patient_key: str
    witness_keys: tuple[str, ...]
    supervisor_key: str
    supervisor: str
    evidence: Path


def chain_day(w3: Web3) -> str:
    return datetime.fromtimestamp(w3.eth.get_block("latest")["timestamp"], UTC).date().isoformat()


@pytest.fixture(scope="module")
def notice(
    node: LocalNode, deployment: Path, w3: Web3, tmp_path_factory: pytest.TempPathFactory
) -> Notice:
    folder = tmp_path_factory.mktemp("disputes")
    cli = Cli(node.url, folder / "data", deployment)
    people = SyntheticIdentities("cli-disputes", on=datetime.fromisoformat(chain_day(w3)).date())
    patient_key, patient = join(cli, folder, "patient", people.person(region=110101), "100")
    join(cli, folder, "payer", people.person(region=110101), "100")  # pays once the patient is out
    witness_keys = tuple(
        register(cli, folder, f"witness-{i}", people.person(region=city), "30")[0]
        for i, city in enumerate(WITNESS_CITIES)
    )
    increase_time(w3, 92 * DAY)
    cli.run("keeper", "run-once", key=KEEPER)  # the periods that fell due meanwhile
    document = folder / "doc.pdf"
    document.write_bytes(b"synthetic severe condition")
    day = chain_day(w3)
    cli.run("notary", "attest", "--patient", patient, "--document", str(document),
            "--first-consultation", day, "--diagnosed", day, "--class", "severe",
            key=role_key("notary"))  # fmt: skip
    filed = cli.json("member", "claim", "file", "--diagnosis", f"{document}.diagnosis.json",
                     key=patient_key)  # fmt: skip
    assert filed["benefit"] == "20"
    claim = str(filed["claim"])
    seed_block = cli.json("operator", "accept", claim, key=OPERATOR)["seed_block"]
    cli.run("dev", "mine", str(seed_block - w3.eth.block_number + 1))
    cli.run("keeper", "draw", claim, key=KEEPER)
    visit = folder / "visit.txt"
    visit.write_text("Visited; the diagnosis matches.")
    for key in witness_keys:
        cli.run("witness", "report", claim, "--approve", "--report", str(visit), key=key)
    assert cli.json("member", "claim", "show", claim)["status"] == "notice"
    supervisor_key, supervisor = throwaway_key("supervisor")
    cli.run("dev", "fund", supervisor, "--tokens", "10")
    evidence = folder / "evidence.txt"
    evidence.write_text("The patient ran a marathon the day after the diagnosis.")
    return Notice(claim, patient_key, witness_keys, supervisor_key, supervisor, evidence)


def token_balance(plan: Plan, address: str) -> int:
    return int(plan.token.functions.balanceOf(address).call())


def object_(cli: Cli, notice: Notice) -> None:
    cli.run("supervisor", "object", notice.claim, "--evidence", str(notice.evidence),
            key=notice.supervisor_key)  # fmt: skip


def paid_claim(cli: Cli, w3: Web3, notice: Notice) -> None:
    """The notice passes without objection; settlements fund the claim and it is pulled."""
    increase_time(w3, 8 * DAY)
    for _ in range(4):
        cli.run("keeper", "run-once", key=KEEPER)
        if cli.json("member", "claim", "show", notice.claim)["payable"]:
            break
        increase_time(w3, 14 * DAY)
    cli.run("member", "claim", "pull", notice.claim, key=notice.patient_key)


# -- supervisor object -----------------------------------------------------------------------


def test_object__stakes_and_disputes_the_claim(cli: Cli, plan: Plan, notice: Notice) -> None:
    before = token_balance(plan, notice.supervisor)
    result = cli.run("supervisor", "object", notice.claim, "--evidence", str(notice.evidence),
                     key=notice.supervisor_key)  # fmt: skip
    line = result.stdout.strip()
    assert line.startswith(f"Objected to claim {notice.claim} with a stake of 1 tUSD (case 1,")
    (event,) = plan.logs("disputes", "ObjectionRaised")
    assert line.endswith(f"transaction {event['transactionHash'].to_0x_hex()}).")
    assert event["args"]["evidence_hash"] == Web3.keccak(notice.evidence.read_bytes())
    assert token_balance(plan, notice.supervisor) == before - STAKE
    assert cli.json("member", "claim", "show", notice.claim)["status"] == "disputed"
    shown = cli.json("dispute", "show", notice.claim)
    assert shown["outcome"] == "open" and shown["stakes"] == "1" and shown["supervisors"] == 1


def test_object__after_the_notice_period(cli: Cli, w3: Web3, notice: Notice) -> None:
    increase_time(w3, 8 * DAY)
    result = cli.run("supervisor", "object", notice.claim, "--evidence", "0x" + "ab" * 32,
                     key=notice.supervisor_key, code=1)  # fmt: skip
    assert one_sentence(result) == "Disputes.object failed: disputes: notice period over."


def test_object__by_an_approving_witness(cli: Cli, plan: Plan, notice: Notice) -> None:
    witness = notice.witness_keys[0]
    result = cli.run("supervisor", "object", notice.claim, "--evidence", str(notice.evidence),
                     key=witness, code=1)  # fmt: skip
    assert one_sentence(result) == (
        "Disputes.object failed: disputes: an approving witness may not supervise the claim."
    )
    assert not plan.logs("disputes", "ObjectionRaised")


def test_object__evidence_neither_file_nor_hash(cli: Cli, notice: Notice) -> None:
    result = cli.run("supervisor", "object", notice.claim, "--evidence", "0x1234",
                     key=notice.supervisor_key, code=1)  # fmt: skip
    assert one_sentence(result) == (
        "'0x1234' is neither a file nor a 32-byte hash: give the evidence file or its"
        " keccak-256 hash (0x and 64 hex digits)."
    )


def test_object__without_the_stake(cli: Cli, notice: Notice) -> None:
    key, address = throwaway_key("penniless-supervisor")
    cli.run("dev", "fund", address, "--tokens", "0")
    result = cli.run("supervisor", "object", notice.claim, "--evidence", str(notice.evidence),
                     key=key, code=1)  # fmt: skip
    assert one_sentence(result) == (
        f"Account {address} holds 0 tUSD, less than the 1 tUSD needed: get more tUSD first."
    )


# -- operator rule, supervisor cases and withdraw -------------------------------------------


def test_rule_fraud__slashes_the_witnesses_and_rewards_the_supervisor(
    cli: Cli, plan: Plan, notice: Notice, tmp_path: Path
) -> None:
    object_(cli, notice)
    reserve = int(plan.pool.functions.reserve().call())
    ruling = tmp_path / "ruling.txt"
    ruling.write_text("The hospital never admitted the patient.")
    ruled = cli.json("operator", "rule", notice.claim, "fraud", "--ruling", str(ruling),
                     key=OPERATOR)  # fmt: skip
    slashed = 3 * BOND
    reward = min(BENEFIT * REWARD_BPS // 10_000, slashed)
    assert ruled["slashed"] == str(slashed // TOKEN) and ruled["reward"] == str(reward // TOKEN)
    assert ruled["to_reserve"] == str((slashed - reward) // TOKEN) and ruled["fee"] == "0"
    assert ruled["ruling_hash"] == Web3.keccak(ruling.read_bytes()).to_0x_hex()
    assert int(plan.pool.functions.reserve().call()) == reserve + slashed - reward
    assert cli.json("member", "claim", "show", notice.claim)["status"] == "rejected"

    (row,) = cli.json("supervisor", "cases", notice.supervisor)["cases"]
    assert row["outcome"] == "fraud confirmed"
    assert row["to_withdraw"] == str((STAKE + reward) // TOKEN)
    before = token_balance(plan, notice.supervisor)
    line = cli.run("supervisor", "withdraw", notice.claim, key=notice.supervisor_key).stdout
    assert line.startswith(f"Withdrew 1 tUSD of stake and 2 tUSD of reward on claim {notice.claim}")
    assert token_balance(plan, notice.supervisor) == before + STAKE + reward
    disputes = plan.contract("disputes").address
    assert token_balance(plan, disputes) == plan.contract("disputes").functions.accounted().call()
    assert token_balance(plan, disputes) == 0
    again = cli.run("supervisor", "withdraw", notice.claim, key=notice.supervisor_key, code=1)
    assert one_sentence(again) == "Disputes.withdraw failed: disputes: nothing to withdraw."


def test_rule__only_the_operator(cli: Cli, notice: Notice) -> None:
    object_(cli, notice)
    result = cli.run("operator", "rule", notice.claim, "fraud", "--ruling", "0x" + "11" * 32,
                     key=KEEPER, code=1)  # fmt: skip
    assert one_sentence(result) == "Disputes.rule failed: disputes: caller is not the operator."


def test_rule_dismissed__the_stake_is_the_operators_fee(
    cli: Cli, plan: Plan, notice: Notice
) -> None:
    object_(cli, notice)
    line = cli.run("operator", "rule", notice.claim, "dismissed", "--ruling", "0x" + "22" * 32,
                   key=OPERATOR).stdout  # fmt: skip
    assert line.startswith(
        f"Case on claim {notice.claim} dismissed: the supervisors' 1 tUSD of stakes are the"
        " investigation fee"
    )
    assert cli.json("member", "claim", "show", notice.claim)["status"] == "queued"
    forfeited = cli.run("supervisor", "withdraw", notice.claim, key=notice.supervisor_key, code=1)
    assert one_sentence(forfeited) == (
        "Disputes.withdraw failed: disputes: stake forfeited: the case was dismissed."
    )
    operator = plan.deployment.roles["operator"]
    before = token_balance(plan, operator)
    collected = cli.json("operator", "collect-fees", key=OPERATOR)
    assert collected["fees"] == "1" and token_balance(plan, operator) == before + STAKE


def test_collect_fees__none_owed(cli: Cli) -> None:
    result = cli.run("operator", "collect-fees", key=OPERATOR, code=1)
    assert one_sentence(result) == "Disputes.collect_fees failed: disputes: no fees owed."


def test_supervisor_cases__none(cli: Cli, notice: Notice) -> None:
    assert cli.json("supervisor", "cases", notice.supervisor)["cases"] == []
    assert cli.run("supervisor", "cases", notice.supervisor).stdout.endswith("cases: none\n")


# -- dispute expire --------------------------------------------------------------------------


def test_dispute_expire__after_the_ruling_deadline(
    cli: Cli, w3: Web3, plan: Plan, notice: Notice
) -> None:
    object_(cli, notice)
    increase_time(w3, 30 * DAY)
    expired = cli.json("dispute", "expire", notice.claim, key=KEEPER)
    assert expired["refunded"] == "1" and expired["claim_status"] == "queued"
    before = token_balance(plan, notice.supervisor)
    withdrawn = cli.json("supervisor", "withdraw", notice.claim, key=notice.supervisor_key)
    assert withdrawn["stake"] == "1" and withdrawn["reward"] == "0"
    assert token_balance(plan, notice.supervisor) == before + STAKE


def test_dispute_expire__before_the_ruling_deadline(cli: Cli, notice: Notice) -> None:
    object_(cli, notice)
    result = cli.run("dispute", "expire", notice.claim, key=KEEPER, code=1)
    assert one_sentence(result) == "Disputes.expire failed: disputes: ruling deadline not passed."


def test_dispute_show__no_case(cli: Cli, notice: Notice) -> None:
    result = cli.run("dispute", "show", notice.claim, code=1)
    assert one_sentence(result) == (
        f"Claim {notice.claim} has no dispute case: nobody objected or reported."
    )


# -- supervisor report, operator record-recovery ---------------------------------------------


def test_report__after_payout_then_recovery_goes_to_the_reward_then_the_reserve(
    cli: Cli, w3: Web3, plan: Plan, notice: Notice
) -> None:
    paid_claim(cli, w3, notice)
    reported = cli.json("supervisor", "report", notice.claim, "--evidence", str(notice.evidence),
                        key=notice.supervisor_key)  # fmt: skip
    assert reported["case"] == 1 and reported["stake"] == "1"
    ruled = cli.json("operator", "rule", notice.claim, "fraud", "--ruling", "0x" + "33" * 32,
                     key=OPERATOR)  # fmt: skip
    target, slashed = BENEFIT * REWARD_BPS // 10_000, 3 * BOND
    assert ruled["slashed"] == "30" and ruled["reward"] == str(min(target, slashed) // TOKEN)

    operator = plan.deployment.roles["operator"]
    cli.run("dev", "fund", operator, "--tokens", "5")
    reserve = int(plan.pool.functions.reserve().call())
    recovered = cli.json("operator", "record-recovery", notice.claim, "4.5", key=OPERATOR)
    to_reward = min(4_500_000, target - min(target, slashed))
    assert recovered["to_reward"] == str(to_reward) and recovered["amount"] == "4.5"
    assert int(plan.pool.functions.reserve().call()) == reserve + 4_500_000 - to_reward


def test_report__while_the_claim_is_under_notice(cli: Cli, notice: Notice) -> None:
    result = cli.run("supervisor", "report", notice.claim, "--evidence", str(notice.evidence),
                     key=notice.supervisor_key, code=1)  # fmt: skip
    assert one_sentence(result) == (
        "Disputes.report_fraud failed: disputes: claim is not queued or paid."
    )


def test_record_recovery__fraud_not_confirmed(cli: Cli, notice: Notice) -> None:
    result = cli.run("operator", "record-recovery", notice.claim, "1", key=OPERATOR, code=1)
    assert one_sentence(result) == (
        "Disputes.record_recovery failed: disputes: fraud not confirmed on this claim."
    )


def test_record_recovery__zero(cli: Cli, notice: Notice) -> None:
    result = cli.run("operator", "record-recovery", notice.claim, "0", key=OPERATOR, code=1)
    assert one_sentence(result) == "Nothing to record: give the amount recovered, above 0."


def test_object__empty_evidence_file(cli: Cli, notice: Notice, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = cli.run("supervisor", "object", notice.claim, "--evidence", str(empty),
                     key=notice.supervisor_key, code=1)  # fmt: skip
    assert one_sentence(result) == (
        f"'{empty}' is empty: give the evidence file itself, not an empty one."
    )


def test_object__claim_id_beyond_a_uint256(cli: Cli, notice: Notice) -> None:
    result = cli.run("supervisor", "object", str(2**256), "--evidence", str(notice.evidence),
                     key=notice.supervisor_key, code=1)  # fmt: skip
    assert "is not in the range" in one_sentence(result)


def test_dispute_show__no_such_claim(cli: Cli, notice: Notice) -> None:
    result = cli.run("dispute", "show", "999", code=1)
    assert (
        one_sentence(result) == "There is no claim 999: check the id (claims are numbered from 1)."
    )
