# pragma version ~=0.4.3
"""
@title lashou claims: from a notarised diagnosis to a queued payout
@notice A covered member past its waiting period files a claim with a notary's EIP-712
        attestation of its diagnosis. The operator reviews it; three witnesses drawn at random
        visit the patient and report; a rejection goes to the operator's arbitration; a clean
        panel opens a public notice; when the notice ends anyone queues the payout in the pool.
        Every deadline has a permissionless transition, so no claim waits on anyone's absence:
        silence at review accepts, a silent witness is replaced (and forfeits part of its
        stake), silence at arbitration redraws the panel once. A patient that leaves the plan
        loses its claim: anyone may then cancel it. A supervisor's objection during the notice
        (through the Disputes contract) holds the claim DISPUTED until the operator's ruling or
        its deadline.
@dev States (claims_book.Status): FILED -> DRAWING -> WITNESSING -> NOTICE -> QUEUED, with
     ARBITRATION after a rejection, DISPUTED after an objection (-> QUEUED, or REJECTED when
     fraud is confirmed), REJECTED and CANCELLED as ends. The approving witnesses stay on
     record per claim (`approvers`) for a fraud ruling to slash.
"""

from snekmate.utils import ecdsa
from snekmate.utils import eip712_domain_separator as eip712

from interfaces import IClaims

import claims_book as book
import claims_draw as draw
import constants

implements: IClaims

initializes: eip712
initializes: book
initializes: draw[book := book]

exports: (
    eip712.eip712Domain,
    book.CONFIG,
    book.POOL,
    book.WITNESSES,
    book.claim,
    book.slot,
    book.draw_snapshot,
    book.replaced,
    book.approvers,
    book.claim_count,
    book.open_claim_of,
    book.nonces,
    book.document_used,
)


# @dev EIP-712 type of a notary's attestation of a diagnosis (src/lashou/identity/signing.py).
DIAGNOSIS_TYPEHASH: constant(bytes32) = keccak256(
    "Diagnosis(address patient,bytes32 document,uint64 firstConsultation,uint64 diagnosedAt,uint8 conditionClass,uint256 nonce,uint256 deadline)"
)

# @dev The stage a claim was rejected at (ClaimRejected.stage).
STAGE_REVIEW: constant(uint8) = 1
STAGE_ARBITRATION: constant(uint8) = 2
STAGE_PANEL: constant(uint8) = 3
STAGE_UNRESOLVED: constant(uint8) = 4
STAGE_FRAUD: constant(uint8) = 5


# @dev The only address that may name the Disputes contract, once.
DEPLOYER: immutable(address)


# @dev The Disputes contract, the only caller of `dispute` and `resolve_dispute`.
disputes: public(address)


# @dev A claim was filed (the region only as its province). The tier, class and diagnosis
#      dates are kept here only: no rule reads them again.
event ClaimFiled:
    claim_id: indexed(uint256)
    patient: indexed(address)
    membership_id: uint256
    province: uint32
    tier: uint8
    condition_class: uint8
    benefit: uint256
    document: bytes32
    first_consultation: uint64
    diagnosed_at: uint64


# @dev The platform review ended: accepted by the operator, or by silence (`by_operator` false),
#      or rejected (followed by ClaimRejected).
event ClaimReviewed:
    claim_id: indexed(uint256)
    accepted: bool
    by_operator: bool


# @dev A witness reported on its claim with the hash of its report.
event WitnessReported:
    claim_id: indexed(uint256)
    witness: indexed(address)
    approved: bool
    report_hash: bytes32


# @dev A claim went to the operator's arbitration, open until `ends_at`.
event ArbitrationOpened:
    claim_id: indexed(uint256)
    ends_at: uint256


# @dev The operator arbitrated a claim.
event ClaimArbitrated:
    claim_id: indexed(uint256)
    approved: bool
    reason_hash: bytes32


# @dev Arbitration lapsed; a fresh panel, whose verdict is final, is drawn from `seed_block`.
event PanelRedrawn:
    claim_id: indexed(uint256)
    seed_block: uint256


# @dev A claim is under public notice until `ends_at`.
event NoticeStarted:
    claim_id: indexed(uint256)
    ends_at: uint256


# @dev A claim cleared its notice and its benefit joined the pool's payout queue.
event ClaimQueued:
    claim_id: indexed(uint256)
    patient: indexed(address)
    benefit: uint256


# @dev A claim was rejected at `stage` (1 review, 2 arbitration, 3 final panel, 4 no verdict,
#      5 fraud confirmed on an objection).
event ClaimRejected:
    claim_id: indexed(uint256)
    stage: uint8
    reason_hash: bytes32


