"""The public pages over the demo's index, in both languages, as plain HTTP."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lashou.chain.deploy import dev_roles
from lashou.chain.governance import schedule
from lashou.chain.tx import revert, snapshot
from lashou.indexer import models as m
from lashou.indexer import queries
from lashou.sim.scenario import Demo
from lashou.web.pages import tokens

LANGS = [("zh-CN", "在保会员"), ("en", "Members covered")]


def _index(engine: Engine) -> Session:
    return Session(engine)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(("lang", "label"), LANGS)
def test_dashboard__shows_the_index_in_each_language(
    client: TestClient, index_engine: Engine, lang: str, label: str
) -> None:
    page = client.get("/", params={"lang": lang})
    assert page.status_code == 200 and f'<html lang="{lang}">' in page.text and label in page.text
    with _index(index_engine) as s:
        stats, periods = queries.plan_stats(session=s), queries.periods(session=s)
        tiers, waiting = queries.tiers(session=s), queries.members_waiting(session=s)
    assert f'data-field="members_active">{stats.members_active}<' in page.text
    assert f'data-field="members_lapsed">{stats.members_lapsed}<' in page.text
    assert f'data-field="members_waiting">{waiting}<' in page.text
    assert f'data-field="reserve">{tokens(stats.reserve, 6)}<' in page.text
    assert f'data-field="benefits_paid">{tokens(stats.benefits_paid, 6)}<' in page.text
    assert page.text.count('class="bar"') == len(periods) == stats.period > 0
    latest = periods[0]
    for tier in tiers:  # what each tier paid in the latest period: weight × share
        assert tokens(tier.weight * latest.share, 6) in page.text
    assert latest.tx_hash in page.text


def test_dashboard__language_stays_in_a_cookie(client: TestClient) -> None:
    assert "Members covered" in client.get("/?lang=en").text
    assert client.cookies.get("lashou_lang") == "en"
    again = client.get("/claims")
    assert '<html lang="en">' in again.text and "Claims board" in again.text
    assert "互助公示" in client.get("/claims?lang=zh-CN").text


def test_dashboard__without_a_choice_is_chinese(client: TestClient) -> None:
    page = client.get("/")
    assert '<html lang="zh-CN">' in page.text and 'href="/?lang=en"' in page.text


def _claims(engine: Engine) -> list[m.Claim]:
    with _index(engine) as s:
        return list(s.scalars(select(m.Claim)))


def _private(engine: Engine) -> set[str]:
    """Patients' addresses and document commitments: never on a public page."""
    with _index(engine) as s:
        filed = [json.loads(e.args) for e in s.scalars(select(m.Event))]
    found = {str(a[k]).lower() for a in filed for k in ("patient", "document") if k in a}
    found |= {str(a[k]).lower() for a in filed for k in ("evidence_hash", "report_hash") if k in a}
    return found - {"0x" + "00" * 32}


@pytest.mark.parametrize(("lang", "heading"), [("zh-CN", "已赔付"), ("en", "Paid")])
def test_claims__board_lists_paid_rejected_and_cases_masked(
    client: TestClient, index_engine: Engine, lang: str, heading: str
) -> None:
    page = client.get("/claims", params={"lang": lang})
    assert page.status_code == 200 and f'id="h-paid">{heading}' in page.text
    claims = _claims(index_engine)
    paid = [c for c in claims if c.status == "paid"]
    rejected = [c for c in claims if c.status == "rejected"]
    assert paid and rejected
    for c in claims:  # a paid claim links its payout, the others their filing
        assert f'href="/claims/{c.claim_id}"' in page.text
        assert (c.paid_tx if c.status in ("paid", "fraud") else c.filed_tx) in page.text
    with _index(index_engine) as s:
        cases = queries.fraud_cases(session=s)
    assert cases and all(case.opened_tx in page.text for case in cases)
    assert page.text.count("<tr data-claim=") == len(claims)
    lowered = page.text.lower()
    assert not [secret for secret in _private(index_engine) if secret in lowered]


