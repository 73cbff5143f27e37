# pragma version ~=0.4.3
"""
@title Claim records: the state of every claim, packed into a few storage words
@notice A claim lives in three storage words (head, terms, commitment), a fourth once a draw
        is scheduled (the snapshot of the witness lists) and one word per witness slot; each
        patient has one word (its attestation nonce and its open claim).
        Slots 0-2 hold the first panel and slots 3-5 the panel redrawn after a lapsed
        arbitration, so every witness that ever reported on a claim stays on record (the
        approving ones are the witnesses a later fraud ruling slashes).
@dev Packing matters: a claim's whole life must stay near a million gas, and Vyper does not
     pack structs, so each record is packed here by hand. Every field is range-checked on
     the way in (`_store` and `_store_slot`), so unpacking never truncates. What no rule reads
     again (tier, class, the diagnosis dates) is in the ClaimFiled event, not in storage.
"""

from interfaces import IConfig
from interfaces import IPool
from interfaces import IWitnesses

import constants


# @dev Witness slots per claim: the first panel and the one panel a lapsed arbitration redraws.
MAX_SLOTS: constant(uint256) = 2 * constants.PANEL_SIZE
# @dev Silent witnesses replaced on one claim before the next silence goes to arbitration.
MAX_REPLACEMENTS: constant(uint256) = 2
# @dev The registry's bound on the witnesses a draw may exclude (IWitnesses.draw).
MAX_EXCLUDED: constant(uint256) = 16

# @dev A slot's verdict: none yet, approved, rejected, released unreported (the claim left
#      witnessing first), or silent past the deadline (forfeited, kept on record).
VERDICT_NONE: constant(uint8) = 0
VERDICT_APPROVED: constant(uint8) = 1
VERDICT_REJECTED: constant(uint8) = 2
VERDICT_RELEASED: constant(uint8) = 3
VERDICT_SILENT: constant(uint8) = 4

# @dev Bit masks of the packed words.
MASK_8: constant(uint256) = 2**8 - 1
MASK_16: constant(uint256) = 2**16 - 1
MASK_32: constant(uint256) = 2**32 - 1
MASK_40: constant(uint256) = 2**40 - 1
MASK_64: constant(uint256) = 2**64 - 1
MASK_80: constant(uint256) = 2**80 - 1
MASK_96: constant(uint256) = 2**96 - 1
MASK_128: constant(uint256) = 2**128 - 1
MASK_160: constant(uint256) = 2**160 - 1

# @dev The reschedule count stops here rather than overflow (a draw must never be refused).
MAX_RESCHEDULES_COUNTED: constant(uint256) = MASK_16


# @dev The plan's configuration: roles, notaries, periods, fees, benefit table, pause.
CONFIG: public(immutable(IConfig))
# @dev The pool: coverage of members, the notice total, the payout queue, witness fees.
POOL: public(immutable(IPool))
# @dev The witness registry: snapshots, draws, releases and forfeits.
WITNESSES: public(immutable(IWitnesses))


# @dev Where a claim stands. DISPUTED is entered by objections during the notice.
flag Status:
    FILED
    DRAWING
    WITNESSING
    ARBITRATION
    NOTICE
    DISPUTED
    QUEUED
    REJECTED
    CANCELLED


# @dev One claim, unpacked. `deadline` ends the current review, arbitration or notice window;
#      `seed_block` is the block whose hash seeds the pending draw (0: none pending);
#      `approvals` counts the current panel's; `redrawn` tells the panel (slots 3-5) is final.
struct Claim:
    patient: address
    status: Status
    approvals: uint8
    replacements: uint8
    redrawn: bool
    reschedules: uint256
    deadline: uint256
    membership_id: uint256
    region: uint32
    benefit: uint256
    seed_block: uint256
    commitment: bytes32


# @dev One witness slot: who was assigned, its reporting deadline and its verdict.
struct Slot:
    witness: address
    deadline: uint256
    verdict: uint8


