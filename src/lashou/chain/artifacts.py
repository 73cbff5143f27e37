"""Compile the Vyper contracts into ABI and bytecode, cached by the hash of every source.

The compiled ABI is the single source of truth for every Python caller: the deployer, the CLI
and the tests all decode through it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
CONTRACTS = ROOT / "contracts"
CACHE = ROOT / "build" / "contracts"

# The deployable contracts, in deployment order.
DEPLOYABLES = ("DevToken", "Timelock", "Config", "Pool", "Witnesses", "Claims", "Disputes")


@dataclass(frozen=True)
class Artifact:
    name: str
    abi: list[dict[str, Any]]
    bytecode: str
    runtime_size: int


def _search_paths() -> list[Path]:
    paths = [CONTRACTS]
    paths += [Path(p) for p in sys.path if p and Path(p).is_dir()]
    return paths


def _sources_digest() -> str:
    h = hashlib.sha256()
    import vyper

    h.update(vyper.__version__.encode())
    for path in sorted(CONTRACTS.rglob("*.vy*")):
        h.update(path.relative_to(CONTRACTS).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def compile_contract(name: str) -> Artifact:
    """Compile contracts/<name>.vy (cached under build/contracts)."""
    digest = _sources_digest()
    cached = CACHE / f"{name}.{digest}.json"
    if cached.exists():
        data = json.loads(cached.read_text())
        return Artifact(name, data["abi"], data["bytecode"], data["runtime_size"])

    from vyper import compile_code
    from vyper.compiler.input_bundle import FilesystemInputBundle

    source_path = CONTRACTS / f"{name}.vy"
    out = compile_code(
        source_path.read_text(),
        contract_path=source_path.relative_to(CONTRACTS),
        input_bundle=FilesystemInputBundle(_search_paths()),
        output_formats=["abi", "bytecode", "bytecode_runtime"],
    )
    runtime_size = (len(out["bytecode_runtime"]) - 2) // 2
    artifact = Artifact(name, out["abi"], out["bytecode"], runtime_size)
    CACHE.mkdir(parents=True, exist_ok=True)
    for stale in CACHE.glob(f"{name}.*.json"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    # Write then rename, so a parallel test worker never reads half a file.
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    data = {"abi": artifact.abi, "bytecode": artifact.bytecode, "runtime_size": runtime_size}
    partial.write_text(json.dumps(data))
    partial.replace(cached)
    return artifact


def compile_all() -> dict[str, Artifact]:
    return {name: compile_contract(name) for name in DEPLOYABLES}
