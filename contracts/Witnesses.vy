# pragma version ~=0.4.3
"""
@title lashou witness registry
@notice Admitted people stake the witness deposit here to be drawn, three per claim, to visit
        a patient and report. Each witness sits on three append-only lists: its city (the full
        6-digit GB/T 2260 code), its province (the code's first two digits) and nationwide.
        A draw looks only at the entries that existed at the claim's snapshot, a fixed number
        of times per list, so nobody can reshape a list after seeing the seed and every draw
        costs the same whatever the number of witnesses. Each assignment locks one bond of the
        stake; a report unlocks it and keeps the stake liable for the liability period after
        the latest report; silence forfeits a slice of the stake to the pool's reserve.
        A witness who leaves (or is deactivated) is tombstoned: its list entries are skipped
        forever, even if the same address registers again later.
@dev Conservation: token.balanceOf(self) == total_staked == the sum of every witness's stake.
"""

from ethereum.ercs import IERC20
from snekmate.utils import ecdsa
from snekmate.utils import eip712_domain_separator as eip712

from interfaces import IConfig
from interfaces import IPool
from interfaces import IWitnesses

import witness_lists as lists

implements: IWitnesses

initializes: ecdsa
initializes: eip712
initializes: lists

exports: (
    eip712.eip712Domain,
    lists.list_length,
)


# @dev List tags: which list a draw took a witness from (also mixed into the draw's hash).
LIST_CITY: constant(uint8) = 1
LIST_PROVINCE: constant(uint8) = 2
LIST_NATIONAL: constant(uint8) = 3

# @dev Region codes are 6-digit GB/T 2260 administrative division codes.
MIN_REGION: constant(uint32) = 100_000
MAX_REGION: constant(uint32) = 999_999
# @dev Most witnesses a claim may exclude from one draw (its panel and replaced witnesses).
MAX_EXCLUDED: constant(uint256) = 16

# @dev A witness's record, all but its commitment, is one storage word: read once per
#      candidate of a draw, written once per draw and per report. Low bits first:
#      stake 128 | locked_bonds 16 | liable_until 40 | epoch 32 | region 32 | active 1.
#      `_store` refuses a value wider than its field; each width says below why it is enough.
# @dev stake: 3.4e38 base units, 3.4e20 whole tokens of 18 decimals: more than any token's
#      supply (register and add_stake refuse more).
MASK_128: constant(uint256) = 2**128 - 1
# @dev locked_bonds: 65,535 assignments awaiting reports at once; a draw passes over a witness
#      whose count is full, as over one without a free bond, so it never has to refuse a draw.
LOCKED_SHIFT: constant(uint256) = 128
MASK_16: constant(uint256) = 2**16 - 1
# @dev liable_until: seconds to the year 36,812; a release ends a liability no later (a stake
#      liable until then is liable for good either way).
LIABLE_SHIFT: constant(uint256) = 144
MASK_40: constant(uint256) = 2**40 - 1
# @dev epoch: 4.3e9 registrations of one address, each needing an attestor-signed admission
#      and a fresh stake (its list entries keep 96 bits of it).
EPOCH_SHIFT: constant(uint256) = 184
MASK_32: constant(uint256) = 2**32 - 1
# @dev region: the uint32 it is everywhere (a 6-digit code needs only 20 bits).
REGION_SHIFT: constant(uint256) = 216
# @dev active: one bit, the highest in use.
ACTIVE_FLAG: constant(uint256) = 1 << 248

# @dev The EIP-712 type of the attestor's admission of a witness.
WITNESS_ADMISSION_TYPEHASH: constant(bytes32) = keccak256(
    "WitnessAdmission(address witness,bytes32 commitment,uint32 region,uint256 nonce,"
    "uint256 deadline)"
)


# @dev The pool token the stakes are held in.
token: public(immutable(address))
# @dev The plan's configuration: attestor, stake, bond, forfeit, liability period, pause.
config: public(immutable(address))
# @dev The pool whose reserve receives forfeited stakes.
pool: public(immutable(address))
# @dev The account that deployed this registry and alone may wire it, once.
deployer: public(immutable(address))


