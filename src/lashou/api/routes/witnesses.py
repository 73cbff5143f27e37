"""/api/witnesses: the witness registry, and one witness's standing and assignments."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from lashou.api import readings
from lashou.api.deps import IndexDep, PlanDep, known_query
from lashou.api.errors import ApiError
from lashou.api.role_schemas import WitnessDetail
from lashou.api.schemas import Address, refusals
from lashou.indexer import queries
from lashou.indexer.views import WitnessView

router = APIRouter(prefix="/api/witnesses", tags=["public"], dependencies=[Depends(known_query)])


@router.get("", response_model=list[WitnessView])
def registry(
    session: IndexDep,
    status: Annotated[Literal["active", "inactive", "left"] | None, Query()] = None,
) -> list[WitnessView]:
    """Witnesses by address: stake, assignments, verdicts, forfeits, slashes and fees (index)."""
    return queries.witnesses(session=session, status=status)


@router.get("/{address}", response_model=WitnessDetail, responses=refusals(404))
def witness(plan: PlanDep, session: IndexDep, address: Annotated[Address, Path()]) -> WitnessDetail:
    """One witness: its stake, locked bonds, liability and fees from the registry's and the
    pool's views (what it may do now: unstake, pull fees), its record and every assignment
    with its deadline and whether it reported from the index."""
    found = readings.witness(plan, session, address)
    if found is None:
        raise ApiError(404, "this address never registered as a witness: check the address")
    return found
