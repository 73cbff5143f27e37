"""/api/supervisors/{address}/cases: a supervisor's objections and fraud reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from lashou.api import readings
from lashou.api.deps import IndexDep, PlanDep, known_query
from lashou.api.role_schemas import SupervisorCases
from lashou.api.schemas import Address

router = APIRouter(prefix="/api/supervisors", tags=["roles"], dependencies=[Depends(known_query)])


@router.get("/{address}/cases", response_model=SupervisorCases)
def supervisor_cases(
    plan: PlanDep, session: IndexDep, address: Annotated[Address, Path()]
) -> SupervisorCases:
    """Every objection and fraud report the address staked (which, and its evidence hash, from
    the index), each with its case's status and ruling deadline and what supervisor-withdraw
    would pay now (from the Disputes contract's views). Empty when it never staked."""
    return readings.supervisor_cases(plan, session, address)
