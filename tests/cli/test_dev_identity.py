"""`lashou dev identity`: a made-up person whose ID number the attestor accepts."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner, Result

from lashou.cli import main
from lashou.identity.resident_id import normalise


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--json", "dev", "identity", *args])


def test_dev_identity__valid_number_in_the_age_range() -> None:
    result = _run("--ages", "40", "59", "--seed", "x")
    assert result.exit_code == 0, result.output
    person = json.loads(result.output)
    assert normalise(person["id_number"]) == person["id_number"]
    born = date.fromisoformat(person["birth_date"])
    age = (date.today() - born).days // 365
    assert 39 <= age <= 59
    assert person["name"].startswith("测试")
    assert json.loads(_run("--ages", "40", "59", "--seed", "x").output) == person


def test_dev_identity__ages_out_of_range() -> None:
    result = _run("--ages", "10", "20")
    assert result.exit_code == 1
    assert "Ages must be whole years from 18 to 99" in result.output
