"""Helpers (no tests): a small archive built from the replica's ground truth, the CLI runner."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner, Result

from archive.cli import main
from archive.db import open_archive_engine, session_factory
from archive.store import store_articles
from tests.servers.records import replica_records

ARTICLES = 80


def fill_archive(url: str, count: int = ARTICLES) -> list[dict[str, Any]]:
    """Store the ground truth of a replica of ``count`` articles; return the records."""
    records = replica_records(count)
    engine = open_archive_engine(url)
    try:
        with session_factory(engine).begin() as session:
            store_articles(session, records)
    finally:
        engine.dispose()
    return records


def run(*args: str) -> Result:
    """``archive ARGS`` through CliRunner (stdout and stderr kept apart)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def archived_targets(records: list[dict[str, Any]]) -> dict[str, str]:
    """Every URL (canonical, shortlink) that leads to an archived article -> its canonical URL."""
    targets = {record["url"]: record["url"] for record in records}
    targets.update({record["shortlink"]: record["url"] for record in records if record["shortlink"]})
    return targets
