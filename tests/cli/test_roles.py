"""The operator's review and pause, and governance through the timelock, from the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from web3 import Web3

from lashou.chain.params import DAY, DEFAULT_TIMELOCK_DELAY
from lashou.chain.plan import Plan
from lashou.chain.tx import increase_time
from lashou.identity.synthetic import SyntheticIdentities
from tests.cli.conftest import Cli, join, one_sentence, role_key

pytestmark = pytest.mark.e2e

NEW_NOTARY = "0x000000000000000000000000000000000000bEEF"


def filed_claim(cli: Cli, w3: Web3, tmp_path: Path) -> tuple[str, str]:
    """A member past its waiting period with a claim filed: (member key, claim id)."""
    today = datetime.fromtimestamp(w3.eth.get_block("latest")["timestamp"], UTC).date()
    person = SyntheticIdentities("cli-roles", on=today).person(region=440106, ages=(30, 38))
    key, patient = join(cli, tmp_path, "patient", person, "100")
    increase_time(w3, 92 * DAY)
    day = datetime.fromtimestamp(w3.eth.get_block("latest")["timestamp"], UTC).date().isoformat()
    document = tmp_path / "doc.pdf"
    document.write_bytes(b"synthetic")
    cli.run("notary", "attest", "--patient", patient, "--document", str(document),
            "--first-consultation", day, "--diagnosed", day, "--class", "severe",
            key=role_key("notary"))  # fmt: skip
    diagnosis = str(tmp_path / "doc.pdf.diagnosis.json")
    return key, str(cli.json("member", "claim", "file", "--diagnosis", diagnosis, key=key)["claim"])


def test_operator_reject__only_the_reason_hash_goes_on_chain(
    cli: Cli, w3: Web3, plan: Plan, tmp_path: Path
) -> None:
    key, claim = filed_claim(cli, w3, tmp_path)
    diagnosis = str(tmp_path / "doc.pdf.diagnosis.json")
    reason = "The document's hospital has no record of this patient."
    rejected = cli.json("operator", "reject", claim, "--reason", reason, key=role_key("operator"))
    assert rejected["reason_hash"] == Web3.keccak(text=reason).to_0x_hex()
    (event,) = plan.logs("claims", "ClaimRejected")
    assert event["args"]["reason_hash"] == Web3.keccak(text=reason)
    assert cli.json("member", "claim", "show", claim)["status"] == "rejected"
    again = cli.run("operator", "accept", claim, key=role_key("operator"), code=1)
    assert one_sentence(again) == "Claims.accept_claim failed: claims: claim is not under review."
    reused = cli.run("member", "claim", "file", "--diagnosis", diagnosis, key=key, code=1)
    assert "this attestation was already used" in one_sentence(reused)


def test_keeper_cancel__after_the_patient_left(cli: Cli, w3: Web3, tmp_path: Path) -> None:
    key, claim = filed_claim(cli, w3, tmp_path)
    early = cli.run("keeper", "cancel", claim, key=role_key("keeper"), code=1)
    assert one_sentence(early) == (
        "Claims.cancel failed: claims: patient still holds the membership."
    )
    cli.run("member", "exit", key=key)
    cancelled = cli.json("keeper", "cancel", claim, key=role_key("keeper"))
    assert cancelled["claim_status"] == "cancelled"


def test_keeper_advance__crosses_towards_the_frontier(cli: Cli, plan: Plan) -> None:
    target = plan.pool.functions.target_frontier().call()
    advanced = cli.json("keeper", "advance", "3", key=role_key("keeper"))
    assert advanced["frontier"] == plan.pool.functions.frontier().call() == 3
    assert advanced["target"] == target > 3
    too_many = cli.run("keeper", "advance", "34", key=role_key("keeper"), code=1)
    assert "34 is not in the range 1<=x<=33" in one_sentence(too_many)


def test_operator_pause__then_unpause(cli: Cli, plan: Plan) -> None:
    paused = cli.json("operator", "pause", key=role_key("operator"))
    assert paused["paused_until"] and plan.config.functions.is_paused().call()
    twice = cli.run("operator", "pause", key=role_key("operator"), code=1)
    assert one_sentence(twice) == "Config.pause failed: config: already paused."
    cli.run("operator", "unpause", key=role_key("operator"))
    assert not plan.config.functions.is_paused().call()


def test_operator_pause__only_the_operator(cli: Cli) -> None:
    result = cli.run("operator", "pause", key=role_key("keeper"), code=1)
    assert one_sentence(result) == "Config.pause failed: config: caller is not the operator."


def test_gov__propose_then_execute_after_the_delay(cli: Cli, w3: Web3, plan: Plan) -> None:
    gov = role_key("governance")
    cap = cli.json("gov", "propose", "set-parameter", "cap", "15", key=gov)
    notary = cli.json("gov", "propose", "set-notary", NEW_NOTARY, "--on", key=gov)
    assert cap["change"] == "Config.set_parameter" and notary["change"] == "Config.set_notary"
    early = cli.run("gov", "execute", cap["operation"], key=gov, code=1)
    assert one_sentence(early).endswith("execute it then.")
    assert plan.config.functions.cap().call() == 10 * 10**6

    increase_time(w3, DEFAULT_TIMELOCK_DELAY)
    for op in (cap, notary):  # anyone holding the executor role may run it, knowing the id
        assert cli.json("gov", "execute", op["operation"], key=gov)["tx"].startswith("0x")
    assert plan.config.functions.cap().call() == 15 * 10**6
    assert plan.config.functions.is_notary(NEW_NOTARY).call()
    done = cli.run("gov", "execute", cap["operation"], key=gov, code=1)
    assert one_sentence(done) == (
        f"Operation {cap['operation']} (Config.set_parameter) has already run."
    )


def test_gov__durations_and_unknown_parameters(cli: Cli, plan: Plan) -> None:
    gov = role_key("governance")
    op = cli.json("gov", "propose", "set-parameter", "notice_period", "10d", key=gov)
    op_id = bytes.fromhex(op["operation"][2:])
    (scheduled,) = plan.logs("timelock", "CallScheduled", filters={"id": op_id})
    call = plan.config.decode_function_input(scheduled["args"]["payload"])
    assert call[1] == {"name": "notice_period", "new_value": 10 * DAY}
    unknown = cli.run("gov", "propose", "set-parameter", "premium", "1", key=gov, code=1)
    assert one_sentence(unknown).startswith("'premium' is not a plan parameter: use one of ")
    missing = cli.run("gov", "execute", "0x" + "11" * 32, key=gov, code=1)
    assert one_sentence(missing).startswith("No operation 0x1111")


def test_gov__breaker_floor_in_tokens_and_confirm_period(cli: Cli, plan: Plan) -> None:
    gov = role_key("governance")
    floor = cli.json("gov", "propose", "set-parameter", "breaker_floor", "300", key=gov)
    (scheduled,) = plan.logs(
        "timelock", "CallScheduled", filters={"id": bytes.fromhex(floor["operation"][2:])}
    )
    call = plan.config.decode_function_input(scheduled["args"]["payload"])
    assert call[1] == {"name": "breaker_floor", "new_value": 300 * 10**6}
    confirm = cli.json("gov", "propose", "confirm-period", "7", key=gov)
    assert confirm["change"] == "Config.confirm_period"
    zero = cli.run("gov", "propose", "confirm-period", "0", key=gov, code=1)
    assert "is not in the range" in one_sentence(zero)


def test_gov_propose__would_fail_at_execution(cli: Cli, plan: Plan) -> None:
    scheduled = len(plan.logs("timelock", "CallScheduled"))
    result = cli.run("gov", "propose", "set-parameter", "cap", "25", key=role_key("governance"),
                     code=1)  # fmt: skip
    assert one_sentence(result) == (
        "This change would fail when executed (Config.set_parameter: config: cap may at most"
        " double at once): nothing was scheduled; fix the value and propose again."
    )
    assert len(plan.logs("timelock", "CallScheduled")) == scheduled


def test_gov_propose__simulated_as_the_timelock(cli: Cli) -> None:
    proposed = cli.json("gov", "propose", "set-parameter", "cap", "20", key=role_key("governance"))
    assert proposed["change"] == "Config.set_parameter"
