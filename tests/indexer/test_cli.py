"""`lashou index` against the module's node, its database in a temporary data folder."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lashou.cli import main

pytestmark = pytest.mark.e2e


@pytest.fixture
def data_dir(history, tmp_path):
    history.deployment.save(tmp_path / "deployment.json")
    return tmp_path


def _index(node, data_dir, *extra):
    args = ["--rpc-url", node.url, "--data-dir", str(data_dir), "index", "--json", *extra]
    return CliRunner().invoke(main, args)


def test_index_command__indexes_to_the_head_into_the_data_folder(
    node, history, data_dir, monkeypatch
):
    monkeypatch.delenv("LASHOU_DATABASE_URL", raising=False)
    first = _index(node, data_dir)
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["checkpoint"] == history.w3.eth.block_number and report["events"] > 0
    assert (data_dir / "index.sqlite").exists()
    again = json.loads(_index(node, data_dir).stdout)
    assert (again["events"], again["blocks"]) == (0, 0)


def test_index_command__an_unusable_database_url_is_one_sentence(node, data_dir):
    result = _index(node, data_dir, "--database-url", "nonsense://nowhere")
    assert result.exit_code == 1
    assert "The database URL 'nonsense://nowhere' is not usable" in result.output
    assert "Traceback" not in result.output
