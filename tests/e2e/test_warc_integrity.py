"""Integrity of the capture: a crawl killed with ``kill -9``, and archives older than capture."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from sqlalchemy import create_engine

from archive.schema.engine import open_archive_engine, session_factory
from archive.schema.migrate import upgrade_schema
from archive.write.store import store_article
from tests.crawling import ROOT, crawl_command, exported_records, query, run_crawl
from tests.e2e.warc_files import archive_cli, complete_files, open_files, records, warcio_check

KILL_AFTER_BYTES = 150_000
WAIT_SECONDS = 120


def test_kill_9_leaves_one_open_file_and_the_next_run_starts_a_new_one(
    make_replica, tmp_path: Path
) -> None:
    server = make_replica(articles=200, seed=8, include_specimen=False)
    server.faults.add("delay", page_kind="article", seconds=0.02)  # time to kill it mid-crawl
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    warcs = tmp_path / "warcs"

    _crawl_until_killed(crawl_command(server.base_url, db, "mode=backfill"), warcs)

    [cut_file] = open_files(warcs)
    assert complete_files(warcs) == []
    readable = list(_readable_prefix(cut_file))
    assert readable[0] == "warcinfo" and "response" in readable
    size_after_kill = cut_file.stat().st_size
    server.faults.clear()
    time.sleep(1.2)  # the killed run's crawl lock goes stale after a second (below)
    again = run_crawl(server.base_url, db, "mode=backfill", CRAWL_LOCK_STALE_SECONDS="1")
    assert again.returncode == 0, again.output[-3000:]
    assert open_files(warcs) == [cut_file] and cut_file.stat().st_size == size_after_kill
    [new_file] = complete_files(warcs)
    assert warcio_check(new_file).returncode == 0
    # every article the archive holds is read back from its record, none from the cut one
    result = archive_cli(db, "reprocess", "--dry-run")
    stored = len(exported_records(db))
    assert f"{stored} articles selected, 0 without a WARC record" in result.stdout, result.stdout
    assert " 0 failed" in result.stdout


def test_an_archive_without_warcs_is_upgraded_and_keeps_working(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(db)
    upgrade_schema(engine, "0004")
    engine.dispose()
    assert "warc_file" not in _columns(db, "articles")

    upgrade = archive_cli(db, "db", "upgrade")
    _store_one(db)

    assert upgrade.returncode == 0, upgrade.stderr
    assert {"warc_file", "warc_offset", "warc_length"} <= _columns(db, "articles")
    assert "reason" in _columns(db, "article_revisions")
    shown = archive_cli(db, "show", "https://asianlite.com/2020/top-news/old-story")
    assert shown.returncode == 0 and '"warc": null' in shown.stdout, shown.stderr
    result = archive_cli(db, "reprocess")
    assert result.returncode == 0, result.stderr
    assert "1 articles selected, 1 without a WARC record" in result.stdout


def _crawl_until_killed(command: list[str], warcs: Path) -> None:
    """Start the crawl, SIGKILL it once its WARC file passed KILL_AFTER_BYTES (bounded)."""
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and proc.poll() is None:
            if sum(path.stat().st_size for path in open_files(warcs)) > KILL_AFTER_BYTES:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)


def _readable_prefix(path: Path):
    """Record types from the start of a possibly cut file, up to the first unreadable one."""
    try:
        for rec in records(path):
            yield rec.type
    except Exception:  # noqa: BLE001 - the cut is expected at the end
        return


def _columns(db: str, table: str) -> set[str]:
    return {row[1] for row in query(db, f"PRAGMA table_info({table})")}


def _store_one(db: str) -> None:
    engine = open_archive_engine(db, upgrade=False, write=True)
    record = {"url": "https://asianlite.com/2020/top-news/old-story", "title": "Old story",
              "body": "Archived before raw capture existed.", "post_id": 7}
    try:
        with session_factory(engine).begin() as session:
            store_article(session, record)
    finally:
        engine.dispose()
