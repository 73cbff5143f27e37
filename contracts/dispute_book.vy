# pragma version ~=0.4.3
"""
@title Dispute records: every claim's cases, the supervisors of each, and what is owed
@notice A claim may have several cases over time: a case that expired or was dismissed lets a
        later fraud report open another, so cases are kept by claim and round, and a claim's
        latest round is its current case. A supervisor's place in a case is one packed word per
        claim; it points at the latest round the supervisor joined on that claim.
@dev A reward is split without looping over the supervisors: the n supervisors of a case each
     get reward // n, and the reward % n units left over go one each to the last to join (the
     very last always among them). The shares add up to the reward exactly and none shrinks as
     recoveries raise the reward, so a supervisor may pull at any time and again later.
"""

# @dev Outcome of a case (0: no such case).
OPEN: constant(uint256) = 1
FRAUD: constant(uint256) = 2
DISMISSED: constant(uint256) = 3
EXPIRED: constant(uint256) = 4

# @dev Bit layout of a supervisor's packed record: stake 96 | reward received 96 | join index
#      32 | case round 31 | stake refunded 1.
MASK_96: constant(uint256) = 2**96 - 1
MASK_32: constant(uint256) = 2**32 - 1
MASK_31: constant(uint256) = 2**31 - 1
REFUNDED_FLAG: constant(uint256) = 1 << 255


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


# @dev A case opened on a claim; the operator must rule before `deadline`.
event DisputeOpened:
    claim_id: indexed(uint256)
    round: uint256
    deadline: uint256


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
    """@notice Tokens the Disputes contract must hold; equal to its token balance at all times."""
    return self.stakes_held + self.rewards_owed + self.fees_owed


@internal
@view
def _open_round(claim_id: uint256) -> uint256:
    """The round of the claim's open case; refused if it has none."""
    round: uint256 = self.rounds[claim_id]
    assert round != 0 and self.cases[claim_id][round].outcome == OPEN, "disputes: no open case on this claim"
    return round


@internal
@view
def _check_joinable(claim_id: uint256, round: uint256):
    assert block.timestamp < self.cases[claim_id][round].deadline, "disputes: ruling deadline passed: expire the case first"


@internal
def _open(claim_id: uint256, ruling_period: uint256) -> uint256:
    """Open the claim's next case, to be ruled within `ruling_period`; returns its round."""
    round: uint256 = self.rounds[claim_id] + 1
    assert round <= MASK_31, "disputes: too many cases on this claim"
    deadline: uint256 = block.timestamp + ruling_period
    self.rounds[claim_id] = round
    self.cases[claim_id][round] = Case(
        deadline=deadline, outcome=OPEN, supervisors=0, stakes=0, target=0, reward=0
    )
    log DisputeOpened(claim_id=claim_id, round=round, deadline=deadline)
    return round


@internal
def _join(claim_id: uint256, round: uint256, account: address, stake: uint256):
    """Add `account` to the case with `stake` (one stake per supervisor per case)."""
    word: uint256 = self._supervisors[claim_id][account]
    if word != 0:
        earlier: Supervisor = self._unpack(word)
        assert earlier.round != round, "disputes: already a supervisor of this case"
        outcome: uint256 = self.cases[claim_id][earlier.round].outcome
        # only an expired or dismissed case can come before another; an expired one's stake
        # must be taken back first (the record holds one case per claim)
        assert outcome != EXPIRED or earlier.refunded, "disputes: withdraw the stake of the earlier case first"
    assert stake <= MASK_96, "disputes: stake too large"
    case: Case = self.cases[claim_id][round]
    assert case.supervisors < MASK_32, "disputes: too many supervisors"
    self._supervisors[claim_id][account] = self._pack(
        Supervisor(stake=stake, received=0, index=case.supervisors, round=round, refunded=False)
    )
    self.cases[claim_id][round].supervisors = case.supervisors + 1
    self.cases[claim_id][round].stakes = case.stakes + stake
    self.stakes_held += stake


@internal
@pure
def _share(reward: uint256, supervisors: uint256, index: uint256) -> uint256:
    """Supervisor `index`'s share of `reward` split between `supervisors` (see the @dev above)."""
    share: uint256 = reward // supervisors
    if index + reward % supervisors >= supervisors:
        share += 1
    return share


@internal
@pure
def _pack(s: Supervisor) -> uint256:
    # stake <= MASK_96 (checked on joining); received <= the reward <= a benefit, which Claims
    # keeps in 96 bits; index < 2**32 and round < 2**31 (both checked)
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
