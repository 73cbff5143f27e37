"""Every page, public and role, in a real browser with its forms showing: each control has an
accessible name, every visible text meets WCAG AA contrast against what it is drawn on, and the
keyboard alone reaches every control with a visible focus ring. The role pages are opened with
the wallet of someone the page has forms for (reading only: nothing is signed here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from lashou.chain.deploy import dev_roles
from tests.service.conftest import Served
from tests.web.people import covered_demo_member
from tests.web.stages import Stages, witness_key
from tests.web.wallet import InjectedWallet

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
DEMO_MEMBERS = 20
PUBLIC = ("/", "/claims", "/claims/1", "/rules", "/witnesses", "/members")
LANGS = ("zh-CN", "en")

A11Y = Path(__file__).with_name("a11y.js")  # the checks, run inside the page


@pytest.fixture
def opened(site: Served, browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_as(path: str, account: LocalAccount | None) -> Any:
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        contexts.append(context)
        context.add_init_script(path=str(A11Y))
        if account is not None:
            InjectedWallet(site.node_url(), account).attach(context)
        page = context.new_page()
        page.goto(site.url + path)
        if account is not None:
            page.click("#connect")
            page.wait_for_selector(f"#account:text('{account.address}')")
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def in_review(site: Served, tmp_path_factory: pytest.TempPathFactory) -> int:
    """A claim waiting for the operator's review, so that its desk shows the review form
    (filed by the covered demo member skip=2, which no other test uses)."""
    claim_id = Stages(site, tmp_path_factory.mktemp("a11y")).filed(skip=2).claim_id
    site.wait_for("/api/operator/queue",
                  lambda q: claim_id in {c["claim_id"] for c in q["review"]})  # fmt: skip
    return claim_id


def role_pages(site: Served) -> list[tuple[str, LocalAccount, str]]:
    """Each role page with an account it shows forms to, and a form to wait for (the desk's
    review form needs `in_review`)."""
    member = covered_demo_member(site.get, DEMO_MEMBERS)
    witness = witness_key(site.get("/api/witnesses")[0]["address"])
    onlooker = covered_demo_member(site.get, DEMO_MEMBERS, skip=1)
    return [
        ("/member", member, "#file-section:not([hidden])"),
        ("/witness", witness, "#me:not([hidden])"),
        ("/supervisor", onlooker, "#report-form:not([hidden])"),
        ("/operator", dev_roles().operator, "#review-form:not([hidden])"),
    ]


def audit(page: Any, where: str) -> list[str]:
    """What the page fails: unnamed controls and texts of too little contrast."""
    return [f"{where}: unnamed {html}" for html in page.evaluate("lashouAudit.unnamed()")] + [
        f"{where}: contrast {text}" for text in page.evaluate("lashouAudit.lowContrast()")
    ]


def test_public_pages__named_controls_and_enough_contrast(site: Served, opened: Any) -> None:
    failures: list[str] = []
    for path in PUBLIC:
        for lang in LANGS:
            failures += audit(opened(f"{path}?lang={lang}", None), f"{path} {lang}")
    assert failures == []


def test_role_pages__named_controls_and_enough_contrast_with_their_forms_showing(
    site: Served, opened: Any, in_review: int
) -> None:
    failures: list[str] = []
    for path, account, form in role_pages(site):
        for lang in LANGS:
            page = opened(f"{path}?lang={lang}", account)
            page.wait_for_selector(form)
            page.wait_for_load_state("networkidle")
            failures += audit(page, f"{path} {lang}")
    assert failures == []


def test_pages__the_keyboard_reaches_every_control_with_a_visible_ring(
    site: Served, opened: Any, in_review: int
) -> None:
    pages = [(path, None, "body") for path in PUBLIC] + role_pages(site)
    for path, account, form in pages:
        page = opened(f"{path}?lang=en", account)
        page.wait_for_selector(form)
        page.wait_for_load_state("networkidle")  # drawn once: the tags below stay on it
        count = int(page.evaluate("lashouAudit.tagFocusable()"))
        assert count > 0, path
        reached: set[str] = set()
        for _ in range(2 * count + 4):  # from wherever focus is, once round the page
            page.keyboard.press("Tab")
            ring = page.evaluate("lashouAudit.focusRing()")
            if ring == "nothing":
                continue  # focus left the page at its end; the next Tab comes back to its start
            assert ring == "", f"{path}: no visible focus on {ring}"
            reached.add(str(page.evaluate("document.activeElement.dataset.kbd")))
            if len(reached - {"undefined"}) == count:
                break
        missed = sorted(set(map(str, range(count))) - reached, key=int)
        assert missed == [], f"{path}: Tab never reaches controls {missed} of {count}"
