# pragma version ~=0.4.3
"""
@title Shared numbers of the lashou contracts
@notice Each number says why it is what it is.
"""

# @dev Basis points in one whole: ratios (class payout, reward) are in basis points.
BPS: constant(uint256) = 10_000

# @dev Condition classes. The chain sees only the class, never the condition itself.
CLASS_SEVERE: constant(uint8) = 0
CLASS_MILD: constant(uint8) = 1

# @dev Tiers live in a small fixed table so that every lookup is one storage read.
MAX_TIERS: constant(uint256) = 8

# @dev An emergency pause lasts at most this long unless governance renews it.
MAX_PAUSE: constant(uint256) = 14 * 86_400

# @dev A cap change may at most double or halve the cap at once (DESIGN §4).
CAP_CHANGE_FACTOR: constant(uint256) = 2

# @dev The cap always spans between 4 and 32 bucket widths, so a settlement crosses at most
#      32 + 1 buckets and a raise uncovers at most 16 more (crossed by `advance` in chunks).
MIN_CAP_BUCKETS: constant(uint256) = 4
MAX_CAP_BUCKETS: constant(uint256) = 32

# @dev Witnesses drawn per claim; all of them must approve.
PANEL_SIZE: constant(uint256) = 3

# @dev A member record packs its weight into 16 bits and its waiting-period end into 40.
MAX_WEIGHT: constant(uint256) = 2**16 - 1
MAX_WAITING_PERIOD: constant(uint256) = 3_650 * 86_400
# @dev A settlement period stays shorter than the 21-day timelock, so members see at least one
#      settlement, and may leave, between the announcement of a change and its effect.
MAX_SETTLEMENT_PERIOD: constant(uint256) = 20 * 86_400