# @dev A claim was cancelled because its patient left the plan.
event ClaimCancelled:
    claim_id: indexed(uint256)
    patient: indexed(address)


# @dev A supervisor objected during the notice: the claim is disputed until the ruling.
event ClaimDisputed:
    claim_id: indexed(uint256)


# @dev The deployer named the Disputes contract.
event DisputesWired:
    disputes: indexed(address)


@deploy
def __init__(config: address, pool: address, witnesses: address):
    """
    @notice Deploys the claims contract of one plan.
    @param config The plan's Config.
    @param pool The plan's Pool (it must name this contract in `wire`).
    @param witnesses The plan's witness registry (it must name this contract in `wire`).
    """
    eip712.__init__("lashou Claims", "1")
    book.__init__(config, pool, witnesses)
    DEPLOYER = msg.sender


@external
def wire(disputes: address):
    """
    @notice The deployer names the Disputes contract, once.
    @param disputes The Disputes contract of this plan.
    """
    assert msg.sender == DEPLOYER, "claims: caller is not the deployer"
    assert self.disputes == empty(address), "claims: already wired"
    assert disputes != empty(address), "claims: disputes is the zero address"
    self.disputes = disputes
    log DisputesWired(disputes=disputes)


@external
@nonreentrant
def file_claim(
    commitment: bytes32,
    document: bytes32,
    first_consultation: uint64,
    diagnosed_at: uint64,
    condition_class: uint8,
    deadline: uint256,
    signature: Bytes[65],
) -> uint256:
    """
    @notice The patient files a claim with a notary's attestation of its diagnosis.
    @dev The benefit is fixed now: the tier's amount times the class's ratio in force.
    @param commitment The patient's identity commitment (as in its admission; checked against
           the pool, never trusted).
    @param document The salted commitment of the diagnosis document (usable once, ever).
    @param first_consultation When the patient first consulted for the condition.
    @param diagnosed_at When the condition was diagnosed.
    @param condition_class 0 severe, 1 mild.
    @param deadline The attestation's expiry (a timestamp).
    @param signature The notary's 65-byte EIP-712 signature of the Diagnosis.
    @return The new claim's id.
    """
    assert not staticcall book.CONFIG.is_paused(), "claims: new claims are paused"
    assert block.timestamp <= deadline, "claims: attestation expired"
    assert len(signature) == 65, "claims: signature must be 65 bytes"
    nonce: uint256 = book._nonce(msg.sender)
    digest: bytes32 = eip712._hash_typed_data_v4(
        keccak256(
            abi_encode(
                DIAGNOSIS_TYPEHASH,
                msg.sender,
                document,
                first_consultation,
                diagnosed_at,
                condition_class,
                nonce,
                deadline,
            )
        )
    )
    # ecdsa refuses a high-s signature and one that recovers to the zero address.
    signer: address = ecdsa._recover_sig(digest, signature)
    assert staticcall book.CONFIG.is_notary(signer), "claims: not signed by a notary"

    membership_id: uint256 = 0
    tier: uint8 = 0
    region: uint32 = 0
    waiting_ends: uint256 = 0
    valid_until: uint256 = 0
    covered: bool = False
    membership_id, tier, region, waiting_ends, valid_until, covered = staticcall book.POOL.coverage(msg.sender)
    first: uint256 = convert(first_consultation, uint256)
    diagnosed: uint256 = convert(diagnosed_at, uint256)
    assert covered, "claims: patient is not covered"
    assert staticcall book.POOL.holder_of(commitment) == msg.sender, "claims: identity commitment is not the patient's: use the one in your admission"
    assert block.timestamp >= waiting_ends, "claims: waiting period not over"
    assert first >= waiting_ends, "claims: first consultation within the waiting period"
    assert first <= diagnosed, "claims: first consultation after the diagnosis"
    assert diagnosed <= block.timestamp, "claims: diagnosis in the future"
    assert diagnosed <= valid_until, "claims: diagnosis after the coverage ended"
    assert not book.document_used[document], "claims: document already used"
    assert book._open_claim(msg.sender) == 0, "claims: patient already has an open claim"
    assert condition_class <= constants.CLASS_MILD, "claims: unknown condition class"
    benefit: uint256 = (
        staticcall book.CONFIG.tier_benefit(tier)
        * staticcall book.CONFIG.class_ratio_bps(condition_class)
        // constants.BPS
    )
    assert benefit > 0, "claims: no benefit for this tier and class"

    claim_id: uint256 = book._file(
        book.Claim(
            patient=msg.sender,
            status=book.Status.FILED,
            approvals=0,
            replacements=0,
            redrawn=False,
            reschedules=0,
            deadline=block.timestamp + staticcall book.CONFIG.review_period(),
            membership_id=membership_id,
            region=region,
            benefit=benefit,
            seed_block=0,
            commitment=commitment,
        ),
        document,
        nonce,
    )
    log ClaimFiled(
        claim_id=claim_id,
        patient=msg.sender,
        membership_id=membership_id,
        province=region // 10_000,
        tier=tier,
        condition_class=condition_class,
        benefit=benefit,
        document=document,
        first_consultation=first_consultation,
        diagnosed_at=diagnosed_at,
    )
    return claim_id