# @dev One account's witness record, as `witness` returns it. `epoch` counts the account's
#      registrations (list entries of an older epoch are tombstones); `locked_bonds` the
#      assignments awaiting its report; `liable_until` the end of the liability of its latest
#      report. Stored in two words: the commitment alone, the other fields packed together.
struct Witness:
    commitment: bytes32
    region: uint32
    epoch: uint256
    active: bool
    stake: uint256
    locked_bonds: uint256
    liable_until: uint256


# @dev The Claims contract, the only caller of draw, release and forfeit_silent.
claims: public(address)
# @dev The Disputes contract, the only caller of hold and slash.
disputes: public(address)
# @dev Each account's identity commitment; empty once the account has left.
_commitments: HashMap[address, bytes32]
# @dev Each account's other witness fields, packed into one word (see the masks above).
_records: HashMap[address, uint256]
# @dev The registered (not yet left) witness holding each identity commitment.
holder: public(HashMap[bytes32, address])
# @dev Each account's next admission nonce.
nonces: public(HashMap[address, uint256])
# @dev Sum of every witness's stake: always equal to this contract's token balance.
total_staked: public(uint256)


# @dev The deployer named the Claims contract.
event ClaimsWired:
    claims: indexed(address)


# @dev The deployer named the Disputes contract.
event DisputesWired:
    disputes: indexed(address)


# @dev An admitted witness staked and joined the lists of its city, province and nation.
event WitnessRegistered:
    witness: indexed(address)
    commitment: indexed(bytes32)
    province: indexed(uint32)
    stake: uint256


# @dev A witness topped up its stake; `stake` is the new total.
event StakeAdded:
    witness: indexed(address)
    amount: uint256
    stake: uint256


# @dev A witness was drawn for a claim from list `list_tag` (1 city, 2 province, 3 nation).
event WitnessDrawn:
    claim_id: indexed(uint256)
    witness: indexed(address)
    list_tag: uint8


# @dev A witness was let go without reporting; its bond is free and its stake not made liable.
event WitnessExcused:
    witness: indexed(address)


# @dev A witness reported on time; its bond is free and its stake liable until `liable_until`.
event WitnessReleased:
    witness: indexed(address)
    liable_until: uint256


# @dev A silent witness forfeited `amount` of its stake to the pool's reserve and was deactivated.
event WitnessForfeited:
    witness: indexed(address)
    amount: uint256


# @dev A witness left the registry and took back `amount`.
event WitnessLeft:
    witness: indexed(address)
    amount: uint256


# @dev A case that may slash a witness opened: its stake stays liable until `liable_until`.
event WitnessHeld:
    witness: indexed(address)
    liable_until: uint256


# @dev A witness that approved a fraudulent claim lost `amount` of its stake to the Disputes
#      contract; `stake` is what is left, `deactivated` tells it fell below the minimum stake.
event WitnessSlashed:
    witness: indexed(address)
    amount: uint256
    stake: uint256
    deactivated: bool


@deploy
def __init__(token_: address, config_: address, pool_: address):
    """
    @notice Deploys the registry of one plan; `wire` must name the Claims contract next.
    @param token_ The pool token stakes are held in.
    @param config_ The plan's Config.
    @param pool_ The plan's Pool, whose reserve receives forfeited stakes.
    """
    assert token_ != empty(address), "witnesses: token is the zero address"
    assert config_ != empty(address), "witnesses: config is the zero address"
    assert pool_ != empty(address), "witnesses: pool is the zero address"
    ecdsa.__init__()
    eip712.__init__("lashou Witnesses", "1")
    token = token_
    config = config_
    pool = pool_
    deployer = msg.sender


@external
def wire(claims_: address):
    """
    @notice The deployer names the Claims contract, once.
    @param claims_ The Claims contract of this plan.
    """
    assert msg.sender == deployer, "witnesses: caller is not the deployer"
    assert self.claims == empty(address), "witnesses: already wired"
    assert claims_ != empty(address), "witnesses: claims is the zero address"
    self.claims = claims_
    log ClaimsWired(claims=claims_)


@external
def wire_disputes(disputes_: address):
    """
    @notice The deployer names the Disputes contract, once.
    @param disputes_ The Disputes contract of this plan.
    """
    assert msg.sender == deployer, "witnesses: caller is not the deployer"
    assert self.disputes == empty(address), "witnesses: disputes already wired"
    assert disputes_ != empty(address), "witnesses: disputes is the zero address"
    self.disputes = disputes_
    log DisputesWired(disputes=disputes_)


