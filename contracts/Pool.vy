# pragma version ~=0.4.3
# pragma optimize codesize
"""
@title lashou pool: members' deposits, cost sharing, the payout queue, the reserve
@notice Members keep their deposit here and take it back at any time. Once per settlement
        period anyone may settle: the cost of the queued benefits and the witness fees due is
        split over the active members by weight, at most `cap` per unit of weight, and debited
        from their deposits lazily through a global index. Members whose deposit can no longer
        pay a full cap lapse automatically; every operation is O(1) in the number of members,
        claims, witnesses and periods (see src/lashou/model/pool.py, the readable model this
        contract is tested against).
@dev Token conservation, checked by `accounted()`:
     token.balanceOf(pool) == member_funds + reserve + (funded_total - paid_total - swept_total)
                              + (fees_funded - fees_paid)
"""

from ethereum.ercs import IERC20
from snekmate.utils import ecdsa
from snekmate.utils import eip712_domain_separator as eip712

import constants as c
from interfaces import IConfig
from interfaces import IPool

implements: IPool

initializes: ecdsa
initializes: eip712

exports: eip712.eip712Domain


# @dev EIP-712 type of the attestor's admission of a member.
ADMISSION_TYPEHASH: constant(bytes32) = keccak256(
    "Admission(address member,bytes32 commitment,uint8 tier,uint64 validUntil,uint32 region,bytes32 healthHash,uint256 nonce,uint256 deadline)"
)

# @dev Most buckets one settlement crosses: a share is at most the cap, and the cap spans at
#      most 32 bucket widths.
MAX_CROSS: constant(uint256) = c.MAX_CAP_BUCKETS + 1

# @dev `holder_of` value of an identity that may never join again (a benefit was queued for
#      it, or fraud was confirmed on one of its claims); `_holders` stores it as the word 1.
BARRED: constant(address) = 0x0000000000000000000000000000000000000001
BARRED_WORD: constant(uint256) = 1
# @dev `_holders` word of an identity barred because fraud was confirmed on one of its claims
#      (it may not witness either).
BANNED_WORD: constant(uint256) = 2

# @dev Payout flags, above the patient's address in the packed payout word: pulled, held by a
#      dispute, cancelled by a fraud ruling; the pull's time sits above them.
PAID_FLAG: constant(uint256) = 1 << 160
HELD_FLAG: constant(uint256) = 1 << 161
CANCELLED_FLAG: constant(uint256) = 1 << 162
PULLED_AT_SHIFT: constant(uint256) = 168
MASK_128: constant(uint256) = 2**128 - 1
MASK_160: constant(uint256) = 2**160 - 1

# @dev Membership status (kept in the packed account word).
STATUS_NONE: constant(uint256) = 0
STATUS_ACTIVE: constant(uint256) = 1
STATUS_ENDED: constant(uint256) = 2
# @dev The tier ended without a renewal: no longer sharing costs, free to exit or join again.
STATUS_EXPIRED: constant(uint256) = 3

# @dev Bit layout of the packed account word: balance | checkpoint | weight | status | tier | nonce.
MASK_96: constant(uint256) = 2**96 - 1
MASK_64: constant(uint256) = 2**64 - 1
MASK_40: constant(uint256) = 2**40 - 1
MASK_32: constant(uint256) = 2**32 - 1
MASK_16: constant(uint256) = 2**16 - 1
MASK_8: constant(uint256) = 2**8 - 1


# @dev The pool token (a plain ERC-20 with fixed decimals and no transfer fee).
TOKEN: public(immutable(IERC20))
# @dev The plan's configuration (roles, parameters, pause).
CONFIG: public(immutable(IConfig))
# @dev Width of a cost-sharing bucket in index units, fixed for the plan's life.
BUCKET: public(immutable(uint256))
# @dev The only address that may wire the Claims and Witnesses contracts, once.
DEPLOYER: immutable(address)


struct Member:
    balance: uint256
    checkpoint: uint256
    weight: uint256
    status: uint256
    tier: uint256
    nonce: uint256


struct Terms:
    region: uint256
    waiting_ends: uint256
    valid_until: uint256
    membership_id: uint256
    joined_at: uint256


struct Payout:
    patient: address
    amount: uint256
    cum_before: uint256
    paid: bool
    held: bool


# @dev The Claims contract, the only caller of the claim hooks.
claims: public(address)
# @dev The Witnesses contract, which may credit forfeited stakes to the reserve.
witnesses: public(address)
# @dev The Disputes contract: holds, cancels and sweeps payouts, bars identities, credits slashes.
disputes: public(address)

# @dev Packed balance, checkpoint index, weight, status, tier and admission nonce per account.
_accounts: HashMap[address, uint256]
# @dev Packed region, waiting-period end, tier end, membership id and join time per account.
_terms: HashMap[address, uint256]
# @dev Per identity commitment: the account and membership id (above bit 160) of the one
#      membership it may have, or BARRED_WORD. A word naming a membership that has since ended
#      by exit or by a new join of that account is stale: the identity is free again.
_holders: HashMap[bytes32, uint256]
# @dev The members' running totals in one word, so a join writes them once: the sum of their
#      balances as settled lazily (low 128 bits, `member_funds`), the weight of the members who
#      can still pay a full cap (the buckets from the frontier up; next 64 bits, `active_weight`)
#      and the membership ids handed out (top 64 bits, `membership_count`).
_book: uint256

