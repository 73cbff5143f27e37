"""Small helpers shared by the contract tests: deploys, events, time, identities, signatures."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import boa
from eth_utils import keccak

from tests.utils.deployers import CONTRACTS, Plan, admit

# secp256k1 group order: a signature (r, s) and (r, n - s) are both valid ECDSA.
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

CITY = 110_101  # Beijing, Dongcheng
PROVINCE = CITY // 10_000


@cache
def deployer_of(path: str) -> Any:
    """A compiled contract, ready to deploy again and again (compiled once per process)."""
    return boa.load_partial(path)


def deploy(name: str, *args: Any) -> Any:
    """Deploy contracts/<name>.vy, or a test-only contract given by its path."""
    path = Path(name) if name.endswith(".vy") else CONTRACTS / f"{name}.vy"
    return deployer_of(str(path)).deploy(*args)


def events(contract: Any, name: str, emitter: Any = None) -> list[Any]:
    """The `name` events emitted by `emitter` (`contract` itself by default) during the last call
    to `contract`."""
    source = (emitter or contract).address
    return [
        log for log in contract.get_logs() if type(log).__name__ == name and log.address == source
    ]


def event(contract: Any, name: str) -> Any:
    """The one `name` event the last call to `contract` emitted."""
    found = events(contract, name)
    assert len(found) == 1, f"expected one {name}, got {len(found)}"
    return found[0]


# What Pool.holder_of names for an identity that may never join again.
BARRED = "0x0000000000000000000000000000000000000001"


def now() -> int:
    return int(boa.env.evm.patch.timestamp)


def commitment_of(account: str) -> bytes:
    """A distinct identity commitment per account (tests never need the real HMAC)."""
    return keccak(b"identity:" + bytes.fromhex(account[2:]))


def topic(text: str) -> bytes:
    """How an indexed string is logged: its keccak hash."""
    return keccak(text.encode())


def sign_admission(
    plan: Plan, member: str, *, commitment: bytes, region: int = CITY, **fields: Any
) -> tuple[tuple[Any, ...], bytes]:
    """An admission for `member`, signed for any domain: (join arguments, signature)."""
    return admit(plan, member, commitment=commitment, region=region, **fields)


def high_s(sig: bytes) -> bytes:
    """The same signature in its other valid form: s → n − s, v flipped."""
    r, s, v = sig[:32], int.from_bytes(sig[32:64], "big"), sig[64]
    return r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])


def compact(sig: bytes) -> bytes:
    """The EIP-2098 64-byte form of a 65-byte signature."""
    r, s, v = sig[:32], int.from_bytes(sig[32:64], "big"), sig[64]
    return r + (s | ((v - 27) << 255)).to_bytes(32, "big")
