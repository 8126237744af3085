"""pytest fixtures for the real WordPress (registered as a plugin by tests/conftest.py).

* ``wordpress`` (session): a started :class:`WordPressServer` (theme ``asianlite``), stopped at
  the end of the run. Tests that switch the theme call ``wordpress.use_theme(...)``; the
  ``wordpress_theme`` factory fixture switches and puts ``asianlite`` back afterwards.

Skipped with a reason only when the Debian packages are not installed (``.ci/run`` installs
them, so CI never skips).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.wordpress.mariadb import mariadb_binaries
from tests.wordpress.server import WordPressServer
from tests.wordpress.tree import wordpress_installed
from tests.wordpress.webserver import find_nginx, find_php_fpm


def missing_packages() -> list[str]:
    """What the harness needs and this machine lacks."""
    checks = {
        "mariadb-server": mariadb_binaries() is not None,
        "php8.2-fpm": find_php_fpm() is not None,
        "nginx": find_nginx() is not None,
        "wordpress, wordpress-theme-twentytwentyone/-twentytwentythree": wordpress_installed(),
    }
    return [name for name, ok in checks.items() if not ok]


@pytest.fixture(scope="session")
def wordpress() -> Iterator[WordPressServer]:
    missing = missing_packages()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (see .ci/run)")
    with WordPressServer() as server:
        yield server


@pytest.fixture
def wordpress_theme(wordpress: WordPressServer) -> Iterator[Callable[[str], WordPressServer]]:
    """``wordpress_theme("twentytwentyone")`` switches the theme for this test only."""

    def switch(theme: str) -> WordPressServer:
        wordpress.use_theme(theme)
        return wordpress

    yield switch
    wordpress.use_theme("asianlite")
