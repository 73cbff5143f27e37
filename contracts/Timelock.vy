# pragma version ~=0.4.3
"""
@title Governance timelock of a lashou plan
@notice Owns the plan's Config. Every change is scheduled in public (CallScheduled) and can run
        only after the minimum delay, longer than one settlement period, so members can leave
        before a rule they dislike applies.
"""

from snekmate.auth import access_control
from snekmate.governance import timelock_controller

initializes: access_control
initializes: timelock_controller[access_control := access_control]

exports: (
    timelock_controller.__interface__,
)


@deploy
def __init__(
    minimum_delay_: uint256,
    proposers_: DynArray[address, 8],
    executors_: DynArray[address, 8],
    admin_: address,
):
    """@notice Deploys the timelock with its proposers, executors and (optional) admin."""
    access_control.__init__()
    timelock_controller.__init__(minimum_delay_, proposers_, executors_, admin_)