# @dev Claims filed so far; claim ids start at 1.
claim_count: public(uint256)
# @dev Diagnosis document commitments already used by a claim (each usable once, ever).
document_used: public(HashMap[bytes32, bool])
# @dev Per patient: open claim id (0: none) | next diagnosis-attestation nonce.
_patients: HashMap[address, uint256]
# @dev Per claim: patient | status | approvals | replacements | redrawn | reschedules | deadline.
_head: HashMap[uint256, uint256]
# @dev Per claim: membership id | region | benefit | seed block.
_terms: HashMap[uint256, uint256]
# @dev Per claim: the patient's identity commitment (a draw never picks its own witness).
_commitment: HashMap[uint256, bytes32]
# @dev Per claim: witness list lengths (city | province | nation) at the last draw scheduled.
_snapshot: HashMap[uint256, uint256]
# @dev Per claim and slot: witness | deadline | verdict.
_slots: HashMap[uint256, HashMap[uint256, uint256]]
# @dev Per claim: the silent witnesses replaced so far (at most MAX_REPLACEMENTS).
_replaced: HashMap[uint256, HashMap[uint256, address]]


@deploy
def __init__(config: address, pool: address, witnesses: address):
    """
    @notice Binds the records to the plan's Config, Pool and Witnesses contracts.
    """
    assert config != empty(address), "claims: config is the zero address"
    assert pool != empty(address), "claims: pool is the zero address"
    assert witnesses != empty(address), "claims: witnesses is the zero address"
    CONFIG = IConfig(config)
    POOL = IPool(pool)
    WITNESSES = IWitnesses(witnesses)


@external
@view
def claim(claim_id: uint256) -> Claim:
    """
    @notice The state of claim `claim_id` (an empty record if none); its tier, class and
            diagnosis dates are in its ClaimFiled event.
    @param claim_id The claim.
    @return The claim; status 0 (no flag) means the id was never used.
    """
    return self._load(claim_id)


@external
@view
def open_claim_of(patient: address) -> uint256:
    """
    @notice The one open claim of `patient` (0: none).
    @param patient The patient.
    """
    return self._patients[patient] & MASK_128


@external
@view
def nonces(patient: address) -> uint256:
    """
    @notice The nonce the notary must sign into `patient`'s next Diagnosis.
    @param patient The patient.
    """
    return self._patients[patient] >> 128


@external
@view
def slot(claim_id: uint256, index: uint256) -> Slot:
    """
    @notice Witness slot `index` of a claim: 0-2 the first panel, 3-5 the redrawn panel.
    @param claim_id The claim.
    @param index The slot, below 6.
    @return (witness, reporting deadline, verdict: 0 none, 1 approved, 2 rejected,
            3 released unreported, 4 silent and forfeited).
    """
    assert index < MAX_SLOTS, "claims: no such slot"
    return self._slot(claim_id, index)


@external
@view
def draw_snapshot(claim_id: uint256) -> (uint256, uint256, uint256):
    """
    @notice Lengths of the witness lists (city, province, nation) the claim's draws look at.
    @param claim_id The claim.
    """
    word: uint256 = self._snapshot[claim_id]
    return word & MASK_80, (word >> 80) & MASK_80, word >> 160


@external
@view
def replaced(claim_id: uint256, index: uint256) -> address:
    """
    @notice The `index`-th silent witness replaced on a claim (zero if none).
    @param claim_id The claim.
    @param index 0 or 1.
    """
    return self._replaced[claim_id][index]


@external
@view
def approvers(claim_id: uint256) -> DynArray[address, MAX_SLOTS]:
    """
    @notice Every witness that approved the claim, in either panel (the ones a fraud
            ruling would slash).
    @param claim_id The claim.
    """
    return self._approvers(claim_id)


@internal
@view
def _load(claim_id: uint256) -> Claim:
    head: uint256 = self._head[claim_id]
    terms: uint256 = self._terms[claim_id]
    return Claim(
        patient=convert(head & MASK_160, address),
        status=convert((head >> 160) & MASK_16, Status),
        approvals=convert((head >> 176) & MASK_8, uint8),
        replacements=convert((head >> 184) & MASK_8, uint8),
        redrawn=(head >> 192) & MASK_8 != 0,
        reschedules=(head >> 200) & MASK_16,
        deadline=head >> 216,
        membership_id=terms & MASK_64,
        region=convert((terms >> 64) & MASK_32, uint32),
        benefit=(terms >> 96) & MASK_96,
        seed_block=terms >> 192,
        commitment=self._commitment[claim_id],
    )


