# pragma version ~=0.4.3
"""
@title lashou disputes: supervisors' objections and fraud reports, rulings, slashes, rewards
@notice Anyone but the patient, the operator and the claim's approving witnesses may stake the
        objection deposit to object to a claim under public notice, or to report fraud on a
        queued claim (its payout is then held until the ruling) or on a paid one within the
        report window after the pull. The first stake opens a case with a ruling deadline;
        later ones join it, one stake per supervisor per case. The operator rules before the
        deadline:
        - fraud: the claim is rejected (or its queued payout cancelled, or, when already paid,
          it is marked fraudulent); the patient's identity is barred for ever; every approving
          witness loses one bond; the supervisors get their stakes back and share a reward of
          min(reward ratio x benefit, slashed + recovered), never taken from the reserve; the
          rest of the slashed bonds goes to the pool's reserve. Money later recovered from the
          fraudster first completes the reward, then goes to the reserve.
        - dismissed: the stakes go to the operator as the investigation fee, the claim goes on.
        With no ruling by the deadline anyone expires the case: the stakes are refunded, the
        claim goes on, and only a later fraud report can open a new case.
        Everything owed here is pulled (`withdraw`, `collect_fees`), never pushed.
@dev Conservation, checked by `accounted()`:
     token.balanceOf(self) == stakes_held + rewards_owed + fees_owed, to the last unit.
     A reward is split without looping over the supervisors: the n supervisors of a case each
     get reward // n, and the reward % n units left over go one each to the last to join (the
     very last always among them); every share only grows as recoveries raise the reward, so a
     supervisor may pull at any time and pull again after a recovery.
"""

from ethereum.ercs import IERC20

import claims_book as book
import constants as c
from interfaces import IClaims
from interfaces import IConfig
from interfaces import IPool
from interfaces import IWitnesses


# @dev Outcome of a case (0: no such case).
OPEN: constant(uint256) = 1
FRAUD: constant(uint256) = 2
DISMISSED: constant(uint256) = 3
EXPIRED: constant(uint256) = 4

# @dev Most approving witnesses a claim has: two panels of three.
MAX_APPROVERS: constant(uint256) = book.MAX_SLOTS

# @dev Bit layout of a supervisor's packed record: stake 96 | reward received 96 | join index
#      32 | case round 31 | stake refunded 1.
MASK_96: constant(uint256) = 2**96 - 1
MASK_32: constant(uint256) = 2**32 - 1
MASK_31: constant(uint256) = 2**31 - 1
REFUNDED_FLAG: constant(uint256) = 1 << 255


# @dev The pool token stakes, slashed bonds and recoveries are held in.
TOKEN: public(immutable(IERC20))
# @dev The plan's configuration: operator, objection stake, reward ratio, periods, bond.
CONFIG: public(immutable(IConfig))
# @dev The pool: payouts held, cancelled and swept; identities barred; the reserve.
POOL: public(immutable(IPool))
# @dev The claims contract: claim records, approvers, the disputed state.
CLAIMS: public(immutable(IClaims))
# @dev The witness registry: liabilities held and bonds slashed.
WITNESSES: public(immutable(IWitnesses))


# @dev One case of a claim: its ruling deadline, outcome, supervisors and money. `stakes` is
#      the sum of the supervisors' stakes; `target` the reward a fraud ruling aims at and
#      `reward` the part of it funded so far (slashed bonds, then recoveries).
struct Case:
    deadline: uint256
    outcome: uint256
    supervisors: uint256
    stakes: uint256
    target: uint256
    reward: uint256


# @dev One supervisor of one case, unpacked.
struct Supervisor:
    stake: uint256
    received: uint256
    index: uint256
    round: uint256
    refunded: bool


