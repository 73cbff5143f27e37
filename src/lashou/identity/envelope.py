"""Signed attestations as JSON files: what the attestor hands a member or a witness, and what a
notary hands a patient.

    {"kind": "member-admission", "chain_id": 31337, "contract": "0x…",
     "message": {"member": "0x…", "commitment": "0x…", …}, "signature": "0x…"}

The message holds exactly the EIP-712 fields of src/lashou/identity/signing.py (bytes as 0x
hex), and `contract` is the verifying contract the signature is bound to. Extra fields (the
health declaration's salt of a member admission) travel beside the message, never on chain.
A file that cannot be read raises `EnvelopeError` with one sentence saying what to do.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from eth_utils.address import is_address, to_checksum_address

from lashou.identity import signing

Message = signing.Admission | signing.WitnessAdmission | signing.Diagnosis

KINDS: dict[str, type[Message]] = {
    "member-admission": signing.Admission,
    "witness-admission": signing.WitnessAdmission,
    "diagnosis": signing.Diagnosis,
}
_ADDRESS_FIELDS = {"member", "witness", "patient"}


class EnvelopeError(ValueError):
    """An attestation file that cannot be used as it stands."""


@dataclass(frozen=True)
class Envelope:
    """One signed attestation with the chain and contract it is bound to."""

    kind: str
    chain_id: int
    contract: str
    message: Message
    signature: bytes
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fields_ = asdict(self.message)
        message = {k: "0x" + v.hex() if isinstance(v, bytes) else v for k, v in fields_.items()}
        return {
            "kind": self.kind,
            "chain_id": self.chain_id,
            "contract": self.contract,
            "message": message,
            "signature": "0x" + self.signature.hex(),
            **self.extra,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    @classmethod
    def read(cls, path: Path, kind: str) -> Envelope:
        """Read a `kind` attestation from `path`."""
        try:
            text = path.read_text()
        except OSError as exc:
            raise EnvelopeError(
                f"cannot read {path} ({exc.strerror or exc}): give the path of the {kind} file"
            ) from None
        return cls.parse(text, kind, source=str(path))

    @classmethod
    def parse(cls, text: str, kind: str, *, source: str = "the file") -> Envelope:
        """Parse a `kind` attestation from JSON text."""
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise EnvelopeError(f"{source} is not a JSON attestation: give the {kind} file")
        if data.get("kind") != kind:
            raise EnvelopeError(
                f"{source} holds a {data.get('kind') or 'different'} attestation, not a {kind}:"
                f" give the {kind} file"
            )
        try:
            message = _message(KINDS[kind], data["message"])
            envelope = cls(
                kind=kind,
                chain_id=_whole(data["chain_id"], "chain_id"),
                contract=_address(data["contract"]),
                message=message,
                signature=_bytes(data["signature"]),
                extra={
                    k: str(v) for k, v in data.items()
                    if k not in {"kind", "chain_id", "contract", "message", "signature"}
                },
            )  # fmt: skip
        except (KeyError, TypeError, ValueError) as exc:
            raise EnvelopeError(
                f"{source} is not a complete {kind} ({_describe(exc)}): ask for a new one"
            ) from None
        if len(envelope.signature) != 65:
            raise EnvelopeError(f"{source} has no 65-byte signature: ask for a new {kind}")
        return envelope


def _message(kind: type[Message], raw: Any) -> Message:
    if not isinstance(raw, dict):
        raise TypeError("message is not an object")
    values: dict[str, Any] = {}
    for f in fields(kind):
        value = raw[f.name]
        if f.type == "bytes":
            values[f.name] = _bytes(value)
        elif f.name in _ADDRESS_FIELDS:
            values[f.name] = _address(value)
        else:
            values[f.name] = _whole(value, f.name)
    return kind(**values)


def _whole(value: Any, name: str) -> int:
    """A JSON integer: not `true`, `"5"` or `5.0`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} is not a whole number")
    return value


def _bytes(value: Any) -> bytes:
    if not isinstance(value, str) or not value.startswith("0x"):
        raise ValueError("a byte field is not 0x hex")
    return bytes.fromhex(value[2:])


def _address(value: Any) -> str:
    if not isinstance(value, str) or not is_address(value):
        raise ValueError("an address is not valid")
    return to_checksum_address(value)


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"{exc.args[0]} is missing"
    return str(exc)
