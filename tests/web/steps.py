"""What every role-page test does with a page: open it in its own browser context with a
person's test wallet and connect, submit a form and read its preview, confirm and wait for
the outcome."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from tests.service.conftest import Served
from tests.web.wallet import InjectedWallet

# `opened(account, path)` -> (page, wallet); `opened(None, path)` -> (page, None), no wallet
Opener = Callable[[LocalAccount | None, str], tuple[Any, Any]]


@pytest.fixture
def opened(site: Served, browser: Any) -> Iterator[Opener]:
    """`opened(account, path)`: the page in its own browser context with the account's test
    wallet, connected; `opened(None, path)`: a public page, read without a wallet."""
    contexts: list[Any] = []

    def open_as(account: LocalAccount | None, path: str) -> tuple[Any, InjectedWallet | None]:
        context = browser.new_context(viewport={"width": 1000, "height": 1000}, locale="en-GB")
        contexts.append(context)
        wallet = None if account is None else InjectedWallet(site.node_url(), account)
        if wallet is not None:
            wallet.attach(context)
        page = context.new_page()
        if account is None:
            page.goto(site.url + path)
        else:
            connect(page, site.url + path, account)
        return page, wallet

    yield open_as
    for context in contexts:
        context.close()


def connect(page: Any, url: str, account: LocalAccount) -> None:
    """Loads `url` and connects the page to the wallet's `account`."""
    page.goto(url)
    page.click("#connect")
    page.wait_for_selector(f"#account:text('{account.address}')")


def previewed(page: Any, form: str) -> str:
    """Submits `form` and waits for its preview; returns what it says it will do."""
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("#preview:not([hidden])")
    return str(page.inner_text("#preview-effect"))


def confirmed(page: Any) -> str:
    """Confirms the preview and waits for the outcome; returns the steps it lists as done."""
    page.click("#confirm")
    page.wait_for_selector("#outcome-message:has-text('Done')", timeout=60_000)
    return str(page.inner_text("#outcome-steps"))
