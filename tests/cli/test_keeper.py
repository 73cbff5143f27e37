"""`lashou keeper run-once` finds what is due from events and moves it on: a review the
operator left silent, a seed block that is mined, a witness that stayed silent."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from web3 import Web3

from lashou.chain.params import DAY
from lashou.chain.plan import Plan
from lashou.chain.tx import increase_time, mine
from lashou.identity.synthetic import SyntheticIdentities
from tests.cli.conftest import Cli, join, one_sentence, register, role_key

pytestmark = pytest.mark.e2e


def actions_of(cli: Cli) -> list[str]:
    done = cli.json("keeper", "run-once", key=role_key("keeper"))["transitions"]
    assert all(t["tx"] and not t["error"] for t in done), done
    return [t["action"] for t in done if not t["action"].startswith("settle period")]


def test_run_once__nothing_due(cli: Cli) -> None:
    assert cli.run("keeper", "run-once", key=role_key("keeper")).stdout == "Nothing is due.\n"


def test_run_once__moves_silent_review_seed_block_and_silent_witness_on_then_arbitration(
    cli: Cli, w3: Web3, plan: Plan, tmp_path: Path
) -> None:
    today = datetime.fromtimestamp(w3.eth.get_block("latest")["timestamp"], UTC).date()
    people = SyntheticIdentities("cli-keeper", on=today)
    person = people.person(region=110101, ages=(41, 55))
    patient_key, patient = join(cli, tmp_path, "patient", person, "50")
    key_of = {}
    for i, city in enumerate((310101, 310115, 440106, 510107)):
        key, address = register(cli, tmp_path, f"w{i}", people.person(region=city), "30")
        key_of[address] = key
    assert actions_of(cli) == []  # nothing is due yet

    increase_time(w3, 92 * DAY)
    day = datetime.fromtimestamp(w3.eth.get_block("latest")["timestamp"], UTC).date().isoformat()
    document = tmp_path / "doc.pdf"
    document.write_bytes(b"synthetic mild condition")
    cli.run("notary", "attest", "--patient", patient, "--document", str(document),
            "--first-consultation", day, "--diagnosed", day, "--class", "mild",
            "--out", str(tmp_path / "diagnosis.json"), key=role_key("notary"))  # fmt: skip
    filed = cli.json("member", "claim", "file", "--diagnosis", str(tmp_path / "diagnosis.json"),
                     key=patient_key)  # fmt: skip
    claim = filed["claim"]
    assert filed["benefit"] == "2"  # tier 1 benefit 10, mild 20 %

    increase_time(w3, 14 * DAY)  # the operator stays silent through the review period
    assert actions_of(cli) == [f"skip the silent review of claim {claim}"]
    mine(w3, int(plan.config.functions.seed_delay().call()) + 1)
    assert actions_of(cli) == [f"draw the witnesses of claim {claim}"]
    panel = cli.json("member", "claim", "show", str(claim))["witnesses"]
    silent = panel[2]["witness"]
    for slot in panel[:2]:
        report = tmp_path / f"report-{slot['slot']}.txt"
        report.write_text("visited")
        cli.run("witness", "report", str(claim), "--approve", "--report", str(report),
                key=key_of[slot["witness"]])  # fmt: skip

    increase_time(w3, 7 * DAY + 1)
    assert actions_of(cli) == [f"replace the silent witness in slot 2 of claim {claim}"]
    shown = cli.json("member", "claim", "show", str(claim))
    replacement = shown["witnesses"][2]["witness"]
    assert replacement not in {silent, panel[0]["witness"], panel[1]["witness"]}
    assert cli.json("witness", "status", silent)["active"] is False
    (silent_assignment,) = cli.json("witness", "assignments", silent)["assignments"]
    assert silent_assignment["verdict"] == "replaced" and not silent_assignment["to_report"]
    late = cli.run("witness", "report", str(claim), "--approve", "--report", str(document),
                   key=key_of[silent], code=1)  # fmt: skip
    assert one_sentence(late) == (
        "Claims.report failed: claims: caller is not a witness of this claim."
    )

    # the replacement rejects the claim; the operator arbitrates and lets it stand
    report = tmp_path / "rejection.txt"
    report.write_text("The patient was not at home; neighbours say he works daily.")
    rejected = cli.json("witness", "report", str(claim), "--reject", "--report", str(report),
                        key=key_of[replacement])  # fmt: skip
    assert rejected["claim_status"] == "arbitration"
    reason = "The hospital confirmed the admission; the visit missed the patient."
    decided = cli.json("operator", "arbitrate", str(claim), "--approve", "--reason", reason,
                       key=role_key("operator"))  # fmt: skip
    assert decided["claim_status"] == "notice"
    (event,) = plan.logs("claims", "ClaimArbitrated")
    assert event["args"]["reason_hash"] == Web3.keccak(text=reason)
    assert "0x" + bytes(event["args"]["reason_hash"]).hex() == decided["reason_hash"]


def test_run_once__expires_a_member_whose_tier_ended(
    cli: Cli, w3: Web3, plan: Plan, tmp_path: Path
) -> None:
    today = datetime.fromtimestamp(w3.eth.get_block("latest")["timestamp"], UTC).date()
    people = SyntheticIdentities("cli-keeper-expiry", on=today)
    person = people.person(region=110101, ages=(59, 59))
    while (person.birth_date.replace(year=person.birth_date.year + 60) - today).days < 120:
        person = people.person(region=110101, ages=(59, 59))
    _, member = join(cli, tmp_path, "senior", person, "50")
    valid_until = int(plan.pool.functions.membership(member).call()[4])
    assert f"expire member {member}: its tier ended" not in actions_of(cli)

    increase_time(w3, valid_until - int(w3.eth.get_block("latest")["timestamp"]) + 1)
    assert f"expire member {member}: its tier ended" in actions_of(cli)
    assert int(plan.pool.functions.member(member).call()[2]) == 3  # expired: shares no more cost
