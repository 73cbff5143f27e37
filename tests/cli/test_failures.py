"""Every failure is one sentence saying what went wrong and what to do, with exit code 1;
each sits beside the success it mirrors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from web3 import Web3

from lashou.chain.plan import Plan
from lashou.cli import main
from lashou.identity.synthetic import SyntheticIdentities
from tests.cli.conftest import FAST_KEYS, PASSWORD, Cli, one_sentence, role_key, throwaway_key
from tests.cli.test_roles import filed_claim

pytestmark = pytest.mark.e2e

NOBODY = "0x000000000000000000000000000000000000dEaD"


@pytest.fixture
def alice(cli: Cli) -> str:
    address: str = cli.json("account", "create", "alice", *FAST_KEYS)["address"]
    cli.run("dev", "fund", address, "--tokens", "100")
    return address


def admission_for(cli: Cli, member: str, tmp_path: Path) -> Path:
    person = SyntheticIdentities("cli-failures").person(region=310101, ages=(41, 55))
    out = tmp_path / "admission.json"
    cli.run("attestor", "admit-member", "--member", member, "--id-number", person.id_number,
            "--name", person.name, "--out", str(out), key=role_key("attestor"))  # fmt: skip
    return out


def test_unlock__password_prompted_with_hidden_input(cli: Cli, alice: str, tmp_path: Path) -> None:
    admission = admission_for(cli, alice, tmp_path)
    result = cli.run("member", "join", "--admission", str(admission), "--deposit", "25",
                     account="alice", password=None, input=f"{PASSWORD}\n")  # fmt: skip
    assert PASSWORD not in result.output
    assert cli.json("member", "status", alice)["weight"] == 1


def test_unlock__wrong_password(cli: Cli, alice: str) -> None:
    result = cli.run("member", "top-up", "1", account="alice", password="wrong", code=1)
    assert one_sentence(result) == (
        "Wrong password for account 'alice': try again with the right password."
    )


def test_unlock__no_account_given(cli: Cli) -> None:
    result = cli.run("member", "top-up", "1", code=1)
    assert one_sentence(result).startswith("No account given: pass --account NAME")


def test_unlock__unknown_account(cli: Cli) -> None:
    result = cli.run("member", "top-up", "1", account="carol", password=None, code=1)
    assert one_sentence(result).startswith("No account named 'carol' in ")


def test_account_create__name_taken(cli: Cli, alice: str) -> None:
    result = cli.run("account", "create", "alice", *FAST_KEYS, code=1)
    assert one_sentence(result).startswith("Account 'alice' already exists: choose another name")


def test_account_import__key_from_the_environment(cli: Cli) -> None:
    key, address = throwaway_key("import")
    imported = cli.json("account", "import", "imported", *FAST_KEYS, key=key)
    assert imported["address"] == address and key not in str(cli.outputs)


def test_plan__missing_deployment(cli: Cli, tmp_path: Path) -> None:
    cli.deployment = tmp_path / "nowhere" / "deployment.json"
    result = cli.run("member", "status", NOBODY, code=1)
    assert one_sentence(result) == (
        f"No deployment record at {cli.deployment}: run `lashou deploy` first, or pass"
        " --deployment FILE (or --data-dir) to use another one."
    )


def test_plan__no_node_answers(cli: Cli) -> None:
    cli.url = "http://127.0.0.1:9"
    result = cli.run("member", "status", NOBODY, code=1)
    assert one_sentence(result).startswith("No node answers at http://127.0.0.1:9: start one")


def test_plan__no_node_found_without_a_url(tmp_path: Path, deployment: Path) -> None:
    args = ["--data-dir", str(tmp_path), "--deployment", str(deployment), "member", "status"]
    result = CliRunner().invoke(main, [*args, NOBODY])
    assert one_sentence(result).startswith("No node to talk to: pass --rpc-url")


def test_send__revert_reason_as_one_sentence(cli: Cli) -> None:
    result = cli.run("keeper", "settle", key=role_key("keeper"), code=1)
    assert one_sentence(result) == "Pool.settle failed: pool: period not over yet."


def test_send__no_gas_money(cli: Cli) -> None:
    key, address = throwaway_key("penniless")
    result = cli.run("witness", "unstake", key=key, code=1)
    assert one_sentence(result).startswith(f"Account {address} has nothing to pay gas with")


def test_amount__tokens_with_decimals(cli: Cli, alice: str, tmp_path: Path) -> None:
    admission = admission_for(cli, alice, tmp_path)
    cli.run("member", "join", "--admission", str(admission), "--deposit", "25", account="alice")
    assert cli.json("member", "top-up", ".000001", account="alice")["balance"] == "25.000001"


@pytest.mark.parametrize("amount", ["abc", "1,5", "1.2.3", "1e3", "10 tUSD"])
def test_amount__not_a_number(cli: Cli, amount: str) -> None:
    result = cli.run("member", "top-up", amount, account="alice", code=1)
    assert one_sentence(result) == (
        f"'{amount}' is not an amount of tokens: write it like 100 or 100.5."
    )


def test_amount__more_decimals_than_the_token(cli: Cli, alice: str) -> None:
    result = cli.run("member", "top-up", "1.0000001", account="alice", code=1)
    assert one_sentence(result) == (
        "1.0000001 has more decimal places than tUSD has (6): round it to 6 places."
    )


@pytest.mark.parametrize("day", ["2025-02-30", "31/03/2025", "2025-3-1"])
def test_date__not_a_date(cli: Cli, tmp_path: Path, day: str) -> None:
    document = tmp_path / "doc.pdf"
    document.write_bytes(b"synthetic")
    result = cli.run(
        "notary", "attest", "--patient", NOBODY, "--document", str(document),
        "--first-consultation", "2025-01-01", "--diagnosed", day, "--class", "mild",
        key=role_key("notary"), code=1,
    )  # fmt: skip
    assert one_sentence(result) == (
        f"'{day}' is not a date: write it as YYYY-MM-DD (UTC), e.g. 2025-03-31."
    )


def test_notary__only_a_registered_notary_attests(cli: Cli, tmp_path: Path) -> None:
    document = tmp_path / "doc.pdf"
    document.write_bytes(b"synthetic")
    result = cli.run(
        "notary", "attest", "--patient", NOBODY, "--document", str(document),
        "--first-consultation", "2025-01-01", "--diagnosed", "2025-01-02", "--class", "mild",
        key=role_key("operator"), code=1,
    )  # fmt: skip
    assert "is not a registered notary of this plan" in one_sentence(result)
    assert not list(tmp_path.glob("*.salt"))


def test_attestor__only_the_plans_attestor_signs(cli: Cli, alice: str) -> None:
    result = cli.run(
        "attestor", "admit-member", "--member", alice, "--id-number", "110101199001010000",
        "--name", "x", key=role_key("operator"), code=1,
    )  # fmt: skip
    assert "is not this plan's attestor" in one_sentence(result)


def test_attestor__invalid_id_number_never_echoed(cli: Cli, alice: str) -> None:
    person = SyntheticIdentities("cli-bad-id").person(region=310101, ages=(41, 55))
    wrong = person.id_number[:-1] + ("0" if person.id_number[-1] != "0" else "1")
    result = cli.run("attestor", "admit-member", "--member", alice, "--id-number", wrong,
                     "--name", person.name, key=role_key("attestor"), code=1)  # fmt: skip
    assert one_sentence(result) == (
        "Check digit does not match: re-enter the number from the card."
    )
    assert wrong not in result.output and person.name not in result.output


def test_join__admission_for_another_account(cli: Cli, alice: str, tmp_path: Path) -> None:
    admission = admission_for(cli, alice, tmp_path)
    key, address = throwaway_key("intruder")
    result = cli.run("member", "join", "--admission", str(admission), "--deposit", "25",
                     key=key, code=1)  # fmt: skip
    assert one_sentence(result) == (
        f"{admission} is for {alice}, not for the account {address}: sign with that account or"
        " ask for a new one."
    )


def test_join__not_an_admission_file(cli: Cli, alice: str, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text("{}")
    result = cli.run("member", "join", "--admission", str(bogus), "--deposit", "25",
                     account="alice", code=1)  # fmt: skip
    assert one_sentence(result) == (
        f"{bogus} holds a different attestation, not a member-admission: give the"
        " member-admission file."
    )


def test_join__approves_only_what_the_join_takes(
    cli: Cli, alice: str, tmp_path: Path, plan: Plan
) -> None:
    admission = admission_for(cli, alice, tmp_path)
    cli.run("member", "join", "--admission", str(admission), "--deposit", "25", account="alice")
    pool = plan.contract("pool").address
    assert plan.token.functions.allowance(alice, pool).call() == 0  # approved 25, all taken


def test_join__reused_admission_approves_nothing(
    cli: Cli, alice: str, tmp_path: Path, plan: Plan
) -> None:
    admission = admission_for(cli, alice, tmp_path)
    cli.run("member", "join", "--admission", str(admission), "--deposit", "25", account="alice")
    nonce = plan.w3.eth.get_transaction_count(alice)
    result = cli.run("member", "join", "--admission", str(admission), "--deposit", "25",
                     account="alice", code=1)  # fmt: skip
    assert one_sentence(result) == (
        f"{admission}: this admission was already used (or a newer one was): ask the attestor"
        " for a new one."
    )
    pool = plan.contract("pool").address
    assert plan.token.functions.allowance(alice, pool).call() == 0
    assert plan.w3.eth.get_transaction_count(alice) == nonce  # nothing sent at all


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["witness", "report", "1", "--report", "README.md"],
         "Say whether the visit confirms the claim: add --approve or --reject."),
        (["operator", "arbitrate", "1", "--reason", "r"],
         "Say how the claim is decided: add --approve or --reject."),
        (["gov", "propose", "set-notary", NOBODY],
         "Say whether to register or remove the notary: add --on or --off."),
    ],
)  # fmt: skip
def test_decision__flag_missing(cli: Cli, args: list[str], message: str) -> None:
    result = cli.run(*args, key=role_key("operator"), code=1)
    assert one_sentence(result) == message


def test_decision__flag_given(cli: Cli) -> None:
    result = cli.run("operator", "arbitrate", "1", "--approve", "--reason", "r",
                     key=role_key("operator"), code=1)  # fmt: skip
    assert one_sentence(result).startswith("Claims.arbitrate failed: ")  # reached the chain


@pytest.mark.parametrize(
    "args",
    [
        ["attestor", "admit-member", "--member", "0x123", "--id-number", "1", "--name", "x"],
        ["notary", "attest", "--patient", "0x123", "--document", "README.md",
         "--first-consultation", "2025-01-01", "--diagnosed", "2025-01-02", "--class", "mild"],
        ["dev", "fund", "0x123"],
        ["member", "status", "0x123"],
    ],
)  # fmt: skip
def test_address__malformed_before_any_chain_call(cli: Cli, args: list[str]) -> None:
    cli.url = "http://127.0.0.1:9"  # no node: an address check that reached for one would say so
    result = cli.run(*args, key=role_key("attestor"), code=1)
    assert one_sentence(result) == "'0x123' is not an address: give 0x followed by 40 hex digits."


def test_address__lowercase_accepted(cli: Cli) -> None:
    status = cli.json("member", "status", NOBODY.lower())
    assert status["address"] == NOBODY


def test_claim_file__reused_diagnosis(cli: Cli, w3: Web3, tmp_path: Path) -> None:
    key, claim_id = filed_claim(cli, w3, tmp_path)
    assert claim_id == "1"
    diagnosis = tmp_path / "doc.pdf.diagnosis.json"
    result = cli.run("member", "claim", "file", "--diagnosis", str(diagnosis), key=key, code=1)
    assert one_sentence(result) == (
        f"{diagnosis}: this attestation was already used (or a newer one was): ask the notary"
        " for a new one."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["member", "join", "--bogus"],
         "No such option '--bogus': see `lashou member join --help`."),
        (["member", "join"], "Missing option '--admission': see `lashou member join --help`."),
        (["nosuch"], "No such command 'nosuch': see `lashou --help`."),
    ],
)  # fmt: skip
def test_usage__one_sentence(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args, prog_name="lashou")
    assert one_sentence(result) == message


def test_usage__help_still_exits_zero() -> None:
    result = CliRunner().invoke(main, ["member", "join", "--help"], prog_name="lashou")
    assert result.exit_code == 0 and "--admission" in result.output


def test_password__no_terminal_and_no_environment(tmp_path: Path) -> None:
    lashou = Path(sys.executable).with_name("lashou")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LASHOU_")}
    done = subprocess.run(
        [str(lashou), "--data-dir", str(tmp_path), "account", "create", "bob"],
        input="secret\n", capture_output=True, text=True, env=env, timeout=60,
        start_new_session=True,  # no controlling terminal to prompt on
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == (
        "Error: No terminal to ask for the password: set LASHOU_PASSWORD or run in a terminal."
    )


@pytest.mark.parametrize(("command", "action"), [("top-up", "top up"), ("withdraw", "withdraw")])
def test_amount__zero_refused_locally(cli: Cli, alice: str, command: str, action: str) -> None:
    result = cli.run("member", command, "0", account="alice", code=1)
    assert one_sentence(result) == f"Nothing to {action}: give an amount above 0."


def test_notary_attest__out_named_salt_keeps_both(cli: Cli, tmp_path: Path) -> None:
    document = tmp_path / "doc.pdf"
    document.write_bytes(b"synthetic")
    out = tmp_path / "x.salt"
    cli.run("notary", "attest", "--patient", NOBODY, "--document", str(document),
            "--first-consultation", "2025-01-01", "--diagnosed", "2025-01-02", "--class", "mild",
            "--out", str(out), key=role_key("notary"))  # fmt: skip
    assert '"diagnosis"' in out.read_text()
    assert (tmp_path / "x.salt.salt").read_text().startswith("0x")


@pytest.mark.parametrize(
    ("args", "what"),
    [(["attestor", "admit-member", "--member", NOBODY], "an admission"),
     (["attestor", "admit-witness", "--witness", NOBODY], "an admission")],
)  # fmt: skip
def test_valid_for__unbounded_refused_before_signing(cli: Cli, args: list[str], what: str) -> None:
    result = cli.run(*args, "--id-number", "110101199001010000", "--name", "x", "--valid-for",
                     "365d", key=role_key("attestor"), code=1)  # fmt: skip
    assert one_sentence(result) == (
        f"--valid-for 365d is too long: {what} may be used for at most 30d; give a shorter"
        " duration."
    )


def test_valid_for__attestation_within_bounds(cli: Cli, tmp_path: Path) -> None:
    document = tmp_path / "doc.pdf"
    document.write_bytes(b"synthetic")
    base = [
        "notary", "attest", "--patient", NOBODY, "--document", str(document),
        "--first-consultation", "2025-01-01", "--diagnosed", "2025-01-02", "--class", "mild",
    ]  # fmt: skip
    signed = cli.json(*base, "--valid-for", "30d", key=role_key("notary"))
    assert signed["message"]["deadline"] == cli_now(cli) + 30 * 86_400
    too_long = cli.run(*base, "--valid-for", "31d", "--out", str(tmp_path / "b.json"),
                       key=role_key("notary"), code=1)  # fmt: skip
    assert one_sentence(too_long) == (
        "--valid-for 31d is too long: an attestation may be used for at most 30d; give a"
        " shorter duration."
    )


def cli_now(cli: Cli) -> int:
    return int(Web3(Web3.HTTPProvider(cli.url)).eth.get_block("latest")["timestamp"])
