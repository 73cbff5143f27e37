"""The pages in a real browser (Debian's chromium through playwright) against `lashou serve`
with the demo's data on anvil. Screenshots land in docs/screenshots/ for the README."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.service.conftest import Served

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    opened = context.new_page()
    yield opened
    context.close()


def test_dashboard__draws_the_chart_and_switches_language(site: Served, page: Any) -> None:
    periods = site.get("/api/periods")
    page.goto(site.url + "/")
    assert page.get_attribute("html", "lang") == "zh-CN"
    bars = page.locator("#share-chart rect.bar")
    assert bars.count() == len(periods) > 0
    tallest = max(periods, key=lambda p: p["share"])["period"]
    box = page.locator(f'#share-chart rect.bar[data-period="{tallest}"]').bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 100
    first_time = page.locator("time[data-epoch]").first
    assert not first_time.inner_text().endswith("UTC")  # formatted by the reader's locale
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard-zh-CN.png"), full_page=True)
    page.click("#lang-switch")
    page.wait_for_url("**/?lang=en")
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_text("Members covered").is_visible()
    page.screenshot(path=str(SHOTS / "dashboard-en.png"), full_page=True)
    page.goto(site.url + "/claims")  # the choice stays in the cookie
    assert page.get_attribute("html", "lang") == "en"


def test_claim__timeline_links_each_step_to_its_transaction(site: Served, page: Any) -> None:
    paid = site.get("/api/claims?status=paid")[0]
    steps = site.get(f"/api/claims/{paid['claim_id']}")["steps"]
    for lang in ("zh-CN", "en"):
        page.goto(f"{site.url}/claims/{paid['claim_id']}?lang={lang}")
        items = page.locator("#timeline > li")
        assert items.count() == len(steps)
        links = page.locator("#timeline a.hash")
        assert [links.nth(i).get_attribute("title") for i in range(links.count())] == [
            s["tx_hash"] for s in steps
        ]
        assert page.locator("#verify").get_by_text("lashou verify").count() >= 1
        page.screenshot(path=str(SHOTS / f"claim-{lang}.png"), full_page=True)
    page.locator("#timeline a.hash").first.click()
    page.wait_for_url(f"**/tx/{steps[0]['tx_hash']}")
    assert page.get_by_text("Claim filed").first.is_visible()


def test_pages__fit_a_375_px_screen_and_start_with_a_skip_link(site: Served, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    small = context.new_page()
    try:
        for path in (
            "/", "/claims", "/claims/1", "/rules", "/witnesses", "/members", "/member",
            "/witness", "/supervisor", "/operator",
        ):  # fmt: skip
            small.goto(site.url + path)
            width = small.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{path} is {width} px wide"
        small.keyboard.press("Tab")
        assert small.evaluate("document.activeElement.className") == "skip"
    finally:
        context.close()


def test_claims__unknown_claim_is_a_404_page(site: Served, page: Any) -> None:
    answer = page.goto(site.url + "/claims/9999?lang=en")
    assert answer is not None and answer.status == 404
    assert page.get_by_text("Claim #9999 is not in the index").is_visible()
