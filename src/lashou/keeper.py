"""The keeper: find the permissionless transitions that are due and make them.

Every deadline in the plan has a transition anyone may call (DESIGN §5): a review left silent
is skipped, a drawn seed block is used, a silent witness is replaced, a lapsed arbitration
redraws the panel, an ended notice queues the payout, a claim whose patient left is
cancelled, a member whose tier ended without a renewal is expired (before it would share the
next settlement's cost), and every settlement period is settled (after an `advance` when a
cap raise left buckets to cross). Open claims and tier ends are found from the plan's events,
kept in an `EventBook` that a keeper polling again and again reads only new blocks into; one
round makes at most `limit` transactions, so a keeper's call stays bounded however long the
backlog is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account.signers.local import LocalAccount

from lashou import actions
from lashou.actions import ClaimStatus
from lashou.chain.plan import Plan
from lashou.chain.tx import Sender, TransactionFailed
from lashou.keeper_book import EventBook

MAX_CROSS = 33  # Pool.advance crosses at most this many buckets per call


@dataclass(frozen=True)
class Transition:
    """One due transition: what it does and the call that does it."""

    label: str
    call: Any  # a web3 ContractFunction


@dataclass(frozen=True)
class Outcome:
    """What became of one transition: its transaction, or why it failed."""

    label: str
    tx: str | None = None
    error: str | None = None


def due_claim_transitions(plan: Plan, book: EventBook, *, limit: int) -> list[Transition]:
    """The claim transitions due as of the latest block, oldest claims first, at most `limit`."""
    latest = plan.w3.eth.get_block("latest")
    now, block = int(latest["timestamp"]), int(latest["number"])
    found: list[Transition] = []
    for claim_id in book.open_claims():
        if len(found) >= limit:
            break
        found += _due(plan, actions.claim_record(plan.contract("claims"), claim_id), now, block)
    return found[:limit]


def _due(plan: Plan, c: actions.ClaimRecord, now: int, block: int) -> list[Transition]:
    """What is due on one claim: at most one transition, so each sees the state it expects."""
    claims = plan.contract("claims")
    fn, n = claims.functions, c.claim_id
    if not c.open:
        return []
    if not plan.contract("pool").functions.is_membership(c.patient, c.membership_id).call():
        return [Transition(f"cancel claim {n} (its patient left)", fn.cancel(n))]
    expired = now >= c.deadline
    if c.status == ClaimStatus.FILED and expired:
        return [Transition(f"skip the silent review of claim {n}", fn.skip_review(n))]
    if c.status == ClaimStatus.ARBITRATION and expired:
        return [Transition(f"redraw the panel of claim {n}", fn.redraw_panel(n))]
    if c.status == ClaimStatus.NOTICE and expired:
        return [Transition(f"finalize claim {n}", fn.finalize(n))]
    if c.status == ClaimStatus.DRAWING and c.seed_block and block >= c.seed_block:
        return [Transition(f"draw the witnesses of claim {n}", fn.draw_witnesses(n))]
    if c.status in (ClaimStatus.DRAWING, ClaimStatus.WITNESSING):
        for index in c.panel:
            witness, deadline, verdict = actions.slot(claims, n, index)
            if int(witness, 16) and verdict == 0 and now >= deadline:
                label = f"replace the silent witness in slot {index} of claim {n}"
                return [Transition(label, fn.replace_witness(n, index))]
    return []


def due_expiries(plan: Plan, book: EventBook, *, limit: int) -> list[Transition]:
    """Members whose tier has ended and who still share costs, at most `limit`.

    The tier end comes from the joins' and renewals' events, so only the members it names are
    read back from chain.
    """
    now = int(plan.w3.eth.get_block("latest")["timestamp"])
    pool = plan.contract("pool").functions
    found: list[Transition] = []
    for member, valid_until in book.tier_ends().items():
        if len(found) >= limit:
            break
        if valid_until <= now and int(pool.member(member).call()[2]) == 1:
            found.append(Transition(f"expire member {member}: its tier ended", pool.expire(member)))
    return found


def due_settlement(plan: Plan) -> Transition | None:
    """The settlement step due now (an `advance` first after a cap raise), or None."""
    pool = plan.contract("pool").functions
    now = int(plan.w3.eth.get_block("latest")["timestamp"])
    if now < int(pool.next_settlement().call()):
        return None
    # settle() itself crosses up to MAX_CROSS buckets; a cap raise may leave more than that
    if int(pool.target_frontier().call()) - int(pool.frontier().call()) > MAX_CROSS:
        return Transition("advance the lapse frontier after a cap raise", pool.advance(MAX_CROSS))
    return Transition(f"settle period {int(pool.period().call()) + 1}", pool.settle())


def run_once(
    plan: Plan,
    sender: Sender,
    keeper: LocalAccount,
    *,
    limit: int,
    book: EventBook | None = None,
) -> list[Outcome]:
    """Make every due transition, at most `limit` transactions: claims first (so a payout
    queued now is funded by the settlement that follows), then expiries (so an ended tier
    shares no more cost), then the settlements due. A keeper that runs again and again passes
    the same `book`, so each round reads only the events of new blocks."""
    book = book or EventBook(plan)
    book.refresh()
    due = due_claim_transitions(plan, book, limit=limit)
    outcomes = [_make(sender, keeper, t) for t in due]
    room = limit - len(outcomes)
    expiring = due_expiries(plan, book, limit=room) if room else []
    outcomes += [_make(sender, keeper, t) for t in expiring]
    pool = plan.contract("pool").functions
    while len(outcomes) < limit:
        step = due_settlement(plan)
        if step is None:
            break
        before = int(pool.next_settlement().call())
        outcomes.append(_make(sender, keeper, step))
        if outcomes[-1].error is not None:
            break
        if step.label.startswith("settle") and int(pool.next_settlement().call()) == before:
            held = int(pool.held_period().call())
            outcomes.append(
                Outcome(
                    f"period {held} held by the circuit breaker: governance must confirm it"
                    " (lashou gov propose confirm-period)"
                )
            )
            break
    return outcomes


def _make(sender: Sender, keeper: LocalAccount, transition: Transition) -> Outcome:
    try:
        receipt = sender.transact(transition.call, keeper)
    except TransactionFailed as exc:
        return Outcome(transition.label, error=exc.reason)
    return Outcome(transition.label, tx=receipt["transactionHash"].to_0x_hex())
