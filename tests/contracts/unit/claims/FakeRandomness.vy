# pragma version ~=0.4.3
"""
@title Test-only randomness adapter that answers what the test set
@notice Stands in for a VRF adapter (IRandomness) so the tests can drive both answers.
"""

# @dev Whether the word is ready.
ready: public(bool)
# @dev The word handed out for every claim.
word: public(bytes32)


@external
def set_word(ready: bool, word: bytes32):
    """@notice Anyone may set the answer: a test contract."""
    self.ready = ready
    self.word = word


@external
@view
def random_word(claim_id: uint256, seed_block: uint256) -> (bool, bytes32):
    """@notice (ready, word) whatever the claim and the seed block."""
    return self.ready, self.word
