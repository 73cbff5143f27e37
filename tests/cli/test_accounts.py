"""The keystore's development role accounts, as the README's command-line section uses them."""

from __future__ import annotations

import json

import pytest

from lashou.chain.deploy import dev_roles
from tests.cli.conftest import FAST_KEYS, Cli, one_sentence

pytestmark = pytest.mark.e2e


def test_import_dev_roles__the_readme_names_sign(cli: Cli) -> None:
    result = cli.run("account", "import-dev-roles", *FAST_KEYS)
    assert "public development keys" in result.stderr
    listed = {a["name"]: a["address"] for a in cli.json("account", "list")["accounts"]}
    roles = dev_roles()
    assert listed == {
        "attestor": roles.attestor.address, "operator": roles.operator.address,
        "keeper": roles.keeper.address, "gov": roles.governance.address,
        "notary": roles.notaries[0].address,
    }  # fmt: skip
    again = cli.json("account", "import-dev-roles", *FAST_KEYS)["accounts"]
    assert not any(a["imported"] for a in again)
    cli.run("--account", "operator", "operator", "pause")


def test_import_dev_roles__an_existing_name_is_kept(cli: Cli) -> None:
    cli.run("account", "create", "attestor", *FAST_KEYS)
    listed = cli.json("account", "list")["accounts"]
    assert [a["name"] for a in listed] == ["attestor"]
    # an existing name is kept, never overwritten
    result = cli.run("account", "import-dev-roles", *FAST_KEYS, "--json")
    assert "Kept your own account 'attestor'" in result.stderr
    kept = json.loads(result.stdout)["accounts"]
    assert kept[0] == {"name": "attestor", "address": listed[0]["address"], "imported": False}


def test_import_dev_roles__no_node(cli: Cli) -> None:
    cli.url = "http://127.0.0.1:9"
    result = cli.run("account", "import-dev-roles", *FAST_KEYS, code=1)
    assert one_sentence(result).startswith("No node answers at http://127.0.0.1:9")
