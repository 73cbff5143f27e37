"""Watch over the local node `lashou serve` started: the platform cannot run without it.

When that node exits while the platform runs (killed, crashed, stopped by someone else), the
keeper and the indexer could only retry forever and the API could only answer 503, and what
the node did since it last saved its state is gone. So the platform stops too, and says what
happened and what to do. A node given by URL is someone else's: an outage there is waited out.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

from lashou.chain.node import STATE_INTERVAL, LocalNode

WATCH_INTERVAL = 0.2  # seconds between two looks at the node process
GRACE = 0.5  # a stop under way when the node exits is the platform's own stop, not a loss


class NodeWatch(threading.Thread):
    """Calls `on_exit` once if `node` exits before `stop` is set."""

    def __init__(
        self, node: LocalNode, *, stop: threading.Event, on_exit: Callable[[], None]
    ) -> None:
        super().__init__(name="node watch", daemon=True)
        self.node = node
        self.stop = stop
        self.on_exit = on_exit

    def run(self) -> None:
        while not self.stop.wait(WATCH_INTERVAL):
            if self.node.running:
                continue
            if not self.stop.wait(GRACE):
                self.on_exit()
            return


def node_exit_sentence(node: LocalNode) -> str:
    """What became of `node`, which exited on its own, and what to do: one sentence."""
    code = node.process.wait()  # it has exited: at once
    where = f"its log is {node.log_file}"
    if code == 0:
        return (
            f"The local node (anvil) stopped on its own after saving its state, so lashou serve"
            f" stopped too: start `lashou serve` again to go on where it stopped ({where})."
        )
    how = f"was killed by {_signal_name(-code)}" if code < 0 else f"exited with code {code}"
    return (
        f"The local node (anvil) {how}, so lashou serve stopped too: start `lashou serve` again"
        f" and it resumes from the chain state saved every {STATE_INTERVAL} s, without what"
        f" happened in the last {STATE_INTERVAL} s before the node stopped ({where})."
    )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
