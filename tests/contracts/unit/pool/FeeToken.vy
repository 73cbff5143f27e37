# pragma version ~=0.4.3
"""
@title Test-only token that keeps 1 % of every transfer as a fee
@notice Lets the tests check that the pool refuses a token that takes a fee on transfer.
"""

# @dev Balances.
balanceOf: public(HashMap[address, uint256])


@external
def mint(account: address, amount: uint256):
    """@notice Anyone may mint: a test token."""
    self.balanceOf[account] += amount


@external
def approve(spender: address, amount: uint256) -> bool:
    """@notice Accepted and ignored: this token has no allowances."""
    return True


@external
def transfer(to: address, amount: uint256) -> bool:
    """@notice Moves `amount` less the 1 % fee."""
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount - amount // 100
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    """@notice Moves `amount` less the 1 % fee (no allowances: a test token)."""
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount - amount // 100
    return True