# @dev Cumulative cost per unit of weight since the plan began.
index: public(uint256)
# @dev The first bucket not yet crossed; every bucket below it has lapsed.
frontier: public(uint256)
# @dev Weight of the members whose run-out index falls in each bucket.
bucket_weight: public(HashMap[uint256, uint256])
# @dev Index at which each bucket was crossed (its members' debt stops there).
crossed_at: public(HashMap[uint256, uint256])

# @dev Rounding surplus, exit contributions, forfeits: spent first by the next settlement.
reserve: public(uint256)
# @dev Cumulative benefits queued for payout.
queued_total: public(uint256)
# @dev Cumulative benefits funded by settlements (payable in queue order).
funded_total: public(uint256)
# @dev Cumulative benefits pulled by patients.
paid_total: public(uint256)
# @dev Cumulative funded benefits of cancelled (fraudulent) claims moved to the reserve.
swept_total: public(uint256)
# @dev Benefits of the claims under notice (counted in an exit contribution).
pending_notice: public(uint256)
# @dev Queued payouts by claim id: patient and flags in one word, amount and the queue total
#      before it in another (two words keep queueing a claim cheap).
_payout_head: HashMap[uint256, uint256]
_payout_sums: HashMap[uint256, uint256]
# @dev Per cancelled payout: how much of its funded amount has been moved to the reserve.
_swept: HashMap[uint256, uint256]

# @dev Cumulative witness fees accrued, funded by settlements, and pulled.
fees_accrued: public(uint256)
fees_funded: public(uint256)
fees_paid: public(uint256)
# @dev Fees each witness may pull once `fees_funded` reaches its position: owed in the low 128
#      bits, position in the high 128 (one word, so a report's fee costs one storage write).
_fees: HashMap[address, uint256]

# @dev Settlement periods settled so far, and when the next one may be settled.
period: public(uint256)
next_settlement: public(uint256)
# @dev Benefits newly queued in each of the last 4 periods (ring), for the circuit breaker.
queued_in_period: public(HashMap[uint256, uint256])
queued_at_last_settlement: public(uint256)
# @dev Period id held by the circuit breaker (0: none).
held_period: public(uint256)


# @dev A new membership began (region only as its province).
event MemberJoined:
    member: indexed(address)
    membership_id: indexed(uint256)
    commitment: bytes32
    tier: uint256
    weight: uint256
    province: uint256
    deposit: uint256
    waiting_ends: uint256
    valid_until: uint256
    health_hash: bytes32


# @dev A member renewed into a new tier (its seniority kept).
event MemberRenewed:
    member: indexed(address)
    tier: uint256
    weight: uint256
    valid_until: uint256


# @dev A member added to its deposit.
event ToppedUp:
    member: indexed(address)
    amount: uint256
    balance: uint256


# @dev A member took part of its deposit back.
event Withdrawn:
    member: indexed(address)
    amount: uint256
    balance: uint256


# @dev A member left: its contribution to claims past witnessing and what it took back.
event MemberExited:
    member: indexed(address)
    membership_id: indexed(uint256)
    contribution: uint256
    refund: uint256


# @dev A member's tier ended without a renewal; it no longer shares costs.
event CoverageExpired:
    member: indexed(address)
    membership_id: indexed(uint256)
    balance: uint256


# @dev A settlement split the period's cost: share per unit weight and where money went.
event PeriodSettled:
    period: indexed(uint256)
    share: uint256
    active_weight: uint256
    collected: uint256
    from_reserve: uint256
    fees_funded: uint256
    claims_funded: uint256
    reserve: uint256
    index: uint256


# @dev A bucket of members lapsed: they can no longer pay a full cap.
event BucketCrossed:
    bucket: indexed(uint256)
    weight: uint256
    index: uint256


# @dev The circuit breaker held a period whose payouts are far above the trailing average.
event PeriodHeld:
    period: indexed(uint256)
    queued: uint256
    trailing_average: uint256


# @dev A claim's benefit joined the payout queue.
event PayoutQueued:
    claim_id: indexed(uint256)
    patient: indexed(address)
    amount: uint256
    cum_before: uint256


# @dev A patient pulled its benefit (and the rest of its deposit).
event PayoutPulled:
    claim_id: indexed(uint256)
    patient: indexed(address)
    amount: uint256
    refund: uint256


# @dev A witness's fee accrued, due at the next settlement.
event FeeAccrued:
    witness: indexed(address)
    amount: uint256


# @dev A witness pulled its fees.
event FeesPulled:
    witness: indexed(address)
    amount: uint256


# @dev Tokens joined the reserve (forfeits, slashes, recoveries).
event ReserveCredited:
    source: indexed(address)
    amount: uint256


# @dev A dispute held a queued payout (it cannot be pulled until the ruling) or released it.
event PayoutHeld:
    claim_id: indexed(uint256)
    held: bool


# @dev A fraud ruling cancelled a queued payout; `swept` of its funded amount went to the
#      reserve at once, the rest goes there as settlements fund its place in the queue.
event PayoutCancelled:
    claim_id: indexed(uint256)
    patient: indexed(address)
    amount: uint256
    swept: uint256


# @dev More of a cancelled payout's funded amount moved to the reserve.
event CancelledPayoutSwept:
    claim_id: indexed(uint256)
    amount: uint256
    reserve: uint256


# @dev An identity was barred for ever (fraud confirmed); its holder, if any, lost coverage.
event IdentityBarred:
    commitment: indexed(bytes32)
    holder: indexed(address)


