"""The supervisor and operator pages as plain HTTP over the demo's index: the frame each
script fills, in both languages, with the plan's figures and the page's words in its config;
every word the scripts and templates ask for present in both languages with the same
placeholders."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lashou.sim.scenario import Demo
from lashou.web import i18n
from lashou.web.texts import cases, operator, supervisor

PAGES = {
    "/supervisor": (supervisor.TEXTS, "supervisor.title", "supervisor.js"),
    "/operator": (operator.TEXTS, "operator.title", "operator.js"),
}
LANGS = {"zh-CN": 0, "en": 1}
CONFIG = re.compile(r'<script id="page-config" type="application/json">(.*?)</script>', re.S)
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"')


def config_of(html: str) -> dict[str, Any]:
    found = CONFIG.search(html)
    assert found is not None, "the page has no #page-config"
    return dict(json.loads(found.group(1)))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_role_page__frame_and_config_in_each_language(
    client: TestClient, demo: Demo, path: str, lang: str
) -> None:
    texts, title, script = PAGES[path]
    page = client.get(path, params={"lang": lang})
    assert page.status_code == 200
    assert f'<html lang="{lang}"' in page.text
    assert f"<h1>{texts[title][LANGS[lang]]}</h1>" in page.text
    config = config_of(page.text)
    plan = demo.world.plan
    assert config["lang"] == lang and config["chainId"] == plan.deployment.chain_id
    assert config["contracts"]["disputes"] == plan.deployment.contracts["disputes"]
    stake = plan.config.functions.objection_stake().call()
    assert config["parameters"]["objection_stake"] == stake
    for key, words in {**texts, **cases.TEXTS}.items():
        assert config["texts"][key] == words[LANGS[lang]], key
    assert config["texts"]["status.disputed"] and config["texts"]["wallet.connect"]
    order = [page.text.index(f'src="/static/{name}"') for name in
             ("wallet.js", "keccak.js", "cases.js", script)]  # fmt: skip
    assert order == sorted(order)


@pytest.mark.parametrize("path", PAGES)
def test_role_page__every_field_has_a_label(client: TestClient, path: str) -> None:
    page = client.get(path, params={"lang": "en"}).text
    fields = FIELD.findall(page)
    assert fields
    for field in fields:
        assert f'<label for="{field}"' in page, field


def test_role_page__other_words_stay_out_of_the_config(client: TestClient) -> None:
    texts = config_of(client.get("/supervisor", params={"lang": "en"}).text)["texts"]
    assert not any(key.startswith(("operator.", "member.")) for key in texts)
    texts = config_of(client.get("/operator", params={"lang": "en"}).text)["texts"]
    assert not any(key.startswith(("supervisor.", "member.")) for key in texts)


WEB = Path(__file__).resolve().parents[2] / "src" / "lashou" / "web"
ASKED = re.compile(r'"((?:supervisor|operator|case)\.[\w.]+)"')
TEMPLATE_KEY = re.compile(r't\("([\w.]+)"\)')


@pytest.mark.parametrize("texts", [supervisor.TEXTS, operator.TEXTS, cases.TEXTS])
def test_role_texts__both_languages_with_the_same_placeholders(
    texts: dict[str, tuple[str, str]],
) -> None:
    def names(text: str) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", text))

    empty = [key for key, (zh, en) in texts.items() if not zh.strip() or not en.strip()]
    unlike = [key for key, (zh, en) in texts.items() if names(zh) != names(en)]
    assert (empty, unlike) == ([], [])


def test_role_texts__every_key_the_scripts_and_templates_ask_for_exists() -> None:
    asked: set[str] = set()
    for script in ("supervisor.js", "operator.js", "cases.js"):
        literals = ASKED.findall((WEB / "static" / script).read_text())
        asked |= {key for key in literals if not key.endswith(("_", "."))}
    stages = ("notice", "queued", "paid")  # "operator.effect_fraud_" + where, and dismiss_
    asked |= {f"operator.effect_{ruling}_{where}" for ruling in ("fraud", "dismiss")
              for where in stages}  # fmt: skip
    for template in ("supervisor.html", "operator.html"):
        asked |= set(TEMPLATE_KEY.findall((WEB / "templates" / template).read_text()))
    known = {**supervisor.TEXTS, **operator.TEXTS, **cases.TEXTS}
    assert len(asked) > 100 and sorted(asked - set(i18n.CATALOG)) == []
    assert sorted(set(known) - asked) == []  # and no word is left unused
