"""/api/claims: the public claims board and one claim's timeline, from the index."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from lashou.api.deps import IndexDep, known_query
from lashou.api.errors import ApiError
from lashou.api.schemas import IndexedClaimId, Limit, Offset, refusals
from lashou.indexer import queries
from lashou.indexer.views import ClaimTimeline, ClaimView

router = APIRouter(prefix="/api/claims", tags=["public"], dependencies=[Depends(known_query)])
ClaimStatus = Literal[
    "review", "drawing", "witnessing", "arbitration", "notice", "disputed", "queued", "paid",
    "fraud", "rejected", "cancelled",
]  # fmt: skip


@router.get("", response_model=list[ClaimView])
def board(
    session: IndexDep,
    status: Annotated[ClaimStatus | None, Query()] = None,
    limit: Annotated[Limit, Query()] = 100,
    offset: Annotated[Offset, Query()] = 0,
) -> list[ClaimView]:
    """Claims, newest first (province, class and amounts only), optionally of one status;
    `fraud` is a claim whose fraud was confirmed after it was queued or paid."""
    return queries.claims_board(session=session, status=status, limit=limit, offset=offset)


@router.get("/{claim_id}", response_model=ClaimTimeline, responses=refusals(404))
def timeline(session: IndexDep, claim_id: Annotated[IndexedClaimId, Path()]) -> ClaimTimeline:
    """One claim, its witness panel and every event naming it, oldest first."""
    found = queries.claim_timeline(session=session, claim_id=claim_id)
    if found is None:
        raise ApiError(404, f"claim {claim_id} is not in the index: check the id, or wait for"
                       " the index to reach it")  # fmt: skip
    return found
