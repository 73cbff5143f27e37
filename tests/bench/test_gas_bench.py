"""The gas benchmark runs, and settlement gas stays flat in members and in queued claims.

Gas is deterministic, so the two ratios are properties of the contracts, not timings; the run's
duration is never asserted.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "gas.py"
RATIO = re.compile(r"^ratio settle\((.+?)\)/settle\((.+?)\): (\d+\.\d+)", re.MULTILINE)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH), *args], cwd=ROOT, capture_output=True, text=True, timeout=900
    )


def test_bench__quick_run_prints_flat_settlement_ratios():
    result = _run("--quick")

    assert result.returncode == 0, result.stderr[-3000:]
    ratios = {(more, fewer): float(value) for more, fewer, value in RATIO.findall(result.stdout)}
    assert set(ratios) == {("1,000 members", "10 members"), ("1,000 claims", "1 claim")}
    assert all(value <= 1.05 for value in ratios.values()), ratios
    assert "a claim's whole life" in result.stdout
    assert "12,130 gas per member" in result.stdout


def test_bench__unknown_option():
    result = _run("--members", "5")

    assert result.returncode == 2
    assert "unrecognized arguments: --members 5" in result.stderr
    assert "ratio settle" not in result.stdout
