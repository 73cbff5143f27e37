"""/api/witnesses: the witness registry with each witness's record, from the index."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from lashou.api.deps import IndexDep
from lashou.indexer import queries
from lashou.indexer.views import WitnessView

router = APIRouter(prefix="/api/witnesses", tags=["public"])


@router.get("", response_model=list[WitnessView])
def registry(
    session: IndexDep,
    status: Annotated[Literal["active", "inactive", "left"] | None, Query()] = None,
) -> list[WitnessView]:
    """Witnesses by address: stake, assignments, verdicts, forfeits, slashes and fees."""
    return queries.witnesses(session=session, status=status)
