"""Three crawler processes backfill one replica through a shared Redis frontier into one
PostgreSQL archive (both started by the test setup); the seeding process is killed with
SIGKILL mid-run and the other two finish the run.

Sized for a 2-core machine (about 300 articles, some 1,100 requests under a global limit of
25 requests/s): the bar is the same as for 2,000 articles, only shorter.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.crawling import ROOT, crawl_command, exported_records, query, without_page_time_links
from tests.servers.postgres import PostgresServer

ARTICLES = 2000  # the bar of issue 13
WORKERS = 3
RATE = 40  # requests/s for all workers together
CONCURRENCY = 4
WAIT_SECONDS = 400  # hang guard
SETTINGS = {
    "SHARED_RATE_LIMIT": RATE,
    "SHARED_CONCURRENCY": CONCURRENCY,
    "DISTRIBUTED_IDLE_CLOSE_SECONDS": 6,
    "DISTRIBUTED_DEAD_AFTER_SECONDS": 5,
    "DISTRIBUTED_HEARTBEAT_SECONDS": 1,
    "CRAWL_LOCK_HEARTBEAT_SECONDS": 2,
}

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]


@pytest.fixture
def archive_db(postgres_server: PostgresServer, _postgres_archive_template: str) -> Iterator[str]:
    """A migrated archive: the workers start at once and must not race to create the schema."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    postgres_server.execute(f"CREATE DATABASE {name} TEMPLATE {_postgres_archive_template}")
    yield postgres_server.url(name)
    postgres_server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _start_worker(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _max_in_window(times: list[float], window: float) -> int:
    """The most events in any interval of ``window`` seconds."""
    times, best, first = sorted(times), 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


def _max_overlap(entries: list[dict[str, Any]]) -> int:
    """The most requests the replica was serving at one moment."""
    edges = sorted([(e["time"] - e["duration"], 1) for e in entries] + [(e["time"], -1) for e in entries])
    level = best = 0
    for _, step in edges:
        level += step
        best = max(best, level)
    return best


def test_three_workers_one_killed_backfill_the_replica(
    make_replica, archive_db: str, redis_url: str, tmp_path: Path
) -> None:
    redis.Redis.from_url(redis_url).flushdb()  # the session's Redis: start from nothing
    server = make_replica(articles=ARTICLES, seed=13, include_specimen=True)
    site = server.site
    command = crawl_command(server.base_url, archive_db, "mode=backfill", REDIS_URL=redis_url, **SETTINGS)
    logs = [tmp_path / f"worker-{n}.log" for n in range(WORKERS)]
    workers = [_start_worker(command, log) for log in logs]
    try:
        _wait_for(lambda: any(b"seed run" in log.read_bytes() for log in logs), 120, "a seeder")
        seeder = next(n for n, log in enumerate(logs) if b"seed run" in log.read_bytes())
        articles = {site.article_url(pid) for pid in site.post_ids}
        # mid-run: half the articles answered (a backfill makes about one request per article)
        _wait_for(lambda: sum(e["status"] == 200 for e in server.log) > ARTICLES // 2, 180, "the crawl to get going")
        os.kill(workers[seeder].pid, signal.SIGKILL)
        codes = [worker.wait(WAIT_SECONDS) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(10)
    outputs = [log.read_text(errors="replace") for log in logs]
    survivors = [n for n in range(WORKERS) if n != seeder]
    assert codes[seeder] == -signal.SIGKILL
    assert [codes[n] for n in survivors] == [0, 0], "\n".join(outputs[n][-3000:] for n in survivors)
    assert any("re-queued" in outputs[n] for n in survivors), "the killed worker's requests came back"

    # the union is complete, each article stored once, links as a single-process run has them
    records = exported_records(archive_db)
    assert set(records) == articles
    assert all(
        without_page_time_links(records[site.article_url(pid)]) == without_page_time_links(site.truth(pid))
        for pid in site.post_ids
    )
    assert query(archive_db, "SELECT count(*), count(DISTINCT post_id), max(version) FROM articles") == [
        (len(articles), len(articles), 1)]

    # one run with its three processes; Redis forgot the run
    runs = query(archive_db, "SELECT status, stats FROM crawl_runs")
    assert len(runs) == 1 and runs[0][0] == "finished"
    stats = runs[0][1] if isinstance(runs[0][1], dict) else json.loads(runs[0][1])
    assert len(stats["distributed/workers"]) == WORKERS
    assert redis.Redis.from_url(redis_url).keys("asianlite:run:*") == []

    # the global politeness budget held for the three processes together
    entries = list(server.log)
    assert _max_in_window([e["time"] - e["duration"] for e in entries], 1.0) <= RATE + 2
    assert _max_overlap(entries) <= CONCURRENCY
