# pragma version ~=0.4.3
"""
@title Test-only token that keeps 1 base unit of every transfer as a fee
@notice Lets the tests check that the registry refuses a token that takes a fee.
"""

# @dev Balances.
balanceOf: public(HashMap[address, uint256])


@external
def mint(account: address, amount: uint256):
    """@notice Anyone may mint: a test token."""
    self.balanceOf[account] += amount


@external
def transfer(to: address, amount: uint256) -> bool:
    """@notice Moves `amount` less the fee."""
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount - 1
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    """@notice Moves `amount` less the fee (no allowances: a test token)."""
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount - 1
    return True
