"""The role pages' words, one module per page, merged into the pages' catalog.

Each module holds `TEXTS: dict[key, (zh-CN, English)]`; a page sends its scripts the keys that
start with its prefix (`wallet.` on every role page, then `member.`, `witness.`, …; `case.` is
what the supervisor and operator pages share).
"""

from __future__ import annotations

from lashou.web.texts import cases, member, operator, supervisor, wallet, witness

ROLE_TEXTS: dict[str, tuple[str, str]] = {
    **wallet.TEXTS, **member.TEXTS, **witness.TEXTS, **cases.TEXTS, **supervisor.TEXTS,
    **operator.TEXTS,
}  # fmt: skip
