"""What a JSON body must not be before a parser reads it: nested deeper than any body /docs
describes, which would overflow a recursive parser's stack."""

from __future__ import annotations

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


def problem(body: bytes) -> str | None:
    """Why `body` is refused before parsing (one sentence), or None."""
    if json_depth(body) > MAX_JSON_DEPTH:
        return (
            f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels: send only what /docs"
            " describes"
        )
    return None
