"""Crawls that are killed or interrupted on purpose: a ``scrapy crawl`` subprocess, stopped when
the replica has served a given number of requests. Every wait is bounded."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

from archive.crawl.locks import LockInfo, lock_info
from archive.schema.engine import open_archive_engine, session_factory
from tests.crawling import ROOT, CrawlResult, crawl_command

WAIT_SECONDS = 120


def start_crawl(base_url: str, db_url: str, log_path: Path, *args: str, **settings: Any) -> subprocess.Popen[bytes]:
    """Start ``scrapy crawl asianlite`` in the background, its output into ``log_path``."""
    with log_path.open("ab") as out:
        return subprocess.Popen(
            crawl_command(base_url, db_url, *args, **settings),
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )


def wait_for_requests(
    server: Any, count: int, proc: subprocess.Popen[bytes], *, since: int = 0,
    paths: Collection[str] | None = None,
) -> bool:
    """Wait until the server logged ``count`` requests after entry ``since`` (only those for
    ``paths`` if given); False if the crawl ended first."""
    deadline = time.monotonic() + WAIT_SECONDS
    while _served(server, since, paths) < count:
        if proc.poll() is not None:
            return False
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"the crawl made fewer than {count} requests in {WAIT_SECONDS}s")
        time.sleep(0.02)
    return True


def _served(server: Any, since: int, paths: Collection[str] | None) -> int:
    if paths is None:
        return len(server.log) - since
    return sum(1 for entry in list(server.log)[since:] if entry["path"] in paths)


def kill_hard(proc: subprocess.Popen[bytes]) -> None:
    """``kill -9`` and reap."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=WAIT_SECONDS)


def finish(proc: subprocess.Popen[bytes], log_path: Path) -> CrawlResult:
    """Wait for a background crawl; its result with the output written so far."""
    try:
        proc.wait(timeout=WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=WAIT_SECONDS)
        raise
    return CrawlResult(proc.returncode, log_path.read_text(encoding="utf-8", errors="replace"), "")


def current_lock(db_url: str) -> LockInfo | None:
    engine = open_archive_engine(db_url, upgrade=False, write=False)
    try:
        with session_factory(engine)() as session:
            return lock_info(session, "crawl")
    finally:
        engine.dispose()