@external
@nonreentrant
def register(
    commitment: bytes32, region: uint32, deadline: uint256, signature: Bytes[65], amount: uint256
):
    """
    @notice An admitted person stakes `amount` and becomes a witness of `region`.
    @dev The attestor's EIP-712 WitnessAdmission binds the caller, its commitment, its region,
         its nonce here and an expiry. The caller must have approved `amount` to this contract.
    @param commitment The attestor's keyed hash of the witness's identity.
    @param region The witness's 6-digit administrative division code.
    @param deadline The admission's expiry (a timestamp).
    @param signature The attestor's 65-byte signature of the admission.
    @param amount The stake, at least Config.witness_stake().
    """
    assert not staticcall IConfig(config).is_paused(), "witnesses: registrations are paused"
    assert block.timestamp <= deadline, "witnesses: admission expired"
    assert region >= MIN_REGION and region <= MAX_REGION, "witnesses: region is not a 6-digit code"
    assert commitment != empty(bytes32), "witnesses: commitment is empty"
    assert self._commitments[msg.sender] == empty(bytes32), "witnesses: already registered"
    assert self.holder[commitment] == empty(address), "witnesses: commitment already has a witness"
    assert not staticcall IPool(pool).banned(commitment), "witnesses: identity banned for fraud"
    assert amount >= staticcall IConfig(config).witness_stake(), "witnesses: stake too small"
    nonce: uint256 = self.nonces[msg.sender]
    self._check_attestor(
        keccak256(
            abi_encode(WITNESS_ADMISSION_TYPEHASH, msg.sender, commitment, region, nonce, deadline)
        ),
        signature,
    )

    self.nonces[msg.sender] = nonce + 1
    epoch: uint256 = self._record(msg.sender).epoch + 1
    self._commitments[msg.sender] = commitment
    self._store(
        msg.sender,
        Witness(
            commitment=commitment,
            region=region,
            epoch=epoch,
            active=True,
            stake=amount,
            locked_bonds=0,
            liable_until=0,
        ),
    )
    self.holder[commitment] = msg.sender
    self.total_staked += amount
    lists._append_everywhere(region, msg.sender, epoch)
    log WitnessRegistered(
        witness=msg.sender,
        commitment=commitment,
        province=region // lists.PROVINCE_DIVISOR,
        stake=amount,
    )

    self._pull(msg.sender, amount)


@external
@nonreentrant
def add_stake(amount: uint256):
    """
    @notice An active witness tops up its stake by `amount` (approved to this contract).
    @param amount Tokens to add.
    """
    record: Witness = self._record(msg.sender)
    assert record.active, "witnesses: not an active witness"
    assert amount > 0, "witnesses: amount is zero"
    record.stake += amount
    self._store(msg.sender, record)
    self.total_staked += amount
    log StakeAdded(witness=msg.sender, amount=amount, stake=record.stake)

    self._pull(msg.sender, amount)


@external
@nonreentrant
def unstake():
    """
    @notice A witness leaves and takes back its whole stake.
    @dev Refused while a bond is locked or before its liability ends. Leaving tombstones the
         witness's list entries for good; registering again needs a new admission.
    """
    commitment: bytes32 = self._commitments[msg.sender]
    assert commitment != empty(bytes32), "witnesses: not registered"
    record: Witness = self._record(msg.sender)
    assert record.locked_bonds == 0, "witnesses: a bond is locked"
    assert block.timestamp >= record.liable_until, "witnesses: still liable"

    amount: uint256 = record.stake
    self._commitments[msg.sender] = empty(bytes32)
    # Only the epoch stays: a later registration must not revive these list entries.
    self._store(
        msg.sender,
        Witness(
            commitment=empty(bytes32),
            region=0,
            epoch=record.epoch,
            active=False,
            stake=0,
            locked_bonds=0,
            liable_until=0,
        ),
    )
    self.holder[commitment] = empty(address)
    self.total_staked -= amount
    log WitnessLeft(witness=msg.sender, amount=amount)

    if amount > 0:
        self._push(msg.sender, amount)


