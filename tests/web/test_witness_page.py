"""The witness page in a real browser with a test wallet, against `lashou serve` on anvil: a
newcomer registers, adds to its stake and leaves; the three witnesses drawn for a claim each
approve it with an uploaded report until the notice opens; refusals change nothing; a rejection
sends the claim to arbitration. Claims are staged with covered demo members skip=4 and skip=5."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak

from lashou import actions
from lashou.chain.plan import Plan
from lashou.web.pages import tokens
from tests.service.conftest import Served
from tests.web.people import witness_newcomer
from tests.web.stages import Stages, witness_key
from tests.web.wallet import InjectedWallet

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
TOKEN = 10**6
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
APPROVED, REJECTED = 1, 2  # a slot's verdict on chain (0: none yet)


@pytest.fixture
def opened(browser: Any) -> Iterator[Callable[[InjectedWallet], Any]]:
    """New pages, each in its own browser context with its own test wallet."""
    contexts: list[Any] = []

    def open_with(wallet: InjectedWallet) -> Any:
        context = browser.new_context(viewport={"width": 1000, "height": 1000}, locale="en-GB")
        wallet.attach(context)
        contexts.append(context)
        return context.new_page()

    yield open_with
    for context in contexts:
        context.close()


def connect(page: Any, site: Served, wallet: InjectedWallet, lang: str = "en") -> None:
    page.goto(f"{site.url}/witness?lang={lang}")
    page.click("#connect")
    page.wait_for_selector(f"#account:text('{wallet.account.address}')")
    page.wait_for_selector("#me:not([hidden])")


def switch(page: Any, wallet: InjectedWallet, account: LocalAccount) -> None:
    """The wallet's account menu: the page follows the new account."""
    wallet.use(page, account)
    page.wait_for_selector(f"#account:text('{account.address}')")


def preview(page: Any, form: str) -> None:
    """Submit `form` and wait for its preview; without one, fail with what the form says."""
    page.click(f"{form} button[type=submit]")
    try:
        page.wait_for_selector("#preview:not([hidden])")
    except Exception:  # playwright's TimeoutError
        pytest.fail(f"no preview for {form}: {page.inner_text(form)}")


def confirmed(page: Any) -> None:
    page.click("#confirm")
    page.wait_for_selector("#outcome-message:has-text('Done')", timeout=60_000)


def field(page: Any, name: str) -> str:
    return str(page.inner_text(f'#record [data-field="{name}"]'))


def money(base: int) -> str:
    return tokens(base, 6)


def registry_record(plan: Plan, address: str) -> tuple[bool, int, int]:
    """(active, stake, locked bonds) as the registry holds them."""
    _, _, _, active, stake, locked, _ = plan.contract("witnesses").functions.witness(address).call()
    return bool(active), int(stake), int(locked)


def slot_on_chain(plan: Plan, claim_id: int, slot: int) -> tuple[str, int, bytes]:
    """(witness, verdict, report hash) of a claim's slot: its verdict from the Claims
    contract's view, its report's hash from the witness's WitnessReported log."""
    claims = plan.contract("claims")
    witness, _, verdict = actions.slot(claims, claim_id, slot)
    logs = claims.events.WitnessReported.get_logs(
        from_block=0, argument_filters={"claim_id": claim_id, "witness": witness}
    )
    return witness, verdict, bytes(logs[-1]["args"]["report_hash"]) if logs else b""


def assignment(claim_id: int) -> str:
    return f'li.assignment[data-claim="{claim_id}"]'


def test_witness_page__without_a_wallet_says_one_is_needed(site: Served, browser: Any) -> None:
    context = browser.new_context()
    bare = context.new_page()
    try:
        bare.goto(site.url + "/witness?lang=en")
        assert bare.get_by_text("No Ethereum wallet was found").is_visible()
        assert bare.locator("#connect").is_disabled()
        assert bare.locator("#me").is_hidden() and bare.locator("#register-section").is_hidden()
        bare.goto(site.url + "/witness?lang=zh-CN")
        assert bare.get_by_text("没有检测到以太坊钱包").is_visible()
    finally:
        context.close()


