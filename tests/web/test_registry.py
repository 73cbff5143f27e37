"""The witness registry and the member lookup, as plain HTTP over the demo's index."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from lashou import actions
from lashou.indexer import queries
from lashou.sim.scenario import Demo
from lashou.web.pages import tokens


@pytest.mark.parametrize(("lang", "title"), [("zh-CN", "见证人名录"), ("en", "Witness registry")])
def test_witnesses__registry_lists_every_witness_with_its_record(
    client: TestClient, index_engine: Engine, lang: str, title: str
) -> None:
    page = client.get("/witnesses", params={"lang": lang})
    assert page.status_code == 200 and f"<h1>{title}</h1>" in page.text
    with Session(index_engine) as s:
        registry = queries.witnesses(session=s)
    assert registry and page.text.count("<tr data-address=") == len(registry)
    for w in registry:
        assert f'data-address="{w.address}"' in page.text and w.registered_tx in page.text
        assert tokens(w.stake, 6) in page.text


def test_members__lookup_shows_a_members_public_status(client: TestClient, demo: Demo) -> None:
    member = demo.world.members[1]
    chain = actions.member_status(demo.world.plan, member.address)
    page = client.get("/members", params={"address": member.address.lower(), "lang": "en"})
    assert page.status_code == 200
    assert f'data-field="balance">{tokens(chain.balance, 6)}<' in page.text
    assert member.name not in page.text and member.id_number not in page.text


def test_members__the_language_switch_keeps_the_address_looked_up(
    client: TestClient, demo: Demo
) -> None:
    address = demo.world.members[1].address
    page = client.get("/members", params={"address": address, "lang": "en"})
    switch = re.search(r'id="lang-switch" href="([^"]+)"', page.text)
    assert switch is not None
    assert switch.group(1) == f"/members?address={address}&amp;lang=zh-CN"


def test_members__lookup_form_alone_without_an_address(client: TestClient) -> None:
    page = client.get("/members", params={"lang": "en"})
    assert page.status_code == 200 and 'id="lookup"' in page.text and 'id="found"' not in page.text


@pytest.mark.parametrize(
    ("address", "status", "says"),
    [("0x12", 422, "not an Ethereum address"), ("0x" + "12" * 20, 404, "never joined")],
)
def test_members__lookup_of_a_bad_or_unknown_address(
    client: TestClient, address: str, status: int, says: str
) -> None:
    page = client.get("/members", params={"address": address, "lang": "en"})
    assert page.status_code == status and says in page.text
