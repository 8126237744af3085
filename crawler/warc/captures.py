"""Each URL's last full capture, kept beside the WARC files (``captures.sqlite3``).

The revisit decision needs it across runs: a refresh run that gets the same page again, or a
304, writes a ``revisit`` record that refers to the last capture instead of a second copy. It is
an index of what the WARC files hold, not part of the archive: losing it only means the next
capture of each URL is written in full again. Writes are committed in batches and at close.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "captures.sqlite3"
COMMIT_EVERY = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    url TEXT PRIMARY KEY,       -- WARC-Target-URI
    digest TEXT NOT NULL,       -- WARC-Payload-Digest of the response record
    date TEXT NOT NULL,         -- its WARC-Date
    warc_file TEXT NOT NULL,    -- where the response record is
    warc_offset INTEGER NOT NULL,
    warc_length INTEGER NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class Capture:
    """Where and when a URL's payload was last written in full."""

    digest: str
    date: str
    location: tuple[str, int, int]


class CaptureIndex:
    def __init__(self, directory: Path) -> None:
        self.connection = sqlite3.connect(directory / FILE_NAME)
        # a rebuildable cache: no fsync (WAL commits stay atomic, a crash loses only the tail)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=OFF")
        self.connection.execute(_SCHEMA)
        self._uncommitted = 0

    def last(self, url: str) -> Capture | None:
        row = self.connection.execute(
            "SELECT digest, date, warc_file, warc_offset, warc_length FROM captures WHERE url = ?",
            (url,),
        ).fetchone()
        return None if row is None else Capture(row[0], row[1], (row[2], row[3], row[4]))

    def remember(self, url: str, capture: Capture) -> None:
        self.connection.execute(
            "INSERT OR REPLACE INTO captures VALUES (?, ?, ?, ?, ?, ?)",
            (url, capture.digest, capture.date, *capture.location),
        )
        self._uncommitted += 1
        if self._uncommitted >= COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        self.connection.commit()
        self._uncommitted = 0

    def close(self) -> None:
        self.commit()
        self.connection.close()
