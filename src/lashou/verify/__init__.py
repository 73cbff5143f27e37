"""`lashou verify`: the public state re-derived from the chain's events and checked.

- `lashou.verify.replay.Replay`: the events replayed into memory (the pool's totals, members,
  claims and stakes), with the indexer's event decoding but none of its storage.
- `lashou.verify.sources`: the contracts' views, the index database and the HTTP API, each
  read into the same `Snapshot`.
- `lashou.verify.check.verify`: every difference from the replay, and the token conservation
  of the pool, the witness registry and the disputes contract.
"""
