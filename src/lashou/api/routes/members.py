"""/api/members/{address}: one account's membership, from the index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from lashou.api.deps import IndexDep
from lashou.api.errors import ApiError
from lashou.api.schemas import Address, refusals
from lashou.indexer import queries
from lashou.indexer.views import MemberView

router = APIRouter(prefix="/api/members", tags=["public"])


@router.get("/{address}", response_model=MemberView, responses=refusals(404))
def member(session: IndexDep, address: Annotated[Address, Path()]) -> MemberView:
    """The latest membership of an address: status, balance, coverage, waiting period."""
    found = queries.member_status(session=session, address=address)
    if found is None:
        raise ApiError(404, "this address never joined the plan: check the address")
    return found
