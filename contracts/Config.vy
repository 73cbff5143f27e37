# pragma version ~=0.4.3
"""
@title lashou plan configuration
@notice Roles, notaries, parameters, the benefit table and the emergency pause of one plan.
        Only governance (a timelock longer than one settlement period) changes anything here,
        so every change is announced by the timelock before it applies and members can leave
        before a rule they dislike takes effect. The operator may pause joins and new claims
        for at most 14 days; withdrawals, exits and pulls are never paused.
"""

from snekmate.auth import ownable as ow
from snekmate.auth import ownable_2step as ow2

import constants as c

initializes: ow
initializes: ow2[ownable := ow]

exports: (
    ow2.owner,
    ow2.pending_owner,
    ow2.transfer_ownership,
)


struct Params:
    waiting_period: uint256
    settlement_period: uint256
    cap: uint256
    witness_stake: uint256
    witness_bond: uint256
    witness_fee: uint256
    silent_forfeit: uint256
    review_period: uint256
    witness_period: uint256
    arbitration_period: uint256
    notice_period: uint256
    objection_stake: uint256
    reward_bps: uint256
    ruling_period: uint256
    report_window: uint256
    liability_period: uint256
    breaker_factor: uint256
    breaker_floor: uint256
    seed_delay: uint256


# @dev Width of one cost-sharing bucket in index units; fixed for the life of the plan.
bucket_width: public(immutable(uint256))

# @dev The operating company: platform review, arbitration, rulings, emergency pause.
operator: public(address)
# @dev The identity service key that signs admissions of members and witnesses.
attestor: public(address)
# @dev Notary keys whose diagnosis attestations are accepted.
is_notary: public(HashMap[address, bool])
# @dev An optional randomness adapter (a VRF in production); empty means block hashes.
randomness_source: public(address)

# @dev Seconds a new membership waits before it may claim.
waiting_period: public(uint256)
# @dev Seconds between settlements.
settlement_period: public(uint256)
# @dev Most a member pays per unit of weight in one settlement, in token base units.
cap: public(uint256)
# @dev Stake a witness keeps locked to be drawn.
witness_stake: public(uint256)
# @dev Part of the stake locked per assignment, slashable for a fraud.
witness_bond: public(uint256)
# @dev Paid to a witness for each report made on time.
witness_fee: public(uint256)
# @dev Forfeited by a witness who stays silent past its deadline.
silent_forfeit: public(uint256)
# @dev Seconds the operator has to review a filed claim.
review_period: public(uint256)
# @dev Seconds a drawn witness has to report.
witness_period: public(uint256)
# @dev Seconds the operator has to arbitrate after a rejection.
arbitration_period: public(uint256)
# @dev Seconds a claim stays under public notice.
notice_period: public(uint256)
# @dev Stake a supervisor puts up to object or report fraud.
objection_stake: public(uint256)
# @dev Supervisors' reward as a share of the benefit, in basis points.
reward_bps: public(uint256)
# @dev Seconds the operator has to rule on a dispute.
ruling_period: public(uint256)
# @dev Seconds after payout in which fraud may still be reported.
report_window: public(uint256)
# @dev Seconds a witness bond stays slashable after its report.
liability_period: public(uint256)
# @dev A period whose payouts exceed this many times the trailing average is held.
breaker_factor: public(uint256)
# @dev A period queuing at most this much is never held, however quiet the periods before it.
breaker_floor: public(uint256)
# @dev Blocks between fixing a claim's draw and the block whose hash seeds it.
seed_delay: public(uint256)

# @dev Benefit of each tier in token base units (0: not a tier).
tier_benefit: public(HashMap[uint8, uint256])
# @dev Cost-sharing weight of each tier (0: not a tier).
tier_weight: public(HashMap[uint8, uint256])
# @dev Share of the tier benefit paid for each condition class, in basis points.
class_ratio_bps: public(HashMap[uint8, uint256])