@external
def draw(
    claim_id: uint256,
    seed: bytes32,
    region: uint32,
    patient_commitment: bytes32,
    city_length: uint256,
    province_length: uint256,
    national_length: uint256,
    outside_city: bool,
    exclude: DynArray[address, 16],
) -> address:
    """
    @notice Claims only: draw one witness for claim `claim_id` and lock its bond.
    @dev Looks only at list entries below the snapshot lengths, TRIES_PER_LIST entries per
         list: entry keccak256(seed, claim_id, list tag, try) % length, or, for a list no longer
         than TRIES_PER_LIST, every entry once from a random start. Eligible: active, on the
         entry's registration, a free bond, not the patient's commitment, not excluded. With
         `outside_city`: province then nationwide, both skipping the patient's city;
         otherwise city, then province, then nationwide.
    @return The drawn witness, or the zero address if none eligible was found.
    """
    self._check_claims()
    bond: uint256 = staticcall IConfig(config).witness_bond()
    skip_city: uint32 = 0
    drawn: address = empty(address)
    tag: uint8 = LIST_CITY
    if outside_city:
        skip_city = region
    else:
        drawn = self._draw_from(
            region, LIST_CITY, city_length, claim_id, seed, 0, patient_commitment, exclude, bond
        )
    if drawn == empty(address):
        tag = LIST_PROVINCE
        drawn = self._draw_from(
            region // lists.PROVINCE_DIVISOR, LIST_PROVINCE, province_length, claim_id, seed,
            skip_city, patient_commitment, exclude, bond,
        )
    if drawn == empty(address):
        tag = LIST_NATIONAL
        drawn = self._draw_from(
            lists.NATIONAL, LIST_NATIONAL, national_length, claim_id, seed, skip_city,
            patient_commitment, exclude, bond,
        )
    if drawn == empty(address):
        return empty(address)

    record: Witness = self._record(drawn)
    record.locked_bonds += 1
    self._store(drawn, record)
    log WitnessDrawn(claim_id=claim_id, witness=drawn, list_tag=tag)
    return drawn


@external
def release(witness: address):
    """
    @notice Claims only: `witness` reported on time; unlock one bond and keep its stake liable
            until now + the liability period (the latest of its reports counts).
    @param witness The witness that reported.
    """
    self._check_claims()
    record: Witness = self._record(witness)
    assert record.locked_bonds > 0, "witnesses: no bond is locked"
    record.locked_bonds -= 1
    # Config does not bound the period: an end past what the record holds is clamped to it.
    period: uint256 = min(staticcall IConfig(config).liability_period(), MASK_40)
    record.liable_until = max(record.liable_until, min(block.timestamp + period, MASK_40))
    self._store(witness, record)
    log WitnessReleased(witness=witness, liable_until=record.liable_until)


@external
def dismiss(witness: address):
    """
    @notice Claims only: `witness` was let go without reporting through no fault of its own
            (the claim was cancelled, rejected or sent to arbitration first); unlock one bond
            without making its stake liable, since it certified nothing.
    @param witness The witness let go.
    """
    self._check_claims()
    record: Witness = self._record(witness)
    assert record.locked_bonds > 0, "witnesses: no bond is locked"
    record.locked_bonds -= 1
    self._store(witness, record)
    log WitnessExcused(witness=witness)


@external
@nonreentrant
def forfeit_silent(witness: address):
    """
    @notice Claims only: `witness` stayed silent past its deadline. Unlock its bond, send the
            silent forfeit (at most its whole stake) to the pool's reserve and deactivate it;
            it may still take back the rest once its liability has ended.
    @param witness The silent witness.
    """
    self._check_claims()
    record: Witness = self._record(witness)
    assert record.locked_bonds > 0, "witnesses: no bond is locked"
    amount: uint256 = min(staticcall IConfig(config).silent_forfeit(), record.stake)

    record.locked_bonds -= 1
    record.stake -= amount
    record.active = False
    self._store(witness, record)
    self.total_staked -= amount
    log WitnessForfeited(witness=witness, amount=amount)

    if amount > 0:
        self._push(pool, amount)
        extcall IPool(pool).credit_reserve(amount)


