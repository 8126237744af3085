"""Issue 16, finding 3: after a crash the crawl is not blocked and resumes; Ctrl-C twice is
not a success.

* ``kill -9``: the next run takes the lock over at once (its holder is a dead PID on this
  host) and marks the dead run ``crashed``;
* the same ``JOBDIR`` after ``kill -9`` continues the work (the persisted dupefilter does not
  swallow the seeds and the pending articles);
* a second Ctrl-C exits non-zero, still releases the lock and closes the run's row.
"""

from __future__ import annotations

import signal
import socket
import time
from pathlib import Path

from tests.crawling import exported_records, query, run_crawl
from tests.e2e.interrupting import current_lock, finish, kill_hard, start_crawl, wait_for_requests


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.db'}"


def _statuses(db: str) -> list[str]:
    return [row[0] for row in query(db, "SELECT status FROM crawl_runs ORDER BY id")]


def test_after_kill_9_the_next_run_takes_over_at_once(make_replica, tmp_path: Path) -> None:
    server = make_replica(articles=40, seed=41)
    server.faults.add("delay", page_kind="article", seconds=0.3)
    site, db = server.site, _sqlite(tmp_path)
    proc = start_crawl(server.base_url, db, tmp_path / "first.log", "mode=backfill")
    assert wait_for_requests(server, 30, proc)
    kill_hard(proc)
    held = current_lock(db)
    assert held is not None, "the killed crawl left its lock"

    result = run_crawl(server.base_url, db, "mode=backfill")  # default: stale after 2 hours

    assert result.returncode == 0, result.output[-3000:]
    assert (held.host, held.pid) == (socket.gethostname(), proc.pid)
    assert "took over the crawl lock" in result.output
    assert _statuses(db) == ["crashed", "finished"]
    assert current_lock(db) is None
    assert set(exported_records(db)) == {site.article_url(pid) for pid in site.post_ids}


def test_a_jobdir_resumed_after_kill_9_continues_the_work(make_replica, tmp_path: Path) -> None:
    server = make_replica(articles=60, seed=42)
    server.faults.add("delay", page_kind="article", seconds=0.2)
    site, db, jobdir = server.site, _sqlite(tmp_path), str(tmp_path / "job")
    proc = start_crawl(server.base_url, db, tmp_path / "first.log", "mode=backfill", JOBDIR=jobdir)
    articles = {site.path(pid) for pid in site.post_ids}
    assert wait_for_requests(server, 20, proc, paths=articles)
    kill_hard(proc)
    stored_before = set(exported_records(db))
    assert len(stored_before) < len(site.post_ids), "killed before the end"

    # stale after 1 s: the takeover is not what this test is about (see the test above)
    result = run_crawl(server.base_url, db, "mode=backfill", JOBDIR=jobdir,
                       CRAWL_LOCK_STALE_SECONDS="1")

    assert result.returncode == 0, result.output[-3000:]
    assert set(exported_records(db)) == {site.article_url(pid) for pid in site.post_ids}
    assert _statuses(db) == ["crashed", "finished"]


def test_a_second_ctrl_c_exits_non_zero_and_releases_the_lock(make_replica, tmp_path: Path) -> None:
    server = make_replica(articles=40, seed=43)
    server.faults.add("delay", page_kind="article", seconds=4)
    db, log = _sqlite(tmp_path), tmp_path / "crawl.log"
    proc = start_crawl(server.base_url, db, log, "mode=backfill")
    assert wait_for_requests(server, 5, proc)
    time.sleep(1.0)  # article downloads are in flight (each takes 4 s)

    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    result = finish(proc, log)

    assert result.returncode not in (0, None), result.output[-3000:]
    assert result.returncode == 130
    assert current_lock(db) is None
    assert _statuses(db) == ["cancelled"]


def test_a_jobdir_reused_after_a_finished_run_starts_a_new_one(make_replica, tmp_path: Path) -> None:
    """A finished run leaves its fingerprints in the JOBDIR; the next run with the same JOBDIR
    still crawls (and finds what was published since)."""
    server = make_replica(articles=20, seed=44)
    site, db, jobdir = server.site, _sqlite(tmp_path), str(tmp_path / "job")
    assert run_crawl(server.base_url, db, "mode=backfill", JOBDIR=jobdir).returncode == 0
    new = site.publish(2)

    again = run_crawl(server.base_url, db, "mode=backfill", JOBDIR=jobdir)

    assert again.returncode == 0, again.output[-3000:]
    assert {site.article_url(pid) for pid in new} <= set(exported_records(db))
    assert _statuses(db) == ["finished", "finished"]
