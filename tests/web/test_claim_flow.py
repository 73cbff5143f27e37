"""A claim's whole life through the role pages, in a real browser with a test wallet per
person, against its own `lashou serve` on anvil (the clock moves here, so no other test shares
this plan): the patient files with its document on the member page, the operator accepts it on
its desk, the served keeper draws the panel, the three witnesses approve with their reports on
the witness page, a supervisor objects with evidence, the operator dismisses the objection, the
keeper settles the period that funds the benefit, the dashboard shows that period and the claim's
page the whole timeline, and the patient pulls the payout on the member page."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from eth_utils.crypto import keccak

from lashou import actions
from lashou.actions import ClaimStatus
from lashou.chain.deploy import dev_roles
from lashou.chain.node import free_port
from lashou.chain.tx import increase_time
from lashou.web.pages import tokens
from tests.service.conftest import Served
from tests.web.people import covered_demo_member, diagnosis_files, outsider
from tests.web.stages import drawn_by_keeper, witness_key
from tests.web.steps import Opener, confirmed, previewed

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
DEMO_MEMBERS = 20
TOKEN = 10**6
APPROVED = 1  # a slot's verdict on chain
SETTLEMENTS = 6  # periods the keeper may take to fund one benefit in a 20-member plan


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """This module's own `lashou serve --demo-data`: its clock is moved to the settlement."""
    served = Served(tmp_path_factory.mktemp("claim-flow") / "data", free_port(),
                    args=("--demo-data", "--demo-members", str(DEMO_MEMBERS)))  # fmt: skip
    served.start()
    yield served
    served.stop()