@external
@nonreentrant
def accept_claim(claim_id: uint256):
    """
    @notice The operator accepts a filed claim within the review period; its witness draw is
            scheduled.
    @param claim_id The claim.
    """
    self._check_operator()
    c: book.Claim = self._under_review(claim_id)
    assert block.timestamp < c.deadline, "claims: review period over"
    self._accept(claim_id, c, True)


@external
@nonreentrant
def reject_claim(claim_id: uint256, reason_hash: bytes32):
    """
    @notice The operator rejects a filed claim within the review period.
    @param claim_id The claim.
    @param reason_hash Hash of the published reason.
    """
    self._check_operator()
    c: book.Claim = self._under_review(claim_id)
    assert block.timestamp < c.deadline, "claims: review period over"
    log ClaimReviewed(claim_id=claim_id, accepted=False, by_operator=True)
    self._reject(claim_id, c, STAGE_REVIEW, reason_hash)


@external
@nonreentrant
def skip_review(claim_id: uint256):
    """
    @notice Anyone moves a claim the operator did not review in time on to the witness draw.
    @param claim_id The claim.
    """
    c: book.Claim = self._under_review(claim_id)
    assert block.timestamp >= c.deadline, "claims: review period not over"
    self._accept(claim_id, c, False)


@external
@nonreentrant
def draw_witnesses(claim_id: uint256):
    """
    @notice Anyone draws the claim's witnesses once its seed block is mined. If the seed
            block's hash is gone, or a slot found nobody, the draw is scheduled again
            (counted in `reschedules`) and a later call completes it.
    @param claim_id The claim.
    """
    c: book.Claim = book._load(claim_id)
    assert c.status == book.Status.DRAWING, "claims: claim is not drawing witnesses"
    assert block.number > c.seed_block, "claims: seed block not mined yet"
    book._check_member(c)
    book._store(claim_id, draw._draw(claim_id, c))


@external
@nonreentrant
def report(claim_id: uint256, approve: bool, report_hash: bytes32):
    """
    @notice An assigned witness approves or rejects the claim before its deadline; its fee
            accrues in the pool either way. Three approvals open the notice; a rejection
            goes to arbitration (or, from a redrawn panel, rejects the claim).
    @param claim_id The claim.
    @param approve Whether the witness confirms the claim.
    @param report_hash Hash of the witness's report (kept off chain).
    """
    c: book.Claim = book._load(claim_id)
    assert c.status in (book.Status.DRAWING | book.Status.WITNESSING), "claims: claim is not witnessing"
    index: uint256 = self._slot_of(claim_id, c, msg.sender)
    s: book.Slot = book._slot(claim_id, index)
    assert s.verdict == book.VERDICT_NONE, "claims: witness already reported"
    assert block.timestamp < s.deadline, "claims: reporting deadline passed"
    book._check_member(c)

    s.verdict = book.VERDICT_REJECTED
    if approve:
        s.verdict = book.VERDICT_APPROVED
        c.approvals += 1
    book._store_slot(claim_id, index, s)
    log WitnessReported(claim_id=claim_id, witness=msg.sender, approved=approve, report_hash=report_hash)
    if not approve:
        if c.redrawn:
            self._reject(claim_id, c, STAGE_PANEL, report_hash)
        else:
            self._to_arbitration(claim_id, c)
        draw._release_unreported(claim_id, c)
    elif convert(c.approvals, uint256) == constants.PANEL_SIZE:
        self._to_notice(claim_id, c)
    else:
        book._store(claim_id, c)

    extcall book.WITNESSES.release(msg.sender)
    extcall book.POOL.accrue_fee(msg.sender, staticcall book.CONFIG.witness_fee())


