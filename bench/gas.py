"""Gas of every lashou transaction at 10, 1,000 and 10,000 members, against the plan's targets.

    .venv/bin/python bench/gas.py [--quick] [--markdown]

`--quick` measures 10 and 1,000 members only; `--markdown` prints the tables as Markdown.

Gas is each transaction's whole gas as its receipt would show it on a Prague chain: execution
+ 21,000 + calldata - refund, every slot cold and priced from its value when the transaction
starts (tests/utils/gas.py; titanoboa's own figures are execution gas only, inside one endless
transaction). Members really join (signed admissions, both tiers, deposits over many buckets);
the whole plan runs a claim from filing to pulled payout at each size, and a pool wired to plain
addresses is settled with 1 and with 1,000 claims queued through its hooks. The two plans are
measured in two processes. Prints numbers and marks missed targets; asserts no timing.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

import gas_scenarios  # noqa: E402

SIZES = [10, 1_000, 10_000]
QUICK_SIZES = [10, 1_000]
CLAIM_COUNTS = (1, 1_000)
LIFE = [
    "file claim",
    "accept (review)",
    "draw witnesses",
    "report 1 (approve)",
    "report 2 (approve)",
    "report 3 (approve)",
    "finalize",
    "settle",
    "pull payout",
]
ROWS = [
    "join",
    "top-up",
    "withdraw",
    "exit (a claim under notice)",
    *LIFE[:7],
    "settle",
    "pull payout",
    "replace silent witness",
    "arbitrate",
]
LABELS = {"settle": "settle (funds this claim)"}
RATIO_TARGET = 1.05
JOIN_TARGET = 150_000
LIFE_TARGET = 1_200_000
# A public takaful contract that loops over its members to settle.
LOOP_SETTLE_PER_MEMBER = 12_130
LOOP_MAX_MEMBERS = 1_377
LOOP_JOIN = 165_809
TX_GAS_CAP = 2**24  # EIP-7825: the most gas one transaction may use


class BenchFailed(RuntimeError):
    """A plan's measurement failed; the message carries the worker's traceback."""


def _traced(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception:  # a worker's own exception may not survive pickling: send its text
        raise BenchFailed(traceback.format_exc()) from None


def measure(sizes: list[int]) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, int]]]:
    """(whole-plan gas by size and action, pool-only settle gas by size and claims queued)."""
    jobs: list[tuple[Callable[..., Any], tuple[Any, ...]]] = [
        (gas_scenarios.full_plan, (sizes,)),
        (gas_scenarios.pool_only, (sizes, CLAIM_COUNTS)),
    ]
    if (os.cpu_count() or 1) < 2:
        full, pool = (_traced(fn, *args) for fn, args in jobs)
        return full, pool
    # one process per plan; leaving the block ends both, so one failure stops the other
    with multiprocessing.get_context("spawn").Pool(2) as workers:
        running = [workers.apply_async(_traced, (fn, *args)) for fn, args in jobs]
        while not all(job.ready() for job in running):
            for job in running:
                if job.ready() and not job.successful():
                    job.get()
            time.sleep(0.2)
        full, pool = (job.get() for job in running)
        return full, pool


def gas_table(sizes: list[int], full: dict, pool: dict) -> tuple[list[str], list[list[str]]]:
    header = ["transaction", *(f"{n:,} members" for n in sizes)]
    rows = [[LABELS.get(name, name), *(f"{full[n][name]:,}" for n in sizes)] for name in ROWS]
    for count in CLAIM_COUNTS:
        key = f"settle, {count:,} claims"
        label = f"settle, pool only: {count:,} claim{'s' if count > 1 else ''} queued"
        rows.append([label, *(f"{pool[n][key]:,}" for n in sizes)])
    rows.append(["a claim's whole life", *(f"{life(full[n]):,}" for n in sizes)])
    return header, rows


def life(gas: dict[str, int]) -> int:
    """Filing to pulled payout; the claim's share of its settlement is all of it (it was alone)."""
    return sum(gas[name] for name in LIFE)


