"""Reading a run's health report back (the row and the JSON file)."""

from __future__ import annotations

import json
from typing import Any

from tests.crawling import query


def last_health(db_url: str) -> dict[str, Any]:
    """``crawl_runs.health`` of the newest run."""
    value = query(db_url, "SELECT health FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][0]
    return json.loads(value) if isinstance(value, str) else value


def monitor(report: dict[str, Any], name: str) -> dict[str, Any]:
    """The outcome of the monitor called ``name`` (``errors/HTTP 5xx answers``)."""
    found = [m for m in report["monitors"] if m["name"] == name]
    assert found, [m["name"] for m in report["monitors"]]
    return found[0]
