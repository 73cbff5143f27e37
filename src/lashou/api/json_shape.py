"""What a JSON body must not be before a parser reads it: nested deeper than any body /docs
describes, which would overflow a recursive parser's stack, or holding a whole number longer
than Python reads from text (sys.get_int_max_str_digits, 4300 digits by default), which the
framework's parser reports only as a body it cannot read."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Any

MAX_JSON_DEPTH = 32  # the deepest body /docs describes has three levels


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in `body`, strings skipped (no parsing)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


@dataclass(frozen=True)
class _TooLong:
    digits: int


def _find(value: Any, path: list[str]) -> tuple[list[str], _TooLong] | None:
    """Where in a decoded body the first number too long to read is (depth is bounded)."""
    if isinstance(value, _TooLong):
        return path, value
    if isinstance(value, dict):
        items: list[tuple[Any, Any]] = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return None
    for key, inner in items:
        found = _find(inner, [*path, str(key)])
        if found is not None:
            return found
    return None


def too_long_number(body: bytes) -> str | None:
    """The one sentence for a whole number in `body` longer than Python reads, naming its
    field, or for the JSON that breaks after it; None when there is none."""
    limit = sys.get_int_max_str_digits()
    if not limit or not re.search(rb"[0-9]{%d}" % (limit + 1), body):
        return None

    def whole(text: str) -> int | _TooLong:
        digits = len(text.lstrip("-"))
        return _TooLong(digits) if digits > limit else int(text)

    try:
        found = _find(json.loads(body, parse_int=whole), [])
    except json.JSONDecodeError as exc:  # the framework would stop at the number, not here
        return (
            f"the request body is not valid JSON (it breaks at character {exc.pos}): send a JSON"
            " object as /docs shows"
        )
    except ValueError:
        return None
    if found is None:
        return None  # the digits are inside a string
    path, number = found
    subject = f"field '{'.'.join(path)}'" if path else "the request body"
    return (
        f"{subject} is a number of {number.digits} digits, too large for any field: give at most"
        " 2**256 - 1"
    )


def problem(body: bytes) -> str | None:
    """Why `body` is refused before parsing (one sentence), or None."""
    if json_depth(body) > MAX_JSON_DEPTH:
        return (
            f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels: send only what /docs"
            " describes"
        )
    return too_long_number(body)
