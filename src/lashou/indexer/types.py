"""Column types the indexer's tables share (imported by the migrations too, so keep it stable).

`Uint256` holds any uint256 exactly: NUMERIC(78, 0) on PostgreSQL, decimal text on SQLite
(whose integers stop at 2**63 and whose NUMERIC is a float). Python sees `int` either way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class Uint256(TypeDecorator[int]):
    """An unsigned 256-bit integer, stored without loss on every backend."""

    impl = String(78)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(78, 0))
        return dialect.type_descriptor(String(78))

    def process_bind_param(self, value: int | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "postgresql":
            return Decimal(int(value))
        return str(int(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(value)
