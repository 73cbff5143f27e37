# pragma version ~=0.4.3
"""
@title Development pool token
@notice A plain ERC-20 with fixed decimals (6, like USDC) for local plans and tests; its owner
        may appoint minters. Production plans use an existing stable-value token.
"""

from snekmate.auth import ownable as ow
from snekmate.tokens import erc20

initializes: ow
initializes: erc20[ownable := ow]

exports: (
    erc20.IERC20,
    erc20.IERC20Detailed,
    erc20.mint,
    erc20.set_minter,
    erc20.is_minter,
    erc20.owner,
)


@deploy
def __init__(name_: String[25], symbol_: String[5], decimals_: uint8):
    """@notice Deploys the token; the deployer owns it and may mint."""
    ow.__init__()
    erc20.__init__(name_, symbol_, decimals_, name_, "1")
