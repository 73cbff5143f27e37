"""The audit file of refused document reads and uploads: one private line per refusal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lashou.documents.audit import AuditLog

ACCOUNT, DOCUMENT = "0x" + "ab" * 20, "0x" + "cd" * 32
NOON = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


def test_refused__appends_one_line_per_refusal_to_a_private_file(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.log")
    assert audit.lines() == []
    audit.refused("read", account=ACCOUNT, address=DOCUMENT, reason="not a party", now=NOON)
    audit.refused("upload", account=ACCOUNT, address=DOCUMENT, reason="no such claim", now=NOON)
    assert audit.lines() == [
        f"2025-03-01T12:00:00Z read refused account={ACCOUNT} document={DOCUMENT}"
        " reason=not a party",
        f"2025-03-01T12:00:00Z upload refused account={ACCOUNT} document={DOCUMENT}"
        " reason=no such claim",
    ]
    assert (tmp_path / "audit.log").stat().st_mode & 0o777 == 0o600


def test_refused__a_reason_across_lines_stays_one_line(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.log")
    audit.refused("read", account=ACCOUNT, address=DOCUMENT, reason="one\ntwo", now=NOON)
    assert audit.lines() == [
        f"2025-03-01T12:00:00Z read refused account={ACCOUNT} document={DOCUMENT} reason=one two"
    ]