# @dev Cases opened per claim so far; the latest is the claim's current case (0: none).
rounds: public(HashMap[uint256, uint256])
# @dev Every case by claim and round (rounds start at 1).
cases: public(HashMap[uint256, HashMap[uint256, Case]])
# @dev Claims whose fraud was confirmed (final: no new case may open on them).
fraud_confirmed: public(HashMap[uint256, bool])
# @dev Per claim and supervisor: its record in the claim's latest case it joined (packed).
_supervisors: HashMap[uint256, HashMap[address, uint256]]

# @dev Stakes of open cases and stakes owed back (expired or fraud cases), not yet withdrawn.
stakes_held: public(uint256)
# @dev Rewards funded and not yet withdrawn.
rewards_owed: public(uint256)
# @dev Stakes of dismissed cases owed to the operator as its investigation fee.
fees_owed: public(uint256)


# @dev A supervisor objected to a claim under notice with the hash of its evidence.
event ObjectionRaised:
    claim_id: indexed(uint256)
    supervisor: indexed(address)
    evidence_hash: bytes32
    stake: uint256


# @dev A supervisor reported fraud on a queued or paid claim with the hash of its evidence.
event FraudReported:
    claim_id: indexed(uint256)
    supervisor: indexed(address)
    evidence_hash: bytes32
    stake: uint256


# @dev A case opened on a claim; the operator must rule before `deadline`.
event DisputeOpened:
    claim_id: indexed(uint256)
    round: uint256
    deadline: uint256


# @dev The operator ruled: with fraud, `slashed` left the approving witnesses, `reward` of it
#      goes to the supervisors and `to_reserve` to the pool; dismissed, `fee` (the stakes) goes
#      to the operator.
event DisputeRuled:
    claim_id: indexed(uint256)
    round: uint256
    fraud: bool
    reason_hash: bytes32
    slashed: uint256
    reward: uint256
    to_reserve: uint256
    fee: uint256


# @dev Nobody ruled by the deadline: the supervisors' stakes (`refunded`) are theirs again.
event DisputeExpired:
    claim_id: indexed(uint256)
    round: uint256
    refunded: uint256


# @dev The operator brought in money recovered from a fraudster: `to_reward` completed the
#      supervisors' reward, `to_reserve` went to the pool's reserve.
event RecoveryRecorded:
    claim_id: indexed(uint256)
    amount: uint256
    to_reward: uint256
    to_reserve: uint256


# @dev A supervisor pulled its stake back and/or its share of the reward.
event StakeWithdrawn:
    claim_id: indexed(uint256)
    supervisor: indexed(address)
    stake: uint256
    reward: uint256


# @dev The operator pulled the investigation fees of dismissed cases.
event FeesCollected:
    operator: indexed(address)
    amount: uint256


@deploy
def __init__(token: IERC20, config: IConfig, pool: IPool, claims: IClaims, witnesses: IWitnesses):
    """
    @notice Deploys the disputes contract of one plan; the pool, the claims contract and the
            witness registry must each name it once (`wire_disputes`, `wire`).
    """
    assert token.address != empty(address), "disputes: token is the zero address"
    assert config.address != empty(address), "disputes: config is the zero address"
    assert pool.address != empty(address), "disputes: pool is the zero address"
    assert claims.address != empty(address), "disputes: claims is the zero address"
    assert witnesses.address != empty(address), "disputes: witnesses is the zero address"
    TOKEN = token
    CONFIG = config
    POOL = pool
    CLAIMS = claims
    WITNESSES = witnesses


# ---------------------------------------------------------------------------------------------
# Supervisors
# ---------------------------------------------------------------------------------------------


