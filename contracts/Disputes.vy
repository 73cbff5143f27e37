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
     The cases, the supervisors' records and the split of a reward are in dispute_book.vy.
"""

from ethereum.ercs import IERC20

import claims_book as book
import constants as c
import dispute_book as docket
from interfaces import IClaims
from interfaces import IConfig
from interfaces import IPool
from interfaces import IWitnesses

initializes: docket

exports: (
    docket.rounds,
    docket.cases,
    docket.fraud_confirmed,
    docket.stakes_held,
    docket.rewards_owed,
    docket.fees_owed,
    docket.supervisor,
    docket.accounted,
)


# @dev Most approving witnesses a claim has: two panels of three.
MAX_APPROVERS: constant(uint256) = book.MAX_SLOTS


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
    round: uint256 = docket.rounds[claim_id]
    opening: bool = claim.status == book.Status.NOTICE
    if opening:
        round = docket._open(claim_id, staticcall CONFIG.ruling_period())
    else:
        docket._check_joinable(claim_id, round)
    stake: uint256 = staticcall CONFIG.objection_stake()
    docket._join(claim_id, round, msg.sender, stake)
    log ObjectionRaised(claim_id=claim_id, supervisor=msg.sender, evidence_hash=evidence_hash, stake=stake)

    if opening:
        extcall CLAIMS.dispute(claim_id)
        self._hold_witnesses(approvers, docket.cases[claim_id][round].deadline)
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
    assert not docket.fraud_confirmed[claim_id], "disputes: fraud already confirmed"
    paid: bool = False
    held: bool = False
    cancelled: bool = False
    pulled_at: uint256 = 0
    paid, held, cancelled, pulled_at = staticcall POOL.payout_state(claim_id)
    if paid:
        assert block.timestamp < pulled_at + staticcall CONFIG.report_window(), "disputes: report window after the payout is over"
    round: uint256 = docket.rounds[claim_id]
    opening: bool = round == 0 or docket.cases[claim_id][round].outcome != docket.OPEN
    if opening:
        round = docket._open(claim_id, staticcall CONFIG.ruling_period())
    else:
        docket._check_joinable(claim_id, round)
    stake: uint256 = staticcall CONFIG.objection_stake()
    docket._join(claim_id, round, msg.sender, stake)
    log FraudReported(claim_id=claim_id, supervisor=msg.sender, evidence_hash=evidence_hash, stake=stake)

    if opening:
        if not paid:
            extcall POOL.hold_payout(claim_id, True)
        self._hold_witnesses(approvers, docket.cases[claim_id][round].deadline)
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
    word: uint256 = docket._supervisors[claim_id][msg.sender]
    assert word != 0, "disputes: not a supervisor of this claim"
    s: docket.Supervisor = docket._unpack(word)
    case: docket.Case = docket.cases[claim_id][s.round]
    assert case.outcome != docket.OPEN, "disputes: case not decided yet"
    assert case.outcome != docket.DISMISSED, "disputes: stake forfeited: the case was dismissed"
    stake: uint256 = 0
    if not s.refunded:
        stake = s.stake
    reward: uint256 = 0
    if case.outcome == docket.FRAUD:
        # a share never shrinks as the reward grows, so it is at least what was received
        reward = docket._share(case.reward, case.supervisors, s.index) - s.received
    assert stake + reward > 0, "disputes: nothing to withdraw"

    s.refunded = True
    s.received += reward
    docket._supervisors[claim_id][msg.sender] = docket._pack(s)
    docket.stakes_held -= stake
    docket.rewards_owed -= reward
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
    round: uint256 = docket._open_round(claim_id)
    case: docket.Case = docket.cases[claim_id][round]
    assert block.timestamp < case.deadline, "disputes: ruling deadline passed"
    claim: book.Claim = staticcall CLAIMS.claim(claim_id)

    if not fraud:
        case.outcome = docket.DISMISSED
        docket.cases[claim_id][round] = case
        docket.stakes_held -= case.stakes
        docket.fees_owed += case.stakes
        log DisputeRuled(
            claim_id=claim_id, round=round, fraud=False, reason_hash=reason_hash,
            slashed=0, reward=0, to_reserve=0, fee=case.stakes,
        )
        self._let_go(claim_id, claim, reason_hash)
        return

    case.outcome = docket.FRAUD
    docket.cases[claim_id][round] = case
    docket.fraud_confirmed[claim_id] = True
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
    docket.cases[claim_id][round] = case
    docket.rewards_owed += case.reward
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
    assert docket.fraud_confirmed[claim_id], "disputes: fraud not confirmed on this claim"
    assert amount > 0, "disputes: amount is zero"
    round: uint256 = docket.rounds[claim_id]
    case: docket.Case = docket.cases[claim_id][round]
    to_reward: uint256 = min(amount, case.target - case.reward)
    to_reserve: uint256 = amount - to_reward
    case.reward += to_reward
    docket.cases[claim_id][round] = case
    docket.rewards_owed += to_reward
    log RecoveryRecorded(claim_id=claim_id, amount=amount, to_reward=to_reward, to_reserve=to_reserve)

    self._receive(amount)
    self._to_reserve(to_reserve)


@external
@nonreentrant
def collect_fees():
    """@notice The operator pulls the investigation fees of dismissed cases."""
    self._check_operator()
    amount: uint256 = docket.fees_owed
    assert amount > 0, "disputes: no fees owed"
    docket.fees_owed = 0
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
    round: uint256 = docket._open_round(claim_id)
    case: docket.Case = docket.cases[claim_id][round]
    assert block.timestamp >= case.deadline, "disputes: ruling deadline not passed"
    docket.cases[claim_id][round].outcome = docket.EXPIRED
    log DisputeExpired(claim_id=claim_id, round=round, refunded=case.stakes)
    self._let_go(claim_id, staticcall CLAIMS.claim(claim_id), empty(bytes32))


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
def _receive(amount: uint256):
    """Pull `amount` from the caller; a token that takes a fee is refused."""
    before: uint256 = staticcall TOKEN.balanceOf(self)
    assert extcall TOKEN.transferFrom(msg.sender, self, amount, default_return_value=True), "disputes: token transfer failed"
    assert staticcall TOKEN.balanceOf(self) - before == amount, "disputes: token took a fee on transfer: use a plain token"


@internal
def _send(to: address, amount: uint256):
    assert extcall TOKEN.transfer(to, amount, default_return_value=True), "disputes: token transfer failed"
