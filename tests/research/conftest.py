"""Fixtures of the research tests: a filled archive on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.servers.records import fill_archive


@pytest.fixture
def filled(archive_url: str) -> tuple[str, list[dict[str, Any]]]:
    """(URL, records) of a fresh archive holding the ground truth of an 80-article replica."""
    return archive_url, fill_archive(archive_url)
