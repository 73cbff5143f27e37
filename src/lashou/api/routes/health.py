"""/api/health: is the service up, and can it reach the chain."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends
from web3.exceptions import Web3Exception

from lashou.api.deps import ServicesDep, known_query
from lashou.api.errors import NODE_DOWN, sentence
from lashou.api.schemas import HealthPublic
from lashou.api.services import ChainUnavailable

router = APIRouter(prefix="/api", tags=["health"], dependencies=[Depends(known_query)])
log = logging.getLogger("lashou.api")


@router.get("/health", response_model=HealthPublic)
def health(services: ServicesDep) -> HealthPublic:
    """Up and answering; `degraded` with one sentence when the chain cannot be read."""
    try:
        plan = services.plan
        return HealthPublic(
            status="ok", chain_id=plan.deployment.chain_id, block=plan.w3.eth.block_number
        )
    except ChainUnavailable as exc:
        detail = str(exc)
    except (Web3Exception, OSError) as exc:  # the connection's own text is for the log only
        log.warning("node unavailable (%s) on /api/health", type(exc).__name__)
        detail = NODE_DOWN
    return HealthPublic(status="degraded", chain_id=None, block=None, detail=sentence(detail))
