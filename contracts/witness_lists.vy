# pragma version ~=0.4.3
"""
@title Append-only witness lists and the bounded pick of a draw
@notice Every witness registration appends one entry to the list of its city (the 6-digit
        GB/T 2260 code), of its province (the code's first two digits) and to the nationwide
        list. Entries are never moved or removed, so a claim's snapshot of the lengths fixes
        the candidates before its seed exists. An entry names the witness and the epoch of the
        registration that added it: once the witness leaves, the entry is dead for good.
        A draw looks at TRIES_PER_LIST entries of a list at most, whatever its length.
"""

# @dev The list key of the nationwide list; city keys are 100000..999999, provinces 10..99.
NATIONAL: constant(uint32) = 0

# @dev region // PROVINCE_DIVISOR is the province (the code's first two digits).
PROVINCE_DIVISOR: constant(uint32) = 10_000

# @dev Entries looked at per list and draw: bounds the gas of a draw, whatever the list sizes.
TRIES_PER_LIST: constant(uint256) = 8


# @dev Length of each append-only list, by key: city code, province code or 0 (nationwide).
list_length: public(HashMap[uint32, uint256])
# @dev The entries of each list, one word each: the witness in the low 160 bits, above it the
#      epoch of the registration that added it (a draw reads one slot per entry).
_entries: HashMap[uint32, HashMap[uint256, uint256]]


@internal
def _append_everywhere(region: uint32, witness: address, epoch: uint256):
    """Append (witness, epoch) to the lists of `region`, of its province and of the nation."""
    # An epoch counts one attestor-signed admission of one address: it never reaches 2**96.
    word: uint256 = convert(witness, uint256) | (epoch << 160)
    self._append(region, word)
    self._append(region // PROVINCE_DIVISOR, word)
    self._append(NATIONAL, word)


@internal
def _append(list_key: uint32, word: uint256):
    length: uint256 = self.list_length[list_key]
    self._entries[list_key][length] = word
    self.list_length[list_key] = length + 1


@internal
@view
def _entry(list_key: uint32, index: uint256) -> (address, uint256):
    """(witness, epoch) of entry `index` of list `list_key`; the zero address past the end."""
    word: uint256 = self._entries[list_key][index]
    return convert(convert(word % 2**160, uint160), address), word >> 160


@internal
@view
def _candidates(list_key: uint32, snapshot_length: uint256) -> uint256:
    """How many entries a draw may look at: those below the snapshot (lists only grow)."""
    return min(snapshot_length, self.list_length[list_key])


@internal
@pure
def _index(
    seed: bytes32, claim_id: uint256, tag: uint8, attempt: uint256, length: uint256
) -> uint256:
    """
    Entry looked at by try `attempt` (< min(length, TRIES_PER_LIST)) of a draw on a list of
    `length` > 0 candidates: keccak256(seed, claim_id, tag, attempt) % length; a list no longer
    than TRIES_PER_LIST is scanned whole instead, from a random start.
    """
    if length > TRIES_PER_LIST:
        return self._hash(seed, claim_id, tag, attempt) % length
    start: uint256 = self._hash(seed, claim_id, tag, TRIES_PER_LIST) % length
    # start < length <= TRIES_PER_LIST and attempt < length: no overflow.
    return unsafe_add(start, attempt) % length


@internal
@pure
def _hash(seed: bytes32, claim_id: uint256, tag: uint8, attempt: uint256) -> uint256:
    return convert(keccak256(abi_encode(seed, claim_id, tag, attempt)), uint256)
