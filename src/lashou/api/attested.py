"""The fields of a signed attestation checked against their EIP-712 types before anything is
encoded: the contract encoder only says that some argument does not fit its type, so a class of
300, a deadline of 2**300 or a 1-byte document hash is named here, field by field."""

from __future__ import annotations

import re
from typing import Any

from lashou.identity import signing

TYPES: dict[str, list[dict[str, str]]] = {
    "member-admission": signing.ADMISSION_TYPE,
    "witness-admission": signing.WITNESS_ADMISSION_TYPE,
    "diagnosis": signing.DIAGNOSIS_TYPE,
}
FIELDS = {"member-admission": "admission", "witness-admission": "admission",
          "diagnosis": "diagnosis"}  # fmt: skip
BYTES32 = re.compile(r"0x[0-9a-fA-F]{64}")
SIGNATURE = re.compile(r"0x[0-9a-fA-F]{130}")


def _top(bits: int) -> str:
    return str(2**bits - 1) if bits <= 32 else f"2**{bits} - 1"


def problem(raw: dict[str, Any], kind: str) -> str | None:
    """What is wrong with the first field of a `kind` attestation file that its contract field
    cannot take, as one sentence naming it; None when every typed field fits. A field missing or
    of another JSON type is left to the file's parser, which says so."""
    field = FIELDS[kind]
    signature = raw.get("signature")
    if isinstance(signature, str) and not SIGNATURE.fullmatch(signature):
        return (
            f"field '{field}.signature' is not 0x followed by 130 hex digits: ask for a new {kind}"
        )
    message = raw.get("message")
    if not isinstance(message, dict):
        return None
    for entry in TYPES[kind]:
        name, type_ = entry["name"], entry["type"]
        value = message.get(name)
        where = f"field '{field}.message.{name}'"
        if type_.startswith("uint") and isinstance(value, int) and not isinstance(value, bool):
            bits = int(type_.removeprefix("uint"))
            if value < 0:
                return f"{where} is below 0: give 0 or more"
            if value > 2**bits - 1:
                return f"{where} is above {_top(bits)}: give at most {_top(bits)}"
        elif (
            type_ == "bytes32"
            and value is not None
            and not (isinstance(value, str) and BYTES32.fullmatch(value))
        ):
            return f"{where} is not 0x followed by 64 hex digits: correct it"
    return None
