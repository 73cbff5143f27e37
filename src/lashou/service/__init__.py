"""`lashou serve`: the whole platform in one process.

- `lashou.service.chain`: the chain (a local anvil kept in the data folder, or LASHOU_RPC_URL)
  and the plan on it, deployed once (or played through by the demo scenario first).
- `lashou.service.loops`: the keeper and the indexer, each a thread polling the chain.
- `lashou.service.run`: start everything, serve the API and the page with uvicorn, and stop it
  all cleanly on Ctrl-C or SIGTERM.
"""
