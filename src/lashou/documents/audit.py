"""Refused document reads and uploads, appended one line each to a file in the service's data
folder as well as logged: when, which account, which document hash and why — never a
document's content, its file name or anything about the person.

    2025-03-01T08:15:02Z read refused account=0x… document=0x… reason=not a party to the claim
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path


class AuditLog:
    """Appends refusals to `path` (created private to the service, 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def refused(
        self, action: str, *, account: str, address: str, reason: str, now: datetime
    ) -> None:
        """Record that `account` was refused to `action` the document at `address`."""
        moment = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        line = f"{moment} {action} refused account={account} document={address} reason={reason}"
        data = (" ".join(line.split()) + "\n").encode()  # one line, whatever a reason holds
        with self._lock:
            handle = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(handle, data)  # one append: lines of several processes never mix
            finally:
                os.close(handle)

    def lines(self) -> list[str]:
        """What the file holds, oldest first ([] before the first refusal)."""
        try:
            return self.path.read_text().splitlines()
        except FileNotFoundError:
            return []