# @dev Joins and new claims are refused until this time.
paused_until: public(uint256)
# @dev The operator may not pause again before this time (governance may renew any time).
pause_cooldown_until: public(uint256)
# @dev Settlement periods held by the circuit breaker and confirmed by governance.
period_confirmed: public(HashMap[uint256, bool])


# @dev A role key changed.
event RoleChanged:
    role: String[16]
    previous: address
    current: address


# @dev A notary was registered or removed.
event NotaryChanged:
    notary: indexed(address)
    registered: bool


# @dev A numeric parameter changed.
event ParameterChanged:
    name: String[32]
    previous: uint256
    current: uint256


# @dev A tier's benefit and weight changed.
event TierChanged:
    tier: indexed(uint8)
    benefit: uint256
    weight: uint256


# @dev A condition class's payout ratio changed.
event ClassRatioChanged:
    condition_class: indexed(uint8)
    ratio_bps: uint256


# @dev Joins and new claims are paused until `until`.
event PauseSet:
    until: uint256
    by: indexed(address)


# @dev Governance confirmed a settlement period held by the circuit breaker.
event PeriodConfirmed:
    period: indexed(uint256)


@deploy
def __init__(
    governance: address,
    operator: address,
    attestor: address,
    params: Params,
    benefits: DynArray[uint256, c.MAX_TIERS],
    weights: DynArray[uint256, c.MAX_TIERS],
    class_ratios: DynArray[uint256, 2],
):
    """
    @notice Sets the roles, the parameters and the benefit table of a new plan.
    @param governance The timelock that owns this configuration.
    @param operator The operating company's key.
    @param attestor The identity service's key.
    @param params Every numeric parameter; the bucket width is fixed at cap / 8.
    @param benefits Benefit of tier i; weights Weight of tier i.
    @param class_ratios Payout ratio of the severe and the mild class, in basis points.
    """
    ow.__init__()
    ow2.__init__()
    assert params.cap % 8 == 0 and params.cap > 0, "config: cap must be a positive multiple of 8"
    assert len(benefits) == len(weights) and len(benefits) > 0, "config: one weight per tier"
    bucket_width = params.cap // 8
    self._set_roles(governance, operator, attestor)
    ow2._transfer_ownership(governance)
    self.waiting_period = params.waiting_period
    self.settlement_period = params.settlement_period
    self.cap = params.cap
    self.witness_stake = params.witness_stake
    self.witness_bond = params.witness_bond
    self.witness_fee = params.witness_fee
    self.silent_forfeit = params.silent_forfeit
    self.review_period = params.review_period
    self.witness_period = params.witness_period
    self.arbitration_period = params.arbitration_period
    self.notice_period = params.notice_period
    self.objection_stake = params.objection_stake
    self.reward_bps = params.reward_bps
    self.ruling_period = params.ruling_period
    self.report_window = params.report_window
    self.liability_period = params.liability_period
    self.breaker_factor = params.breaker_factor
    self.breaker_floor = params.breaker_floor
    self.seed_delay = params.seed_delay
    self._check_params()
    for i: uint256 in range(c.MAX_TIERS):
        if i >= len(benefits):
            break
        self._set_tier(convert(i, uint8), benefits[i], weights[i])
    self._set_class_ratio(c.CLASS_SEVERE, class_ratios[0])
    self._set_class_ratio(c.CLASS_MILD, class_ratios[1])


@external
def accept_ownership():
    """
    @notice The pending governance takes over (the second step of `transfer_ownership`); a key
            that is the operator or the attestor may not, as no key holds two roles.
    """
    assert ow2.pending_owner == msg.sender, "ownable_2step: caller is not the new owner"
    assert msg.sender != self.operator and msg.sender != self.attestor, "config: one key may not hold two roles"
    ow2._transfer_ownership(msg.sender)


@external
def set_operator(operator: address):
    """@notice Governance replaces the operator key."""
    ow._check_owner()
    self._set_roles(ow.owner, operator, self.attestor)


@external
def set_attestor(attestor: address):
    """@notice Governance replaces the attestor key."""
    ow._check_owner()
    self._set_roles(ow.owner, self.operator, attestor)