@external
def hold(witness: address, until: uint256):
    """
    @notice Disputes only: a case that may slash `witness` opened; keep its stake liable (it
            cannot unstake) until `until`, the ruling deadline, if that is later than its
            liability already is. A witness that has left holds nothing and is passed over.
    @param witness An approving witness of the disputed claim.
    @param until The case's ruling deadline.
    """
    self._check_disputes()
    if self._commitments[witness] == empty(bytes32):
        return
    record: Witness = self._record(witness)
    record.liable_until = max(record.liable_until, min(until, MASK_40))
    self._store(witness, record)
    log WitnessHeld(witness=witness, liable_until=record.liable_until)


@external
@nonreentrant
def slash(witness: address, amount: uint256) -> uint256:
    """
    @notice Disputes only: `witness` approved a claim whose fraud was confirmed. Take up to
            `amount` of its stake, whether its bond is still locked or already released, to
            the Disputes contract. A witness left below the minimum stake is deactivated (it
            is drawn no more and may take the rest back once its liability has ended).
    @dev Its liability window keeps the stake here: `unstake` waits for it, and a case holds
         it until the ruling deadline (`hold`), so leaving cannot escape a pending slash.
    @param witness The approving witness.
    @param amount One bond, as the ruling sets it.
    @return The amount taken (less than `amount` only if the stake was smaller).
    """
    self._check_disputes()
    record: Witness = self._record(witness)
    taken: uint256 = min(amount, record.stake)
    record.stake -= taken
    deactivated: bool = record.active and record.stake < staticcall IConfig(config).witness_stake()
    if deactivated:
        record.active = False
    self._store(witness, record)
    self.total_staked -= taken
    log WitnessSlashed(witness=witness, amount=taken, stake=record.stake, deactivated=deactivated)

    if taken > 0:
        self._push(self.disputes, taken)
    return taken