@deploy
def __init__(token: IERC20, config: IConfig):
    """
    @notice Opens a pool for `token` under `config`; the first settlement is one period away.
    """
    ecdsa.__init__()
    eip712.__init__("lashou Pool", "1")
    TOKEN = token
    CONFIG = config
    BUCKET = staticcall config.bucket_width()
    DEPLOYER = msg.sender
    self.next_settlement = block.timestamp + staticcall config.settlement_period()


@external
def wire(claims: address, witnesses: address):
    """@notice The deployer names the Claims and Witnesses contracts, once."""
    assert msg.sender == DEPLOYER, "pool: caller is not the deployer"
    assert self.claims == empty(address), "pool: already wired"
    assert claims != empty(address) and witnesses != empty(address), "pool: zero address"
    self.claims = claims
    self.witnesses = witnesses


@external
def wire_disputes(disputes: address):
    """@notice The deployer names the Disputes contract, once."""
    assert msg.sender == DEPLOYER, "pool: caller is not the deployer"
    assert self.disputes == empty(address), "pool: disputes already wired"
    assert disputes != empty(address), "pool: zero address"
    self.disputes = disputes


# ---------------------------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------------------------


@external
@nonreentrant
def join(
    commitment: bytes32,
    tier: uint8,
    valid_until: uint64,
    region: uint32,
    health_hash: bytes32,
    deadline: uint256,
    signature: Bytes[65],
    amount: uint256,
):
    """
    @notice Join with the attestor's admission and a first deposit. A lapsed member may join
            again: a new membership with a new waiting period, keeping what is left of its
            deposit.
    @param amount Tokens to deposit; with the carried balance they must cover two caps and a
           bucket width per unit of weight.
    """
    attestor: address = empty(address)
    paused: bool = False
    weight: uint256 = 0
    cap: uint256 = 0
    waiting: uint256 = 0
    attestor, paused, weight, cap, waiting = staticcall CONFIG.admission_terms(tier)
    assert not paused, "pool: joining is paused"
    m: Member = self._member(msg.sender)
    self._check_admission(m.nonce, commitment, tier, valid_until, region, health_hash, deadline, signature, attestor)
    assert weight != 0, "pool: unknown tier"
    assert convert(valid_until, uint256) > block.timestamp, "pool: tier already ended: renew the admission"
    assert convert(valid_until, uint256) > block.timestamp + waiting, "pool: coverage would end before the waiting period does: ask for an admission to the next tier"
    assert region >= 100_000 and region <= 999_999, "pool: region is not a 6-digit code"
    holding: uint256 = self._holders[commitment]
    assert holding != BARRED_WORD and holding != BANNED_WORD, "pool: identity may not join again"
    holder: address = self._live_holder(holding)
    assert holder == empty(address) or holder == msg.sender, "pool: identity already holds a membership"

    carry: uint256 = 0
    if m.status == STATUS_ACTIVE:
        assert self._bucket_of(m) < self.frontier, "pool: already a member"
        carry = self._settled(m).balance
    elif m.status == STATUS_EXPIRED:
        carry = m.balance
    assert m.status != STATUS_ENDED, "pool: coverage ended with a claim: pull the payout"

    received: uint256 = self._receive(amount)
    m.balance = carry + received
    m.checkpoint = self.index
    m.weight = weight
    m.status = STATUS_ACTIVE
    m.tier = convert(tier, uint256)
    m.nonce += 1
    assert self._run_out(m) >= self.index + 2 * cap + BUCKET, "pool: deposit too small: it must cover two caps and a bucket width per unit of weight"

    membership_id: uint256 = (self._book >> 192) + 1
    terms: Terms = Terms(
        region=convert(region, uint256),
        waiting_ends=block.timestamp + waiting,
        valid_until=convert(valid_until, uint256),
        membership_id=membership_id,
        joined_at=block.timestamp,
    )
    self._store(msg.sender, m)
    self._terms[msg.sender] = self._pack_terms(terms)
    # the new membership id makes any older holding of this account stale (its old identity,
    # if another, is free again)
    self._holders[commitment] = convert(msg.sender, uint256) | (membership_id << 160)
    # funds stay far below 2**128 (each balance is below 2**96 and ids below 2**64)
    self._book += (1 << 192) | received
    self._place(m)
    log MemberJoined(
        member=msg.sender,
        membership_id=membership_id,
        commitment=commitment,
        tier=m.tier,
        weight=weight,
        province=terms.region // 10_000,
        deposit=m.balance,
        waiting_ends=terms.waiting_ends,
        valid_until=terms.valid_until,
        health_hash=health_hash,
    )


@external
def renew(
    commitment: bytes32,
    tier: uint8,
    valid_until: uint64,
    region: uint32,
    health_hash: bytes32,
    deadline: uint256,
    signature: Bytes[65],
):
    """
    @notice Move into the next tier with a new admission for the same identity; the waiting
            period already served counts.
    """
    attestor: address = empty(address)
    paused: bool = False
    weight: uint256 = 0
    cap: uint256 = 0
    waiting: uint256 = 0
    attestor, paused, weight, cap, waiting = staticcall CONFIG.admission_terms(tier)
    m: Member = self._active_member(msg.sender)
    assert self._live_holder(self._holders[commitment]) == msg.sender, "pool: identity commitment is not this membership's"
    self._check_admission(m.nonce, commitment, tier, valid_until, region, health_hash, deadline, signature, attestor)
    assert weight != 0, "pool: unknown tier"
    assert convert(valid_until, uint256) > block.timestamp, "pool: tier already ended: renew the admission"
    assert region >= 100_000 and region <= 999_999, "pool: region is not a 6-digit code"
    self._unplace(m)
    m = self._settled(m)
    m.weight = weight
    m.tier = convert(tier, uint256)
    m.nonce += 1
    assert self._run_out(m) >= self.index + cap + BUCKET, "pool: deposit too small for the new tier: top up first"
    terms: Terms = self._unpack_terms(self._terms[msg.sender])
    terms.valid_until = convert(valid_until, uint256)
    terms.region = convert(region, uint256)
    self._store(msg.sender, m)
    self._terms[msg.sender] = self._pack_terms(terms)
    self._place(m)
    log MemberRenewed(member=msg.sender, tier=m.tier, weight=weight, valid_until=terms.valid_until)


