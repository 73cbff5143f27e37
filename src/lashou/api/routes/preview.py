"""/api/preview: what a deposit change will do, before the wallet is asked, from the index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from lashou.api.deps import IndexDep, known_query
from lashou.api.errors import ApiError
from lashou.api.schemas import UINT256_MAX, refusals
from lashou.indexer.forecast import Cover, cover

router = APIRouter(prefix="/api/preview", tags=["public"], dependencies=[Depends(known_query)])
Tier = Annotated[int, Field(ge=0, le=255, description="the coverage tier (0: age 30 days–39)")]
Balance = Annotated[int, Field(ge=0, le=UINT256_MAX, description="base units of the token")]


@router.get("/cover", response_model=Cover, responses=refusals(404))
def cover_of(
    session: IndexDep, tier: Annotated[Tier, Query()], balance: Annotated[Balance, Query()]
) -> Cover:
    """How many full-cap settlements `balance` pays for a member of `tier`, and the smallest
    first deposit and the least a withdrawal must leave for that tier."""
    found = cover(session=session, tier=tier, balance=balance)
    if found is None:
        raise ApiError(404, f"the plan has no tier {tier}: pick a tier the rules page lists")
    return found