@external
@view
def snapshot(region: uint32) -> (uint256, uint256, uint256):
    """
    @notice Current lengths of the lists a draw for `region` would use.
    @return (city list length, province list length, nationwide list length).
    """
    return (
        lists.list_length[region],
        lists.list_length[region // lists.PROVINCE_DIVISOR],
        lists.list_length[lists.NATIONAL],
    )


@external
@view
def witness(account: address) -> Witness:
    """
    @notice The witness record of `account` (all empty if it never registered).
    @dev The commitment is empty and the stake zero once the account has left; the epoch stays.
    """
    record: Witness = self._record(account)
    record.commitment = self._commitments[account]
    return record


@external
@view
def commitment_of(witness: address) -> bytes32:
    """@notice The identity commitment of a registered witness (empty once it has left)."""
    return self._commitments[witness]


@external
@view
def entry(list_key: uint32, index: uint256) -> (address, bool):
    """
    @notice Entry `index` of list `list_key` (city code, province code or 0 for nationwide).
    @return (witness, live): live is false once the entry is tombstoned.
    """
    witness: address = empty(address)
    epoch: uint256 = 0
    witness, epoch = lists._entry(list_key, index)
    return (witness, self._is_live(witness, epoch))


@external
@view
def free_bonds(witness: address) -> uint256:
    """
    @notice How many more bonds `witness` could lock at the current bond size.
    @dev At most what its count of locked bonds still holds (65,535 at once).
    """
    bond: uint256 = staticcall IConfig(config).witness_bond()
    record: Witness = self._record(witness)
    if not record.active:
        return 0
    room: uint256 = MASK_16 - record.locked_bonds
    if bond == 0:
        return room
    return min(record.stake // bond - min(record.locked_bonds, record.stake // bond), room)


@internal
@view
def _check_disputes():
    # Before `wire_disputes` the Disputes address is empty, which no caller can be.
    assert msg.sender == self.disputes, "witnesses: caller is not the disputes contract"


@internal
def _check_claims():
    # Before `wire` the Claims address is empty, which no caller can be.
    assert msg.sender == self.claims, "witnesses: caller is not the claims contract"


@internal
@view
def _check_attestor(struct_hash: bytes32, signature: Bytes[65]):
    assert len(signature) == 65, "witnesses: signature is not 65 bytes"
    # ecdsa refuses a high-s signature and one that recovers to the zero address.
    signer: address = ecdsa._recover_sig(eip712._hash_typed_data_v4(struct_hash), signature)
    assert signer == staticcall IConfig(config).attestor(), "witnesses: not signed by the attestor"


@internal
def _pull(account: address, amount: uint256):
    before: uint256 = staticcall IERC20(token).balanceOf(self)
    assert extcall IERC20(token).transferFrom(
        account, self, amount, default_return_value=True
    ), "witnesses: token transfer failed"
    received: uint256 = staticcall IERC20(token).balanceOf(self) - before
    assert received == amount, "witnesses: token took a fee"


@internal
def _push(to: address, amount: uint256):
    assert extcall IERC20(token).transfer(
        to, amount, default_return_value=True
    ), "witnesses: token transfer failed"


@internal
@view
def _is_live(witness: address, epoch: uint256) -> bool:
    """Active, and on the registration that added the entry (not a tombstone)."""
    if witness == empty(address):
        return False
    record: Witness = self._record(witness)
    return record.active and record.epoch == epoch


@internal
@view
def _draw_from(
    list_key: uint32,
    tag: uint8,
    snapshot_length: uint256,
    claim_id: uint256,
    seed: bytes32,
    skip_city: uint32,
    patient_commitment: bytes32,
    exclude: DynArray[address, MAX_EXCLUDED],
    bond: uint256,
) -> address:
    length: uint256 = lists._candidates(list_key, snapshot_length)
    if length == 0:
        return empty(address)
    for attempt: uint256 in range(lists.TRIES_PER_LIST):
        if attempt >= length:
            break
        witness: address = empty(address)
        epoch: uint256 = 0
        witness, epoch = lists._entry(list_key, lists._index(seed, claim_id, tag, attempt, length))
        if self._eligible(witness, epoch, skip_city, patient_commitment, exclude, bond):
            return witness
    return empty(address)


@internal
@view
def _eligible(
    account: address,
    epoch: uint256,
    skip_city: uint32,
    patient_commitment: bytes32,
    exclude: DynArray[address, MAX_EXCLUDED],
    bond: uint256,
) -> bool:
    # Cheapest refusals first: the record word, then the exclusions in memory, and only then
    # the commitment's own word.
    if account == empty(address):
        return False
    record: Witness = self._record(account)
    if not record.active or record.epoch != epoch:
        return False
    if skip_city != 0 and record.region == skip_city:
        return False
    # A full count takes no more bonds (see LOCKED_SHIFT).
    if record.locked_bonds == MASK_16:
        return False
    # Free stake covers one more bond: stake - locked_bonds * bond >= bond, without underflow.
    if record.stake < (record.locked_bonds + 1) * bond:
        return False
    if account in exclude:
        return False
    return self._commitments[account] != patient_commitment


@internal
@view
def _record(account: address) -> Witness:
    """The record of `account` but its commitment (left empty), unpacked from its word."""
    word: uint256 = self._records[account]
    return Witness(
        commitment=empty(bytes32),
        region=convert((word >> REGION_SHIFT) & MASK_32, uint32),
        epoch=(word >> EPOCH_SHIFT) & MASK_32,
        active=word & ACTIVE_FLAG != 0,
        stake=word & MASK_128,
        locked_bonds=(word >> LOCKED_SHIFT) & MASK_16,
        liable_until=(word >> LIABLE_SHIFT) & MASK_40,
    )


@internal
def _store(account: address, record: Witness):
    """Pack `record` but its commitment into the word of `account`, each field in range."""
    assert record.stake <= MASK_128, "witnesses: stake out of range"
    assert record.locked_bonds <= MASK_16, "witnesses: locked bonds out of range"
    assert record.liable_until <= MASK_40, "witnesses: liability end out of range"
    assert record.epoch <= MASK_32, "witnesses: epoch out of range"
    word: uint256 = (
        record.stake
        | (record.locked_bonds << LOCKED_SHIFT)
        | (record.liable_until << LIABLE_SHIFT)
        | (record.epoch << EPOCH_SHIFT)
        | (convert(record.region, uint256) << REGION_SHIFT)
    )
    if record.active:
        word |= ACTIVE_FLAG
    self._records[account] = word
