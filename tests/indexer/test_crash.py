"""An indexer process killed mid-stream, and the polling loop: nothing is lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from lashou.chain.params import TOKEN
from lashou.indexer import models as m
from lashou.indexer.follow import Indexer
from tests.indexer.conftest import dump, steady_members

pytestmark = pytest.mark.e2e

CHILD = """
import sys
from sqlalchemy import create_engine
from web3 import Web3
from pathlib import Path
from lashou.chain.plan import Deployment
from lashou.indexer.db import normalise_url
from lashou.indexer.follow import Indexer
w3 = Web3(Web3.HTTPProvider(sys.argv[1]))
engine = create_engine(normalise_url(sys.argv[3]))
Indexer(w3, Deployment.load(Path(sys.argv[2])), engine=engine, batch_blocks=1).run_once()
"""


def test_resume__after_the_process_is_killed_mid_stream(history, node, make_engine, tmp_path):
    engine = make_engine()
    Indexer(history.w3, history.deployment, engine=engine)  # the schema's first row
    record = tmp_path / "deployment.json"
    history.deployment.save(record)
    url = engine.url.render_as_string(hide_password=False)
    child = subprocess.Popen([sys.executable, "-c", CHILD, node.url, str(record), url])
    watcher = Indexer(history.w3, history.deployment, engine=engine)
    killed_at = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if watcher.checkpoint >= history.deployment.block + 20:
            os.kill(child.pid, signal.SIGKILL)
            killed_at = watcher.checkpoint
            break
        time.sleep(0.01)
    child.wait(30)
    assert killed_at is not None, "the indexer process ended before it could be killed"
    assert watcher.checkpoint < history.w3.eth.block_number
    resumed = Indexer(history.w3, history.deployment, engine=engine)
    assert resumed.run_once().checkpoint == history.w3.eth.block_number
    fresh = make_engine()
    Indexer(history.w3, history.deployment, engine=fresh).run_once()
    assert dump(engine) == dump(fresh)


def test_run__follows_new_blocks_until_stopped(history, make_engine, restore):
    engine = make_engine()
    indexer = Indexer(history.w3, history.deployment, engine=engine)
    stop = threading.Event()
    loop = threading.Thread(target=indexer.run, kwargs={"poll_interval": 0.05, "stop_event": stop})
    loop.start()
    try:
        world = history.world
        (member,) = steady_members(history, 1)
        receipt = world.transact(world.plan.pool.functions.top_up(2 * TOKEN), member.account)
        wanted = receipt["transactionHash"].to_0x_hex()
        deadline = time.monotonic() + 30
        while indexer.checkpoint < receipt["blockNumber"] and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        loop.join(10)
    assert not loop.is_alive()
    with Session(engine) as s:
        names = set(s.scalars(select(m.Event.name).where(m.Event.tx_hash == wanted)))
    assert names == {"ToppedUp", "Transfer"}
