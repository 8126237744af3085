"""Distributed crawl benchmark: articles/s with 1, 2 and 4 worker processes on one Redis
frontier and one PostgreSQL archive, politeness off, and the PostgreSQL store rate under
concurrent writers.

    .venv/bin/python -m bench.distributed [--articles 300] [--workers 1,2,4] [--writers 1,2,4]

Redis and PostgreSQL are started on free 127.0.0.1 ports in temporary directories; the replica
is served from this process. A crawl's time runs from starting the workers until every article
is in the archive (the idle close after that is not counted).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import redis

from tests.crawling import ROOT, crawl_command, query
from tests.replica.server import ReplicaServer
from tests.replica.site import Site
from tests.servers.postgres import PostgresServer, start_postgres
from tests.servers.redis import start_redis

UNLIMITED = {"SHARED_RATE_LIMIT": 0, "SHARED_CONCURRENCY": 0, "DISTRIBUTED_IDLE_CLOSE_SECONDS": 2,
             "DISTRIBUTED_HEARTBEAT_SECONDS": 1}


def _fresh_archive(pg: PostgresServer) -> str:
    from archive.schema.engine import open_archive_engine

    url = pg.url(f"bench_{uuid.uuid4().hex[:10]}")
    pg.execute(f"CREATE DATABASE {url.rsplit('/', 1)[1]}")
    open_archive_engine(url).dispose()
    return url


def crawl_rate(pg: PostgresServer, redis_url: str, server: ReplicaServer, workers: int) -> float:
    """Articles/s of a backfill by ``workers`` processes."""
    db = _fresh_archive(pg)
    redis.Redis.from_url(redis_url).flushdb()
    command = crawl_command(server.base_url, db, "mode=backfill", REDIS_URL=redis_url, **UNLIMITED)
    expected = len(server.site.post_ids)
    started = time.monotonic()
    procs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ}) for _ in range(workers)]
    stored = 0
    while stored < expected and time.monotonic() - started < 900:
        time.sleep(0.25)
        stored = query(db, "SELECT count(*) FROM articles")[0][0]
    elapsed = time.monotonic() - started
    for proc in procs:
        proc.wait(120)
    assert stored == expected, f"{stored} of {expected} stored"
    return expected / elapsed


def _store_chunk(db_url: str, records: list[dict[str, Any]], ready: Any, start: Any) -> None:
    from archive.schema.engine import open_archive_engine, session_factory
    from archive.write.store import store_articles

    engine = open_archive_engine(db_url, upgrade=False, write=True)
    sessions = session_factory(engine)
    with sessions() as session:
        session.connection()  # connected before the clock starts
    ready.release()
    start.wait(120)
    for i in range(0, len(records), 16):
        with sessions.begin() as session:
            store_articles(session, records[i : i + 16])
    engine.dispose()


def store_rate(pg: PostgresServer, records: list[dict[str, Any]], writers: int) -> float:
    """Articles/s stored by ``writers`` processes, each with its own share of ``records``."""
    db = _fresh_archive(pg)
    context = multiprocessing.get_context("spawn")
    ready, start = context.Semaphore(0), context.Event()
    procs = [context.Process(target=_store_chunk, args=(db, records[n::writers], ready, start))
             for n in range(writers)]
    for proc in procs:
        proc.start()
    for _ in procs:
        assert ready.acquire(timeout=120), "a writer did not start"
    began = time.monotonic()
    start.set()
    for proc in procs:
        proc.join(600)
    elapsed = time.monotonic() - began
    assert query(db, "SELECT count(*) FROM articles")[0][0] == len(records)
    return len(records) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--writers", default="1,2,4")
    args = parser.parse_args()
    pg, rd = start_postgres(), start_redis()
    assert pg is not None and rd is not None, "needs PostgreSQL and redis-server installed"
    site = Site(args.articles, 7, True)
    try:
        with ReplicaServer(site, keep_log=False) as server:
            for n in (int(x) for x in args.workers.split(",") if x):
                print(f"crawl, {n} workers: {crawl_rate(pg, rd.url, server, n):.1f} articles/s", flush=True)
        records = [site.truth(pid) for pid in site.post_ids]
        for n in (int(x) for x in args.writers.split(",") if x):
            print(f"store, {n} writers: {store_rate(pg, records, n):.0f} articles/s", flush=True)
    finally:
        rd.stop()
        pg.stop()
        import shutil

        shutil.rmtree(Path(pg.root), ignore_errors=True)


if __name__ == "__main__":
    main()
