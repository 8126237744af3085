"""Shared pytest configuration and the fixtures every test folder uses.

Here: ``specimen`` (the specimen article's expected record) and ``cli`` (the ``archive`` CLI
through click's CliRunner). Databases, servers, free ports and archive sessions are in
:mod:`tests.servers.fixtures`; the replica site in :mod:`tests.replica.fixtures`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

pytest_plugins = [
    "tests.replica.fixtures",
    "tests.servers.fixtures",
    "tests.wordpress.fixtures",
]

FIXTURES = Path(__file__).parent / "fixtures"
SPECIMEN_JSON = FIXTURES / "specimen" / "specimen-article.expected.json"


@pytest.fixture
def specimen() -> dict[str, Any]:
    """The export record of the specimen article (post 226758), a fresh copy per test."""
    return json.loads(SPECIMEN_JSON.read_text(encoding="utf-8"))


@pytest.fixture
def cli() -> Callable[..., Result]:
    """``cli("export", "--db", url)`` runs ``archive export --db URL`` in this process.

    stdout and stderr are kept apart (``result.stdout`` / ``result.stderr``); ``env`` sets
    environment variables for the call only. Exceptions propagate, so a traceback fails the test.
    """
    from archive.cli import main

    def run(*args: str, env: Mapping[str, str] | None = None) -> Result:
        return CliRunner().invoke(main, list(args), env=dict(env or {}), catch_exceptions=False)

    return run
