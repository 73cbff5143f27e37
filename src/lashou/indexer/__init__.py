"""Events → SQL: the plan's contract events and the read model an API needs.

- `lashou.indexer.db`: the database (SQLite in the data folder, PostgreSQL by
  LASHOU_DATABASE_URL) and its migrations, run at start-up.
- `lashou.indexer.follow.Indexer`: follows the chain (`run_once`, `run`), resumable, idempotent
  and re-org safe.
- `lashou.indexer.queries`: the read side, returning the dataclasses of `lashou.indexer.views`.
"""
