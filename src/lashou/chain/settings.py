"""Where the chain is: settings read once from environment variables with the LASHOU_ prefix.

- LASHOU_RPC_URL: a JSON-RPC endpoint; when unset the product starts a local anvil node.
- LASHOU_DATA_DIR: where the local node's state and the deployment record live
  (default: `.lashou` under the current directory).
- LASHOU_ANVIL: the anvil binary (default: the one `make setup` installs from the npm package
  @foundry-rs/anvil under the project's node_modules).
"""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lashou.chain.artifacts import ROOT

PREFIX = "LASHOU_"
_NPM_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


def default_anvil(root: Path = ROOT) -> Path:
    """The anvil binary that the npm package @foundry-rs/anvil installs for this machine."""
    arch = _NPM_ARCH.get(platform.machine().lower(), platform.machine().lower())
    system = platform.system().lower()
    return root / "node_modules" / "@foundry-rs" / f"anvil-{system}-{arch}" / "bin" / "anvil"


@dataclass(frozen=True)
class Settings:
    """The chain settings of one process."""

    rpc_url: str | None
    data_dir: Path
    anvil: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from `env` (the process environment by default)."""
        env = os.environ if env is None else env
        rpc_url = env.get(PREFIX + "RPC_URL", "").strip() or None
        data_dir = Path(env.get(PREFIX + "DATA_DIR", "").strip() or Path.cwd() / ".lashou")
        anvil_value = env.get(PREFIX + "ANVIL", "").strip()
        anvil = Path(anvil_value) if anvil_value else default_anvil()
        return cls(rpc_url=rpc_url, data_dir=data_dir.resolve(), anvil=anvil)

    @property
    def chain_dir(self) -> Path:
        """The folder of the local node's state and log."""
        return self.data_dir / "chain"

    @property
    def deployment_file(self) -> Path:
        """The record of the plan's contract addresses on this chain."""
        return self.data_dir / "deployment.json"
