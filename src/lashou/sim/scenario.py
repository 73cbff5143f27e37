"""`lashou demo`: a whole plan lived through on a development node.

A pool token, an attestor, two notaries, a few hundred members of both tiers with synthetic
identities, a dozen witnesses in four cities; the waiting period passed by moving the node's
clock; nine claims, among them one a witness rejects and the operator arbitrates, one whose
witness stays silent and is replaced, one the platform rejects at review, and three fraud cases
(an objection that exposes a fraud, an objection dismissed, a fraud reported after payout and
money recovered); members who lapse because they never top up, members who leave while claims
are under notice; and settlements until every benefit is funded and pulled. The report says
what happened and checks that every token is where the books say it is.

A small plan cannot pay 300,000-token benefits (DESIGN §8: one period collects at most cap ×
active weight), so the demo scales the benefits and the witness terms down to its size and
says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from web3 import Web3
from web3.logs import DISCARD

from lashou import actions
from lashou.chain.deploy import Roles, deploy_plan
from lashou.chain.params import DAY, TOKEN
from lashou.chain.tx import Sender, increase_time
from lashou.sim.claimflow import MILD, SEVERE, ClaimFlow, SimClaim
from lashou.sim.fraud import AFTER_PAYOUT, DISMISSED, FRAUD_REJECTED, UPHELD, Supervision
from lashou.sim.report import PeriodLine, Report, build_report
from lashou.sim.world import Habit, World

# Four districts in three provinces: Guangzhou and Shenzhen share Guangdong, so a Guangzhou
# patient's outside-city witness comes from Shenzhen; the others fall back to nationwide.
CITIES = [110101, 310101, 440106, 440305]
SETTLED = ("paid", "rejected at review", FRAUD_REJECTED)  # claims with nothing left to happen


def scale_for(members: int) -> int:
    """DESIGN's benefits divided by this fit the plan: the six claims take about three periods
    of cap × active weight (about 1.8 units of weight a member) to fund."""
    return max(100, round(24_000 / members / 10) * 10)


def scaled_terms(scale: int) -> tuple[dict[str, int], list[int]]:
    """Witness terms and tier benefits of DESIGN §8, divided by `scale`."""
    params = {
        "witness_stake": 3_000 * TOKEN // scale,
        "witness_bond": 1_000 * TOKEN // scale,
        "witness_fee": 200 * TOKEN // scale,
        "silent_forfeit": 400 * TOKEN // scale,
        "objection_stake": 100 * TOKEN // scale,
    }
    return params, [300_000 * TOKEN // scale, 100_000 * TOKEN // scale]


# One member in ten deposits the minimum and never tops up; one in twenty leaves mid-way.
HABITS = [Habit.STEADY] * 20
for _i in (0, 10):
    HABITS[_i] = Habit.NEGLECTFUL
HABITS[5] = Habit.LEAVER

STEADY_CAPS = 8  # a steady member keeps about this many caps per unit of weight deposited
TOP_UP_BELOW_CAPS = 4


@dataclass(frozen=True)
class DemoOptions:
    members: int = 200
    witnesses: int = 12
    seed: str = "lashou-demo"


Progress = Callable[[str, int], None]  # (what is happening, how many steps it takes)


class Demo:
    def __init__(self, w3: Web3, roles: Roles, options: DemoOptions, progress: Progress) -> None:
        self.w3 = w3
        self.roles = roles
        self.options = options
        self.progress = progress
        self.periods: list[PeriodLine] = []
        self.claims: list[SimClaim] = []

    def run(self) -> Report:
        started = time.monotonic()
        self.progress("Deploying the plan", 1)
        sender = Sender(self.w3)
        self.scale = scale_for(self.options.members)
        params, benefits = scaled_terms(self.scale)
        plan = deploy_plan(self.w3, self.roles, sender=sender, params=params, benefits=benefits)
        world = World.create(self.w3, plan, self.roles, sender, self.options.seed)
        self.world = world
        self.cap = int(plan.config.functions.cap().call())
        self.bucket = int(plan.config.functions.bucket_width().call())
        self.flow = ClaimFlow(world)
        self.fraud = Supervision(world)
        pool = plan.contract("pool")

        self.progress(
            f"Admitting {self.options.members} members and {self.options.witnesses} witnesses", 4
        )
        world.make_people(
            members=self.options.members,
            witnesses=self.options.witnesses,
            cities=CITIES,
            habits=HABITS,
        )
        self._join_members()
        stake = params["witness_stake"]
        registry = plan.contract("witnesses").address
        world.fund(world.witnesses, [stake] * len(world.witnesses), registry)
        world.register_witnesses(stake)

        self.progress("Waiting out the 90-day waiting period, settling every 14 days", 7)
        waiting_ends = self._waiting_ends()
        while int(pool.functions.next_settlement().call()) <= waiting_ends:
            self._settle_next()
        if world.now() < waiting_ends + 2 * DAY:
            increase_time(self.w3, waiting_ends + 2 * DAY - world.now())

        self.progress("Filing and witnessing nine claims; two objections ruled", 6)
        self._claims()

        self.progress("Settling until every benefit is funded and pulled", 6)
        for _ in range(12):
            self._top_up_steady()
            self._settle_next()
            for claim in self.claims:
                self.flow.try_pull(claim)
            if all(c.outcome in SETTLED for c in self.claims):
                break
        self.progress("Fraud reported after a payout; the operator recovers money", 1)
        self._fraud_after_payout()
        self._pull_fees()
        seconds = time.monotonic() - started
        return build_report(world, self.periods, self.claims, self.fraud, self.scale, seconds)

    # -- members -----------------------------------------------------------------------------
    def _join_members(self) -> None:
        world = self.world
        tiers = [0 if i % 2 == 0 else 1 for i in range(len(world.members))]
        weights = [3 if t == 0 else 1 for t in tiers]
        floor = 2 * self.cap + self.bucket
        deposits = []
        for member, tier, weight in zip(world.members, tiers, weights, strict=True):
            member.tier, member.weight = tier, weight
            caps = floor if member.habit is Habit.NEGLECTFUL else STEADY_CAPS * self.cap
            deposits.append(weight * caps)
        world.fund(world.members, [d * 3 for d in deposits], world.plan.contract("pool").address)
        world.join_all(deposits)

    def _waiting_ends(self) -> int:
        pool = self.world.plan.contract("pool")
        return int(pool.functions.membership(self.world.members[-1].address).call()[3])

    def _top_up_steady(self) -> None:
        world = self.world
        pool = world.plan.contract("pool")
        hashes = []
        for member in world.members:
            if member.exited or member.habit is Habit.NEGLECTFUL:
                continue
            balance, weight, status, _, lapsed, _ = pool.functions.member(member.address).call()
            if status != 1 or lapsed:
                continue
            if balance < weight * TOP_UP_BELOW_CAPS * self.cap:
                amount = weight * STEADY_CAPS * self.cap - balance
                hashes.append(world.send(pool.functions.top_up(amount), member.account, 200_000))
        world.wait(hashes)

    def _leavers_exit(self) -> None:
        world = self.world
        hashes = []
        for member in world.members:
            if member.habit is Habit.LEAVER and not member.exited:
                call = world.plan.contract("pool").functions.exit()
                hashes.append(world.send(call, member.account, 250_000))
                member.exited = True
        world.wait(hashes)

    # -- settlements -------------------------------------------------------------------------
    def _settle_next(self) -> None:
        world = self.world
        pool = world.plan.contract("pool")
        due = int(pool.functions.next_settlement().call())
        if world.now() < due:
            increase_time(self.w3, due - world.now())
        receipt = world.transact(pool.functions.settle(), self.roles.keeper, 1_500_000)
        settled = pool.events.PeriodSettled().process_receipt(receipt, errors=DISCARD)
        if settled:
            args = settled[0]["args"]
            self.periods.append(
                PeriodLine(
                    period=int(args["period"]),
                    share=int(args["share"]),
                    active_weight=int(args["active_weight"]),
                    collected=int(args["collected"]),
                    from_reserve=int(args["from_reserve"]),
                    claims_funded=int(args["claims_funded"]),
                    fees_funded=int(args["fees_funded"]),
                    reserve=int(args["reserve"]),
                    tx=receipt["transactionHash"].to_0x_hex(),
                    lapsed=actions.lapsed_buckets(pool, receipt),
                )
            )

    # -- claims ------------------------------------------------------------------------------
    def _claims(self) -> None:
        world, flow = self.world, self.flow
        steady = [m for m in world.members if m.habit is Habit.STEADY]
        # the fraud cases are tier-1 patients: ten per cent of a tier-1 benefit is less than the
        # bonds of three witnesses for a mild claim and more for a severe one, so the report
        # shows both a slash beyond the reward and a reward that recoveries complete
        older = [m for m in steady[7:] if m.tier == 1]
        stories = [
            ("severe illness, three approvals", steady[1], SEVERE),
            ("mild illness, three approvals", steady[2], MILD),
            ("a witness rejects, the operator arbitrates", steady[3], SEVERE),
            ("a witness stays silent and is replaced", steady[4], SEVERE),
            ("rejected at platform review", steady[5], SEVERE),
            ("severe illness of a younger member", steady[6], SEVERE),
            ("an objection during the notice exposes a fraud", older[0], MILD),
            ("an objection is dismissed", older[1], MILD),
            ("fraud reported after payout, money recovered", older[2], SEVERE),
        ]
        for label, patient, condition in stories:
            claim = SimClaim(label, patient, condition)
            self.claims.append(claim)
            flow.file(claim)
        rejected, silent, refused = self.claims[2], self.claims[3], self.claims[4]
        upheld, dismissed, after_payout = self.claims[6:9]
        self.fraud.open_cases(
            [(UPHELD, upheld), (DISMISSED, dismissed), (AFTER_PAYOUT, after_payout)],
            recovery=after_payout.benefit // 2,
        )
        for claim in self.claims:
            flow.review(claim, accept=claim is not refused)
        for claim in self.claims:
            if claim is not refused:
                flow.draw(claim)
        for claim in self.claims:
            if claim is refused:
                continue
            for slot in sorted(claim.witnesses):
                if claim is silent and slot == 2:
                    continue  # this witness never visits
                if claim is rejected and slot == 2:
                    flow.report(claim, slot, approve=False)
                else:
                    flow.report(claim, slot, approve=True)
        self._objections()
        flow.arbitrate(rejected, approve=True)
        self._leavers_exit()
        flow.wait_out_witnesses()
        flow.replace(silent, 2)
        flow.report(silent, 2, approve=True)
        increase_time(self.w3, int(world.plan.config.functions.notice_period().call()) + 1)
        for claim in self.claims:
            if claim.outcome == "open" and claim is not refused:
                flow.finalize(claim)

    def _objections(self) -> None:
        """Two supervisors object during the notice; the operator confirms one fraud and
        dismisses the other objection; the upheld supervisor and the operator pull their due."""
        fraud = self.fraud
        upheld, dismissed = fraud.case(UPHELD), fraud.case(DISMISSED)
        fraud.object(upheld)
        fraud.object(dismissed)
        fraud.rule(upheld, fraud=True)
        fraud.rule(dismissed, fraud=False)
        fraud.withdraw(upheld)
        fraud.collect_fees(dismissed)
        fraud.barred_patient_leaves(upheld)

    def _fraud_after_payout(self) -> None:
        """A supervisor reports fraud on a paid claim; the operator confirms it, then brings in
        half the benefit recovered from the fraudster; the supervisor pulls after each step."""
        fraud = self.fraud
        case = fraud.case(AFTER_PAYOUT)
        fraud.report(case)
        fraud.rule(case, fraud=True)
        fraud.withdraw(case)
        fraud.recover(case, case.claim.benefit // 2)
        fraud.withdraw(case)

    def _pull_fees(self) -> None:
        world = self.world
        pool = world.plan.contract("pool")
        hashes = []
        for witness in world.witnesses:
            if actions.fees_ready(pool, witness.address):
                hashes.append(world.send(pool.functions.pull_fees(), witness.account, 120_000))
        world.wait(hashes)
