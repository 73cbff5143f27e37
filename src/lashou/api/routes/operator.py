"""/api/operator/queue: what waits on the operator; public data only."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from lashou.api import readings
from lashou.api.deps import IndexDep, PlanDep, known_query
from lashou.api.role_schemas import OperatorQueue

router = APIRouter(prefix="/api/operator", tags=["roles"], dependencies=[Depends(known_query)])


@router.get("/queue", response_model=OperatorQueue)
def queue(plan: PlanDep, session: IndexDep) -> OperatorQueue:
    """Claims in review and in arbitration, open disputes to rule on and fraud cases on paid
    claims with money still to recover, oldest deadline first, from the index (province,
    class, tier and amounts: no document, name or ID). The review deadlines, the operator's
    address and the investigation fees owed come from the contracts' views."""
    return readings.operator_queue(plan, session)
