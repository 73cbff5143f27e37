"""Readers for the config tests."""

from __future__ import annotations

from typing import Any

from tests.utils.deployers import DEFAULT_PARAMS

NOT_OWNER = "ownable: caller is not the owner"
TWO_ROLES = "config: one key may not hold two roles"
PARAMS = tuple(DEFAULT_PARAMS)


def _events(contract: Any, name: str, fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The last call's `name` events, as tuples of `fields`."""
    return [
        tuple(getattr(e, f) for f in fields)
        for e in contract.get_logs()
        if type(e).__name__ == name
    ]


def parameter_changes(config: Any) -> list[tuple[Any, ...]]:
    """(name, previous, current) of each ParameterChanged."""
    return _events(config, "ParameterChanged", ("name", "previous", "current"))


def role_changes(config: Any) -> list[tuple[Any, ...]]:
    """(role, previous, current) of each RoleChanged."""
    return _events(config, "RoleChanged", ("role", "previous", "current"))
