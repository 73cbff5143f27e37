"""Property-based run over the OpenAPI schema: whatever is sent, the answer is never a 5xx."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from lashou.api.app import create_app
from lashou.api.services import Services
from lashou.api.settings import ServiceSettings
from tests.api.conftest import DOMAIN, URI, sign_in
from tests.api.story import Story

# No 5xx, and every answer is documented: its status, its media type and its body's schema.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 200 if os.environ.get("LASHOU_HEAVY") else 25


# The schema is read from an app made at import; the test gives it the story's plan and index.
APP = create_app(ServiceSettings(data_dir=Path(tempfile.mkdtemp(prefix="lashou-schema-"))))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def bearer(
    story: Story, index_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """Serve the story's plan and index, and sign the supervisor in for the documents routes."""
    folder = tmp_path_factory.mktemp("service")
    service = ServiceSettings(data_dir=folder, siwe_domain=DOMAIN, siwe_uri=URI)
    APP.state.services = Services(service, plan=story.plan, index_engine=index_engine)
    with TestClient(APP) as client:
        yield sign_in(client, story.supervisor)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api__no_input_makes_a_server_error(case: Any, bearer: dict[str, str]) -> None:
    case.call_and_validate(headers=bearer, checks=CHECKS)