@external
@nonreentrant
def object(claim_id: uint256, evidence_hash: bytes32):
    """
    @notice Object to a claim under public notice, staking the objection deposit (approved to
            this contract). The first objection disputes the claim and opens its case; later
            ones during the notice join that case.
    @param claim_id The claim.
    @param evidence_hash Hash of the evidence (kept off chain, shown to the investigators).
    """
    claim: book.Claim = staticcall CLAIMS.claim(claim_id)
    approvers: DynArray[address, MAX_APPROVERS] = self._check_supervisor(claim_id, claim)
    assert claim.status in (book.Status.NOTICE | book.Status.DISPUTED), "disputes: claim is not under notice"
    assert block.timestamp < claim.deadline, "disputes: notice period over"
    round: uint256 = self.rounds[claim_id]
    opening: bool = claim.status == book.Status.NOTICE
    if opening:
        round = self._open(claim_id)
    else:
        self._check_joinable(claim_id, round)
    stake: uint256 = self._join(claim_id, round)
    log ObjectionRaised(claim_id=claim_id, supervisor=msg.sender, evidence_hash=evidence_hash, stake=stake)

    if opening:
        extcall CLAIMS.dispute(claim_id)
        self._hold_witnesses(approvers, self.cases[claim_id][round].deadline)
    self._receive(stake)


@external
@nonreentrant
def report_fraud(claim_id: uint256, evidence_hash: bytes32):
    """
    @notice Report fraud on a queued claim not yet pulled (its payout is then held until the
            ruling) or on a paid one within the report window after its pull, staking the
            objection deposit (approved to this contract). Joins the claim's open case if it
            has one.
    @param claim_id The claim.
    @param evidence_hash Hash of the evidence (kept off chain, shown to the investigators).
    """
    claim: book.Claim = staticcall CLAIMS.claim(claim_id)
    approvers: DynArray[address, MAX_APPROVERS] = self._check_supervisor(claim_id, claim)
    assert claim.status == book.Status.QUEUED, "disputes: claim is not queued or paid"
    assert not self.fraud_confirmed[claim_id], "disputes: fraud already confirmed"
    paid: bool = False
    held: bool = False
    cancelled: bool = False
    pulled_at: uint256 = 0
    paid, held, cancelled, pulled_at = staticcall POOL.payout_state(claim_id)
    if paid:
        assert block.timestamp < pulled_at + staticcall CONFIG.report_window(), "disputes: report window after the payout is over"
    round: uint256 = self.rounds[claim_id]
    opening: bool = round == 0 or self.cases[claim_id][round].outcome != OPEN
    if opening:
        round = self._open(claim_id)
    else:
        self._check_joinable(claim_id, round)
    stake: uint256 = self._join(claim_id, round)
    log FraudReported(claim_id=claim_id, supervisor=msg.sender, evidence_hash=evidence_hash, stake=stake)

    if opening:
        if not paid:
            extcall POOL.hold_payout(claim_id, True)
        self._hold_witnesses(approvers, self.cases[claim_id][round].deadline)
    self._receive(stake)


@external
@nonreentrant
def withdraw(claim_id: uint256):
    """
    @notice A supervisor pulls what its latest case on the claim owes it: its stake back once
            the case expired or confirmed fraud, and its share of the reward (again after
            each recovery).
    @param claim_id The claim.
    """
    word: uint256 = self._supervisors[claim_id][msg.sender]
    assert word != 0, "disputes: not a supervisor of this claim"
    s: Supervisor = self._unpack(word)
    case: Case = self.cases[claim_id][s.round]
    assert case.outcome != OPEN, "disputes: case not decided yet"
    assert case.outcome != DISMISSED, "disputes: stake forfeited: the case was dismissed"
    stake: uint256 = 0
    if not s.refunded:
        stake = s.stake
    reward: uint256 = 0
    if case.outcome == FRAUD:
        # a share never shrinks as the reward grows, so it is at least what was received
        reward = self._share(case.reward, case.supervisors, s.index) - s.received
    assert stake + reward > 0, "disputes: nothing to withdraw"

    s.refunded = True
    s.received += reward
    self._supervisors[claim_id][msg.sender] = self._pack(s)
    self.stakes_held -= stake
    self.rewards_owed -= reward
    log StakeWithdrawn(claim_id=claim_id, supervisor=msg.sender, stake=stake, reward=reward)

    self._send(msg.sender, stake + reward)


# ---------------------------------------------------------------------------------------------
# Operator
# ---------------------------------------------------------------------------------------------


