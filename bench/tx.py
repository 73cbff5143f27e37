"""Transactions per second on a local anvil: a receipt wait per transaction vs pipelined.

    .venv/bin/python bench/tx.py [count]

Starts its own node in a temporary folder, deploys the development token and sends `count`
token transfers (default 300) each way. Prints a table; asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from eth_account import Account
from rich.console import Console
from rich.table import Table

from lashou.chain.artifacts import compile_contract
from lashou.chain.deploy import dev_account
from lashou.chain.node import start_node
from lashou.chain.settings import Settings
from lashou.chain.tx import Sender

TRANSFER_GAS = 80_000


def main(count: int) -> None:
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp, start_node(Path(tmp), anvil=settings.anvil) as node:
        w3 = node.web3()
        sender = Sender(w3)
        owner = dev_account(0)
        artifact = compile_contract("DevToken")
        factory = w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)  # type: ignore[arg-type]
        receipt = sender.transact(factory.constructor("Test USD", "tUSD", 6), owner)
        token = w3.eth.contract(address=receipt["contractAddress"], abi=artifact.abi)  # type: ignore[arg-type]
        sender.transact(token.functions.mint(owner.address, 10**15), owner)
        to = [Account.create().address for _ in range(10)]

        def transfer(i: int) -> object:
            return token.functions.transfer(to[i % len(to)], 1)

        def waiting(gas: int | None) -> Callable[[], None]:
            def run() -> None:
                for i in range(count):
                    sender.transact(transfer(i), owner, gas=gas)  # type: ignore[arg-type]

            return run

        def pipelined(gas: int | None) -> Callable[[], None]:
            def run() -> None:
                sender.wait([sender.send(transfer(i), owner, gas=gas) for i in range(count)])  # type: ignore[arg-type]

            return run

        rows = [
            ("wait for each receipt, gas estimated", waiting(None)),
            ("wait for each receipt, explicit gas", waiting(TRANSFER_GAS)),
            ("pipelined, gas estimated", pipelined(None)),
            ("pipelined, explicit gas", pipelined(TRANSFER_GAS)),
        ]
        table = Table(title=f"{count} token transfers on a local anvil (automine)")
        table.add_column("mode")
        table.add_column("seconds", justify="right")
        table.add_column("tx/s", justify="right")
        for name, run in rows:
            started = time.perf_counter()
            run()
            elapsed = time.perf_counter() - started
            table.add_row(name, f"{elapsed:.2f}", f"{count / elapsed:.0f}")
        Console().print(table)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