def until(check: Callable[[], bool], what: str, timeout: float = 60) -> None:
    """Polls `check` (the served keeper acts on its own time) or fails naming what it awaited."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:g} s for {what}")
        time.sleep(0.2)


def test_claim_flow__filed_witnessed_objected_ruled_settled_and_pulled_through_the_pages(
    site: Served, opened: Opener, tmp_path: Path
) -> None:
    plan = site.plan()
    claims, pool = plan.contract("claims"), plan.contract("pool")

    # -- the patient files with its diagnosis on the member page ----------------------------
    patient = covered_demo_member(site.get, DEMO_MEMBERS)
    files = diagnosis_files(plan, patient.address, tmp_path)
    member, patient_wallet = opened(patient, "/member?lang=en")
    member.wait_for_selector("#file-section:not([hidden])")
    member.set_input_files("#diagnosis-file", str(files.diagnosis))
    member.set_input_files("#document-file", str(files.document))
    member.set_input_files("#salt-file", str(files.salt))
    effect = previewed(member, "#file-form")
    steps = member.locator("#preview-steps li")
    assert steps.count() == 3 and "Sign in" in steps.nth(0).inner_text()
    assert "severe condition" in effect
    claim_id = int(claims.functions.claim_count().call()) + 1
    outcome = confirmed(member)
    assert int(claims.functions.claim_count().call()) == claim_id
    assert f"claim #{claim_id}" in outcome
    record = actions.claim_record(claims, claim_id)
    assert (record.patient, record.status) == (patient.address, ClaimStatus.FILED)
    benefit = record.benefit
    assert patient_wallet.asked.count("personal_sign") == 1  # the sign-in, for the upload
    committed = json.loads(files.diagnosis.read_text())["message"]["document"]
    meta = member.request.get(f"{site.url}/api/documents/{committed}/meta").json()
    assert (meta["kind"], meta["claim_id"]) == ("diagnosis", claim_id)
    site.wait_for("/api/operator/queue",
                  lambda q: claim_id in {c["claim_id"] for c in q["review"]})  # fmt: skip

    # -- the operator accepts it on its desk; the served keeper draws the panel -----------------
    desk, _ = opened(dev_roles().operator, "/operator?lang=en")
    desk.wait_for_selector("#review-form:not([hidden])")
    desk.wait_for_selector(f'#review-table tr[data-claim="{claim_id}"]')
    desk.select_option("#review-claim", str(claim_id))
    assert f"Claim #{claim_id} passes review" in previewed(desk, "#review-form")
    confirmed(desk)
    panel = drawn_by_keeper(site, claim_id)
    assert actions.claim_record(claims, claim_id).status is ClaimStatus.WITNESSING

    # -- each drawn witness approves with its visit report on the witness page -----------------
    for slot, address in enumerate(panel):
        witness, _ = opened(witness_key(address), "/witness?lang=en")
        item = f'li.assignment[data-claim="{claim_id}"]'
        witness.wait_for_selector(f"{item} form.report-form")
        report = tmp_path / f"visit-{slot}.txt"
        report.write_text(f"Visit for claim {claim_id}, slot {slot}: the patient was seen.\n" * 8)
        witness.check(f"{item} input[value=approve]")
        witness.set_input_files(f"{item} input[type=file]", str(report))
        effect = previewed(witness, f"{item} form")
        assert f"Approve claim #{claim_id}" in effect
        confirmed(witness)
        witness.wait_for_selector(f'{item}[data-verdict="approved"]')
        assert actions.slot(claims, claim_id, slot)[::2] == (address, APPROVED)
    site.wait_for(f"/api/claims/{claim_id}", lambda t: t["claim"]["status"] == "notice")

    # -- a supervisor objects during the notice with its evidence ---------------------------
    supervisor = outsider(plan, f"supervisor/{tmp_path.name}", tokens=10 * TOKEN)
    stake = int(plan.config.functions.objection_stake().call())
    evidence = tmp_path / "evidence.txt"
    evidence.write_bytes(b"A discharge note that looks edited; please check the dates.\n" * 20)
    evidence_hash = "0x" + keccak(evidence.read_bytes()).hex()
    watch, _ = opened(supervisor, "/supervisor?lang=en")
    watch.wait_for_selector(f'#notice-table tr[data-claim="{claim_id}"] .countdown')
    watch.select_option("#object-claim", str(claim_id))
    watch.set_input_files("#object-evidence", str(evidence))
    watch.wait_for_selector(f"#object-evidence-hash:text('{evidence_hash}')")
    effect = previewed(watch, "#object-form")
    assert f"You stake {tokens(stake, 6)} tUSD against claim #{claim_id}" in effect
    confirmed(watch)
    assert actions.claim_record(claims, claim_id).status is ClaimStatus.DISPUTED
    site.wait_for(f"/api/claims/{claim_id}", lambda t: t["claim"]["status"] == "disputed")

    # -- the operator dismisses it: the stake is its fee and the claim is queued ---------------
    desk.reload()
    desk.click("#connect")
    desk.wait_for_selector(f'#disputes-table tr[data-claim="{claim_id}"]')
    desk.wait_for_selector("#rule-form:not([hidden])")
    desk.select_option("#rule-claim", str(claim_id))
    desk.check('#rule-form input[value="dismissed"]')
    ruling = "Ruling: the discharge note matches the hospital's record; the objection fails."
    desk.fill("#rule-reason", ruling)
    assert desk.inner_text("#rule-hash") == "0x" + keccak(text=ruling).hex()
    previewed(desk, "#rule-form")
    confirmed(desk)
    assert actions.claim_record(claims, claim_id).status is ClaimStatus.QUEUED
    watch.reload()
    watch.click("#connect")
    case = watch.locator(f'#cases-table tr[data-claim="{claim_id}"]')
    case.wait_for()
    assert "Dismissed" in case.inner_text() or "dismissed" in case.inner_text()

    # -- the clock reaches the settlements; the served keeper settles until it is funded -------
    period_before = int(pool.functions.period().call())
    for _ in range(SETTLEMENTS):
        due = int(pool.functions.next_settlement().call())
        settled = int(pool.functions.period().call())
        increase_time(plan.w3, max(due - int(plan.w3.eth.get_block("latest")["timestamp"]), 0) + 1)
        until(lambda p=settled: int(pool.functions.period().call()) > p, "the keeper to settle")
        if actions.payout_ready(pool, claim_id):
            break
    assert actions.payout_ready(pool, claim_id), "the keeper's settlements never funded the claim"
    period = int(pool.functions.period().call())
    assert period > period_before
    (funding,) = [
        log for log in pool.events.PeriodSettled().get_logs(from_block=0)
        if int(log.args.period) == period
    ]  # fmt: skip
    stats = site.wait_for("/api/stats", lambda s: int(s["period"]) == period)
    assert int(stats["period"]) == period

    # the dashboard shows the period that funded it, with its share and transaction
    dashboard, _ = opened(None, "/?lang=en")
    newest = dashboard.locator("#periods tbody tr").first
    assert newest.locator("th").inner_text() == str(period)
    assert funding.transactionHash.to_0x_hex()[:10] in newest.inner_html()
    assert tokens(int(funding.args.share), 6) in newest.inner_text()

    # -- the patient pulls the payout on the member page ------------------------------------
    balance = plan.token.functions.balanceOf(patient.address).call()
    left = actions.member_status(plan, patient.address).balance  # refunded with the benefit
    member.reload()
    member.click("#connect")
    item = member.locator(f'#my-claims li[data-claim="{claim_id}"]')
    item.locator("button.pull").click()
    member.wait_for_selector("#preview:not([hidden])")
    effect = member.inner_text("#preview-effect")
    assert f"payout of {tokens(benefit, 6)} tUSD" in effect
    assert f"left of your deposit, {tokens(left, 6)} tUSD" in effect
    confirmed(member)
    (pulled,) = pool.events.PayoutPulled().get_logs(
        from_block=0, argument_filters={"claim_id": claim_id}
    )
    assert (pulled.args.amount, pulled.args.refund) == (benefit, left)
    assert plan.token.functions.balanceOf(patient.address).call() == balance + benefit + left
    site.wait_for(f"/api/claims/{claim_id}", lambda t: t["claim"]["status"] == "paid")
    item.locator("button.pull").wait_for(state="detached")

    # the claim's page tells the whole story, each step with its transaction
    story, _ = opened(None, f"/claims/{claim_id}?lang=en")
    text = story.inner_text("main")
    for said in ("Filed", "Objection", "Ruling", "Paid"):
        assert said.lower() in text.lower(), said
    events = [step["event"] for step in site.get(f"/api/claims/{claim_id}")["steps"]]
    assert events[0] == "ClaimFiled" and events.count("WitnessReported") == 3
