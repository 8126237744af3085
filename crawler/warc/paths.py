"""Where WARC files live: ``WARC_DIR`` if set, else ``warcs/`` next to the SQLite archive.

A PostgreSQL archive has no file to sit next to: its default is ``warcs/`` in the working
directory. Files are written as ``NAME.open`` and renamed to ``NAME`` when complete; the archive
stores ``NAME``, so a reader looks for both.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

DEFAULT_DIR_NAME = "warcs"
OPEN_SUFFIX = ".open"


def warc_directory(setting: str | None, db_url: str | None) -> Path:
    """The WARC directory for a ``WARC_DIR`` setting (may be empty) and an archive URL."""
    if setting:
        return Path(setting).expanduser()
    database = _sqlite_file(db_url)
    base = database.parent if database is not None else Path(".")
    return base / DEFAULT_DIR_NAME


def _sqlite_file(db_url: str | None) -> Path | None:
    if not db_url:
        return None
    try:
        url = make_url(db_url)
    except Exception:  # noqa: BLE001 - a bad URL is reported by the archive, not here
        return None
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def find_warc(directory: Path, name: str) -> Path | None:
    """The file ``name`` in ``directory``, or its ``.open`` form (a crawl killed mid-file)."""
    for candidate in (directory / name, directory / f"{name}{OPEN_SUFFIX}"):
        if candidate.is_file():
            return candidate
    return None
