"""`lashou attestor` (admissions of members and witnesses) and `lashou notary` (diagnoses).

The ID number and the name are asked for with hidden input when not given as options; they
are folded into the keyed commitment and dropped, never printed, saved or logged. The pepper
lives in a key file of the data folder (mode 0600), created on first use.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from lashou import actions
from lashou.cli.context import App, json_option, pass_app
from lashou.cli.helpers import ADDRESS
from lashou.cli.units import DATE, CliError, parse_validity
from lashou.identity.attestor import Attestor
from lashou.identity.commitment import (
    Pepper,
    create_pepper,
    document_commitment,
    load_pepper,
    new_salt,
)
from lashou.identity.envelope import Envelope

PEPPER_FILE = "attestor.pepper"
# An admission is signed for a transaction soon after the identity check; an attestation is
# handed to the patient, who files within days. Longer lives only widen what a stolen file does.
MAX_ADMISSION_VALIDITY = 30 * 86_400
MAX_DIAGNOSIS_VALIDITY = 30 * 86_400
CLASSES = {"severe": actions.ConditionClass.SEVERE, "mild": actions.ConditionClass.MILD}


def _person_options(command: Any) -> Any:
    options = [
        click.option("--id-number", prompt="Resident ID number", hide_input=True,
                     help="The 18-character resident ID number (omit it to be asked, hidden)."),
        click.option("--name", prompt="Name as on the card", hide_input=True,
                     help="The name as on the card (omit it to be asked, hidden)."),
        click.option("--region", type=int, metavar="CODE",
                     help="6-digit code of the current residence, if not the ID number's."),
        click.option("--valid-for", default="1d", show_default=True, metavar="DURATION",
                     help="How long the admission may be used (1m to 30d)."),
        click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                     help="Also write the admission to this file."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


@click.group()
def attestor() -> None:
    """The identity service: sign admissions of members and witnesses."""


@attestor.command(name="admit-member")
@click.option("--member", required=True, type=ADDRESS, help="The member's account.")
@click.option("--health", type=click.Path(dir_okay=False, path_type=Path),
              help="The health declaration's answers, a JSON object [default: none].")  # fmt: skip
@_person_options
@json_option
@pass_app
def admit_member(
    app: App, member: str, health: Path | None, id_number: str, name: str, region: int | None,
    valid_for: str, out: Path | None,
) -> None:  # fmt: skip
    """Check an applicant and print its signed admission to the plan (JSON).

    The admission carries the health declaration's salt: the member keeps it with the answers.
    """
    answers = _health_answers(health)
    ttl = parse_validity(valid_for, most=MAX_ADMISSION_VALIDITY, what="an admission")
    key = _attestor_key(app)
    signer = Attestor(_pepper(app), key)
    signed = actions.admit_member(
        signer, app.plan, member, id_number, name, answers, region=region, now=app.now(),
        ttl=ttl,
    )  # fmt: skip
    envelope = Envelope(
        "member-admission", app.plan.deployment.chain_id, str(app.contract("pool").address),
        signed.admission, signed.signature, {"health_salt": "0x" + signed.health_salt.hex()},
    )  # fmt: skip
    _print(app, envelope, out)


@attestor.command(name="admit-witness")
@click.option("--witness", required=True, type=ADDRESS, help="The witness's account.")
@_person_options
@json_option
@pass_app
def admit_witness(
    app: App, witness: str, id_number: str, name: str, region: int | None, valid_for: str,
    out: Path | None,
) -> None:  # fmt: skip
    """Check an adult applicant and print its signed admission to the witness registry."""
    ttl = parse_validity(valid_for, most=MAX_ADMISSION_VALIDITY, what="an admission")
    key = _attestor_key(app)
    signer = Attestor(_pepper(app), key)
    signed = actions.admit_witness(
        signer, app.plan, witness, id_number, name, region=region, now=app.now(),
        ttl=ttl,
    )  # fmt: skip
    envelope = Envelope(
        "witness-admission", app.plan.deployment.chain_id,
        str(app.contract("witnesses").address), signed.admission, signed.signature,
    )  # fmt: skip
    _print(app, envelope, out)


@click.group()
def notary() -> None:
    """A registered notary: attest a patient's diagnosis."""