def test_register__newcomer_registers_adds_stake_and_leaves(
    site: Served, opened: Any, tmp_path: Path
) -> None:
    plan = site.plan()
    least = int(plan.config.functions.witness_stake().call())
    bond = int(plan.config.functions.witness_bond().call())
    person = witness_newcomer(plan, f"witness-page/{tmp_path.name}", tmp_path, tokens=3 * least)
    address = person.account.address
    wallet = InjectedWallet(site.node_url(), person.account)
    page = opened(wallet)
    connect(page, site, wallet)
    assert page.locator("#not-witness").is_visible()
    assert page.locator("#register-section").is_visible() and page.locator("#manage").is_hidden()
    assert f"At least {money(least)} tUSD" in page.inner_text("#stake-help")
    page.set_viewport_size({"width": 375, "height": 800})  # the register form fits a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1000, "height": 1000})

    # a stake below the plan's witness stake is refused on the page; the wallet is never asked
    page.set_input_files("#admission-file", str(person.admission))
    page.fill("#register-stake", str(least // TOKEN - 1))
    page.click("#register-form button[type=submit]")
    page.locator("#register-form .form-error").wait_for()
    assert "must be at least" in page.inner_text("#register-form .form-error")
    assert "eth_sendTransaction" not in wallet.asked

    # the preview names the approval first, the tokens, the gas and the plan's terms
    stake = (least * 3 // 2) // TOKEN * TOKEN
    page.fill("#register-stake", str(stake // TOKEN))
    preview(page, "#register-form")
    steps = page.locator("#preview-steps li")
    assert steps.count() == 2
    assert f"Let the witnesses contract take {money(stake)} tUSD" in steps.nth(0).inner_text()
    assert "Register and stake" in steps.nth(1).inner_text()
    assert f"{money(stake)} tUSD" in page.inner_text("#preview-facts")
    effect = page.inner_text("#preview-effect")
    assert f"stake of {money(stake)} tUSD" in effect and f"bond of {money(bond)} tUSD" in effect
    assert f"can take {stake // bond} at once" in effect
    assert "eth_sendTransaction" not in wallet.asked
    confirmed(page)
    assert page.locator("#outcome-steps a.hash").count() == 2
    page.wait_for_selector('#record [data-field="status"]:text-is("active, can be drawn")')
    assert registry_record(plan, address) == (True, stake, 0)
    assert field(page, "stake") == money(stake)
    assert page.locator("#register-section").is_hidden()
    assert page.locator("#not-drawn").is_visible()  # registered, not drawn yet
    assert "You may leave now" in page.inner_text("#unstake-help")
    assert "No fee is owed now" in page.inner_text("#fees-help")
    assert page.locator("#pull-fees-form button").is_disabled()

    extra = least // 2
    page.fill("#add-stake-amount", money(extra))
    preview(page, "#add-stake-form")
    assert page.locator("#preview-steps li").count() == 2  # the first approval was used up
    grown = stake + extra
    assert f"stake becomes {money(grown)} tUSD" in page.inner_text("#preview-effect")
    confirmed(page)
    page.wait_for_selector(f'#record [data-field="stake"]:text("{money(grown)}")')
    assert registry_record(plan, address) == (True, grown, 0)

    # leaving takes the whole stake back, so this witness is never drawn for another test
    preview(page, "#unstake-form")
    assert "Tokens coming to your wallet" in page.inner_text("#preview-facts")
    assert f"whole stake of {money(grown)} tUSD" in page.inner_text("#preview-effect")
    confirmed(page)
    page.wait_for_selector('#record [data-field="status"]:text("left")')
    assert "has left the registry" in page.inner_text("#record-note")
    assert page.locator("#register-section").is_visible()  # a new admission registers again
    assert registry_record(plan, address) == (False, 0, 0)
    assert plan.token.functions.balanceOf(address).call() == 3 * least
    assert len(wallet.sent) == 5  # approve, register, approve, add stake, unstake


def test_report__each_drawn_witness_approves_with_a_report_until_the_notice_opens(
    site: Served, opened: Any, tmp_path: Path
) -> None:
    plan = site.plan()
    staged = Stages(site, tmp_path).drawn(skip=4)
    claim_id = staged.claim_id
    keys = [witness_key(address) for address in staged.witnesses]
    fee = int(plan.config.functions.witness_fee().call())
    wallet = InjectedWallet(site.node_url(), keys[0])
    page = opened(wallet)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("zh-CN", "en"):  # the page as a drawn witness finds it
        connect(page, site, wallet, lang)
        page.wait_for_selector(f"{assignment(claim_id)} form.report-form")
        page.screenshot(path=str(SHOTS / f"witness-{lang}.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})  # the record and a report form fit
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1000, "height": 1000})

    for slot, key in enumerate(keys):
        if slot:
            switch(page, wallet, key)
        item = assignment(claim_id)
        page.wait_for_selector(f"{item} form.report-form")
        assert page.locator(f"{item} a").get_attribute("href") == f"/claims/{claim_id}"
        assert "witnessing" in page.inner_text(item) and " left" in page.inner_text(item)
        assert "bonds are locked" in page.inner_text("#unstake-help")
        assert page.locator("#unstake-form button").is_disabled()

        content = f"Visit report for claim {claim_id}, slot {slot}: the patient was seen.\n"
        report = tmp_path / f"visit-{slot}.txt"
        report.write_text(content * 10)
        page.check(f"{item} input[value=approve]")
        page.set_input_files(f"{item} input[type=file]", str(report))
        preview(page, f"{item} form")
        steps = page.locator("#preview-steps li")
        assert steps.count() == 3 and "Sign in" in steps.nth(0).inner_text()
        assert (
            f"Upload the visit report, encrypted (claim #{claim_id})" in steps.nth(1).inner_text()
        )
        effect = page.inner_text("#preview-effect")
        assert f"Approve claim #{claim_id}" in effect and f"fee of {money(fee)} tUSD" in effect
        assert "found to be a fraud" in effect
        if slot < 2:
            assert f"With yours, {slot + 1} of 3 approvals" in effect
        else:
            assert "Yours is the third approval" in effect and "public notice opens" in effect
        assert wallet.asked.count("personal_sign") == slot  # this witness: nothing asked yet
        confirmed(page)
        page.wait_for_selector(f'{item}[data-verdict="approved"]')
        assert page.locator(f"{item} form").count() == 0  # reported: nothing left to give

        digest = keccak(report.read_bytes())
        assert slot_on_chain(plan, claim_id, slot) == (key.address, APPROVED, digest)
        assert "0x" + digest.hex() in page.inner_text(item)
        meta = page.request.get(f"{site.url}/api/documents/0x{digest.hex()}/meta").json()
        assert (meta["kind"], meta["claim_id"]) == ("report", claim_id)
        assert wallet.asked.count("personal_sign") == slot + 1  # one sign-in per witness
        owed = site.get(f"/api/witnesses/{key.address}")["fees_owed"]
        assert owed >= fee and field(page, "fees").startswith(money(owed))

    timeline = site.wait_for(f"/api/claims/{claim_id}", lambda t: t["claim"]["status"] == "notice")
    assert [seat["verdict"] for seat in timeline["panel"]] == ["approved"] * 3
    page.wait_for_selector(f"{assignment(claim_id)}:has-text('under notice')")
    # the last witness's stake stays liable: it cannot leave yet
    assert field(page, "liable_until") != "not liable"
    assert "You cannot leave yet" in page.inner_text("#unstake-help")


def test_report__declined_or_without_a_file_changes_nothing_and_a_rejection_goes_to_arbitration(
    site: Served, opened: Any, tmp_path: Path
) -> None:
    plan = site.plan()
    staged = Stages(site, tmp_path).drawn(skip=5)
    claim_id = staged.claim_id
    witness = witness_key(staged.witnesses[0])
    wallet = InjectedWallet(site.node_url(), witness)
    page = opened(wallet)
    connect(page, site, wallet)
    item = assignment(claim_id)
    page.wait_for_selector(f"{item} form.report-form")
    report = tmp_path / "visit.txt"
    report.write_text(f"Visit report for claim {claim_id}: the patient could not be found.\n" * 8)

    # without a file: refused beside the form before the wallet is asked anything
    page.check(f"{item} input[value=reject]")
    page.click(f"{item} button[type=submit]")
    page.locator(f"{item} .form-error").wait_for()
    assert "Choose the visit report file first" in page.inner_text(f"{item} .form-error")
    assert page.locator("#preview").is_hidden()
    asked_before = list(wallet.asked)
    assert "personal_sign" not in asked_before and "eth_sendTransaction" not in asked_before

    # declined in the wallet at its first request (the sign-in): nothing is sent, the claim waits
    page.set_input_files(f"{item} input[type=file]", str(report))
    preview(page, f"{item} form")
    effect = page.inner_text("#preview-effect")
    assert f"Reject claim #{claim_id}" in effect and "operator's arbitration" in effect
    wallet.refuse_next()
    page.click("#confirm")
    page.locator("#outcome .form-error").wait_for()
    assert "You declined in the wallet" in page.inner_text("#outcome .form-error")
    assert wallet.sent == []
    assert slot_on_chain(plan, claim_id, 0) == (witness.address, 0, b"")
    assert site.get(f"/api/claims/{claim_id}")["claim"]["status"] == "witnessing"
    assert page.locator(f"{item} form.report-form").count() == 1  # still to give

    # the same rejection, signed: the claim goes to the operator's arbitration
    page.check(f"{item} input[value=reject]")
    page.set_input_files(f"{item} input[type=file]", str(report))
    preview(page, f"{item} form")
    confirmed(page)
    page.wait_for_selector(f'{item}[data-verdict="rejected"]')
    digest = keccak(report.read_bytes())
    assert slot_on_chain(plan, claim_id, 0) == (witness.address, REJECTED, digest)
    site.wait_for(f"/api/claims/{claim_id}", lambda t: t["claim"]["status"] == "arbitration")
