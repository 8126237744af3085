"""Cron behaviour: one run at a time, honest exit codes, a crawl_runs row per run."""

from __future__ import annotations

import os
import subprocess
import time
from datetime import timedelta
from pathlib import Path

from archive.crawl.locks import acquire_lock, lock_info
from archive.schema.engine import open_archive_engine, session_factory
from archive.times import utcnow
from tests.crawling import ROOT, crawl_command, query, run_crawl


def _hold_lock(db_url: str, holder: str, *, heartbeat_age: timedelta = timedelta(0)) -> None:
    engine = open_archive_engine(db_url, upgrade=True, write=True)
    try:
        with session_factory(engine).begin() as session:
            assert acquire_lock(session, "crawl", holder, stale_after=3600, now=utcnow() - heartbeat_age)
    finally:
        engine.dispose()


def test_a_second_run_is_refused_while_one_holds_the_lock(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=20, seed=1)
    db = sqlite_url
    _hold_lock(db, "other-host:4242:abcd")

    result = run_crawl(server.base_url, db, "mode=backfill")

    assert result.returncode == 75
    assert "refused" in result.stderr and "other-host:4242:abcd" in result.stderr
    assert not [e for e in server.log if e["path"] != "/robots.txt"]
    assert query(db, "SELECT status FROM crawl_runs")[-1][0] == "refused"


def test_a_stale_lock_is_taken_over(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=20, seed=1)
    db = sqlite_url
    _hold_lock(db, "dead-host:1:dead", heartbeat_age=timedelta(hours=5))

    result = run_crawl(server.base_url, db, "mode=backfill", CRAWL_LOCK_STALE_SECONDS=3600)

    assert result.returncode == 0, result.output[-3000:]
    assert query(db, "SELECT status FROM crawl_runs")[-1][0] == "finished"
    engine = open_archive_engine(db, upgrade=False, write=False)
    with session_factory(engine)() as session:
        assert lock_info(session, "crawl") is None  # released at the end
    engine.dispose()


def test_two_concurrent_crawls_one_is_refused(make_replica, tmp_path: Path, sqlite_url: str) -> None:
    server = make_replica(articles=60, seed=3)
    server.faults.add("delay", page_kind="article", seconds=0.2)
    db = sqlite_url
    assert run_crawl(server.base_url, db, "url=" + server.site.article_url(server.site.post_ids[0])).returncode == 0
    log_path = tmp_path / "first.log"
    with log_path.open("w") as log:
        first = subprocess.Popen(
            crawl_command(server.base_url, db, "mode=backfill", CONCURRENT_REQUESTS="2"),
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            for _ in range(600):  # wait (bounded) until the first run holds the lock
                if first.poll() is not None or query(db, "SELECT count(*) FROM crawl_lock")[0][0]:
                    break
                time.sleep(0.1)
            second = run_crawl(server.base_url, db, "mode=backfill")
        finally:
            first.wait(timeout=900)
    err = log_path.read_text()
    assert second.returncode == 75, second.output[-2000:]
    assert "another crawl is running" in second.stderr
    assert first.returncode == 0, err[-2000:]


def test_every_run_is_a_crawl_runs_row_with_counts_and_stats(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=25, seed=9)
    db = sqlite_url

    result = run_crawl(server.base_url, db, "mode=backfill")

    assert result.returncode == 0
    (row,) = query(db, "SELECT mode, status, new_count, finished_at, stats FROM crawl_runs")
    assert row[0] == "backfill" and row[1] == "finished" and row[2] == len(server.site.post_ids)
    assert row[3] is not None and "downloader/request_count" in row[4]
    summary = result.summary()
    assert summary.startswith("asianlite crawl finished [backfill]: 25 new, 0 updated, 0 unchanged, 0 rejected, 0 failed")


def test_an_unreachable_site_fails_the_run(free_port: int, sqlite_url: str) -> None:
    db = sqlite_url
    result = run_crawl(f"http://127.0.0.1:{free_port}", db, RETRY_TIMES="1")

    assert result.returncode == 1
    assert "asianlite crawl failed" in result.stdout
    assert query(db, "SELECT status FROM crawl_runs")[-1][0] == "failed"
    assert query(db, "SELECT count(*) FROM fetches WHERE error IS NOT NULL")[0][0] >= 3


def test_an_unusable_database_fails_at_once_with_a_clear_message(make_replica, tmp_path: Path) -> None:
    server = make_replica(articles=20, seed=1)
    missing_dir = tmp_path / "no" / "such" / "dir"

    result = run_crawl(server.base_url, f"sqlite:///{missing_dir}/archive.db")

    assert result.returncode == 1
    assert "archive database" in result.output and "unavailable" in result.output
    assert not [e for e in server.log if e["path"] != "/robots.txt"]


def test_bad_arguments_are_refused_with_a_message(sqlite_url: str) -> None:
    db = sqlite_url
    for arg, words in [("mode=sideways", "mode='sideways'"), ("since=yesterday", "since="),
                       ("colour=red", "unknown spider argument")]:
        result = run_crawl(None, db, arg)
        assert result.returncode == 2, result.output[-2000:]
        assert words in result.stderr


def test_help_explains_the_arguments(sqlite_url: str) -> None:
    result = run_crawl(None, sqlite_url, "help=1")
    assert result.returncode == 0
    for word in ("mode=incremental", "mode=backfill", "mode=refresh", "base_url=", "since=", "limit="):
        assert word in result.stdout
