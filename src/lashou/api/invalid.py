"""One sentence for a request that cannot be used: the field, what is wrong with it, what to do.

FastAPI hands over pydantic's errors and starlette's form-parser messages; their texts are a
parser's ("Input should be a valid integer, unable to parse string as an integer", "JSON decode
error", "Too many fields. Maximum number of fields is 1000."). Every kind a request can meet is
worded here instead, naming the field as the client sent it ("field 'admission.message.tier'",
"query parameter 'limit'"); a kind not listed still gets a sentence of ours, never the parser's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

UINT256_MAX = 2**256 - 1
WHERE = {
    "body": "field", "query": "query parameter", "path": "path parameter", "header": "header",
    "cookie": "cookie",
}  # fmt: skip
SEE_DOCS = "correct it as /docs shows"
HEX_DIGITS = re.compile(r"\{(40|64)\}")
_FORM_LIMITS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Too many fields\. Maximum number of fields is (\d+)"),
     "the form has more than {0} fields: send only the fields /docs lists"),
    (re.compile(r"Too many files\. Maximum number of files is (\d+)"),
     "the form has more than {0} files: send the one file /docs lists"),
    (re.compile(r"(?:Field|Part) exceeded maximum size of (\d+)KB"),
     "a form field is larger than {0} KB: send the document as the file and short values in"
     " the other fields"),
    (re.compile(r"Missing boundary in multipart"),
     "the multipart body has no boundary: send multipart/form-data as /docs shows"),
    (re.compile(r"Content-Disposition header field \"name\" must be provided"),
     "a part of the form has no name: name every part as /docs shows"),
]  # fmt: skip
UNREADABLE = "the request body cannot be read: send JSON or form data as /docs shows"


def validation(errors: Sequence[Mapping[str, Any]]) -> str:
    """The first error of a request that failed validation, as one sentence."""
    if not errors:
        return f"the request is not valid: {SEE_DOCS}"
    first = errors[0]
    kind = str(first.get("type", ""))
    loc = [str(part) for part in first.get("loc", ())]
    if kind == "json_invalid":
        where = f" (it breaks at character {loc[1]})" if len(loc) > 1 else ""
        return f"the request body is not valid JSON{where}: send a JSON object as /docs shows"
    source = loc[0] if loc and loc[0] in WHERE else "body"
    path = loc[1:] if loc and loc[0] in WHERE else loc
    subject = f"{WHERE[source]} '{'.'.join(path)}'" if path else "the request body"
    problem, fix = _wording(kind, dict(first.get("ctx") or {}), str(first.get("msg", "")))
    return f"{subject} {problem}: {fix}"


def unreadable_form(detail: str) -> str:
    """A starlette form-parser refusal (a 400 with its own text) as one sentence of ours."""
    for pattern, sentence in _FORM_LIMITS:
        found = pattern.search(detail)
        if found:
            return sentence.format(*found.groups())
    return UNREADABLE


def _bound(value: Any) -> str:
    return "2**256 - 1" if value == UINT256_MAX else str(value)


def _wording(kind: str, ctx: dict[str, Any], msg: str) -> tuple[str, str]:
    """(what is wrong, what to do) for one pydantic error type."""
    match kind:
        case "missing":
            return "is missing", "add it as /docs shows"
        case "extra_forbidden":
            return "is not a field of this request", "remove it or correct its name"
        case "int_type":
            return "is not a whole number", "send a JSON number without quotes or a fraction"
        case "int_parsing" | "int_from_float":
            return "is not a whole number", "give digits only"
        case "bool_type" | "bool_parsing":
            return "is not true or false", "send true or false"
        case "string_type":
            return "is not text", "send it as a JSON string"
        case "dict_type" | "model_type" | "model_attributes_type":
            return "is not a JSON object", "send an object as /docs shows"
        case "list_type":
            return "is not a list", "send a JSON array as /docs shows"
        case "string_too_long":
            return f"is longer than {ctx.get('max_length')} characters", "shorten it"
        case "string_too_short":
            return f"is shorter than {ctx.get('min_length')} characters", "complete it"
        case "string_pattern_mismatch":
            digits = HEX_DIGITS.search(str(ctx.get("pattern", "")))
            if digits:
                return f"is not 0x followed by {digits.group(1)} hex digits", "correct it"
            return "is not well formed", SEE_DOCS
        case "greater_than_equal":
            return f"is below {_bound(ctx.get('ge'))}", f"give {_bound(ctx.get('ge'))} or more"
        case "greater_than":
            return f"is not above {_bound(ctx.get('gt'))}", "give a larger number"
        case "less_than_equal":
            return f"is above {_bound(ctx.get('le'))}", f"give at most {_bound(ctx.get('le'))}"
        case "less_than":
            return f"is not below {_bound(ctx.get('lt'))}", "give a smaller number"
        case "literal_error" | "enum":
            return f"is not one of {ctx.get('expected')}", "use one of them"
        case "value_error":
            text = msg.removeprefix("Value error, ").rstrip(".")
            return (f"is {text}" if text.startswith("not ") else "is not valid"), SEE_DOCS
    return "is not valid", SEE_DOCS
