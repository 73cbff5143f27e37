"""A claim from admission to payout, every step a `lashou` command of the role whose turn it is."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from web3 import Web3

from lashou.chain.params import DAY
from lashou.chain.plan import Plan
from lashou.chain.tx import increase_time
from lashou.identity.synthetic import SyntheticIdentities
from tests.cli.conftest import FAST_KEYS, PASSWORD, Cli, one_sentence, role_key, throwaway_key

pytestmark = pytest.mark.e2e

PATIENT_CITY = 110101  # Beijing; the witnesses live in three other provinces
WITNESS_CITIES = (310101, 440106, 510107)


def chain_day(w3: Web3) -> str:
    return datetime.fromtimestamp(w3.eth.get_block("latest")["timestamp"], UTC).date().isoformat()


def test_story__a_claim_is_filed_witnessed_queued_funded_and_pulled(
    cli: Cli, w3: Web3, plan: Plan, tmp_path: Path
) -> None:
    people = SyntheticIdentities("cli-story", on=datetime.fromisoformat(chain_day(w3)).date())
    alice_id, bob_id = (people.person(region=PATIENT_CITY, ages=(25, 35)) for _ in range(2))
    witness_ids = [people.person(region=city, ages=(25, 55)) for city in WITNESS_CITIES]

    # accounts: alice's password from the environment, bob's typed at hidden prompts
    alice = cli.json("account", "create", "alice", *FAST_KEYS)["address"]
    bob = cli.json("account", "create", "bob", *FAST_KEYS, password=None,
                   input=f"{PASSWORD}\n{PASSWORD}\n")["address"]  # fmt: skip
    listed = cli.json("account", "list")["accounts"]
    assert [(a["name"], a["address"]) for a in listed] == [("alice", alice), ("bob", bob)]
    for address in (alice, bob):
        assert cli.json("dev", "fund", address, "--tokens", "1000")["balance"] == "1000"

    # the attestor admits both; alice joins, tops up, withdraws
    admissions = {}
    for name, person, address in (("alice", alice_id, alice), ("bob", bob_id, bob)):
        admissions[name] = tmp_path / f"{name}.admission.json"
        admission = cli.json(
            "attestor", "admit-member", "--member", address, "--id-number", person.id_number,
            "--name", person.name, "--out", str(admissions[name]), key=role_key("attestor"),
        )  # fmt: skip
        assert admission["kind"] == "member-admission"
        assert admission["message"]["member"] == address and admission["message"]["tier"] == 0
        assert admission["contract"] == plan.deployment.contracts["pool"]
    assert (cli.data_dir / "attestor.pepper").stat().st_mode & 0o777 == 0o600

    joined = cli.json("member", "join", "--admission", str(admissions["alice"]),
                      "--deposit", "100", account="alice")  # fmt: skip
    joined_at = w3.eth.get_block("latest")["timestamp"]
    assert joined["tx"].startswith("0x")
    status = cli.json("member", "status", alice)
    assert status["balance"] == "100" and status["weight"] == 3 and status["tier"] == 0
    assert status["status"] == "active" and status["lapsed"] is False and status["covered"]
    assert status["periods_covered_at_cap"] == 3  # 100 tokens / (weight 3 × cap 10)
    waiting_ends = datetime.fromisoformat(status["waiting_ends"]).timestamp()
    assert waiting_ends == joined_at + 90 * DAY
    assert cli.json("member", "top-up", "50.5", account="alice")["balance"] == "150.5"
    assert cli.json("member", "withdraw", "20.25", account="alice")["balance"] == "130.25"
    assert plan.pool.functions.member(alice).call()[0] == 130_250_000
    cli.run("member", "join", "--admission", str(admissions["bob"]), "--deposit", "200",
            account="bob", password=None, input=f"{PASSWORD}\n")  # fmt: skip

    # three witnesses register
    witnesses = {}
    for i, person in enumerate(witness_ids):
        key, address = throwaway_key(f"story-witness-{i}")
        witnesses[address] = key
        cli.run("dev", "fund", address, "--tokens", "100")
        admission = tmp_path / f"witness-{i}.json"
        cli.run("attestor", "admit-witness", "--witness", address, "--id-number",
                person.id_number, "--name", person.name, "--out", str(admission),
                key=role_key("attestor"))  # fmt: skip
        record = cli.json("witness", "register", "--admission", str(admission), "--stake", "30",
                          key=key)  # fmt: skip
        assert record["active"] is True and record["stake"] == "30"
    assert cli.json("witness", "add-stake", "5.5", key=key)["stake"] == "35.5"

    # the waiting period passes; the keeper settles the periods that fell due meanwhile
    increase_time(w3, 92 * DAY)
    first = cli.json("keeper", "settle", key=role_key("keeper"))
    assert first["period"] == 1 and first["active_weight"] == 6 and first["collected"] == "0"
    caught_up = cli.json("keeper", "run-once", key=role_key("keeper"))["transitions"]
    assert [t["action"] for t in caught_up] == [f"settle period {n}" for n in range(2, 7)]
    assert plan.pool.functions.period().call() == 6

    # a notary attests a severe diagnosis; alice files the claim
    document = tmp_path / "diagnosis.pdf"
    document.write_bytes(b"%PDF severe condition, synthetic")
    today = chain_day(w3)
    diagnosis = cli.json(
        "notary", "attest", "--patient", alice, "--document", str(document),
        "--first-consultation", today, "--diagnosed", today, "--class", "severe",
        key=role_key("notary"),
    )  # fmt: skip
    salt_file = tmp_path / "diagnosis.pdf.diagnosis.salt"
    signed = (tmp_path / "diagnosis.pdf.diagnosis.json").read_text()
    assert salt_file.stat().st_mode & 0o777 == 0o600
    assert salt_file.read_text().strip()[2:] not in signed
    assert diagnosis["message"]["conditionClass"] == 0
    filed = cli.json("member", "claim", "file", "--diagnosis",
                     str(tmp_path / "diagnosis.pdf.diagnosis.json"), account="alice")  # fmt: skip
    claim = str(filed["claim"])
    assert filed["benefit"] == "20"

    # the operator accepts, the keeper draws once the seed block is mined
    accepted = cli.json("operator", "accept", claim, key=role_key("operator"))
    early = cli.run("keeper", "draw", claim, key=role_key("keeper"), code=1)
    assert one_sentence(early) == "Claims.draw_witnesses failed: claims: seed block not mined yet."
    cli.run("dev", "mine", str(accepted["seed_block"] - w3.eth.block_number + 1))
    drawn = cli.json("keeper", "draw", claim, key=role_key("keeper"))
    assert drawn["claim_status"] == "witnessing"
    assert {w["witness"] for w in drawn["witnesses"]} == set(witnesses)

    # each witness sees its assignment and approves with its report's hash
    report = tmp_path / "visit.txt"
    report.write_text("Visited the patient at home; the diagnosis matches.")
    for key in witnesses.values():
        (assignment,) = cli.json("witness", "assignments", key=key)["assignments"]
        assert assignment["claim"] == int(claim) and assignment["to_report"] is True
        reported = cli.json("witness", "report", claim, "--approve", "--report", str(report),
                            key=key)  # fmt: skip
        assert reported["report_hash"] == "0x" + Web3.keccak(report.read_bytes()).hex()
    assert cli.json("member", "claim", "show", claim)["status"] == "notice"

    # the notice ends; the keeper queues the payout, and settlements fund it
    increase_time(w3, 8 * DAY)
    finalized = cli.json("keeper", "run-once", key=role_key("keeper"))["transitions"]
    assert finalized[0]["action"] == f"finalize claim {claim}" and finalized[0]["tx"]
    for _ in range(3):
        if cli.json("member", "claim", "show", claim)["payable"]:
            break
        increase_time(w3, 14 * DAY)
        cli.run("keeper", "run-once", key=role_key("keeper"))
    pulled = cli.json("member", "claim", "pull", claim, account="alice")
    assert pulled["benefit"] == "20" and pulled["refund"] == "130.25"
    # 1000 funded - 100 deposit - 50.5 top-up + 20.25 withdrawn + 20 benefit + 130.25 refund
    assert plan.token.functions.balanceOf(alice).call() == 1_020 * 10**6

    # a witness takes its fee; its stake stays liable for a year after its report
    address, key = next(iter(witnesses.items()))
    assert cli.json("witness", "pull-fees", key=key)["fees"] == "1"
    liable = cli.run("witness", "unstake", key=key, code=1)
    assert one_sentence(liable) == "Witnesses.unstake failed: witnesses: still liable."

    # bob leaves and takes back what the shares left him
    left = cli.json("member", "exit", account="bob")
    assert left["contribution"] == "0"
    pool_holds = plan.token.functions.balanceOf(plan.pool.address).call()
    assert plan.pool.functions.accounted().call() == pool_holds

    # nobody's ID number or name was ever printed
    printed = "\n".join(cli.outputs)
    for person in (alice_id, bob_id, *witness_ids):
        assert person.id_number not in printed and person.name not in printed
