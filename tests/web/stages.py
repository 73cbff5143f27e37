"""Claims brought to a given stage from Python, so that a browser test can start there: filed
by a covered demo member, accepted by the operator, its panel drawn by the served keeper, every
witness approving. Each step is the party's own transaction with its own dev key, as the CLI
would send it; the browser tests then play the step they are about through the pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak

from lashou import actions
from lashou.chain.deploy import dev_roles
from lashou.chain.plan import Plan
from lashou.chain.tx import Sender
from lashou.identity.envelope import Envelope
from lashou.sim.world import derived_account
from tests.service.conftest import Served
from tests.web.people import DEMO_SEED, DiagnosisFiles, covered_demo_member, diagnosis_files

DEMO_MEMBERS = 20  # `site` plays the demo with 20 members
KNOWN_WITNESSES = 200  # demo witnesses and recruits are derived as witness/0, witness/1, …


@dataclass
class Staged:
    claim_id: int
    patient: LocalAccount
    files: DiagnosisFiles
    witnesses: list[str] = field(default_factory=list)  # the panel, by slot


def witness_key(address: str) -> LocalAccount:
    """The dev key of a demo witness (derived from the demo's seed; development only)."""
    for i in range(KNOWN_WITNESSES):
        account = derived_account(f"witness/{i}", DEMO_SEED)
        if account.address.lower() == address.lower():
            return account
    raise LookupError(f"{address} is not one of the demo's witnesses")


class Stages:
    """Drives claims on the served plan; `skip` picks a covered member no other test uses."""

    def __init__(self, site: Served, folder: Path) -> None:
        self.site, self.folder = site, folder
        self.plan: Plan = site.plan()
        self.roles = dev_roles()
        self.claims = self.plan.contract("claims")

    def _send(self, call: Any, account: LocalAccount) -> Any:
        return Sender(self.plan.w3).transact(call, account)

    def filed(self, *, skip: int) -> Staged:
        patient = covered_demo_member(self.site.get, DEMO_MEMBERS, skip=skip)
        files = diagnosis_files(self.plan, patient.address, self.folder)
        envelope = Envelope.parse(files.diagnosis.read_text(), "diagnosis", source="the test")
        call = actions.file_claim(self.claims, envelope.message, envelope.signature)  # type: ignore[arg-type]
        claim_id, _ = actions.filed(self.claims, self._send(call, patient))
        return Staged(claim_id, patient, files)

    def accepted(self, *, skip: int) -> Staged:
        staged = self.filed(skip=skip)
        self._send(self.claims.functions.accept_claim(staged.claim_id), self.roles.operator)
        return staged

    def drawn(self, *, skip: int) -> Staged:
        """Accepted, then the served keeper draws the panel once the seed block comes (the
        served node mines a block every few seconds: nobody mines by hand)."""
        staged = self.accepted(skip=skip)
        timeline = self.site.wait_for(
            f"/api/claims/{staged.claim_id}",
            lambda t: len([s for s in t["panel"] if s["verdict"] == "pending"]) == 3,
            timeout=60,
        )
        seats = sorted(timeline["panel"], key=lambda seat: seat["slot"])
        staged.witnesses = [seat["witness"] for seat in seats]
        return staged

    def under_notice(self, *, skip: int) -> Staged:
        """Drawn, then every witness approves: the notice opens."""
        staged = self.drawn(skip=skip)
        for slot, witness in enumerate(staged.witnesses):
            report = keccak(text=f"visit report, claim {staged.claim_id}, slot {slot}")
            call = self.claims.functions.report(staged.claim_id, True, report)
            self._send(call, witness_key(witness))
        self.site.wait_for(f"/api/claims/{staged.claim_id}",
                           lambda t: t["claim"]["status"] == "notice")  # fmt: skip
        return staged
