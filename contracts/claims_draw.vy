# pragma version ~=0.4.3
"""
@title Witness draws of claims: seeds, panels, replacements and releases
@notice A draw is fixed before its randomness exists: when a claim is accepted (or a slot
        needs filling again) it records a seed block a few blocks ahead and a snapshot of the
        witness lists' lengths; the draw then uses that block's hash mixed with the claim id,
        or the word of the plugged-in randomness adapter, and only list entries below the
        snapshot. If the hash is no longer available the draw is scheduled again, counted and
        logged. Slot 0 of a panel comes from outside the patient's city; the others from the
        city first. No witness is drawn twice on one claim.
"""

from snekmate.utils import block_hash

from interfaces import IRandomness

import claims_book as book
import constants

uses: book


# @dev A draw was scheduled for the hash of `seed_block`; `reschedules` counts the repeats.
event DrawScheduled:
    claim_id: indexed(uint256)
    seed_block: uint256
    reschedules: uint256


# @dev A witness was assigned to slot `slot` of a claim and must report before `deadline`.
event WitnessAssigned:
    claim_id: indexed(uint256)
    slot: uint256
    witness: indexed(address)
    deadline: uint256


# @dev A silent witness was forfeited and taken off slot `slot`; `replacements` so far.
event WitnessReplaced:
    claim_id: indexed(uint256)
    slot: uint256
    witness: indexed(address)
    replacements: uint256


# @dev A witness that had not reported was let go without fee or forfeit (the claim moved on).
event WitnessDismissed:
    claim_id: indexed(uint256)
    slot: uint256
    witness: indexed(address)


@internal
def _schedule(claim_id: uint256, c: book.Claim, counted: bool) -> book.Claim:
    """Fix the next draw: a seed block a few blocks ahead and the witness lists as they are."""
    claim: book.Claim = c
    city: uint256 = 0
    province: uint256 = 0
    nation: uint256 = 0
    city, province, nation = staticcall book.WITNESSES.snapshot(c.region)
    book._store_snapshot(claim_id, city, province, nation)
    claim.seed_block = block.number + staticcall book.CONFIG.seed_delay()
    if counted:
        claim.reschedules = min(claim.reschedules + 1, book.MAX_RESCHEDULES_COUNTED)
    log DrawScheduled(claim_id=claim_id, seed_block=claim.seed_block, reschedules=claim.reschedules)
    return claim


@internal
def _draw(claim_id: uint256, c: book.Claim) -> book.Claim:
    """
    Fill the empty slots of the current panel. A slot nobody could fill stays empty and the
    draw is scheduled again (the filled slots keep their witnesses and deadlines).
    """
    claim: book.Claim = c
    ready: bool = False
    seed: bytes32 = empty(bytes32)
    ready, seed = self._seed(claim_id, c.seed_block)
    if not ready:
        return self._schedule(claim_id, claim, True)

    city: uint256 = 0
    province: uint256 = 0
    nation: uint256 = 0
    city, province, nation = book._load_snapshot(claim_id)
    exclude: DynArray[address, book.MAX_EXCLUDED] = self._exclusions(claim_id, c)
    start: uint256 = book._panel_start(c)
    deadline: uint256 = block.timestamp + staticcall book.CONFIG.witness_period()
    missing: bool = False
    for i: uint256 in range(constants.PANEL_SIZE):
        index: uint256 = start + i
        if book._slot(claim_id, index).witness != empty(address):
            continue
        drawn: address = extcall book.WITNESSES.draw(
            claim_id,
            keccak256(abi_encode(seed, i)),
            c.region,
            c.commitment,
            city,
            province,
            nation,
            i == 0,
            exclude,
        )
        if drawn == empty(address):
            missing = True
            continue
        book._store_slot(
            claim_id, index, book.Slot(witness=drawn, deadline=deadline, verdict=book.VERDICT_NONE)
        )
        exclude.append(drawn)
        log WitnessAssigned(claim_id=claim_id, slot=index, witness=drawn, deadline=deadline)

    if missing:
        return self._schedule(claim_id, claim, True)
    claim.seed_block = 0
    claim.status = book.Status.WITNESSING
    return claim


