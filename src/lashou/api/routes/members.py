"""/api/members/{address}: one account's membership, claims and payouts, from the index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from lashou.api.deps import IndexDep, known_query
from lashou.api.errors import ApiError
from lashou.api.schemas import Address, refusals
from lashou.indexer import role_queries
from lashou.indexer.views import MemberDetail

router = APIRouter(prefix="/api/members", tags=["public"], dependencies=[Depends(known_query)])


@router.get("/{address}", response_model=MemberDetail, responses=refusals(404))
def member(session: IndexDep, address: Annotated[Address, Path()]) -> MemberDetail:
    """The latest membership of an address: status, balance, tier and weight, waiting period,
    coverage, the settlements its balance still pays (`periods_covered`) and whether to warn
    it before it lapses (`warning_due`), its claims and the payouts it may pull, all as of
    the index's checkpoint."""
    found = role_queries.member_detail(session=session, address=address)
    if found is None:
        raise ApiError(404, "this address never joined the plan: check the address")
    return found