@external
@nonreentrant
def top_up(amount: uint256):
    """@notice Add to the deposit; refused once lapsed (join again instead)."""
    m: Member = self._active_member(msg.sender)
    self._unplace(m)
    m = self._settled(m)
    received: uint256 = self._receive(amount)
    m.balance += received
    self._book += received  # funds stay far below 2**128 (see join)
    self._store(msg.sender, m)
    self._place(m)
    log ToppedUp(member=msg.sender, amount=received, balance=m.balance)


@external
@nonreentrant
def withdraw(amount: uint256):
    """
    @notice Take back part of the deposit, keeping a full cap and a bucket width per unit of
            weight above the current index (or exit to take everything).
    """
    m: Member = self._active_member(msg.sender)
    m = self._settled(m)
    assert amount <= m.balance, "pool: amount above the balance"
    cap: uint256 = staticcall CONFIG.cap()
    self._unplace(m)
    m.balance -= amount
    assert self._run_out(m) >= self.index + cap + BUCKET, "pool: withdrawal would leave less than one cap and a bucket width: exit to take everything"
    self._take_funds(amount)
    self._store(msg.sender, m)
    self._place(m)
    assert extcall TOKEN.transfer(msg.sender, amount, default_return_value=True), "pool: token transfer failed"
    log Withdrawn(member=msg.sender, amount=amount, balance=m.balance)


@external
@nonreentrant
def exit():
    """
    @notice Leave at any time, never blocked: an active member first pays its share per unit
            weight of the claims already past witnessing (net of the reserve) into the reserve,
            then takes everything else back. An open claim of its own is cancelled.
    """
    m: Member = self._member(msg.sender)
    assert m.status != STATUS_NONE, "pool: not a member"
    terms: Terms = self._unpack_terms(self._terms[msg.sender])
    contribution: uint256 = 0
    if m.status == STATUS_ACTIVE and self._bucket_of(m) >= self.frontier:
        m = self._settled(m)
        pending: uint256 = self.pending_notice + self.queued_total - self.funded_total
        weight: uint256 = (self._book >> 128) & MASK_64
        if pending > self.reserve:
            # the exiting member's weight is still counted in `weight`, so weight > 0
            per_weight: uint256 = (pending - self.reserve + weight - 1) // weight
            contribution = min(m.balance, per_weight * m.weight)
        self._unplace(m)
    else:
        m = self._settled(m)
    refund: uint256 = m.balance - contribution
    self.reserve += contribution
    self._take_funds(m.balance)
    # clearing the terms (membership id 0) frees the identity's holding, unless it was barred
    # when a benefit was queued for it; keep only the nonce, so an old admission can never be replayed
    self._accounts[msg.sender] = m.nonce << 224
    self._terms[msg.sender] = 0
    if refund > 0:
        assert extcall TOKEN.transfer(msg.sender, refund, default_return_value=True), "pool: token transfer failed"
    log MemberExited(member=msg.sender, membership_id=terms.membership_id, contribution=contribution, refund=refund)


@external
def expire(account: address):
    """
    @notice Anyone ends the membership of `account` once its tier has ended without a renewal:
            it stops sharing costs at once and may exit with its balance or join again with a
            new admission. Keepers call it for every member past its valid-until date.
    """
    m: Member = self._member(account)
    assert m.status == STATUS_ACTIVE, "pool: not an active member"
    t: Terms = self._unpack_terms(self._terms[account])
    assert block.timestamp >= t.valid_until, "pool: coverage has not ended yet"
    if self._bucket_of(m) >= self.frontier:
        self._unplace(m)
    m = self._settled(m)
    m.status = STATUS_EXPIRED
    self._store(account, m)
    log CoverageExpired(member=account, membership_id=t.membership_id, balance=m.balance)


# ---------------------------------------------------------------------------------------------
# Settlement
# ---------------------------------------------------------------------------------------------