@external
@nonreentrant
def rule(claim_id: uint256, fraud: bool, reason_hash: bytes32):
    """
    @notice The operator rules on a claim's open case before its deadline.
    @dev Fraud: the claim is rejected (disputed), its payout cancelled (queued) or it is marked
         fraudulent (paid); the patient's identity is barred; every approving witness loses
         one bond; the reward min(reward ratio x benefit, slashed) is kept for the supervisors
         and the rest of the slashed bonds goes to the reserve. Dismissed: the stakes become
         the operator's fee and the claim goes on (queued, or its payout released).
    @param claim_id The claim.
    @param fraud Whether fraud is confirmed.
    @param reason_hash Hash of the published ruling.
    """
    self._check_operator()
    round: uint256 = self._open_round(claim_id)
    case: Case = self.cases[claim_id][round]
    assert block.timestamp < case.deadline, "disputes: ruling deadline passed"
    claim: book.Claim = staticcall CLAIMS.claim(claim_id)

    if not fraud:
        case.outcome = DISMISSED
        self.cases[claim_id][round] = case
        self.stakes_held -= case.stakes
        self.fees_owed += case.stakes
        log DisputeRuled(
            claim_id=claim_id, round=round, fraud=False, reason_hash=reason_hash,
            slashed=0, reward=0, to_reserve=0, fee=case.stakes,
        )
        self._let_go(claim_id, claim, reason_hash)
        return

    case.outcome = FRAUD
    self.cases[claim_id][round] = case
    self.fraud_confirmed[claim_id] = True
    if claim.status == book.Status.DISPUTED:
        extcall CLAIMS.resolve_dispute(claim_id, True, reason_hash)
    else:
        paid: bool = False
        held: bool = False
        cancelled: bool = False
        pulled_at: uint256 = 0
        paid, held, cancelled, pulled_at = staticcall POOL.payout_state(claim_id)
        if not paid:
            extcall POOL.cancel_payout(claim_id)
    extcall POOL.bar(claim.commitment)
    slashed: uint256 = self._slash(claim_id)

    case.target = claim.benefit * staticcall CONFIG.reward_bps() // c.BPS
    case.reward = min(case.target, slashed)
    self.cases[claim_id][round] = case
    self.rewards_owed += case.reward
    to_reserve: uint256 = slashed - case.reward
    log DisputeRuled(
        claim_id=claim_id, round=round, fraud=True, reason_hash=reason_hash,
        slashed=slashed, reward=case.reward, to_reserve=to_reserve, fee=0,
    )
    self._to_reserve(to_reserve)


@external
@nonreentrant
def record_recovery(claim_id: uint256, amount: uint256):
    """
    @notice The operator brings in `amount` (approved to this contract) recovered from the
            fraudster of a fraud-confirmed claim: it first completes the supervisors' reward up
            to its target, the rest goes to the pool's reserve.
    @param claim_id The claim.
    @param amount Tokens recovered.
    """
    self._check_operator()
    assert self.fraud_confirmed[claim_id], "disputes: fraud not confirmed on this claim"
    assert amount > 0, "disputes: amount is zero"
    round: uint256 = self.rounds[claim_id]
    case: Case = self.cases[claim_id][round]
    to_reward: uint256 = min(amount, case.target - case.reward)
    to_reserve: uint256 = amount - to_reward
    case.reward += to_reward
    self.cases[claim_id][round] = case
    self.rewards_owed += to_reward
    log RecoveryRecorded(claim_id=claim_id, amount=amount, to_reward=to_reward, to_reserve=to_reserve)

    self._receive(amount)
    self._to_reserve(to_reserve)


@external
@nonreentrant
def collect_fees():
    """@notice The operator pulls the investigation fees of dismissed cases."""
    self._check_operator()
    amount: uint256 = self.fees_owed
    assert amount > 0, "disputes: no fees owed"
    self.fees_owed = 0
    log FeesCollected(operator=msg.sender, amount=amount)

    self._send(msg.sender, amount)


