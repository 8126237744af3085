"""Run the real ``scrapy crawl asianlite`` process against a replica server, and read results.

Politeness is off (no AutoThrottle, no delay) so tests run fast against 127.0.0.1; robots.txt
stays obeyed. Every subprocess wait is bounded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
FAST = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "RETRY_BACKOFF_BASE": "0.05",
    "RETRY_BACKOFF_MAX": "2",
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": "0",
    "HEALTH_REPORT_DIR": "",  # no JSON report files in the work tree (tests that want one say where)
}
CRAWL_WAIT_SECONDS = 900  # a hang guard for the subprocess, not a speed goal


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def summary(self) -> str:
        lines = [line for line in self.stdout.splitlines() if line.startswith("asianlite crawl")]
        return lines[-1] if lines else ""


def crawl_command(base_url: str | None, db_url: str, *args: str, **settings: Any) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "asianlite"]
    if base_url:
        command += ["-a", f"base_url={base_url}"]
    for arg in args:
        command += ["-a", arg]
    for name, value in {**FAST, "ARCHIVE_DB_URL": db_url, **settings}.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_crawl(base_url: str | None, db_url: str, *args: str, **settings: Any) -> CrawlResult:
    """``scrapy crawl asianlite -a base_url=... -a ARG ...`` in a subprocess, waited for."""
    proc = subprocess.run(
        crawl_command(base_url, db_url, *args, **settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CRAWL_WAIT_SECONDS,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=False,
    )
    return CrawlResult(proc.returncode, proc.stdout, proc.stderr)


def query(db_url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params))
    finally:
        engine.dispose()


def exported_records(db_url: str) -> dict[str, dict[str, Any]]:
    """Every archived article's export record, by canonical URL (through the archive CLI code)."""
    from archive.research.export import iter_records
    from archive.schema.engine import open_archive_engine, session_factory

    engine = open_archive_engine(db_url, upgrade=False, write=False)
    try:
        with session_factory(engine)() as session:
            return {r["url"]: r for r in iter_records(session)}
    finally:
        engine.dispose()


def without_page_time_links(record: dict[str, Any]) -> dict[str, Any]:
    """A record minus the links that change between two fetches (Latest from, Don't Miss)."""
    links = [link for link in record["links"] if link["kind"] not in ("latest_from", "dont_miss")]
    return {**record, "links": links}


def last_run_stats(db_url: str) -> dict[str, Any]:
    rows = query(db_url, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")
    stats = rows[0][0]
    return json.loads(stats) if isinstance(stats, str) else stats


def backfill(server: Any, db_url: str, *args: str, **settings: Any) -> CrawlResult:
    """A complete backfill of the replica behind ``server``; fails the test unless every post
    was archived by it."""
    result = run_crawl(server.base_url, db_url, "mode=backfill", *args, **settings)
    assert result.returncode == 0, result.output[-3000:]
    expected = len(server.site.post_ids)
    assert f" {expected} new," in result.summary(), (result.summary(), result.output[-3000:])
    return result