@external
def settle():
    """
    @notice Settle the next period (anyone, once it is over; one period per call, catch-up
            allowed): the reserve first, then a share per unit weight of at most the cap,
            fund the fees due and then the queued benefits in order.
    """
    assert block.timestamp >= self.next_settlement, "pool: period not over yet"
    cap: uint256 = staticcall CONFIG.cap()
    self._cross(cap, MAX_CROSS)
    assert self.frontier >= self._target_frontier(cap), "pool: cap was raised: call advance() until the frontier catches up"

    period: uint256 = self.period + 1
    newly_queued: uint256 = self.queued_total - self.queued_at_last_settlement
    if not self._breaker_allows(period, newly_queued):
        if self.held_period != period:
            self.held_period = period
            log PeriodHeld(period=period, queued=newly_queued, trailing_average=self._trailing_average())
        return
    if self.held_period != 0:
        self.held_period = 0

    need: uint256 = self.queued_total - self.funded_total + self.fees_accrued - self.fees_funded
    from_reserve: uint256 = min(self.reserve, need)
    share: uint256 = 0
    weight: uint256 = (self._book >> 128) & MASK_64
    if weight > 0 and need > from_reserve:
        share = min((need - from_reserve + weight - 1) // weight, cap)
    collected: uint256 = share * weight
    self.index += share
    self._take_funds(collected)
    available: uint256 = from_reserve + collected
    fees: uint256 = min(self.fees_accrued - self.fees_funded, available)
    self.fees_funded += fees
    available -= fees
    funded: uint256 = min(self.queued_total - self.funded_total, available)
    self.funded_total += funded
    self.reserve = self.reserve - from_reserve + available - funded
    self._cross(cap, MAX_CROSS)

    self.period = period
    self.next_settlement += staticcall CONFIG.settlement_period()
    self.queued_in_period[period % 4] = newly_queued
    self.queued_at_last_settlement = self.queued_total
    log PeriodSettled(
        period=period,
        share=share,
        active_weight=weight,
        collected=collected,
        from_reserve=from_reserve,
        fees_funded=fees,
        claims_funded=funded,
        reserve=self.reserve,
        index=self.index,
    )


@external
def advance(max_buckets: uint256) -> uint256:
    """
    @notice Cross up to `max_buckets` (at most 33) buckets towards the frontier the current cap
            demands; needed after a cap raise before the next settlement. Anyone may call it.
    @return The number of buckets crossed.
    """
    return self._cross(staticcall CONFIG.cap(), min(max_buckets, MAX_CROSS))


# ---------------------------------------------------------------------------------------------
# Pulls
# ---------------------------------------------------------------------------------------------


@external
@nonreentrant
def pull_payout(claim_id: uint256):
    """
    @notice The patient pulls a funded benefit, with what is left of its deposit (its coverage
            ended when the claim was queued).
    """
    p: Payout = self._payout(claim_id)
    assert p.patient == msg.sender, "pool: caller is not the claim's patient"
    assert not p.paid, "pool: payout already pulled"
    assert not p.held, "pool: payout held by a dispute"
    assert self._payout_head[claim_id] & CANCELLED_FLAG == 0, "pool: payout cancelled: fraud was confirmed"
    assert p.cum_before + p.amount <= self.funded_total, "pool: payout not funded yet: wait for a settlement"
    # the pull's time opens the window for fraud reports after payout
    self._payout_head[claim_id] |= PAID_FLAG | (block.timestamp << PULLED_AT_SHIFT)
    self.paid_total += p.amount
    refund: uint256 = 0
    m: Member = self._member(msg.sender)
    if m.status == STATUS_ENDED:
        refund = m.balance
        self._take_funds(refund)
        self._accounts[msg.sender] = m.nonce << 224
        self._terms[msg.sender] = 0
    assert extcall TOKEN.transfer(msg.sender, p.amount + refund, default_return_value=True), "pool: token transfer failed"
    log PayoutPulled(claim_id=claim_id, patient=msg.sender, amount=p.amount, refund=refund)


@external
@nonreentrant
def pull_fees():
    """@notice A witness pulls its fees once the settlements have funded them."""
    word: uint256 = self._fees[msg.sender]
    owed: uint256 = word & MASK_128
    assert owed > 0, "pool: no fees owed"
    assert word >> 128 <= self.fees_funded, "pool: fees not funded yet: wait for a settlement"
    self._fees[msg.sender] = 0
    self.fees_paid += owed
    assert extcall TOKEN.transfer(msg.sender, owed, default_return_value=True), "pool: token transfer failed"
    log FeesPulled(witness=msg.sender, amount=owed)


# ---------------------------------------------------------------------------------------------
# Hooks for the Claims and Witnesses contracts
# ---------------------------------------------------------------------------------------------


@external
def claim_in_notice(amount: uint256):
    """@notice Claims only: a claim entered the public notice."""
    assert msg.sender == self.claims, "pool: caller is not the claims contract"
    self.pending_notice += amount


@external
def claim_left_notice(amount: uint256):
    """@notice Claims only: a claim left the notice without being queued."""
    assert msg.sender == self.claims, "pool: caller is not the claims contract"
    self.pending_notice -= amount


@external
def queue_claim(claim_id: uint256, patient: address, amount: uint256, commitment: bytes32):
    """
    @notice Claims only: queue a claim's benefit, end the patient's coverage and bar its
            identity from ever joining again.
    """
    assert msg.sender == self.claims, "pool: caller is not the claims contract"
    assert self._payout_head[claim_id] == 0, "pool: claim already queued"
    assert amount <= MASK_128 and patient != empty(address), "pool: payout out of range"
    self.pending_notice -= amount
    cum_before: uint256 = self.queued_total
    self._payout_head[claim_id] = convert(patient, uint256)
    self._payout_sums[claim_id] = amount | (cum_before << 128)
    self.queued_total = cum_before + amount
    if self._holders[commitment] != BANNED_WORD:
        self._holders[commitment] = BARRED_WORD
    m: Member = self._member(patient)
    if m.status == STATUS_ACTIVE:
        if self._bucket_of(m) >= self.frontier:
            self._unplace(m)
        m = self._settled(m)
        m.status = STATUS_ENDED
        self._store(patient, m)
    log PayoutQueued(claim_id=claim_id, patient=patient, amount=amount, cum_before=cum_before)


@external
def accrue_fee(witness: address, amount: uint256):
    """@notice Claims only: a witness reported on time; its fee is due at the next settlement."""
    assert msg.sender == self.claims, "pool: caller is not the claims contract"
    accrued: uint256 = self.fees_accrued + amount
    owed: uint256 = (self._fees[witness] & MASK_128) + amount
    assert owed <= MASK_128 and accrued <= MASK_128, "pool: fee out of range"
    self.fees_accrued = accrued
    self._fees[witness] = owed | (accrued << 128)
    log FeeAccrued(witness=witness, amount=amount)


@external
def absorb() -> uint256:
    """
    @notice Anyone moves tokens sent straight to the pool (outside its functions, so nobody's)
            into the reserve, which the next settlement spends first.
    @return The amount moved.
    """
    surplus: uint256 = staticcall TOKEN.balanceOf(self) - self._accounted()
    assert surplus > 0, "pool: no stray tokens to absorb"
    self.reserve += surplus
    log ReserveCredited(source=msg.sender, amount=surplus)
    return surplus


@external
def credit_reserve(amount: uint256):
    """@notice Claims, Witnesses or Disputes only: tokens just transferred in join the reserve."""
    assert msg.sender in [self.claims, self.witnesses, self.disputes], "pool: caller may not credit the reserve"
    assert staticcall TOKEN.balanceOf(self) >= self._accounted() + amount, "pool: tokens not received"
    self.reserve += amount
    log ReserveCredited(source=msg.sender, amount=amount)


# ---------------------------------------------------------------------------------------------
# Hooks for the Disputes contract, and the sweep of cancelled payouts
# ---------------------------------------------------------------------------------------------


@external
def hold_payout(claim_id: uint256, held: bool):
    """
    @notice Disputes only: hold a queued payout while a fraud report awaits its ruling (it
            cannot be pulled meanwhile), or release it.
    """
    assert msg.sender == self.disputes, "pool: caller is not the disputes contract"
    head: uint256 = self._payout_head[claim_id]
    self._check_unpulled(head)
    if held:
        head |= HELD_FLAG
    else:
        head &= ~HELD_FLAG
    self._payout_head[claim_id] = head
    log PayoutHeld(claim_id=claim_id, held=held)


@external
def cancel_payout(claim_id: uint256):
    """
    @notice Disputes only: fraud was confirmed on a queued claim not yet pulled; its payout is
            cancelled for ever. It keeps its place in the queue (funding is one running total):
            its funded part goes to the reserve now, the rest as settlements fund it
            (`sweep_cancelled`).
    """
    assert msg.sender == self.disputes, "pool: caller is not the disputes contract"
    head: uint256 = self._payout_head[claim_id]
    self._check_unpulled(head)
    self._payout_head[claim_id] = (head & ~HELD_FLAG) | CANCELLED_FLAG
    swept: uint256 = self._sweep(claim_id)
    log PayoutCancelled(
        claim_id=claim_id,
        patient=convert(convert(head & MASK_160, uint160), address),
        amount=self._payout_sums[claim_id] & MASK_128,
        swept=swept,
    )


@external
def sweep_cancelled(claim_id: uint256) -> uint256:
    """
    @notice Anyone moves the part of a cancelled payout that settlements have funded since to
            the reserve (the next settlement spends it first).
    @return The amount moved.
    """
    assert self._payout_head[claim_id] & CANCELLED_FLAG != 0, "pool: payout not cancelled"
    swept: uint256 = self._sweep(claim_id)
    assert swept > 0, "pool: nothing newly funded to sweep"
    return swept


@external
def bar(commitment: bytes32):
    """
    @notice Disputes only: fraud was confirmed; `commitment` may never join again, and the
            membership holding it, if any, loses its coverage (its deposit stays its own:
            `exit` returns it).
    """
    assert msg.sender == self.disputes, "pool: caller is not the disputes contract"
    holder: address = self._live_holder(self._holders[commitment])
    self._holders[commitment] = BANNED_WORD
    if holder != empty(address):
        m: Member = self._member(holder)
        if m.status == STATUS_ACTIVE:
            if self._bucket_of(m) >= self.frontier:
                self._unplace(m)
            m = self._settled(m)
            m.status = STATUS_ENDED
            self._store(holder, m)
    log IdentityBarred(commitment=commitment, holder=holder)


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


@external
@view
def coverage(account: address) -> (uint256, uint8, uint32, uint256, uint256, bool):
    """@notice (membership id, tier, region, waiting ends, valid until, covered)."""
    m: Member = self._member(account)
    t: Terms = self._unpack_terms(self._terms[account])
    covered: bool = m.status == STATUS_ACTIVE and self._bucket_of(m) >= self.frontier and block.timestamp < t.valid_until
    return t.membership_id, convert(m.tier, uint8), convert(t.region, uint32), t.waiting_ends, t.valid_until, covered


@external
@view
def is_membership(account: address, membership_id: uint256) -> bool:
    """@notice Whether `account` still holds membership `membership_id`."""
    return membership_id != 0 and self._unpack_terms(self._terms[account]).membership_id == membership_id


@external
@view
def member(account: address) -> (uint256, uint256, uint256, uint256, bool, uint256):
    """
    @notice A member as of now: (balance settled lazily, weight, status 0 none / 1 active /
            2 ended with a claim / 3 expired (tier ended), run-out index, lapsed, admission nonce).
    """
    m: Member = self._member(account)
    lapsed: bool = m.status == STATUS_ACTIVE and self._bucket_of(m) < self.frontier
    return self._settled(m).balance, m.weight, m.status, self._run_out(m), lapsed, m.nonce


@external
@view
def membership(account: address) -> (uint256, uint256, uint256, uint256, uint256):
    """@notice (membership id, region, joined at, waiting ends, valid until)."""
    t: Terms = self._unpack_terms(self._terms[account])
    return t.membership_id, t.region, t.joined_at, t.waiting_ends, t.valid_until


@external
@view
def member_funds() -> uint256:
    """@notice Sum of the members' balances, as settled lazily."""
    return self._book & MASK_128


@external
@view
def active_weight() -> uint256:
    """@notice Weight of the members who can still pay a full cap."""
    return (self._book >> 128) & MASK_64


@external
@view
def membership_count() -> uint256:
    """@notice Membership ids handed out so far."""
    return self._book >> 192


@external
@view
def payouts(claim_id: uint256) -> Payout:
    """@notice A queued payout: (patient, amount, queue total before it, paid, held)."""
    return self._payout(claim_id)


@external
@view
def payout_state(claim_id: uint256) -> (bool, bool, bool, uint256):
    """
    @notice What a dispute needs of a payout: (pulled, held, cancelled, pulled at: a timestamp,
            0 before the pull).
    """
    head: uint256 = self._payout_head[claim_id]
    return head & PAID_FLAG != 0, head & HELD_FLAG != 0, head & CANCELLED_FLAG != 0, head >> PULLED_AT_SHIFT


@external
@view
def fee_owed(witness: address) -> uint256:
    """@notice Fees `witness` has earned and not yet pulled."""
    return self._fees[witness] & MASK_128


@external
@view
def fee_position(witness: address) -> uint256:
    """@notice `fees_funded` must reach this before `witness` may pull its fees."""
    return self._fees[witness] >> 128


@external
@view
def banned(commitment: bytes32) -> bool:
    """@notice Whether fraud was confirmed on a claim of identity `commitment`."""
    return self._holders[commitment] == BANNED_WORD


@external
@view
def holder_of(commitment: bytes32) -> address:
    """
    @notice The account whose current membership holds identity `commitment`; BARRED if it may
            never join again; the zero address if none does.
    """
    holding: uint256 = self._holders[commitment]
    if holding in [BARRED_WORD, BANNED_WORD]:
        return BARRED
    return self._live_holder(holding)


@external
@view
def nonces(account: address) -> uint256:
    """@notice The admission nonce the attestor must sign for `account` next."""
    return self._member(account).nonce


@external
@view
def accounted() -> uint256:
    """@notice Tokens the pool must hold; equal to its token balance at all times."""
    return self._accounted()


@external
@view
def target_frontier() -> uint256:
    """@notice The frontier the current cap demands (equal to `frontier` when caught up)."""
    return self._target_frontier(staticcall CONFIG.cap())


# ---------------------------------------------------------------------------------------------
# Internal
# ---------------------------------------------------------------------------------------------


@internal
@view
def _live_holder(holding: uint256) -> address:
    # the holding's account, if the membership it names is still that account's (not barred)
    account: address = convert(convert(holding & MASK_160, uint160), address)
    if holding >> 160 == 0 or (self._terms[account] >> 136) & MASK_64 != holding >> 160:
        return empty(address)
    return account


@internal
@view
def _member(account: address) -> Member:
    word: uint256 = self._accounts[account]
    return Member(
        balance=word & MASK_96,
        checkpoint=(word >> 96) & MASK_96,
        weight=(word >> 192) & MASK_16,
        status=(word >> 208) & MASK_8,
        tier=(word >> 216) & MASK_8,
        nonce=word >> 224,
    )


@internal
def _store(account: address, m: Member):
    assert m.balance <= MASK_96 and m.checkpoint <= MASK_96, "pool: amount too large"
    self._accounts[account] = m.balance | (m.checkpoint << 96) | (m.weight << 192) | (m.status << 208) | (m.tier << 216) | (m.nonce << 224)


@internal
@pure
def _pack_terms(t: Terms) -> uint256:
    # region 32 | waiting ends 40 | valid until 64 (a signed uint64, kept whole) | id 64 | joined 40
    return t.region | (t.waiting_ends << 32) | (t.valid_until << 72) | (t.membership_id << 136) | (t.joined_at << 200)


@internal
@pure
def _unpack_terms(word: uint256) -> Terms:
    return Terms(
        region=word & MASK_32,
        waiting_ends=(word >> 32) & MASK_40,
        valid_until=(word >> 72) & MASK_64,
        membership_id=(word >> 136) & MASK_64,
        joined_at=(word >> 200) & MASK_40,
    )


@internal
@view
def _payout(claim_id: uint256) -> Payout:
    head: uint256 = self._payout_head[claim_id]
    sums: uint256 = self._payout_sums[claim_id]
    return Payout(
        patient=convert(convert(head & MASK_160, uint160), address),
        amount=sums & MASK_128,
        cum_before=sums >> 128,
        paid=head & PAID_FLAG != 0,
        held=head & HELD_FLAG != 0,
    )


@internal
@pure
def _check_unpulled(head: uint256):
    assert head != 0, "pool: claim not queued"
    assert head & PAID_FLAG == 0, "pool: payout already pulled"
    assert head & CANCELLED_FLAG == 0, "pool: payout cancelled: fraud was confirmed"


@internal
def _sweep(claim_id: uint256) -> uint256:
    """Move what settlements have funded of a cancelled payout, and not yet moved, to the reserve."""
    sums: uint256 = self._payout_sums[claim_id]
    cum_before: uint256 = sums >> 128
    funded: uint256 = 0
    if self.funded_total > cum_before:
        funded = min(self.funded_total - cum_before, sums & MASK_128)
    done: uint256 = self._swept[claim_id]
    if funded <= done:
        return 0
    moved: uint256 = funded - done
    self._swept[claim_id] = funded
    self.swept_total += moved
    self.reserve += moved
    log CancelledPayoutSwept(claim_id=claim_id, amount=moved, reserve=self.reserve)
    return moved


@internal
@view
def _active_member(account: address) -> Member:
    m: Member = self._member(account)
    assert m.status == STATUS_ACTIVE, "pool: not a member"
    assert self._bucket_of(m) >= self.frontier, "pool: lapsed: join again"
    return m


@internal
@pure
def _run_out(m: Member) -> uint256:
    # the index at which the member's balance runs out: K = I_m + balance // w (0: no member)
    if m.weight == 0:
        return 0
    return m.checkpoint + m.balance // m.weight


@internal
@view
def _bucket_of(m: Member) -> uint256:
    return self._run_out(m) // BUCKET


@internal
@view
def _settled(m: Member) -> Member:
    """The member with its debt up to now (or up to its bucket's crossing) paid."""
    if m.status != STATUS_ACTIVE:
        return m
    bucket: uint256 = self._bucket_of(m)
    upto: uint256 = self.index
    if bucket < self.frontier:
        upto = self.crossed_at[bucket]
    settled: Member = m
    # cannot underflow: a member is counted only while K >= I + cap, so w * (upto - I_m) <= balance
    settled.balance = m.balance - m.weight * (upto - m.checkpoint)
    settled.checkpoint = upto
    return settled


@internal
def _place(m: Member):
    bucket: uint256 = self._bucket_of(m)
    # after a cap cut the frontier stands above I + c + b: weight placed below it would never be
    # crossed again (counted for ever, its debt read from an older crossing)
    assert bucket >= self.frontier, "pool: balance too small to stay above the lapse frontier"
    self.bucket_weight[bucket] += m.weight
    # the active weight stays below 2**64: each member's weight is below 2**16
    self._book += m.weight << 128


@internal
def _unplace(m: Member):
    self.bucket_weight[self._bucket_of(m)] -= m.weight
    self._take_weight(m.weight)


@internal
@view
def _target_frontier(cap: uint256) -> uint256:
    return (self.index + cap + BUCKET - 1) // BUCKET


@internal
def _cross(cap: uint256, limit: uint256) -> uint256:
    """Cross at most `limit` buckets below the frontier the cap demands."""
    target: uint256 = self._target_frontier(cap)
    frontier: uint256 = self.frontier
    crossed: uint256 = 0
    for i: uint256 in range(MAX_CROSS):
        if frontier >= target or crossed >= limit:
            break
        weight: uint256 = self.bucket_weight[frontier]
        if weight > 0:
            self._take_weight(weight)
            self.crossed_at[frontier] = self.index
            log BucketCrossed(bucket=frontier, weight=weight, index=self.index)
        frontier += 1
        crossed += 1
    self.frontier = frontier
    return crossed


@internal
def _take_funds(amount: uint256):
    book: uint256 = self._book
    assert book & MASK_128 >= amount, "pool: member funds below the amount"
    self._book = book - amount


@internal
def _take_weight(weight: uint256):
    book: uint256 = self._book
    assert (book >> 128) & MASK_64 >= weight, "pool: active weight below the amount"
    self._book = book - (weight << 128)


@internal
def _receive(amount: uint256) -> uint256:
    """Pull `amount` and return what actually arrived; a token that takes a fee is refused."""
    before: uint256 = staticcall TOKEN.balanceOf(self)
    assert extcall TOKEN.transferFrom(msg.sender, self, amount, default_return_value=True), "pool: token transfer failed: approve the pool first"
    received: uint256 = staticcall TOKEN.balanceOf(self) - before
    assert received == amount, "pool: token took a fee on transfer: use a plain token"
    return received


@internal
@view
def _accounted() -> uint256:
    return (self._book & MASK_128) + self.reserve + self.funded_total - self.paid_total - self.swept_total + self.fees_funded - self.fees_paid


@internal
@view
def _trailing_average() -> uint256:
    total: uint256 = 0
    for i: uint256 in range(4):
        total += self.queued_in_period[i]
    return total // 4


@internal
@view
def _breaker_allows(period: uint256, newly_queued: uint256) -> bool:
    """
    A period queuing more than k times the average of the last four, and more than the floor,
    is held for governance (after quiet periods the average is 0: the floor alone decides).
    """
    if period <= 4 or newly_queued <= staticcall CONFIG.breaker_floor():
        return True
    if newly_queued <= self._trailing_average() * staticcall CONFIG.breaker_factor():
        return True
    return staticcall CONFIG.period_confirmed(period)


@internal
@view
def _check_admission(
    nonce: uint256,
    commitment: bytes32,
    tier: uint8,
    valid_until: uint64,
    region: uint32,
    health_hash: bytes32,
    deadline: uint256,
    signature: Bytes[65],
    attestor: address,
):
    assert deadline >= block.timestamp, "pool: admission expired: ask the attestor for a new one"
    assert len(signature) == 65, "pool: signature must be 65 bytes"
    struct_hash: bytes32 = keccak256(
        abi_encode(ADMISSION_TYPEHASH, msg.sender, commitment, tier, valid_until, region, health_hash, nonce, deadline)
    )
    signer: address = ecdsa._recover_sig(eip712._hash_typed_data_v4(struct_hash), signature)
    assert signer == attestor, "pool: admission not signed by the attestor"
