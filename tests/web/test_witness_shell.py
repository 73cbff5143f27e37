"""The witness page's frame as plain HTTP over the demo's index: both languages, the plan's
terms and the page's words for its script, every word in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lashou.sim.scenario import Demo
from lashou.web.texts.witness import TEXTS

LANGS = [
    ("zh-CN", "我的见证人工作", "登记为见证人"),
    ("en", "My witness work", "Register as a witness"),
]
SECTIONS = ("me", "register-section", "manage", "assignments-section", "preview", "outcome")


def config_of(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="page-config" type="application/json">(.*?)</script>', html)
    assert found is not None, "the page has no #page-config"
    config: dict[str, Any] = json.loads(found.group(1))
    return config


@pytest.mark.parametrize(("lang", "title", "register"), LANGS)
def test_witness_page__renders_its_frame_in_each_language(
    client: TestClient, lang: str, title: str, register: str
) -> None:
    page = client.get("/witness", params={"lang": lang})
    assert page.status_code == 200 and f'<html lang="{lang}">' in page.text
    assert f"<h1>{title}</h1>" in page.text and register in page.text
    for section in SECTIONS:
        assert f'id="{section}"' in page.text
    assert '<a href="/witness" aria-current="page">' in page.text
    assert '<script src="/static/witness.js" defer></script>' in page.text
    config = config_of(page.text)
    assert config["lang"] == lang
    assert config["texts"]["witness.title"] == title
    assert config["texts"]["wallet.missing"] and config["texts"]["status.approved"]
    assert not any(key.startswith("member.") for key in config["texts"])  # its own words only


def test_witness_page__config_carries_the_plans_terms(client: TestClient, demo: Demo) -> None:
    plan = demo.world.plan
    config = config_of(client.get("/witness", params={"lang": "en"}).text)
    assert config["contracts"]["witnesses"] == str(plan.contract("witnesses").address)
    assert config["chainId"] == plan.deployment.chain_id and config["decimals"] == 6
    terms = config["parameters"]
    for name in ("witness_stake", "witness_bond", "witness_fee", "silent_forfeit"):
        assert terms[name] == getattr(plan.config.functions, name)().call() > 0
    for name in ("liability_period", "notice_period", "arbitration_period"):
        assert terms[name] == getattr(plan.config.functions, name)().call() > 0


def test_witness_page__serves_its_script(client: TestClient) -> None:
    script = client.get("/static/witness.js")
    assert script.status_code == 200 and "/api/tx/witness-report" in script.text


SCRIPT = Path(__file__).resolve().parents[2] / "src" / "lashou" / "web" / "static" / "witness.js"


def test_witness_texts__both_languages_with_the_same_placeholders() -> None:
    def names(text: str) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", text))

    empty = [key for key, (zh, en) in TEXTS.items() if not zh.strip() or not en.strip()]
    unlike = [key for key, (zh, en) in TEXTS.items() if names(zh) != names(en)]
    assert (empty, unlike) == ([], [])


def test_witness_texts__every_key_the_script_asks_for_exists() -> None:
    literals = set(re.findall(r'"(witness\.[\w.]+)"', SCRIPT.read_text()))
    asked = {key for key in literals if not key.endswith(("_", "."))}
    asked |= {f"witness.{v}" for v in ("approve", "reject")}  # "witness." + verdict
    asked |= {f"witness.verdict_{v}" for v in ("approve", "reject")}
    asked |= {f"witness.state.{s}" for s in ("active", "inactive", "left", "never")}
    assert len(asked) > 40 and sorted(asked - set(TEXTS)) == []
