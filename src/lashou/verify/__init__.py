"""`lashou verify`: the public state re-derived from the chain's events and checked.

- `lashou.verify.replay.Replay`: the events replayed into memory (the pool's totals, members,
  claims and stakes), with the indexer's event decoding but none of its storage.
- `lashou.verify.sources`: the contracts' views, the index database and the HTTP API, each
  read into the same `Snapshot`.
- `lashou.verify.tables`: every table of an index database, row by row, against a fresh index
  of the same chain built with the indexer's own projection up to that database's checkpoint.
- `lashou.verify.check.verify`: every difference from the replay and from the fresh index, and
  the token conservation of the pool, the witness registry and the disputes contract.
"""
