"""/api/stats and /api/periods: the plan's totals and every settled period, from the index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from lashou.api.deps import IndexDep, known_query
from lashou.api.schemas import Limit, Offset
from lashou.indexer import queries
from lashou.indexer.views import PeriodView, PlanStats

router = APIRouter(prefix="/api", tags=["public"], dependencies=[Depends(known_query)])


@router.get("/stats", response_model=PlanStats)
def stats(session: IndexDep) -> PlanStats:
    """Members, active weight, reserve and totals as of the index's checkpoint."""
    return queries.plan_stats(session=session)


@router.get("/periods", response_model=list[PeriodView])
def periods(
    session: IndexDep,
    limit: Annotated[Limit, Query()] = 100,
    offset: Annotated[Offset, Query()] = 0,
) -> list[PeriodView]:
    """Settled periods, newest first: the share per unit of weight and what it funded."""
    return queries.periods(session=session, limit=limit, offset=offset)