@external
def set_notary(notary: address, registered: bool):
    """@notice Governance registers or removes a notary key."""
    ow._check_owner()
    assert notary != empty(address), "config: notary is the zero address"
    self.is_notary[notary] = registered
    log NotaryChanged(notary=notary, registered=registered)


@external
def set_randomness_source(source: address):
    """@notice Governance plugs in a randomness adapter (empty: block hashes)."""
    ow._check_owner()
    self.randomness_source = source


@external
def set_parameter(name: String[32], new_value: uint256):
    """
    @notice Governance changes one numeric parameter by its name.
    @dev The cap may at most double or halve at once and stays within 4 to 32 bucket widths.
    """
    ow._check_owner()
    key: bytes32 = keccak256(name)
    previous: uint256 = 0
    if key == keccak256("cap"):
        previous = self.cap
        assert new_value <= previous * c.CAP_CHANGE_FACTOR, "config: cap may at most double at once"
        assert new_value * c.CAP_CHANGE_FACTOR >= previous, "config: cap may at most halve at once"
        self.cap = new_value
    elif key == keccak256("waiting_period"):
        previous = self.waiting_period
        self.waiting_period = new_value
    elif key == keccak256("settlement_period"):
        previous = self.settlement_period
        self.settlement_period = new_value
    elif key == keccak256("witness_stake"):
        previous = self.witness_stake
        self.witness_stake = new_value
    elif key == keccak256("witness_bond"):
        previous = self.witness_bond
        self.witness_bond = new_value
    elif key == keccak256("witness_fee"):
        previous = self.witness_fee
        self.witness_fee = new_value
    elif key == keccak256("silent_forfeit"):
        previous = self.silent_forfeit
        self.silent_forfeit = new_value
    elif key == keccak256("review_period"):
        previous = self.review_period
        self.review_period = new_value
    elif key == keccak256("witness_period"):
        previous = self.witness_period
        self.witness_period = new_value
    elif key == keccak256("arbitration_period"):
        previous = self.arbitration_period
        self.arbitration_period = new_value
    elif key == keccak256("notice_period"):
        previous = self.notice_period
        self.notice_period = new_value
    elif key == keccak256("objection_stake"):
        previous = self.objection_stake
        self.objection_stake = new_value
    elif key == keccak256("reward_bps"):
        previous = self.reward_bps
        self.reward_bps = new_value
    elif key == keccak256("ruling_period"):
        previous = self.ruling_period
        self.ruling_period = new_value
    elif key == keccak256("report_window"):
        previous = self.report_window
        self.report_window = new_value
    elif key == keccak256("liability_period"):
        previous = self.liability_period
        self.liability_period = new_value
    elif key == keccak256("breaker_factor"):
        previous = self.breaker_factor
        self.breaker_factor = new_value
    elif key == keccak256("breaker_floor"):
        previous = self.breaker_floor
        self.breaker_floor = new_value
    elif key == keccak256("seed_delay"):
        previous = self.seed_delay
        self.seed_delay = new_value
    else:
        raise "config: unknown parameter"
    self._check_params()
    log ParameterChanged(name=name, previous=previous, current=new_value)


@external
def set_tier(tier: uint8, benefit: uint256, weight: uint256):
    """@notice Governance sets a tier's benefit and weight (new admissions use them)."""
    ow._check_owner()
    self._set_tier(tier, benefit, weight)


@external
def set_class_ratio(condition_class: uint8, ratio_bps: uint256):
    """@notice Governance sets the payout ratio of a condition class."""
    ow._check_owner()
    self._set_class_ratio(condition_class, ratio_bps)


@external
def pause():
    """
    @notice The operator pauses joins and new claims for 14 days, once per cooldown.
    @dev Withdrawals, exits and pulls are never paused.
    """
    assert msg.sender == self.operator, "config: caller is not the operator"
    assert block.timestamp >= self.paused_until, "config: already paused"
    assert block.timestamp >= self.pause_cooldown_until, "config: pause is cooling down"
    self.paused_until = block.timestamp + c.MAX_PAUSE
    self.pause_cooldown_until = block.timestamp + 2 * c.MAX_PAUSE
    log PauseSet(until=block.timestamp + c.MAX_PAUSE, by=msg.sender)


