# pragma version ~=0.4.3
"""
@title Test-only configuration whose cap has no bounds
@notice Config keeps 4b <= cap <= 32b, so a settlement can always cross what a cap raise
        uncovers. This stand-in lets the tests reach the pool's guard for a larger gap (a cap
        of more than 33 bucket widths) and the advance() calls that clear it.
"""

# @dev Read by the pool.
bucket_width: public(uint256)
settlement_period: public(uint256)
cap: public(uint256)
breaker_factor: public(uint256)


@deploy
def __init__(bucket_width: uint256, cap: uint256, settlement_period: uint256):
    """@notice A configuration with the given bucket width, cap and period."""
    self.bucket_width = bucket_width
    self.cap = cap
    self.settlement_period = settlement_period
    self.breaker_factor = 5


@external
def set_cap(cap: uint256):
    """@notice Anyone sets any cap: a test stand-in."""
    self.cap = cap


@external
@view
def period_confirmed(period: uint256) -> bool:
    """@notice No period is confirmed."""
    return False
