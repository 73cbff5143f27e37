"""The role pages' words, one module per page, merged into the pages' catalog.

Each module holds `TEXTS: dict[key, (zh-CN, English)]`; a page sends its scripts the keys that
start with its prefix (`wallet.` on every role page, then `member.`, `witness.`, …).
"""

from __future__ import annotations

from lashou.web.texts import member, wallet, witness

ROLE_TEXTS: dict[str, tuple[str, str]] = {**wallet.TEXTS, **member.TEXTS, **witness.TEXTS}
