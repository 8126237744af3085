"""Reading what a crawl wrote into its WARC directory, for the WARC tests."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.crawling import ROOT, query

TOOL_WAIT_SECONDS = 300
INDEX_WAIT_SECONDS = 60


@dataclass(frozen=True)
class Rec:
    file: str
    offset: int
    type: str
    uri: str
    profile: str | None
    status: str | None


def records(path: Path) -> Iterator[Rec]:
    with open(path, "rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            yield Rec(path.name, iterator.get_record_offset(), record.rec_type,
                      record.rec_headers.get_header("WARC-Target-URI") or "",
                      record.rec_headers.get_header("WARC-Profile"),
                      record.http_headers.get_statuscode() if record.http_headers else None)


def complete_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.warc.gz"))


def open_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.warc.gz.open"))


def warcio_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    """``warcio check`` (digests of every record) on the files, as a user would run it."""
    tool = Path(sys.executable).parent / "warcio"
    return subprocess.run([str(tool), "check", *map(str, paths)], capture_output=True, text=True,
                          timeout=TOOL_WAIT_SECONDS, check=False)


def archive_cli(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``archive`` console script (crawler.archive_cli), in a subprocess."""
    tool = Path(sys.executable).parent / "archive"
    return subprocess.run([str(tool), "--db", db_url, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=TOOL_WAIT_SECONDS, check=False)


def warc_locations(db_url: str) -> dict[str, tuple[str, int, int]]:
    rows = query(db_url, "SELECT url, warc_file, warc_offset, warc_length FROM articles")
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def wait_for_indexes(directory: Path) -> list[Path]:
    """The CDXJ index of every complete file, once the background indexers wrote them."""
    deadline = time.monotonic() + INDEX_WAIT_SECONDS
    while True:
        wanted = [path.with_name(path.name.replace(".warc.gz", ".cdxj"))
                  for path in complete_files(directory)]
        if all(path.is_file() for path in wanted) or time.monotonic() > deadline:
            return wanted
        time.sleep(0.1)
