"""/api/fraud-cases: objections and fraud reports with their rulings, from the index."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from lashou.api.deps import IndexDep, known_query
from lashou.indexer import queries
from lashou.indexer.views import DisputeView

router = APIRouter(prefix="/api/fraud-cases", tags=["public"], dependencies=[Depends(known_query)])
CaseStatus = Literal["open", "fraud", "dismissed", "expired"]


@router.get("", response_model=list[DisputeView])
def cases(
    session: IndexDep, status: Annotated[CaseStatus | None, Query()] = None
) -> list[DisputeView]:
    """Cases newest first: who staked, the ruling, slashes, rewards and recoveries."""
    return queries.fraud_cases(session=session, status=status)