def _found_out_after_payout(engine: Engine) -> m.Claim:
    (claim,) = [c for c in _claims(engine) if c.status == "fraud"]
    return claim


@pytest.mark.parametrize(
    ("lang", "heading", "label"),
    [("zh-CN", "已认定欺诈", "已认定欺诈"), ("en", "Fraud confirmed", "fraud confirmed")],
)
def test_claims__fraud_found_after_payout_is_listed_as_fraud_with_paid_and_recovered(
    client: TestClient, index_engine: Engine, lang: str, heading: str, label: str
) -> None:
    claim = _found_out_after_payout(index_engine)
    with _index(index_engine) as s:
        (case,) = [c for c in queries.fraud_cases(session=s) if c.claim_id == claim.claim_id]
    assert claim.paid_at is not None and case.recovered > 0
    page = client.get("/claims", params={"lang": lang}).text
    section = page[page.index('id="fraud"') : page.index('id="rejected"')]
    assert f'id="h-fraud">{heading}' in section
    row = section[section.index(f'data-claim="{claim.claim_id}"') :].split("</tr>")[0]
    assert f"<td>{label}</td>" in row and claim.paid_tx in row
    assert f'data-field="paid_amount">{tokens(claim.benefit, 6)}<' in row
    assert f'data-field="recovered">{tokens(case.recovered, 6)}<' in row
    paid = page[page.index('id="paid"') : page.index('id="fraud"')]
    assert f'data-claim="{claim.claim_id}"' not in paid


@pytest.mark.parametrize(("lang", "label"), [("zh-CN", "已认定欺诈"), ("en", "fraud confirmed")])
def test_claim__found_out_after_payout_shows_fraud_paid_and_recovered(
    client: TestClient, index_engine: Engine, lang: str, label: str
) -> None:
    claim = _found_out_after_payout(index_engine)
    with _index(index_engine) as s:
        (case,) = [c for c in queries.fraud_cases(session=s) if c.claim_id == claim.claim_id]
    page = client.get(f"/claims/{claim.claim_id}", params={"lang": lang}).text
    summary = page[page.index('id="summary"') : page.index("</dl>")]
    assert f"<dd>{label}</dd>" in summary
    assert f'data-field="paid_amount">{tokens(claim.benefit, 6)}<' in summary
    assert f'data-field="recovered">{tokens(case.recovered, 6)}<' in summary
    assert 'id="fraud-note"' in page


def test_claim__paid_claim_shows_no_fraud(client: TestClient, index_engine: Engine) -> None:
    claim = next(c for c in _claims(index_engine) if c.status == "paid")
    page = client.get(f"/claims/{claim.claim_id}", params={"lang": "en"}).text
    assert "<dd>paid</dd>" in page and 'id="fraud-note"' not in page
    assert 'data-field="recovered"' not in page


def test_claims_api__fraud_found_after_payout_says_fraud_with_paid_and_recovered(
    client: TestClient, index_engine: Engine
) -> None:
    claim = _found_out_after_payout(index_engine)
    (body,) = client.get("/api/claims", params={"status": "fraud"}).json()
    assert (body["claim_id"], body["status"], body["paid_tx"]) == (
        claim.claim_id,
        "fraud",
        claim.paid_tx,
    )
    assert body["paid_amount"] == claim.benefit and body["recovered"] > 0
    timeline = client.get(f"/api/claims/{claim.claim_id}").json()["claim"]
    assert timeline == body
    paid = client.get("/api/claims", params={"status": "paid"}).json()
    assert paid and claim.claim_id not in {c["claim_id"] for c in paid}
    assert {c["recovered"] for c in paid} == {0}
    assert all(c["paid_amount"] == c["benefit"] for c in paid)


