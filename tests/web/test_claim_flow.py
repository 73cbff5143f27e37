"""A claim's whole life through the role pages, in a real browser with a test wallet per
person, against `lashou serve` on anvil: the patient files it with its document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lashou import actions
from tests.service.conftest import Served
from tests.web.people import covered_demo_member, diagnosis_files
from tests.web.wallet import InjectedWallet

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
DEMO_MEMBERS = 20


@pytest.fixture
def opened(browser: Any) -> Iterator[Any]:
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


def test_claim_flow__patient_files_a_claim_with_its_document(
    site: Served, opened: Any, tmp_path: Path
) -> None:
    plan = site.plan()
    patient = covered_demo_member(site.get, DEMO_MEMBERS)
    files = diagnosis_files(plan, patient.address, tmp_path)
    wallet = InjectedWallet(site.node_url(), patient)
    page = opened(wallet)
    page.goto(site.url + "/member?lang=en")
    page.click("#connect")
    page.wait_for_selector("#file-section:not([hidden])")
    page.set_input_files("#diagnosis-file", str(files.diagnosis))
    page.set_input_files("#document-file", str(files.document))
    page.set_input_files("#salt-file", str(files.salt))
    page.click("#file-form button[type=submit]")
    page.wait_for_selector("#preview:not([hidden])")
    steps = page.locator("#preview-steps li")
    assert steps.count() == 3 and "Sign in" in steps.nth(0).inner_text()
    assert "severe condition" in page.inner_text("#preview-effect")
    filed_before = plan.contract("claims").functions.claim_count().call()

    page.click("#confirm")
    page.wait_for_selector("#outcome-message:has-text('Done')", timeout=60_000)
    claim_id = filed_before + 1
    assert plan.contract("claims").functions.claim_count().call() == claim_id
    assert actions.claim_record(plan.contract("claims"), claim_id).patient == patient.address
    assert f"claim #{claim_id}" in page.inner_text("#outcome-steps")
    assert wallet.asked.count("personal_sign") == 1  # the sign-in, for the upload
    assert site.get(f"/api/claims/{claim_id}")["claim"]["status"] == "review"
    # the page's session reads the stored document back: encrypted at rest, readable by its patient
    committed = json.loads(files.diagnosis.read_text())["message"]["document"]
    meta = page.request.get(f"{site.url}/api/documents/{committed}/meta").json()
    assert (meta["kind"], meta["claim_id"]) == ("diagnosis", claim_id)
