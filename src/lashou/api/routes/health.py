"""/api/health: is the service up, and can it reach the chain."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from web3.exceptions import Web3Exception

from lashou.api.deps import ServicesDep, known_query
from lashou.api.schemas import HealthPublic
from lashou.api.services import ChainUnavailable

router = APIRouter(prefix="/api", tags=["health"], dependencies=[Depends(known_query)])


@router.get("/health", response_model=HealthPublic)
def health(services: ServicesDep) -> HealthPublic:
    """Up and answering; `degraded` with the reason when the chain cannot be read."""
    try:
        plan = services.plan
        return HealthPublic(
            status="ok", chain_id=plan.deployment.chain_id, block=plan.w3.eth.block_number
        )
    except (ChainUnavailable, Web3Exception, OSError) as exc:
        return HealthPublic(status="degraded", chain_id=None, block=None, detail=str(exc))
