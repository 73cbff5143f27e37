"""Settings come from LASHOU_ environment variables, with defaults for a local plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from lashou.chain import settings as settings_module
from lashou.chain.artifacts import ROOT
from lashou.chain.settings import Settings, default_anvil


def test_from_env__defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = Settings.from_env({})
    assert s.rpc_url is None
    assert s.data_dir == tmp_path.resolve() / ".lashou"
    assert s.anvil == default_anvil()
    assert s.deployment_file == s.data_dir / "deployment.json"
    assert s.chain_dir == s.data_dir / "chain"


def test_from_env__overrides(tmp_path: Path) -> None:
    s = Settings.from_env(
        {
            "LASHOU_RPC_URL": " http://127.0.0.1:9545 ",
            "LASHOU_DATA_DIR": str(tmp_path / "d"),
            "LASHOU_ANVIL": "/opt/anvil",
        }
    )
    assert s.rpc_url == "http://127.0.0.1:9545"
    assert s.data_dir == tmp_path / "d"
    assert s.anvil == Path("/opt/anvil")


def test_from_env__blank_url_means_local_node() -> None:
    assert Settings.from_env({"LASHOU_RPC_URL": "  "}).rpc_url is None


@pytest.mark.parametrize(("machine", "arch"), [("x86_64", "amd64"), ("aarch64", "arm64")])
def test_default_anvil__npm_package_of_this_machine(
    machine: str, arch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings_module.platform, "machine", lambda: machine)
    monkeypatch.setattr(settings_module.platform, "system", lambda: "Linux")
    expected = ROOT / f"node_modules/@foundry-rs/anvil-linux-{arch}/bin/anvil"
    assert default_anvil() == expected


def test_settings__frozen() -> None:
    s = Settings.from_env({})
    with pytest.raises(AttributeError):
        s.rpc_url = "http://elsewhere"  # type: ignore[misc]
