"""The demo's fraud cases, played by supervisors and the operator on the real node.

- an objection during the notice exposes a fraud: the operator confirms it, the claim is
  rejected, the patient's identity barred, the approving witnesses slashed; the supervisor gets
  its stake back and the reward min(ratio × benefit, slashed), the rest goes to the reserve;
- an objection dismissed: the stake is the operator's investigation fee, the claim is queued
  and paid like any other;
- fraud reported after payout and confirmed: the slashed bonds fund the reward first; money the
  operator later recovers from the fraudster completes the reward, then goes to the reserve.

Every amount is read from the contracts' events, and the reserve around each ruling, so the
report shows what moved, not what was expected to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak

from lashou import cases
from lashou.sim.claimflow import SimClaim
from lashou.sim.world import World, derived_account

UPHELD, DISMISSED, AFTER_PAYOUT = "objection upheld", "objection dismissed", "report after payout"
FRAUD_REJECTED = "rejected: fraud confirmed"
PAID_THEN_FRAUD = "paid, then fraud confirmed"


@dataclass
class FraudCase:
    """One supervisor's case against one claim, and the money each step moved."""

    kind: str
    claim: SimClaim
    supervisor: LocalAccount = field(repr=False)
    stake: int = 0
    outcome: str = "open"
    slashed: int = 0
    reward: int = 0  # the supervisors' reward as it ends (slashed part + recoveries)
    to_reserve: int = 0  # slashed bonds beyond the reward, and recoveries beyond it
    fee: int = 0  # stakes forfeited to the operator
    recovered: int = 0
    recovery_to_reward: int = 0
    recovery_to_reserve: int = 0
    reserve_before: int = 0
    reserve_after: int = 0
    supervisor_received: int = 0  # stake back plus reward, over every withdrawal
    fees_collected: int = 0


class Supervision:
    """Supervisors who stake, the operator who rules and recovers; one transaction a step."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.disputes = world.plan.contract("disputes")
        self.pool = world.plan.contract("pool")
        self.stake = int(world.plan.config.functions.objection_stake().call())
        self.cases: list[FraudCase] = []

    def open_cases(self, stories: list[tuple[str, SimClaim]], recovery: int) -> None:
        """A supervisor for each story holding exactly one stake, and the tokens the operator
        will bring in as recovered, each allowed to the disputes contract (pipelined)."""
        w = self.world
        supervisors = [derived_account(f"supervisor/{i}", w.seed) for i in range(len(stories))]
        accounts = [*supervisors, w.roles.operator]
        spender = str(self.disputes.address)
        w.fund_accounts(accounts, [self.stake] * len(supervisors) + [recovery], spender)
        for (kind, claim), supervisor in zip(stories, supervisors, strict=True):
            self.cases.append(FraudCase(kind, claim, supervisor, stake=self.stake))

    def case(self, kind: str) -> FraudCase:
        return next(c for c in self.cases if c.kind == kind)

    # -- supervisors -------------------------------------------------------------------------
    def object(self, case: FraudCase) -> None:
        evidence = keccak(text=f"evidence against claim {case.claim.claim_id}")
        call = cases.object_to(self.disputes, case.claim.claim_id, evidence)
        case.claim.record("objection raised", self.world.transact(call, case.supervisor))

    def report(self, case: FraudCase) -> None:
        evidence = keccak(text=f"fraud evidence on claim {case.claim.claim_id}")
        call = cases.report_fraud(self.disputes, case.claim.claim_id, evidence)
        case.claim.record("fraud reported", self.world.transact(call, case.supervisor))

    def withdraw(self, case: FraudCase) -> None:
        call = cases.withdraw(self.disputes, case.claim.claim_id)
        receipt = self.world.transact(call, case.supervisor)
        args = cases.event(self.disputes, "StakeWithdrawn", receipt)
        case.supervisor_received += int(args["stake"]) + int(args["reward"])
        case.claim.record("supervisor withdrew", receipt)

    # -- the operator ------------------------------------------------------------------------
    def rule(self, case: FraudCase, *, fraud: bool) -> None:
        reason = keccak(text=f"ruling on claim {case.claim.claim_id}: fraud {fraud}")
        call = cases.rule(self.disputes, case.claim.claim_id, fraud, reason)
        case.reserve_before = self._reserve()
        receipt = self.world.transact(call, self.world.roles.operator)
        case.reserve_after = self._reserve()
        args = cases.event(self.disputes, "DisputeRuled", receipt)
        case.slashed, case.reward = int(args["slashed"]), int(args["reward"])
        case.to_reserve, case.fee = int(args["to_reserve"]), int(args["fee"])
        case.outcome = cases.Outcome.FRAUD.label if fraud else cases.Outcome.DISMISSED.label
        case.claim.record(f"ruled: {case.outcome}", receipt)
        if fraud:
            paid = case.claim.outcome == "paid"
            case.claim.outcome = PAID_THEN_FRAUD if paid else FRAUD_REJECTED
        else:
            case.claim.outcome = "queued"

    def recover(self, case: FraudCase, amount: int) -> None:
        """The operator brings in `amount` recovered from the fraudster."""
        call = cases.record_recovery(self.disputes, case.claim.claim_id, amount)
        receipt = self.world.transact(call, self.world.roles.operator)
        case.reserve_after = self._reserve()
        args = cases.event(self.disputes, "RecoveryRecorded", receipt)
        case.recovered += amount
        case.recovery_to_reward += int(args["to_reward"])
        case.recovery_to_reserve += int(args["to_reserve"])
        case.reward += int(args["to_reward"])
        case.to_reserve += int(args["to_reserve"])
        case.claim.record("recovery recorded", receipt)

    def collect_fees(self, case: FraudCase) -> None:
        call = cases.collect_fees(self.disputes)
        receipt = self.world.transact(call, self.world.roles.operator)
        case.fees_collected += int(cases.event(self.disputes, "FeesCollected", receipt)["amount"])
        case.claim.record("operator collected the fee", receipt)

    # -- the fraudster -----------------------------------------------------------------------
    def barred_patient_leaves(self, case: FraudCase) -> None:
        """The barred patient's coverage ended; its deposit is still its own, so it exits."""
        patient = case.claim.patient
        receipt = self.world.transact(self.pool.functions.exit(), patient.account)
        patient.exited = True
        case.claim.record("barred patient took its deposit back", receipt)

    def _reserve(self) -> int:
        return int(self.pool.functions.reserve().call())
