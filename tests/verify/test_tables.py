"""`lashou verify` compares every table of the index database, row by row, with a fresh index of
the chain's events: any value the API or the pages publish that the events do not imply is named
by its table, key and column, and a row deleted or added by its table and key."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from lashou.indexer import models as m
from lashou.indexer.follow import Indexer
from lashou.verify.tables import check_tables, key_columns, read_transaction

pytestmark = pytest.mark.e2e

TABLES = {table.name: table for table in m.Base.metadata.sorted_tables}
FIRST_DISPUTE = "rowid = (SELECT MIN(rowid) FROM disputes)"
RECOVERED_DISPUTE = "rowid = (SELECT MIN(rowid) FROM disputes WHERE recovered > 0)"
BUSY_WITNESS = "address = (SELECT address FROM witnesses ORDER BY fees_accrued DESC LIMIT 1)"
REPORTED_SEAT = "rowid = (SELECT MIN(rowid) FROM assignments WHERE report_hash IS NOT NULL)"
CLAIM_FILED = "id = (SELECT MIN(id) FROM events WHERE name = 'ClaimFiled')"
PAID_CLAIM = "claim_id = (SELECT MIN(claim_id) FROM claims WHERE paid_tx IS NOT NULL)"

# (table, column, new value, which row): each edit touches one row
EDITS = [
    ("claims", "benefit", "benefit + 1", PAID_CLAIM),
    ("claims", "patient", "'0x000000000000000000000000000000000000dEaD'", PAID_CLAIM),
    ("claims", "province", "province + 1", PAID_CLAIM),
    ("claims", "tier", "1 - tier", PAID_CLAIM),
    ("claims", "filed_tx", "paid_tx", PAID_CLAIM),
    ("claims", "paid_tx", "filed_tx", PAID_CLAIM),
    ("claims", "filed_at", "filed_at - 86400", PAID_CLAIM),
    ("claims", "approvals", "approvals - 1", PAID_CLAIM),
    ("periods", "share", "share + 1", "period = 1"),
    ("periods", "collected", "collected + 1", "period = 1"),
    ("periods", "tx_hash", "(SELECT tx_hash FROM periods WHERE period = 2)", "period = 1"),
    ("disputes", "reward", "reward + 1", FIRST_DISPUTE),
    ("disputes", "status", "CASE status WHEN 'fraud' THEN 'dismissed' ELSE 'fraud' END",
     FIRST_DISPUTE),
    ("disputes", "recovered", "recovered - 1", RECOVERED_DISPUTE),
    ("witnesses", "fees_accrued", "fees_accrued + 1", BUSY_WITNESS),
    ("witnesses", "fees_pulled", "fees_pulled - 1", BUSY_WITNESS),
    ("witnesses", "approvals", "approvals + 1", BUSY_WITNESS),
    ("witnesses", "slashed", "slashed + 1", BUSY_WITNESS),
    ("assignments", "verdict", "CASE verdict WHEN 'approved' THEN 'rejected' ELSE 'approved' END",
     REPORTED_SEAT),
    ("assignments", "report_hash", "'0x' || printf('%064d', 7)", REPORTED_SEAT),
    ("events", "args", "'{}'", CLAIM_FILED),
    ("events", "tx_hash", "block_hash", CLAIM_FILED),
    ("tiers", "benefit", "benefit * 2", "tier = 0"),
    ("parameters", "value", "value + 1", "name = 'notice_period'"),
    ("memberships", "left_tx", "joined_tx",
     "membership_id = (SELECT MIN(membership_id) FROM memberships WHERE status = 'exited')"),
    ("crossings", "index", "\"index\" + 1", "rowid = (SELECT MIN(rowid) FROM crossings)"),
    ("blocks", "hash", "'0x' || printf('%064d', 9)",
     "number = (SELECT MAX(block_number) FROM events)"),
    ("sync_state", "seed", "'{\"parameters\": {}, \"tiers\": {}}'", "id = 1"),
]  # fmt: skip

# (table, which row): each deletion takes one row
DELETIONS = [
    ("events", "id = (SELECT MAX(id) FROM events WHERE name = 'PeriodSettled')"),
    ("memberships", "membership_id = (SELECT MIN(membership_id) FROM memberships"
     " WHERE status IN ('exited', 'paid'))"),
    ("claims", "claim_id = (SELECT MIN(claim_id) FROM claims"
     " WHERE claim_id NOT IN (SELECT claim_id FROM assignments))"),
    ("tiers", "tier = 1"),
    ("parameters", "name = 'cap'"),
    ("periods", "period = (SELECT MAX(period) FROM periods)"),
    ("disputes", FIRST_DISPUTE),
    ("assignments", REPORTED_SEAT),
    ("blocks", "number = (SELECT MIN(block_number) FROM events)"),
]  # fmt: skip


def _key(indexed, table: str, where: str) -> str:
    """How the report names the one row `where` picks: table and key."""
    names = key_columns(TABLES[table])
    columns = [TABLES[table].c[name] for name in names]
    with indexed.engine.connect() as connection:
        (row,) = connection.execute(select(*columns).where(text(where))).all()
    return f"{table} " + " ".join(f"{n}={v}" for n, v in zip(names, row, strict=True))


def _differences(run_verify, indexed) -> list[dict[str, str]]:
    result = run_verify("--database-url", indexed.url, "--json")
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)["differences"]


@pytest.mark.parametrize(
    ("table", "column", "value", "where"), EDITS, ids=[f"{t}.{c}" for t, c, _, _ in EDITS]
)
def test_verify__names_the_table_key_and_column_of_an_edit(
    indexed, run_verify, table, column, value, where
):
    what = f"{_key(indexed, table, where)} {column}"
    with indexed.engine.connect() as connection:
        (before,) = connection.execute(select(TABLES[table].c[column]).where(text(where))).one()
    indexed.tamper(f'UPDATE {table} SET "{column}" = {value} WHERE {where}')
    found = [d for d in _differences(run_verify, indexed) if d["what"] == what]
    assert len(found) == 1, what
    assert found[0]["source"] == "index database"
    assert found[0]["expected"] == ("-" if before is None else str(before)) != found[0]["found"]


@pytest.mark.parametrize(("table", "where"), DELETIONS, ids=[t for t, _ in DELETIONS])
def test_verify__names_a_deleted_row(indexed, run_verify, table, where):
    what = _key(indexed, table, where)
    indexed.tamper(f"DELETE FROM {table} WHERE {where}")
    differences = _differences(run_verify, indexed)
    assert {"what": what, "source": "index database", "expected": "a row", "found": "none"} in (
        differences
    )


def test_verify__names_a_row_the_events_do_not_imply(indexed, run_verify):
    indexed.tamper("INSERT INTO tiers (tier, benefit, weight) VALUES (5, '1000000', 2)")
    differences = _differences(run_verify, indexed)
    assert differences == [
        {"what": "tiers tier=5", "source": "index database", "expected": "none", "found": "a row"}
    ]


def test_check_tables__an_honest_index_has_no_difference_in_any_table(lived, make_engine):
    engine = make_engine()
    Indexer(lived.plan.w3, lived.plan.deployment, engine=engine, batch_blocks=7).run_once()
    found, differences = check_tables(lived.plan, engine)
    assert differences == []
    assert set(found.rows) == set(TABLES)
    assert all(found.rows.values())  # the demo leaves a row in every table
    assert found.checkpoint == lived.plan.w3.eth.block_number


def test_read_transaction__sees_one_state_while_the_indexer_writes(lived, make_engine):
    engine = make_engine()
    indexer = Indexer(lived.plan.w3, lived.plan.deployment, engine=engine)
    indexer.run_once(until=lived.plan.deployment.block + 40)
    events = select(func.count()).select_from(m.Event)
    with read_transaction(engine) as connection:
        before = connection.execute(events).scalar_one()
        indexer.run_once()
        assert connection.execute(events).scalar_one() == before
    with engine.connect() as connection:
        assert connection.execute(events).scalar_one() > before


def test_check_tables__an_index_of_another_plan_is_one_sentence(indexed, run_verify):
    indexed.tamper("UPDATE sync_state SET deployment_hash = '0x' || printf('%064d', 1)")
    result = run_verify("--database-url", indexed.url)
    assert result.exit_code == 1
    assert "follows another plan" in result.output and "--database-url" in result.output
    assert "Traceback" not in result.output


def test_read_tables__an_empty_index_is_one_sentence(indexed, run_verify):
    indexed.tamper("DELETE FROM sync_state")
    result = run_verify("--database-url", indexed.url)
    assert result.exit_code == 1 and "The index database is empty" in result.output