@notary.command()
@click.option("--patient", required=True, type=ADDRESS, help="The patient's account.")
@click.option("--document", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The diagnosis document (it stays off chain).")  # fmt: skip
@click.option("--first-consultation", required=True, type=DATE, help="YYYY-MM-DD (UTC).")
@click.option("--diagnosed", required=True, type=DATE, help="YYYY-MM-DD (UTC).")
@click.option("--class", "condition", required=True, type=click.Choice(sorted(CLASSES)),
              help="The condition's class (the chain never sees the condition).")  # fmt: skip
@click.option("--valid-for", default="7d", show_default=True, metavar="DURATION",
              help="How long the patient may use the attestation (1m to 30d).")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it [default: DOCUMENT.diagnosis.json].")  # fmt: skip
@json_option
@pass_app
def attest(
    app: App, patient: str, document: Path, first_consultation: int, diagnosed: int,
    condition: str, valid_for: str, out: Path | None,
) -> None:  # fmt: skip
    """Sign a Diagnosis over the document's salted commitment and write it for the patient.

    The salt is saved beside it (OUT with the suffix .salt, mode 0600) and never goes on
    chain: whoever checks the document later needs it.
    """
    ttl = parse_validity(valid_for, most=MAX_DIAGNOSIS_VALIDITY, what="an attestation")
    if first_consultation > diagnosed:
        raise CliError("The first consultation is after the diagnosis: check both dates.")
    now = app.now()
    if diagnosed > now:
        raise CliError("The diagnosis date is in the future of the chain's clock: check it.")
    key = app.account
    if not app.plan.config.functions.is_notary(key.address).call():
        raise CliError(
            f"Account {key.address} is not a registered notary of this plan: sign with a"
            " notary's key (notaries are registered through governance)."
        )
    out = out or document.with_name(document.name + ".diagnosis.json")
    # OUT with the suffix .salt, never OUT itself (`--out x.salt` keeps its salt in x.salt.salt)
    salt_file = (
        out.with_name(out.name + ".salt") if out.suffix == ".salt" else out.with_suffix(".salt")
    )
    if salt_file.exists():
        raise CliError(f"{salt_file} already exists: choose another --out so no salt is lost.")
    salt = new_salt()
    commitment = document_commitment(document.read_bytes(), salt)
    diagnosis, signature = actions.attest_diagnosis(
        app.plan, bytes(key.key), patient, commitment, first_consultation, diagnosed,
        CLASSES[condition], now=now, ttl=ttl,
    )  # fmt: skip
    _write_secret(salt_file, "0x" + salt.hex() + "\n")
    envelope = Envelope(
        "diagnosis", app.plan.deployment.chain_id, str(app.contract("claims").address),
        diagnosis, signature,
    )  # fmt: skip
    app.say(f"Document salt saved to {salt_file}: keep it with the document, never on chain.")
    _print(app, envelope, out)


def _attestor_key(app: App) -> bytes:
    key = app.account
    expected = str(app.plan.config.functions.attestor().call())
    if key.address != expected:
        raise CliError(
            f"Account {key.address} is not this plan's attestor ({expected}): sign with the"
            " attestor's key."
        )
    return bytes(key.key)


def _pepper(app: App) -> Pepper:
    path = app.data_dir / PEPPER_FILE
    if path.exists():
        return load_pepper(path)
    app.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    app.on_success(
        f"Created the attestor's pepper in {path}: back it up, every commitment needs it."
    )
    return create_pepper(path)


def _health_answers(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        answers = json.loads(path.read_text())
    except ValueError:
        answers = None
    if not isinstance(answers, dict):
        raise CliError(f"{path} is not a JSON object of health answers: fix the file.")
    return answers


def _print(app: App, envelope: Envelope, out: Path | None) -> None:
    text = envelope.to_json()
    if out is not None:
        out.write_text(text)
        app.say(f"Written to {out}.")
    click.echo(text, nl=False)


def _write_secret(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