@pytest.mark.parametrize(("lang", "title"), [("zh-CN", "全过程"), ("en", "Timeline")])
def test_claim__timeline_with_tx_hashes_and_verify_panel(
    client: TestClient, index_engine: Engine, demo: Demo, lang: str, title: str
) -> None:
    claim = next(c for c in _claims(index_engine) if c.status == "paid")
    page = client.get(f"/claims/{claim.claim_id}", params={"lang": lang})
    assert page.status_code == 200 and title in page.text
    with _index(index_engine) as s:
        timeline = queries.claim_timeline(session=s, claim_id=claim.claim_id)
    assert timeline is not None and len(timeline.steps) > 5
    assert page.text.count("<li data-event=") == len(timeline.steps)
    for step in timeline.steps:
        assert f'href="/tx/{step.tx_hash}"' in page.text
    assert {"ClaimFiled", "WitnessReported", "NoticeStarted", "PayoutPulled"} <= {
        s.event for s in timeline.steps
    }
    for seat in timeline.panel:
        assert seat.witness in page.text
    plan = demo.world.plan
    assert "lashou verify" in page.text and str(plan.contract("claims").address) in page.text
    assert f"0x{claim.claim_id:064x}" in page.text
    lowered = page.text.lower()
    assert not [secret for secret in _private(index_engine) if secret in lowered]


@pytest.mark.parametrize(
    ("lang", "text"), [("zh-CN", "索引中没有申请 #999"), ("en", "Claim #999 is not in the index")]
)
def test_claim__unknown_id_is_404_in_each_language(
    client: TestClient, lang: str, text: str
) -> None:
    page = client.get("/claims/999", params={"lang": lang})
    assert page.status_code == 404 and text in page.text and f'<html lang="{lang}">' in page.text


@pytest.mark.parametrize("claim_id", ["0", "abc", "9" * 30, "%D9%A1", "1_0", "%201", "+1"])
def test_claim__malformed_id_is_404(client: TestClient, claim_id: str) -> None:
    assert client.get(f"/claims/{claim_id}").status_code == 404


def test_tx__lists_the_plan_events_of_a_transaction(
    client: TestClient, index_engine: Engine
) -> None:
    claim = _claims(index_engine)[0]
    page = client.get(f"/tx/{claim.filed_tx}?lang=en")
    assert page.status_code == 200 and "Claim filed" in page.text
    assert f'href="/claims/{claim.claim_id}"' in page.text
    assert client.get("/tx/0x" + "ab" * 32).status_code == 404
    assert client.get("/tx/nothing").status_code == 404


@pytest.mark.parametrize(("lang", "none"), [("zh-CN", "当前没有排期中的修改"), ("en", "No change")])
def test_rules__parameters_tiers_and_no_pending_change(
    client: TestClient, index_engine: Engine, lang: str, none: str
) -> None:
    page = client.get("/rules", params={"lang": lang})
    assert page.status_code == 200 and none in page.text
    with _index(index_engine) as s:
        params, tiers = queries.parameters(session=s), queries.tiers(session=s)
    text = _text(page.text)
    assert f"{tokens(params['cap'], 6)} USDL" in text
    assert ("90 天" if lang == "zh-CN" else "90 days") in text  # the waiting period
    assert page.text.count("data-parameter=") == len(params)
    for tier in tiers:
        assert tokens(tier.benefit, 6) in text


def test_rules__a_scheduled_change_shows_with_its_date(client: TestClient, demo: Demo) -> None:
    plan, sender = demo.world.plan, demo.world.sender
    snap = snapshot(plan.w3)
    try:
        op = schedule(plan, sender, dev_roles().governance,
                      plan.config.functions.set_parameter("cap", 12_000_000))  # fmt: skip
        page = client.get("/rules?lang=en")
        assert "No change is scheduled" not in page.text
        assert "0x" + op.id.hex() in page.text and f'data-epoch="{op.ready_at}"' in page.text
        assert "set_parameter" in page.text and "12000000" in page.text
    finally:
        revert(plan.w3, snap)
        sender.reset()
