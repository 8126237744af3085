"""An archive as a reader finds it, served: the replica crawled, one article edited and
refreshed (two versions), ``archive serve`` running on a free port of 127.0.0.1.

The fixture ``reading_room`` (:func:`served_reading_room`; import it; module scope: a crawl is built once per test file) yields a
:class:`ServedArchive` whose oracle is the replica's own truth (``site.truth(post_id)``), never
the reading room's code. The archive file is deliberately not called ``archive.db``: the URLs
must not depend on the file name.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.crawling import ROOT, backfill, run_crawl
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

SPECIMEN = 226758
START_ATTEMPTS = 200  # x 0.1 s: how long `archive serve` may take to answer


@dataclass
class ServedArchive:
    """The served archive, the replica site it was crawled from, and the edited article."""

    base: str
    site: Site
    edited: int
    before_edit: dict[str, Any]
    process: subprocess.Popen[str]
    banner: str = ""
    post_by_url: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path

    def truth(self, post_id: int) -> dict[str, Any]:
        truth = self.site.truth(post_id)
        assert truth is not None, post_id
        return truth

    def chain(self, post_id: int, kind: str) -> int | None:
        """The post the replica's page links to as ``kind`` (next_story, previous_story)."""
        urls = [link["url"] for link in self.truth(post_id)["links"] if link["kind"] == kind]
        return self.post_by_url.get(urls[0]) if urls else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(base: str, process: subprocess.Popen[str], log: Path) -> None:
    for _ in range(START_ATTEMPTS):
        if process.poll() is not None:
            raise AssertionError(f"archive serve exited early: {log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/read", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("archive serve did not answer /read")


def _crawl(site: Site, db_url: str) -> tuple[int, dict[str, Any]]:
    """Backfill the replica, then edit one generated article and refresh: two versions."""
    with ReplicaServer(site) as server:
        backfill(server, db_url)
        edited = next(pid for pid in site.main_post_ids if pid != SPECIMEN)
        before = site.truth(edited)
        site.edit(edited)
        result = run_crawl(server.base_url, db_url, "mode=refresh")
        assert result.returncode == 0 and "1 updated" in result.summary(), result.output[-3000:]
    assert before is not None
    return edited, before


def _serve(db_url: str, log: Path) -> tuple[str, subprocess.Popen[str]]:
    """``archive serve`` in a subprocess; its output goes to ``log`` (a pipe nobody reads
    could fill up and stall the server)."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "archive", "serve", "--db", db_url, "--port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    return f"http://127.0.0.1:{port}", process


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module", name="reading_room")
def served_reading_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedArchive]:
    """The replica (20 articles with the specimen) crawled, one article edited, served."""
    site = Site(articles=20, seed=1, include_specimen=True)
    folder = tmp_path_factory.mktemp("reading-room")
    db_url = f"sqlite:///{folder / 'crawled-replica.db'}"
    edited, before = _crawl(site, db_url)
    log = folder / "serve.log"
    base, process = _serve(db_url, log)
    try:
        _wait_until_up(base, process, log)
        yield ServedArchive(base, site, edited, before, process, banner=log.read_text(),
                            post_by_url={site.article_url(p): p for p in site.post_ids})
    finally:
        _stop(process)