def target_table(sizes: list[int], full: dict, pool: dict) -> tuple[list[str], list[list[str]]]:
    few, many = sizes[0], sizes[-1]
    one, lots = (f"settle, {c:,} claims" for c in CLAIM_COUNTS)
    by_members = pool[many][one] / pool[few][one]
    by_claims = pool[many][lots] / pool[many][one]
    join = max(full[n]["join"] for n in sizes)
    whole = max(life(full[n]) for n in sizes)
    checks = [
        (
            f"settle({many:,} members) / settle({few:,} members)",
            f"≤ {RATIO_TARGET}",
            f"{by_members:.3f}",
            by_members <= RATIO_TARGET,
        ),
        (
            f"settle({CLAIM_COUNTS[1]:,} claims) / settle({CLAIM_COUNTS[0]} claim),"
            f" {many:,} members",
            f"≤ {RATIO_TARGET}",
            f"{by_claims:.3f}",
            by_claims <= RATIO_TARGET,
        ),
        ("join (highest of the sizes)", f"≤ {JOIN_TARGET:,}", f"{join:,}", join <= JOIN_TARGET),
        (
            "a claim's whole life (highest)",
            f"≤ {LIFE_TARGET:,}",
            f"{whole:,}",
            whole <= LIFE_TARGET,
        ),
    ]
    header = ["target", "wanted", "measured", "met"]
    return header, [[name, want, got, "yes" if ok else "MISSED"] for name, want, got, ok in checks]


def ratio_lines(sizes: list[int], pool: dict) -> list[str]:
    few, many = sizes[0], sizes[-1]
    one, lots = (f"settle, {c:,} claims" for c in CLAIM_COUNTS)
    return [
        f"ratio settle({many:,} members)/settle({few:,} members): "
        f"{pool[many][one] / pool[few][one]:.3f} (target ≤ {RATIO_TARGET})",
        f"ratio settle({CLAIM_COUNTS[1]:,} claims)/settle({CLAIM_COUNTS[0]} claim): "
        f"{pool[many][lots] / pool[many][one]:.3f} at {many:,} members (target ≤ {RATIO_TARGET})",
    ]


def comparison_line(sizes: list[int], full: dict, pool: dict) -> str:
    many = sizes[-1]
    looped = LOOP_SETTLE_PER_MEMBER * many
    return (
        f"Comparison: a public takaful contract that loops over its members pays "
        f"{LOOP_SETTLE_PER_MEMBER:,} gas per member to settle ({looped:,} at {many:,} members) "
        f"and cannot settle beyond {LOOP_MAX_MEMBERS:,} members under the {TX_GAS_CAP:,}-gas "
        f"transaction cap; its join costs {LOOP_JOIN:,} gas while checking nothing. lashou "
        f"settles {many:,} members for {pool[many]['settle, 1 claims']:,} gas and its join, "
        f"which checks a signed admission, costs {full[many]['join']:,}."
    )


def markdown(header: list[str], rows: list[list[str]]) -> str:
    rule = ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(line) + " |" for line in (header, rule, *rows)]
    return "\n".join(lines)


NOTES = [
    "Gas per transaction as its receipt shows it: execution + 21,000 + calldata − refund, Prague "
    "rules, every slot cold at the start of the transaction. A few gas between columns come from "
    "the zero bytes of a signature or an address in the calldata (4 gas each instead of 16).",
    "Whole plan: claims pay 300 and 100 tokens with a 2-token witness fee (so ten members can fund "
    "one), three claims were paid before the measured one, and its settlement funds it alone; "
    "at 10 members that share is larger, so the settlement crosses more (empty) buckets.",
    "Pool only: the fifth settlement, a share of the cap crossing eight occupied buckets, with "
    "one claim or 1,000 claims (three witness fees each) queued for the same total.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 and 1,000 members only")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    sizes = QUICK_SIZES if args.quick else SIZES
    status = Console(stderr=True)
    started = time.monotonic()
    status.print(f"Measuring {', '.join(f'{n:,}' for n in sizes)} members…", style="dim")
    try:
        full, pool = measure(sizes)
    except BenchFailed as failed:
        print(
            f"{failed}\nThe gas benchmark failed (above): fix the cause and run it again.",
            file=sys.stderr,
        )
        sys.exit(1)
    status.print(f"measured in {time.monotonic() - started:.0f} s", style="dim")
    tables = [gas_table(sizes, full, pool), target_table(sizes, full, pool)]
    lines = [*ratio_lines(sizes, pool), comparison_line(sizes, full, pool)]
    if args.markdown:
        for header, rows in tables:
            print(markdown(header, rows) + "\n")
        print("\n".join(f"- {line}" for line in [*NOTES, *lines]))
        return
    console = Console()
    for (header, rows), title in zip(tables, ["Gas per transaction", "Targets"], strict=True):
        table = Table(title=title)
        for i, name in enumerate(header):
            table.add_column(name, justify="left" if i == 0 else "right")
        for row in rows:
            table.add_row(*row, style="bold red" if row[-1] == "MISSED" else None)
        console.print(table)
    for line in NOTES:
        console.print(line, style="dim")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
