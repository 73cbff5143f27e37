"""/api/accounts/{address}: what a role page shows before the user signs, from the chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from lashou.api import readings
from lashou.api.deps import PlanDep, known_query
from lashou.api.role_schemas import AccountDetail
from lashou.api.schemas import Address

router = APIRouter(prefix="/api/accounts", tags=["roles"], dependencies=[Depends(known_query)])


@router.get("/{address}", response_model=AccountDetail)
def account(plan: PlanDep, address: Annotated[Address, Path()]) -> AccountDetail:
    """The account's token balance and gas money, its allowances to the pool, the witness
    registry and Disputes (to tell whether an approval must be signed first), the roles the
    contracts give it, the token's symbol and decimals, the stakes and the chain id. All from
    the contracts' views at the latest block (`block`), not from the index."""
    return readings.account(plan, address)