@internal
def _store(claim_id: uint256, c: Claim):
    # Rewriting an unchanged word costs 100 gas, so callers store the whole record; the
    # commitment never changes after filing (`_file`).
    assert c.reschedules <= MASK_16, "claims: too many reschedules"
    assert c.deadline <= MASK_40, "claims: time too large"
    assert c.membership_id <= MASK_64, "claims: membership id too large"
    assert c.benefit <= MASK_96, "claims: benefit too large"
    assert c.seed_block <= MASK_64, "claims: block number too large"
    self._head[claim_id] = (
        convert(c.patient, uint256)
        | (convert(c.status, uint256) << 160)
        | (convert(c.approvals, uint256) << 176)
        | (convert(c.replacements, uint256) << 184)
        | (convert(c.redrawn, uint256) << 192)
        | (c.reschedules << 200)
        | (c.deadline << 216)
    )
    self._terms[claim_id] = (
        c.membership_id
        | (convert(c.region, uint256) << 64)
        | (c.benefit << 96)
        | (c.seed_block << 192)
    )


@internal
def _file(c: Claim, document: bytes32, nonce: uint256) -> uint256:
    """Record a new claim: its id, its document, the patient's open claim and next nonce."""
    claim_id: uint256 = self.claim_count + 1
    self.claim_count = claim_id
    self.document_used[document] = True
    self._patients[c.patient] = claim_id | ((nonce + 1) << 128)
    self._commitment[claim_id] = c.commitment
    self._store(claim_id, c)
    return claim_id


@internal
@view
def _nonce(patient: address) -> uint256:
    return self._patients[patient] >> 128


@internal
@view
def _open_claim(patient: address) -> uint256:
    return self._patients[patient] & MASK_128


@internal
def _close(patient: address):
    """The patient's open claim ended (queued, rejected or cancelled)."""
    self._patients[patient] = self._patients[patient] & ~MASK_128


@internal
@view
def _slot(claim_id: uint256, index: uint256) -> Slot:
    word: uint256 = self._slots[claim_id][index]
    return Slot(
        witness=convert(word & MASK_160, address),
        deadline=(word >> 160) & MASK_40,
        verdict=convert(word >> 200, uint8),
    )


@internal
def _store_slot(claim_id: uint256, index: uint256, s: Slot):
    assert s.deadline <= MASK_40, "claims: time too large"
    self._slots[claim_id][index] = (
        convert(s.witness, uint256) | (s.deadline << 160) | (convert(s.verdict, uint256) << 200)
    )


@internal
def _store_snapshot(claim_id: uint256, city: uint256, province: uint256, nation: uint256):
    assert city <= MASK_80 and province <= MASK_80 and nation <= MASK_80, "claims: list too long"
    self._snapshot[claim_id] = city | (province << 80) | (nation << 160)


@internal
@view
def _load_snapshot(claim_id: uint256) -> (uint256, uint256, uint256):
    word: uint256 = self._snapshot[claim_id]
    return word & MASK_80, (word >> 80) & MASK_80, word >> 160


@internal
@pure
def _panel_start(c: Claim) -> uint256:
    if c.redrawn:
        return constants.PANEL_SIZE
    return 0


@internal
@view
def _approvers(claim_id: uint256) -> DynArray[address, MAX_SLOTS]:
    found: DynArray[address, MAX_SLOTS] = []
    for i: uint256 in range(MAX_SLOTS):
        s: Slot = self._slot(claim_id, i)
        if s.verdict == VERDICT_APPROVED:
            found.append(s.witness)
    return found


@internal
@view
def _is_open(status: Status) -> bool:
    return status in (
        Status.FILED | Status.DRAWING | Status.WITNESSING | Status.ARBITRATION | Status.NOTICE
    )


@internal
@view
def _check_member(c: Claim):
    # A patient that exited (or joined again: a new membership) has no rights left.
    assert staticcall POOL.is_membership(c.patient, c.membership_id), "claims: patient left the plan: cancel the claim"
