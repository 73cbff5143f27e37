"""The supervisor and operator pages in a real browser, each person with its own test wallet,
against `lashou serve` on anvil: keccak.js against Python's keccak, the operator's review, an
objection upheld as fraud (the witnesses slashed, the supervisor refunded and rewarded), a
recovery after a declined signature, a fraud report on a paid claim dismissed (the stake the
operator's fee, which it collects), an arbitration, and the refusals before any wallet is asked.
Claims are staged with the covered demo members skip=6 (accepted), skip=7 (rejected), skip=8
(objected to, then ruled fraud) and skip=3 (rejected by a witness, then arbitrated)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eth_utils.crypto import keccak

from lashou import actions
from lashou.actions import ClaimStatus
from lashou.chain.deploy import dev_roles
from lashou.chain.tx import Sender
from lashou.web.pages import tokens
from tests.service.conftest import Served
from tests.web.people import outsider
from tests.web.stages import Stages, witness_key
from tests.web.steps import Opener, confirmed, connect, previewed
from tests.web.wallet import InjectedWallet

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
TOKEN = 10**6
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIGNING = ("personal_sign", "eth_sendTransaction")
FRAUD, DISMISSED = 2, 3  # dispute_book.vy outcomes of a ruled case


def refusal(page: Any, form: str) -> str:
    node = page.locator(f"{form} .form-error")
    node.wait_for()
    return str(node.inner_text())


def fits_a_phone(page: Any) -> bool:
    """The page, as it is now, is no wider than a 375 px screen."""
    page.set_viewport_size({"width": 375, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1000, "height": 1000})
    return bool(width <= 375)


def signed(wallet: InjectedWallet) -> list[str]:
    return [method for method in wallet.asked if method in SIGNING]


def hex32(value: bytes) -> str:
    return "0x" + value.hex()


# -- keccak.js ------------------------------------------------------------------------------


def test_keccak__agrees_with_python_for_every_input(site: Served, browser: Any) -> None:
    texts = [
        "", "abc", "拉手互助：公示期内对申请提出异议，证据另附。", "a" * 135, "a" * 136,
        "拉" * 45, "拉" * 45 + "a", "x" * 1000, "拉" * 333 + "a",
    ]  # fmt: skip
    sizes = [len(text.encode()) for text in texts]
    assert sizes[3:] == [135, 136, 135, 136, 1000, 1000]
    data = list(range(256)) * 2
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site.url + "/operator?lang=en")
        hashed = page.evaluate("texts => texts.map((t) => window.lashouKeccak(t))", texts)
        of_bytes = page.evaluate("b => window.lashouKeccak.bytes(new Uint8Array(b))", data)
    finally:
        context.close()
    assert hashed == [hex32(keccak(text=text)) for text in texts]
    assert of_bytes == hex32(keccak(bytes(data)))


# -- the operator's review ------------------------------------------------------------------


def test_operator_page__accepts_a_claim_and_rejects_another_with_a_reason(
    site: Served, opened: Opener, tmp_path: Path
) -> None:
    plan = site.plan()
    claims = plan.contract("claims")
    stages = Stages(site, tmp_path)
    accepted, rejected = stages.filed(skip=6).claim_id, stages.filed(skip=7).claim_id

    def in_review(queue: dict[str, Any]) -> bool:
        return {accepted, rejected} <= {c["claim_id"] for c in queue["review"]}

    site.wait_for("/api/operator/queue", in_review)
    page, wallet = opened(dev_roles().operator, "/operator?lang=en")
    page.wait_for_selector("#review-form:not([hidden])")
    row = page.locator(f'#review-table tr[data-claim="{accepted}"]')
    assert " d " in row.locator(".countdown").inner_text()  # time left to decide
    assert page.locator("#not-operator").is_hidden()
    assert fits_a_phone(page)

    page.select_option("#review-claim", str(accepted))
    effect = previewed(page, "#review-form")
    assert f"Claim #{accepted} passes review" in effect and "No tokens move" in effect
    assert signed(wallet) == []
    confirmed(page)
    assert actions.claim_record(claims, accepted).status in (
        ClaimStatus.DRAWING, ClaimStatus.WITNESSING
    )  # fmt: skip
    row.wait_for(state="detached")

    # rejecting needs a reason, refused beside the form before the wallet is asked
    page.select_option("#review-claim", str(rejected))
    page.check('#review-form input[value="reject"]')
    page.click("#review-form button[type=submit]")
    assert "Write the reason" in refusal(page, "#review-form")
    reason = "诊断日期早于首次就诊日期 / the diagnosis predates the first consultation."
    page.fill("#review-reason", reason)
    assert page.inner_text("#review-hash") == hex32(keccak(text=reason))
    effect = previewed(page, "#review-form")
    assert f"Claim #{rejected} is rejected at review" in effect
    assert hex32(keccak(text=reason)) in effect and "publish its text" in effect
    confirmed(page)
    assert actions.claim_record(claims, rejected).status is ClaimStatus.REJECTED
    (log,) = claims.events.ClaimRejected().get_logs(
        from_block=0, argument_filters={"claim_id": rejected}
    )
    assert log.args.reason_hash == keccak(text=reason)
    assert len(wallet.sent) == 2 and signed(wallet) == ["eth_sendTransaction"] * 2


# -- an objection, ruled fraud, and the supervisor's withdrawal --------------------------------


def test_objection__upheld_slashes_the_witnesses_and_the_supervisor_withdraws_stake_and_reward(
    site: Served, opened: Opener, tmp_path: Path
) -> None:
    plan = site.plan()
    claims, disputes = plan.contract("claims"), plan.contract("disputes")
    registry = plan.contract("witnesses")
    staged = Stages(site, tmp_path).under_notice(skip=8)
    claim_id = staged.claim_id
    supervisor = outsider(plan, f"supervisor/{tmp_path.name}", tokens=10 * TOKEN)
    stake = int(plan.config.functions.objection_stake().call())
    bond = int(plan.config.functions.witness_bond().call())
    benefit = actions.claim_record(claims, claim_id).benefit
    reward = min(benefit * int(plan.config.functions.reward_bps().call()) // 10_000, 3 * bond)
    evidence = tmp_path / "ledger.txt"
    evidence.write_bytes(b"Ledger of a synthetic clinic, visits that never happened.\n" * 30)
    evidence_hash = hex32(keccak(evidence.read_bytes()))

    page, wallet = opened(supervisor, "/supervisor?lang=en")
    page.wait_for_selector(f'#notice-table tr[data-claim="{claim_id}"] .countdown')
    page.select_option("#object-claim", str(claim_id))
    page.set_input_files("#object-evidence", str(evidence))
    page.wait_for_selector(f"#object-evidence-hash:text('{evidence_hash}')")
    effect = previewed(page, "#object-form")
    steps = [page.locator("#preview-steps li").nth(i).inner_text() for i in range(4)]
    assert "Sign in" in steps[0] and "Upload the evidence" in steps[1]
    assert "Let the disputes contract take" in steps[2] and "Object to claim" in steps[3]
    assert f"You stake {tokens(stake, 6)} tUSD against claim #{claim_id}" in effect
    assert evidence_hash in effect and f"up to {tokens(reward, 6)} tUSD" in effect
    assert "If dismissed: your stake goes to the operator" in effect
    assert signed(wallet) == []
    confirmed(page)
    assert actions.claim_record(claims, claim_id).status is ClaimStatus.DISPUTED
    assert plan.token.functions.balanceOf(supervisor.address).call() == 10 * TOKEN - stake
    mine = page.locator(f'#cases-table tr[data-claim="{claim_id}"]')
    mine.wait_for()
    assert "disputed" in mine.inner_text() and "Waiting for the operator" in mine.inner_text()
    meta = page.request.get(f"{site.url}/api/documents/{evidence_hash}/meta").json()
    assert (meta["kind"], meta["claim_id"]) == ("evidence", claim_id)

    # the operator rules fraud: each approving witness loses a bond, the reward is kept
    operator, _ = opened(dev_roles().operator, "/operator?lang=en")
    operator.wait_for_selector(f'#disputes-table tr[data-claim="{claim_id}"]')
    stakes_before = [registry.functions.witness(w).call()[4] for w in staged.witnesses]
    pool_before = plan.token.functions.balanceOf(plan.contract("pool").address).call()
    ruling = "Ruling: the clinic's ledger shows no visit; fraud confirmed."
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("zh-CN", "en"):
        connect(operator, f"{site.url}/operator?lang={lang}", dev_roles().operator)
        operator.wait_for_selector("#rule-form:not([hidden])")
        operator.select_option("#rule-claim", str(claim_id))
        operator.check('#rule-form input[value="fraud"]')
        operator.fill("#rule-reason", ruling)
        assert operator.inner_text("#rule-hash") == hex32(keccak(text=ruling))
        operator.screenshot(path=str(SHOTS / f"operator-{lang}.png"), full_page=True)
    effect = previewed(operator, "#rule-form")
    assert f"Claim #{claim_id} is rejected and never paid" in effect and "barred" in effect
    assert f"up to {tokens(reward, 6)} tUSD" in effect and hex32(keccak(text=ruling)) in effect
    confirmed(operator)
    case = disputes.functions.cases(claim_id, 1).call()
    assert (case[1], case[5]) == (FRAUD, reward)  # outcome, reward
    assert actions.claim_record(claims, claim_id).status is ClaimStatus.REJECTED
    assert [registry.functions.witness(w).call()[4] for w in staged.witnesses] == [
        before - bond for before in stakes_before
    ]
    rest = 3 * bond - reward  # the slashed bonds beyond the reward go to the reserve
    assert plan.token.functions.balanceOf(plan.contract("pool").address).call() == (
        pool_before + rest
    )

    # the supervisor sees the outcome and withdraws its stake and the whole reward
    connect(page, f"{site.url}/supervisor?lang=en", supervisor)
    mine.locator("text=Fraud confirmed").wait_for()
    assert tokens(stake + reward, 6) in mine.inner_text()
    page.screenshot(path=str(SHOTS / "supervisor-en.png"), full_page=True)
    connect(page, f"{site.url}/supervisor?lang=zh-CN", supervisor)
    mine.locator("text=认定欺诈").first.wait_for()
    page.screenshot(path=str(SHOTS / "supervisor-zh-CN.png"), full_page=True)
    connect(page, f"{site.url}/supervisor?lang=en", supervisor)
    mine.locator("button").click()
    page.wait_for_selector("#preview:not([hidden])")
    assert tokens(stake + reward, 6) in page.inner_text("#preview-facts")
    confirmed(page)
    assert plan.token.functions.balanceOf(supervisor.address).call() == 10 * TOKEN + reward
    record = disputes.functions.supervisor(claim_id, supervisor.address).call()
    assert (record[1], record[4]) == (reward, True)  # reward received, stake refunded
    mine.locator("button").wait_for(state="detached")


# -- recoveries, and the refusals before any wallet is asked -----------------------------------


def test_operator_page__records_a_recovery_after_a_declined_signature(
    site: Served, opened: Opener
) -> None:
    plan = site.plan()
    operator = dev_roles().operator
    pool = plan.contract("pool").address
    (case, *_) = site.get("/api/operator/queue")["recoveries"]  # the demo's paid fraud
    page, wallet = opened(operator, "/operator?lang=en")
    page.wait_for_selector(f'#recoveries-table tr[data-claim="{case["claim_id"]}"]')
    page.select_option("#recovery-claim", str(case["claim_id"]))
    page.fill("#recovery-amount", "0.05")
    effect = previewed(page, "#recovery-form")
    assert f"0.05 tUSD recovered for claim #{case['claim_id']}" in effect
    before = [plan.token.functions.balanceOf(a).call() for a in (operator.address, pool)]

    wallet.refuse_next()
    page.click("#confirm")
    assert "You declined in the wallet" in refusal(page, "#outcome")
    assert [plan.token.functions.balanceOf(a).call() for a in (operator.address, pool)] == before
    assert wallet.sent == []

    page.fill("#recovery-amount", "0.05")
    previewed(page, "#recovery-form")
    confirmed(page)
    # the reward had reached its target: all of it goes to the pool's reserve
    assert [plan.token.functions.balanceOf(a).call() for a in (operator.address, pool)] == [
        before[0] - 50_000, before[1] + 50_000
    ]  # fmt: skip


def test_operator_page__another_account_reads_the_queue_and_is_never_asked(
    site: Served, opened: Opener
) -> None:
    queue = site.get("/api/operator/queue")
    stranger = outsider(site.plan(), "not-the-operator", tokens=TOKEN)
    page, wallet = opened(stranger, "/operator?lang=en")
    notice = page.locator("#not-operator")
    notice.wait_for()
    said = notice.inner_text()
    assert "not the plan's operator" in said and queue["operator"] in said
    assert page.locator("form.act:visible").count() == 0
    rows = page.locator("#recoveries-table tr[data-claim]")
    assert rows.count() == len(queue["recoveries"]) > 0
    connect(page, f"{site.url}/operator?lang=zh-CN", stranger)
    page.wait_for_selector("#not-operator:has-text('不是本计划的运营方')")
    assert signed(wallet) == []


def test_supervisor_page__the_operator_may_not_supervise_and_is_never_asked(
    site: Served, opened: Opener
) -> None:
    page, wallet = opened(dev_roles().operator, "/supervisor?lang=en")
    notice = page.locator("#not-supervisor")
    notice.wait_for()
    assert "This account is the plan's operator" in notice.inner_text()
    assert page.locator("#report-table tr[data-claim]").count() > 0  # there is something to report
    assert page.locator("#object-form").is_hidden() and page.locator("#report-form").is_hidden()
    connect(page, f"{site.url}/supervisor?lang=zh-CN", dev_roles().operator)
    page.wait_for_selector("#not-supervisor:has-text('这个账户是本计划的运营方')")
    assert page.locator("#report-form").is_hidden()
    assert signed(wallet) == []


def test_supervisor_page__another_account_sees_the_forms_and_no_refusal(
    site: Served, opened: Opener
) -> None:
    someone = outsider(site.plan(), "may-supervise", tokens=TOKEN)
    page, _ = opened(someone, "/supervisor?lang=en")
    page.wait_for_selector("#cases-section:not([hidden])")
    assert page.locator("#report-form").is_visible()
    assert page.locator("#not-supervisor").is_hidden()
    assert "has not objected or reported yet" in page.inner_text("#cases-total")


# -- a fraud report after the payout, dismissed: the stake becomes the operator's fee ---------


def test_fraud_report__dismissed_the_stake_is_the_operators_fee_and_it_collects_it(
    site: Served, opened: Opener, tmp_path: Path
) -> None:
    plan = site.plan()
    disputes = plan.contract("disputes")
    operator = dev_roles().operator
    stake = int(plan.config.functions.objection_stake().call())
    supervisor = outsider(plan, f"reporter/{tmp_path.name}", tokens=10 * TOKEN)
    evidence = tmp_path / "receipts.pdf"
    evidence.write_bytes(bytes(range(256)) * 40)
    evidence_hash = hex32(keccak(evidence.read_bytes()))

    page, wallet = opened(supervisor, "/supervisor?lang=en")
    paid = page.locator("#report-table tr[data-claim]", has_text="paid").first
    paid.wait_for()
    claim_id = int(paid.get_attribute("data-claim"))
    assert "d " in paid.locator(".countdown").inner_text()  # the report window still open
    page.select_option("#report-claim", str(claim_id))
    page.set_input_files("#report-evidence", str(evidence))
    page.wait_for_selector(f"#report-evidence-hash:text('{evidence_hash}')")
    assert fits_a_phone(page)
    effect = previewed(page, "#report-form")
    assert f"Claim #{claim_id} was paid" in effect and evidence_hash in effect
    assert f"You stake {tokens(stake, 6)} tUSD" in effect
    assert "Let the disputes contract take" in page.inner_text("#preview-steps")
    assert signed(wallet) == []
    confirmed(page)
    round_ = int(disputes.functions.rounds(claim_id).call())
    assert disputes.functions.cases(claim_id, round_).call()[1] == 1  # open
    (log,) = disputes.events.FraudReported().get_logs(
        from_block=0, argument_filters={"claim_id": claim_id, "supervisor": supervisor.address}
    )
    assert hex32(log.args.evidence_hash) == evidence_hash
    mine = page.locator(f'#cases-table tr[data-claim="{claim_id}"]')
    mine.locator("text=Waiting for the operator").wait_for()
    assert "fraud report" in mine.inner_text()

    # the operator dismisses: the claim stays paid, the stake is its investigation fee
    desk, _ = opened(operator, "/operator?lang=en")
    desk.wait_for_selector(f'#disputes-table tr[data-claim="{claim_id}"]')
    desk.wait_for_selector("#rule-form:not([hidden])")
    fees_before = int(disputes.functions.fees_owed().call())
    desk.select_option("#rule-claim", str(claim_id))
    desk.fill("#rule-reason", "Ruling: the receipts match the hospital's records; dismissed.")
    effect = previewed(desk, "#rule-form")
    assert "The case is dismissed" in effect and f"Paid claim #{claim_id} stays" in effect
    confirmed(desk)
    assert disputes.functions.cases(claim_id, round_).call()[1] == DISMISSED
    assert int(disputes.functions.fees_owed().call()) == fees_before + stake

    connect(page, f"{site.url}/supervisor?lang=en", supervisor)
    mine.locator("text=Dismissed").wait_for()
    assert mine.locator("button").count() == 0
    assert plan.token.functions.balanceOf(supervisor.address).call() == 10 * TOKEN - stake

    # and collects the fees after its preview
    connect(desk, f"{site.url}/operator?lang=en", operator)
    desk.wait_for_selector("#fees-form:not([hidden])")
    assert desk.inner_text("#fees-owed") == tokens(fees_before + stake, 6)
    before = plan.token.functions.balanceOf(operator.address).call()
    effect = previewed(desk, "#fees-form")
    assert f"{tokens(fees_before + stake, 6)} tUSD, come to your wallet" in effect
    assert tokens(fees_before + stake, 6) in desk.inner_text("#preview-facts")
    confirmed(desk)
    assert plan.token.functions.balanceOf(operator.address).call() == before + fees_before + stake
    assert int(disputes.functions.fees_owed().call()) == 0
    desk.wait_for_selector("#fees-form[hidden]", state="attached")


# -- arbitration of a claim a witness rejected ------------------------------------------------


def test_arbitration__the_operator_approves_with_its_reasoning_and_the_notice_opens(
    site: Served, opened: Opener, tmp_path: Path
) -> None:
    plan = site.plan()
    claims = plan.contract("claims")
    staged = Stages(site, tmp_path).drawn(skip=3)
    claim_id = staged.claim_id
    dissent = claims.functions.report(claim_id, False, keccak(text=f"visit, claim {claim_id}"))
    Sender(plan.w3).transact(dissent, witness_key(staged.witnesses[0]))
    site.wait_for("/api/operator/queue",
                  lambda q: claim_id in {c["claim_id"] for c in q["arbitration"]})  # fmt: skip

    page, wallet = opened(dev_roles().operator, "/operator?lang=en")
    row = page.locator(f'#arbitration-table tr[data-claim="{claim_id}"]')
    row.wait_for()
    assert "0 approved · 1 rejected" in row.inner_text() and " d " in row.inner_text()
    page.wait_for_selector("#arbitrate-form:not([hidden])")
    page.select_option("#arbitrate-claim", str(claim_id))
    page.click("#arbitrate-form button[type=submit]")
    assert "Write the reason" in refusal(page, "#arbitrate-form")
    reasoning = "仲裁：复核病历后维持申请 / the records bear the claim out."
    page.fill("#arbitrate-reason", reasoning)
    assert page.inner_text("#arbitrate-hash") == hex32(keccak(text=reasoning))
    effect = previewed(page, "#arbitrate-form")
    assert f"Claim #{claim_id} stands" in effect and hex32(keccak(text=reasoning)) in effect
    assert signed(wallet) == []
    confirmed(page)
    assert actions.claim_record(claims, claim_id).status is ClaimStatus.NOTICE
    (log,) = claims.events.ClaimArbitrated().get_logs(
        from_block=0, argument_filters={"claim_id": claim_id}
    )
    assert (log.args.approved, log.args.reason_hash) == (True, keccak(text=reasoning))
    row.wait_for(state="detached")