@external
@nonreentrant
def replace_witness(claim_id: uint256, index: uint256):
    """
    @notice Anyone replaces a witness that let its deadline pass without reporting: it
            forfeits part of its stake to the pool's reserve and a replacement is drawn from
            the province pool. After two replacements on a claim, the next silence goes to
            the operator's arbitration instead.
    @param claim_id The claim.
    @param index The silent witness's slot (see `slot`).
    """
    c: book.Claim = book._load(claim_id)
    assert c.status in (book.Status.DRAWING | book.Status.WITNESSING), "claims: claim is not witnessing"
    start: uint256 = book._panel_start(c)
    assert index >= start and index < start + constants.PANEL_SIZE, "claims: slot is not in the current panel"
    s: book.Slot = book._slot(claim_id, index)
    assert s.witness != empty(address), "claims: slot is empty"
    assert s.verdict == book.VERDICT_NONE, "claims: witness already reported"
    assert block.timestamp >= s.deadline, "claims: reporting deadline not passed"
    book._check_member(c)

    if convert(c.replacements, uint256) < book.MAX_REPLACEMENTS:
        book._store(claim_id, draw._replace(claim_id, c, index, s.witness))
        return
    s.verdict = book.VERDICT_SILENT
    book._store_slot(claim_id, index, s)
    self._to_arbitration(claim_id, c)
    draw._release_unreported(claim_id, c)
    extcall book.WITNESSES.forfeit_silent(s.witness)


@external
@nonreentrant
def arbitrate(claim_id: uint256, approve: bool, reason_hash: bytes32):
    """
    @notice The operator decides a claim in arbitration before the deadline: approved opens
            the notice, otherwise the claim is rejected.
    @param claim_id The claim.
    @param approve Whether the claim stands.
    @param reason_hash Hash of the published reasoning.
    """
    self._check_operator()
    c: book.Claim = self._in_arbitration(claim_id)
    assert block.timestamp < c.deadline, "claims: arbitration period over"
    book._check_member(c)
    log ClaimArbitrated(claim_id=claim_id, approved=approve, reason_hash=reason_hash)
    if approve:
        self._to_notice(claim_id, c)
    else:
        self._reject(claim_id, c, STAGE_ARBITRATION, reason_hash)


@external
@nonreentrant
def redraw_panel(claim_id: uint256):
    """
    @notice Anyone, once an arbitration lapsed, has a fresh panel drawn (excluding every
            earlier witness) whose verdict is final. It happens once per claim: if the
            redrawn panel also ends in a lapsed arbitration, nobody is left to decide and
            the claim is rejected (the patient may file again with a new attestation).
    @param claim_id The claim.
    """
    c: book.Claim = self._in_arbitration(claim_id)
    assert block.timestamp >= c.deadline, "claims: arbitration period not over"
    book._check_member(c)
    if c.redrawn:
        self._reject(claim_id, c, STAGE_UNRESOLVED, empty(bytes32))
        return
    c.redrawn = True
    c.approvals = 0
    c.status = book.Status.DRAWING
    c.deadline = 0
    c = draw._schedule(claim_id, c, False)
    book._store(claim_id, c)
    log PanelRedrawn(claim_id=claim_id, seed_block=c.seed_block)


@external
@nonreentrant
def finalize(claim_id: uint256):
    """
    @notice Anyone queues the payout of a claim whose notice period ended.
    @param claim_id The claim.
    """
    c: book.Claim = book._load(claim_id)
    assert c.status == book.Status.NOTICE, "claims: claim is not under notice"
    assert block.timestamp >= c.deadline, "claims: notice period not over"
    book._check_member(c)
    self._queue(claim_id, c)


@external
@nonreentrant
def dispute(claim_id: uint256):
    """
    @notice Disputes only: a supervisor objected during the notice; the claim is disputed (it
            cannot be queued) until the operator's ruling or the ruling deadline.
    @param claim_id The claim.
    """
    assert msg.sender == self.disputes, "claims: caller is not the disputes contract"
    c: book.Claim = book._load(claim_id)
    assert c.status == book.Status.NOTICE, "claims: claim is not under notice"
    assert block.timestamp < c.deadline, "claims: notice period over"
    book._check_member(c)
    c.status = book.Status.DISPUTED
    book._store(claim_id, c)
    log ClaimDisputed(claim_id=claim_id)


