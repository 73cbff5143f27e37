"""The member page in a real browser with a test wallet: join, top up, withdraw and leave,
each previewed before the wallet signs, against `lashou serve` on anvil."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lashou import actions
from tests.service.conftest import Served
from tests.web.people import Newcomer, newcomer
from tests.web.wallet import InjectedWallet

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
TOKEN = 10**6
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def person(site: Served, tmp_path: Path) -> Newcomer:
    return newcomer(site.plan(), f"member-page/{tmp_path.name}", tmp_path, tokens=2_000 * TOKEN)


@pytest.fixture
def wallet(site: Served, person: Newcomer) -> InjectedWallet:
    return InjectedWallet(site.node_url(), person.account)


@pytest.fixture
def page(browser: Any, wallet: InjectedWallet) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1000, "height": 1000}, locale="en-GB")
    wallet.attach(context)
    opened = context.new_page()
    yield opened
    context.close()


def connect(page: Any, site: Served, wallet: InjectedWallet, lang: str = "en") -> None:
    page.goto(f"{site.url}/member?lang={lang}")
    page.click("#connect")
    page.wait_for_selector(f"#account:text('{wallet.account.address}')")


def submit(page: Any, form: str, **fields: str) -> None:
    for name, value in fields.items():
        page.fill(f"{form} [name={name}]", value)
    page.click(f"{form} button[type=submit]")


def preview_and_sign(page: Any, form: str, **fields: str) -> None:
    submit(page, form, **fields)
    page.wait_for_selector("#preview:not([hidden])")


def confirmed(page: Any) -> None:
    page.click("#confirm")
    page.wait_for_selector("#outcome-message:has-text('Done')", timeout=60_000)


def field(page: Any, name: str) -> str:
    return str(page.inner_text(f'#membership [data-field="{name}"]'))


def test_member_page__without_a_wallet_says_one_is_needed(site: Served, browser: Any) -> None:
    context = browser.new_context()
    bare = context.new_page()
    try:
        bare.goto(site.url + "/member?lang=en")
        assert bare.get_by_text("No Ethereum wallet was found").is_visible()
        assert bare.locator("#connect").is_disabled()
        bare.goto(site.url + "/member?lang=zh-CN")
        assert bare.get_by_text("没有检测到以太坊钱包").is_visible()
    finally:
        context.close()


def test_member_page__join_top_up_withdraw_exit(
    site: Served, page: Any, wallet: InjectedWallet, person: Newcomer
) -> None:
    plan = site.plan()
    address = person.account.address
    connect(page, site, wallet)
    page.wait_for_selector("#not-member:not([hidden])")
    page.set_input_files("#admission-file", str(person.admission))

    # a deposit below the pool's minimum is refused on the page; the wallet is never asked
    submit(page, "#join-form", deposit="1")
    refusal = page.locator("#join-form .form-error")
    refusal.wait_for()
    assert "At least" in refusal.inner_text()
    assert "eth_sendTransaction" not in wallet.asked

    # the preview names both signatures, the tokens and the gas before anything is signed
    preview_and_sign(page, "#join-form", deposit="600")
    steps = page.locator("#preview-steps li")
    assert steps.count() == 2
    assert "Let the pool contract take 600.00 tUSD" in steps.nth(0).inner_text()
    facts = page.inner_text("#preview-facts")
    assert "600.00 tUSD" in facts and "Estimated gas" in facts
    assert "Join in tier" in page.inner_text("#preview-effect")
    assert "eth_sendTransaction" not in wallet.asked

    # declining in the wallet changes nothing
    wallet.refuse_next()
    page.click("#confirm")
    page.locator("#outcome .form-error").wait_for()
    assert "You declined in the wallet" in page.inner_text("#outcome .form-error")
    assert plan.token.functions.balanceOf(address).call() == 2_000 * TOKEN

    preview_and_sign(page, "#join-form", deposit="600")
    confirmed(page)
    assert page.locator("#outcome-steps a.hash").count() == 2
    page.wait_for_selector('#membership [data-field="status"]:text("Active")')
    assert field(page, "balance") == "600.00"
    assert actions.member_status(plan, address).balance == 600 * TOKEN
    assert "periods" in field(page, "periods_covered")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "member-en.png"), full_page=True)
    connect(page, site, wallet, lang="zh-CN")
    page.wait_for_selector('#membership [data-field="balance"]:text("600.00")')
    page.screenshot(path=str(SHOTS / "member-zh-CN.png"), full_page=True)
    connect(page, site, wallet)
    page.wait_for_selector('#membership [data-field="balance"]:text("600.00")')

    preview_and_sign(page, "#top-up-form", amount="150.5")
    assert "about 750.50 tUSD" in page.inner_text("#preview-effect")
    confirmed(page)
    page.wait_for_selector('#membership [data-field="balance"]:text("750.50")')

    submit(page, "#withdraw-form", amount="740")
    page.locator("#withdraw-form .form-error").wait_for()
    assert "must stay" in page.inner_text("#withdraw-form .form-error")
    preview_and_sign(page, "#withdraw-form", amount="50.5")
    assert page.locator("#preview-steps li").count() == 1
    assert "Tokens coming to your wallet" in page.inner_text("#preview-facts")
    confirmed(page)
    page.wait_for_selector('#membership [data-field="balance"]:text("700.00")')
    assert plan.token.functions.balanceOf(address).call() == 1_300 * TOKEN

    page.click("#exit-form button[type=submit]")
    page.wait_for_selector("#preview:not([hidden])")
    confirmed(page)
    page.wait_for_selector('#membership [data-field="status"]:text("Exited")')
    assert plan.token.functions.balanceOf(address).call() == 2_000 * TOKEN
    assert len(wallet.sent) == 6  # approve, join, approve, top-up, withdraw, exit