@internal
def _replace(claim_id: uint256, c: book.Claim, index: uint256, silent: address) -> book.Claim:
    """
    Forfeit the silent witness of slot `index` and draw its replacement at once from the
    province pool. The seed, the hash of the previous block, is known to whoever calls: a
    caller could choose its block to steer this one pick. That is accepted here because the
    pick is one witness of three who must all approve, drawn only among staked witnesses of
    the snapshot taken before any seed was known (no witness registered afterwards can be
    picked), and anyone may call as soon as the deadline passes, so waiting for a favourable
    block means racing every other keeper. Waiting for a fresh seed block instead would give
    every silence a second delay.
    """
    claim: book.Claim = c
    book._replaced[claim_id][convert(c.replacements, uint256)] = silent
    claim.replacements += 1
    log WitnessReplaced(claim_id=claim_id, slot=index, witness=silent, replacements=convert(claim.replacements, uint256))
    extcall book.WITNESSES.forfeit_silent(silent)

    city: uint256 = 0
    province: uint256 = 0
    nation: uint256 = 0
    city, province, nation = book._load_snapshot(claim_id)
    seed: bytes32 = keccak256(abi_encode(blockhash(block.number - 1), claim_id, claim.replacements))
    drawn: address = extcall book.WITNESSES.draw(
        claim_id,
        seed,
        c.region,
        c.commitment,
        city,
        province,
        nation,
        True,
        self._exclusions(claim_id, claim),
    )
    if drawn == empty(address):
        # Nobody eligible right now: empty the slot and let a scheduled draw fill it.
        book._store_slot(claim_id, index, empty(book.Slot))
        claim.status = book.Status.DRAWING
        if claim.seed_block == 0:
            claim = self._schedule(claim_id, claim, True)
        return claim
    deadline: uint256 = block.timestamp + staticcall book.CONFIG.witness_period()
    book._store_slot(
        claim_id, index, book.Slot(witness=drawn, deadline=deadline, verdict=book.VERDICT_NONE)
    )
    log WitnessAssigned(claim_id=claim_id, slot=index, witness=drawn, deadline=deadline)
    return claim


@internal
def _release_unreported(claim_id: uint256, c: book.Claim):
    """Let the current panel's witnesses that have not reported go, without fee, forfeit or liability."""
    start: uint256 = book._panel_start(c)
    for i: uint256 in range(constants.PANEL_SIZE):
        s: book.Slot = book._slot(claim_id, start + i)
        if s.witness == empty(address) or s.verdict != book.VERDICT_NONE:
            continue
        s.verdict = book.VERDICT_RELEASED
        book._store_slot(claim_id, start + i, s)
        log WitnessDismissed(claim_id=claim_id, slot=start + i, witness=s.witness)
        extcall book.WITNESSES.dismiss(s.witness)


@internal
@view
def _seed(claim_id: uint256, seed_block: uint256) -> (bool, bytes32):
    """(available, seed) of a draw scheduled at `seed_block`."""
    source: address = staticcall book.CONFIG.randomness_source()
    if source != empty(address):
        ready: bool = False
        word: bytes32 = empty(bytes32)
        ready, word = staticcall IRandomness(source).random_word(claim_id, seed_block)
        assert ready, "claims: randomness not ready"
        return True, word
    # Zero for a block too old: 256 blocks back, or 8,191 where EIP-2935 keeps the history.
    hash: bytes32 = block_hash._block_hash(seed_block)
    if hash == empty(bytes32):
        return False, empty(bytes32)
    return True, keccak256(abi_encode(hash, claim_id))


@internal
@view
def _exclusions(claim_id: uint256, c: book.Claim) -> DynArray[address, book.MAX_EXCLUDED]:
    """Every witness ever drawn for the claim: both panels' slots and the replaced ones."""
    found: DynArray[address, book.MAX_EXCLUDED] = []
    end: uint256 = book._panel_start(c) + constants.PANEL_SIZE
    for i: uint256 in range(book.MAX_SLOTS):
        if i >= end:
            break
        witness: address = book._slot(claim_id, i).witness
        if witness != empty(address):
            found.append(witness)
    for k: uint256 in range(book.MAX_REPLACEMENTS):
        if k >= convert(c.replacements, uint256):
            break
        found.append(book._replaced[claim_id][k])
    return found
