"""The claims board while claims are open: a notice with its countdown, a dispute, a panel at
work (the API tests' story: claim 3 under notice, claim 2 disputed, claim 4 witnessing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from lashou.api.app import create_app
from lashou.api.settings import ServiceSettings
from lashou.chain.deploy import dev_roles
from lashou.chain.node import LocalNode
from lashou.indexer import queries
from lashou.web import pages
from tests.api.story import Story, index_story, tell


@pytest.fixture(scope="module")
def story(node: LocalNode) -> Story:
    return tell(node.web3(), dev_roles())


@pytest.fixture(scope="module")
def story_index(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return index_story(story, tmp_path_factory.mktemp("index"))


@pytest.fixture
def board(story: Story, story_index: Engine, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(ServiceSettings(data_dir=tmp_path), plan=story.plan, index_engine=story_index)
    pages.install(app, decimals=6, symbol="USDL")
    with TestClient(app) as client:
        yield client


def test_claims__notice_counts_down_from_the_index_block_time(
    board: TestClient, story_index: Engine
) -> None:
    with Session(story_index) as s:
        now = queries.plan_stats(session=s).checkpoint_time
        notice = queries.claims_board(session=s, status="notice")
    assert [c.claim_id for c in notice] == [3] and notice[0].deadline is not None
    page = board.get("/claims?lang=en").text
    section = page[page.index('id="notice"') : page.index('id="open"')]
    assert 'data-claim="3"' in section
    assert f'data-remaining="{notice[0].deadline - now}"' in section
    progress = page[page.index('id="open"') : page.index('id="paid"')]
    assert 'data-claim="2"' in progress and 'data-claim="4"' in progress
    assert 'data-claim="1"' in progress  # queued for payout, not paid yet


def test_claims__open_objection_shows_as_a_case(board: TestClient) -> None:
    page = board.get("/claims?lang=en").text
    cases = page[page.index('id="cases"') :]
    assert 'href="/claims/2"' in cases and "objection" in cases and "open" in cases


def test_claims__notice_page_shows_its_countdown(board: TestClient) -> None:
    page = board.get("/claims/3").text
    assert 'class="countdown"' in page and "公示中" in page