@external
@nonreentrant
def resolve_dispute(claim_id: uint256, fraud: bool, reason_hash: bytes32):
    """
    @notice Disputes only: the dispute of a claim ended. Fraud confirmed rejects it; otherwise
            (dismissed, or no ruling in time) it is queued, or cancelled if its patient has
            left the plan meanwhile.
    @param claim_id The claim.
    @param fraud Whether fraud was confirmed.
    @param reason_hash Hash of the published ruling (empty when the dispute expired).
    """
    assert msg.sender == self.disputes, "claims: caller is not the disputes contract"
    c: book.Claim = book._load(claim_id)
    assert c.status == book.Status.DISPUTED, "claims: claim is not disputed"
    if not fraud and staticcall book.POOL.is_membership(c.patient, c.membership_id):
        self._queue(claim_id, c)
        return
    if fraud:
        self._reject(claim_id, c, STAGE_FRAUD, reason_hash)
    else:
        c.status = book.Status.CANCELLED
        book._store(claim_id, c)
        book._close(c.patient)
        log ClaimCancelled(claim_id=claim_id, patient=c.patient)
    extcall book.POOL.claim_left_notice(c.benefit)


@external
@nonreentrant
def cancel(claim_id: uint256):
    """
    @notice Anyone cancels an open claim whose patient no longer holds the membership it was
            filed under; witnesses that had not reported are let go without fee or forfeit.
    @param claim_id The claim.
    """
    c: book.Claim = book._load(claim_id)
    assert book._is_open(c.status), "claims: claim is not open"
    assert not staticcall book.POOL.is_membership(c.patient, c.membership_id), "claims: patient still holds the membership"
    was: book.Status = c.status
    c.status = book.Status.CANCELLED
    c.seed_block = 0
    book._store(claim_id, c)
    book._close(c.patient)
    log ClaimCancelled(claim_id=claim_id, patient=c.patient)
    if was in (book.Status.DRAWING | book.Status.WITNESSING):
        draw._release_unreported(claim_id, c)
    elif was == book.Status.NOTICE:
        extcall book.POOL.claim_left_notice(c.benefit)


@internal
@view
def _check_operator():
    assert msg.sender == staticcall book.CONFIG.operator(), "claims: caller is not the operator"


@internal
@view
def _under_review(claim_id: uint256) -> book.Claim:
    c: book.Claim = book._load(claim_id)
    assert c.status == book.Status.FILED, "claims: claim is not under review"
    return c


@internal
@view
def _in_arbitration(claim_id: uint256) -> book.Claim:
    c: book.Claim = book._load(claim_id)
    assert c.status == book.Status.ARBITRATION, "claims: claim is not in arbitration"
    return c


@internal
@view
def _slot_of(claim_id: uint256, c: book.Claim, witness: address) -> uint256:
    start: uint256 = book._panel_start(c)
    for i: uint256 in range(constants.PANEL_SIZE):
        if book._slot(claim_id, start + i).witness == witness:
            return start + i
    raise "claims: caller is not a witness of this claim"


@internal
def _accept(claim_id: uint256, c: book.Claim, by_operator: bool):
    book._check_member(c)
    claim: book.Claim = c
    claim.status = book.Status.DRAWING
    claim.deadline = 0
    log ClaimReviewed(claim_id=claim_id, accepted=True, by_operator=by_operator)
    book._store(claim_id, draw._schedule(claim_id, claim, False))


@internal
def _queue(claim_id: uint256, c: book.Claim):
    claim: book.Claim = c
    claim.status = book.Status.QUEUED
    book._store(claim_id, claim)
    book._close(claim.patient)
    log ClaimQueued(claim_id=claim_id, patient=claim.patient, benefit=claim.benefit)
    extcall book.POOL.queue_claim(claim_id, claim.patient, claim.benefit, claim.commitment)


@internal
def _to_notice(claim_id: uint256, c: book.Claim):
    claim: book.Claim = c
    claim.status = book.Status.NOTICE
    claim.seed_block = 0
    claim.deadline = block.timestamp + staticcall book.CONFIG.notice_period()
    book._store(claim_id, claim)
    log NoticeStarted(claim_id=claim_id, ends_at=claim.deadline)
    extcall book.POOL.claim_in_notice(claim.benefit)


@internal
def _to_arbitration(claim_id: uint256, c: book.Claim):
    claim: book.Claim = c
    claim.status = book.Status.ARBITRATION
    claim.seed_block = 0
    claim.deadline = block.timestamp + staticcall book.CONFIG.arbitration_period()
    book._store(claim_id, claim)
    log ArbitrationOpened(claim_id=claim_id, ends_at=claim.deadline)


@internal
def _reject(claim_id: uint256, c: book.Claim, stage: uint8, reason_hash: bytes32):
    claim: book.Claim = c
    claim.status = book.Status.REJECTED
    claim.seed_block = 0
    claim.deadline = 0
    book._store(claim_id, claim)
    book._close(claim.patient)
    log ClaimRejected(claim_id=claim_id, stage=stage, reason_hash=reason_hash)