# ---------------------------------------------------------------------------------------------
# Keepers
# ---------------------------------------------------------------------------------------------


@external
@nonreentrant
def expire(claim_id: uint256):
    """
    @notice Anyone closes a case the operator did not rule by its deadline: the supervisors
            may take their stakes back and the claim goes on (queued, or its payout released).
    @param claim_id The claim.
    """
    round: uint256 = self._open_round(claim_id)
    case: Case = self.cases[claim_id][round]
    assert block.timestamp >= case.deadline, "disputes: ruling deadline not passed"
    self.cases[claim_id][round].outcome = EXPIRED
    log DisputeExpired(claim_id=claim_id, round=round, refunded=case.stakes)
    self._let_go(claim_id, staticcall CLAIMS.claim(claim_id), empty(bytes32))


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


@external
@view
def supervisor(claim_id: uint256, account: address) -> Supervisor:
    """
    @notice `account`'s record in the latest case of the claim it joined: (stake, reward
            received, join index, round, stake refunded); all zero if none.
    """
    return self._unpack(self._supervisors[claim_id][account])


@external
@view
def accounted() -> uint256:
    """@notice Tokens this contract must hold; equal to its token balance at all times."""
    return self.stakes_held + self.rewards_owed + self.fees_owed


# ---------------------------------------------------------------------------------------------
# Internal
# ---------------------------------------------------------------------------------------------


@internal
@view
def _check_operator():
    assert msg.sender == staticcall CONFIG.operator(), "disputes: caller is not the operator"


@internal
@view
def _check_supervisor(claim_id: uint256, claim: book.Claim) -> DynArray[address, MAX_APPROVERS]:
    """Anyone may supervise a claim but its patient, the operator and its approving witnesses."""
    assert claim.patient != empty(address), "disputes: no such claim"
    assert msg.sender != claim.patient, "disputes: the patient may not supervise its own claim"
    assert msg.sender != staticcall CONFIG.operator(), "disputes: the operator rules and may not supervise"
    approvers: DynArray[address, MAX_APPROVERS] = staticcall CLAIMS.approvers(claim_id)
    assert msg.sender not in approvers, "disputes: an approving witness may not supervise the claim"
    return approvers


@internal
@view
def _check_joinable(claim_id: uint256, round: uint256):
    assert block.timestamp < self.cases[claim_id][round].deadline, "disputes: ruling deadline passed: expire the case first"


@internal
@view
def _open_round(claim_id: uint256) -> uint256:
    round: uint256 = self.rounds[claim_id]
    assert round != 0 and self.cases[claim_id][round].outcome == OPEN, "disputes: no open case on this claim"
    return round


@internal
def _open(claim_id: uint256) -> uint256:
    """Open the claim's next case, to be ruled within the ruling period."""
    round: uint256 = self.rounds[claim_id] + 1
    assert round <= MASK_31, "disputes: too many cases on this claim"
    deadline: uint256 = block.timestamp + staticcall CONFIG.ruling_period()
    self.rounds[claim_id] = round
    self.cases[claim_id][round] = Case(
        deadline=deadline, outcome=OPEN, supervisors=0, stakes=0, target=0, reward=0
    )
    log DisputeOpened(claim_id=claim_id, round=round, deadline=deadline)
    return round


@internal
def _join(claim_id: uint256, round: uint256) -> uint256:
    """Add the caller to the case with the objection stake; returns the stake."""
    word: uint256 = self._supervisors[claim_id][msg.sender]
    if word != 0:
        earlier: Supervisor = self._unpack(word)
        assert earlier.round != round, "disputes: already a supervisor of this case"
        outcome: uint256 = self.cases[claim_id][earlier.round].outcome
        # only an expired case can come before another: its stake must be taken back first
        assert outcome != EXPIRED or earlier.refunded, "disputes: withdraw the stake of the earlier case first"
    stake: uint256 = staticcall CONFIG.objection_stake()
    assert stake <= MASK_96, "disputes: stake too large"
    case: Case = self.cases[claim_id][round]
    assert case.supervisors < MASK_32, "disputes: too many supervisors"
    self._supervisors[claim_id][msg.sender] = self._pack(
        Supervisor(stake=stake, received=0, index=case.supervisors, round=round, refunded=False)
    )
    self.cases[claim_id][round].supervisors = case.supervisors + 1
    self.cases[claim_id][round].stakes = case.stakes + stake
    self.stakes_held += stake
    return stake