@external
def renew_pause():
    """@notice Governance extends the pause by another 14 days from now."""
    ow._check_owner()
    self.paused_until = block.timestamp + c.MAX_PAUSE
    log PauseSet(until=block.timestamp + c.MAX_PAUSE, by=msg.sender)


@external
def unpause():
    """@notice The operator or governance lifts the pause."""
    assert msg.sender == self.operator or msg.sender == ow.owner, "config: caller may not unpause"
    self.paused_until = block.timestamp
    log PauseSet(until=block.timestamp, by=msg.sender)


@external
def confirm_period(period: uint256):
    """@notice Governance releases a settlement period held by the circuit breaker."""
    ow._check_owner()
    self.period_confirmed[period] = True
    log PeriodConfirmed(period=period)


@external
@view
def is_paused() -> bool:
    """@notice Whether joins and new claims are refused right now."""
    return block.timestamp < self.paused_until


@external
@view
def admission_terms(tier: uint8) -> (address, bool, uint256, uint256, uint256):
    """
    @notice What a join reads in one call: (attestor, paused, tier weight, cap, waiting period).
    """
    return self.attestor, block.timestamp < self.paused_until, self.tier_weight[tier], self.cap, self.waiting_period


@internal
def _set_roles(governance: address, operator: address, attestor: address):
    assert operator != empty(address) and attestor != empty(address), "config: role is the zero address"
    assert governance != operator and governance != attestor and operator != attestor, "config: one key may not hold two roles"
    if operator != self.operator:
        log RoleChanged(role="operator", previous=self.operator, current=operator)
        self.operator = operator
    if attestor != self.attestor:
        log RoleChanged(role="attestor", previous=self.attestor, current=attestor)
        self.attestor = attestor


@internal
def _set_tier(tier: uint8, benefit: uint256, weight: uint256):
    assert convert(tier, uint256) < c.MAX_TIERS, "config: tier out of range"
    assert (benefit == 0) == (weight == 0), "config: a tier needs both a benefit and a weight"
    assert weight <= c.MAX_WEIGHT, "config: weight above the 16 bits a member record holds"
    self.tier_benefit[tier] = benefit
    self.tier_weight[tier] = weight
    log TierChanged(tier=tier, benefit=benefit, weight=weight)


@internal
def _set_class_ratio(condition_class: uint8, ratio_bps: uint256):
    assert condition_class <= c.CLASS_MILD, "config: unknown condition class"
    assert ratio_bps <= c.BPS, "config: ratio above 100%"
    self.class_ratio_bps[condition_class] = ratio_bps
    log ClassRatioChanged(condition_class=condition_class, ratio_bps=ratio_bps)


@internal
@view
def _check_params():
    assert self.cap >= c.MIN_CAP_BUCKETS * bucket_width, "config: cap below 4 bucket widths"
    assert self.cap <= c.MAX_CAP_BUCKETS * bucket_width, "config: cap above 32 bucket widths"
    assert self.settlement_period > 0, "config: settlement period is zero"
    assert self.settlement_period <= c.MAX_SETTLEMENT_PERIOD, "config: settlement period above 20 days"
    assert self.waiting_period <= c.MAX_WAITING_PERIOD, "config: waiting period above ten years"
    assert self.witness_bond <= self.witness_stake, "config: bond above the stake"
    assert self.silent_forfeit >= 2 * self.witness_fee, "config: forfeit below twice the fee"
    assert self.silent_forfeit <= self.witness_bond, "config: forfeit above the bond"
    assert self.reward_bps <= c.BPS, "config: reward above 100%"
    assert self.breaker_factor > 0, "config: breaker factor is zero"
    assert self.seed_delay > 0 and self.seed_delay < 200, "config: seed delay out of range"
