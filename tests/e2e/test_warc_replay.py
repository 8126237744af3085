"""Replay: pywb serves an archived article back from the crawl's WARC files.

pywb 2.10 cannot share our virtualenv (it pins redis<3 against scrapy-redis's redis>=5), so the
test makes its own virtualenv for it once, in ``.cache/pywb-venv`` (needs PyPI the first time),
and reuses it afterwards. The replica is stopped before pywb starts: what comes back can only
come from the capture.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crawler.warc.reader import read_response
from tests.crawling import ROOT, backfill, exported_records
from tests.e2e.warc_files import complete_files, wait_for_indexes, warc_locations
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

PYWB_VENV = ROOT / ".cache" / "pywb-venv"
PYWB_REQUIREMENT = "pywb==2.10.*"
INSTALL_SECONDS = 900
START_SECONDS = 60


@pytest.fixture(scope="session")
def pywb_bin() -> Path:
    """The bin/ folder of a virtualenv with pywb (made on first use)."""
    bin_dir = PYWB_VENV / "bin"
    if not (bin_dir / "wayback").exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PYWB_VENV)], check=True,
                       timeout=INSTALL_SECONDS)
        subprocess.run([str(bin_dir / "pip"), "install", "-q", PYWB_REQUIREMENT], check=True,
                       timeout=INSTALL_SECONDS)
    return bin_dir


@pytest.fixture
def capture(tmp_path: Path) -> tuple[Path, str, dict]:
    """A backfilled 8-article replica's archive; the replica is gone when this returns."""
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    with ReplicaServer(Site(articles=8, seed=3, include_specimen=True)) as server:
        backfill(server, db)
    return tmp_path / "warcs", db, exported_records(db)


def test_pywb_serves_an_archived_article_from_the_capture(pywb_bin, capture, tmp_path) -> None:
    warcs, db, records = capture
    url, (name, offset, length) = sorted(warc_locations(db).items())[0]
    page = read_response(warcs / name, offset, length)
    stamp = page.date.replace("-", "").replace(":", "").replace("T", "")[:14]
    home = tmp_path / "pywb"
    home.mkdir()
    _run(pywb_bin / "wb-manager", "init", "asianlite", cwd=home)
    _run(pywb_bin / "wb-manager", "add", "asianlite", *map(str, complete_files(warcs)), cwd=home)

    with _wayback(pywb_bin, home) as port:
        body = _get(f"http://127.0.0.1:{port}/asianlite/{stamp}id_/{page.uri}")

    assert body == page.body
    assert records[url]["title"].split()[0].encode() in body


def test_pywb_reads_the_cdxj_index_written_beside_each_file(pywb_bin, capture, tmp_path) -> None:
    """Our own index (cdxj-indexer, written when a file completes) works as a pywb index."""
    warcs, db, _ = capture
    _, (name, offset, length) = sorted(warc_locations(db).items())[-1]
    page = read_response(warcs / name, offset, length)
    home = tmp_path / "pywb"
    home.mkdir()
    _run(pywb_bin / "wb-manager", "init", "own", cwd=home)
    collection = home / "collections" / "own"
    for warc, index in zip(complete_files(warcs), wait_for_indexes(warcs), strict=True):
        os.link(warc, collection / "archive" / warc.name)
        os.link(index, collection / "indexes" / index.name)

    with _wayback(pywb_bin, home) as port:
        body = _get(f"http://127.0.0.1:{port}/own/2id_/{page.uri}")

    assert body == page.body


def _run(tool: Path, *args: str, cwd: Path) -> None:
    result = subprocess.run([str(tool), *args], cwd=cwd, capture_output=True, text=True,
                            timeout=START_SECONDS, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


class _wayback:
    """``wayback`` on 127.0.0.1 and a free port, in ``home``; stopped on exit."""

    def __init__(self, bin_dir: Path, home: Path) -> None:
        self.bin_dir, self.home = bin_dir, home
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> int:
        port = _free_port()
        self.proc = subprocess.Popen(
            [str(self.bin_dir / "wayback"), "-b", "127.0.0.1", "-p", str(port)], cwd=self.home,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(f"http://127.0.0.1:{port}/", self.proc)
        return port

    def __exit__(self, *exc: object) -> None:
        assert self.proc is not None
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: straight to 127.0.0.1, whatever proxy the environment names
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _wait_for(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert proc.poll() is None, "wayback exited"
        try:
            with _OPENER.open(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"wayback did not answer within {START_SECONDS}s")


def _get(url: str) -> bytes:
    with _OPENER.open(url, timeout=30) as response:
        assert response.status == 200
        return response.read()