@internal
def _let_go(claim_id: uint256, claim: book.Claim, reason_hash: bytes32):
    """A case ended without fraud: a disputed claim is queued, a held payout released."""
    if claim.status == book.Status.DISPUTED:
        extcall CLAIMS.resolve_dispute(claim_id, False, reason_hash)
        return
    paid: bool = False
    held: bool = False
    cancelled: bool = False
    pulled_at: uint256 = 0
    paid, held, cancelled, pulled_at = staticcall POOL.payout_state(claim_id)
    if held:
        extcall POOL.hold_payout(claim_id, False)


@internal
def _hold_witnesses(approvers: DynArray[address, MAX_APPROVERS], until: uint256):
    """Keep the approving witnesses liable (their stakes in place) until the ruling deadline."""
    for witness: address in approvers:
        extcall WITNESSES.hold(witness, until)


@internal
def _slash(claim_id: uint256) -> uint256:
    """Take one bond from every approving witness; returns the tokens that arrived."""
    bond: uint256 = staticcall CONFIG.witness_bond()
    before: uint256 = staticcall TOKEN.balanceOf(self)
    done: DynArray[address, MAX_APPROVERS] = []
    for witness: address in staticcall CLAIMS.approvers(claim_id):
        # a witness is never drawn twice on a claim; slash it once even if it were
        if witness in done:
            continue
        done.append(witness)
        extcall WITNESSES.slash(witness, bond)
    return staticcall TOKEN.balanceOf(self) - before


@internal
def _to_reserve(amount: uint256):
    if amount == 0:
        return
    self._send(POOL.address, amount)
    extcall POOL.credit_reserve(amount)


@internal
@pure
def _share(reward: uint256, supervisors: uint256, index: uint256) -> uint256:
    """
    Supervisor `index`'s share of `reward` split between `supervisors`: reward // n each, and
    one of the reward % n units left over for each of the last reward % n to join. The shares
    add up to the reward exactly, and none shrinks when the reward grows.
    """
    share: uint256 = reward // supervisors
    if index + reward % supervisors >= supervisors:
        share += 1
    return share


@internal
@pure
def _pack(s: Supervisor) -> uint256:
    # stake <= MASK_96 (checked on joining) and received <= stake-independent reward shares
    # bounded by the benefit (a uint96 in Claims); index < 2**32 and round < 2**31 (checked)
    word: uint256 = s.stake | (s.received << 96) | (s.index << 192) | (s.round << 224)
    if s.refunded:
        word |= REFUNDED_FLAG
    return word


@internal
@pure
def _unpack(word: uint256) -> Supervisor:
    return Supervisor(
        stake=word & MASK_96,
        received=(word >> 96) & MASK_96,
        index=(word >> 192) & MASK_32,
        round=(word >> 224) & MASK_31,
        refunded=word & REFUNDED_FLAG != 0,
    )


@internal
def _receive(amount: uint256):
    """Pull `amount` from the caller; a token that takes a fee is refused."""
    before: uint256 = staticcall TOKEN.balanceOf(self)
    assert extcall TOKEN.transferFrom(msg.sender, self, amount, default_return_value=True), "disputes: token transfer failed"
    assert staticcall TOKEN.balanceOf(self) - before == amount, "disputes: token took a fee on transfer: use a plain token"


@internal
def _send(to: address, amount: uint256):
    assert extcall TOKEN.transfer(to, amount, default_return_value=True), "disputes: token transfer failed"
