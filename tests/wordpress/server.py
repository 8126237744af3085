"""A real WordPress 6.1 (Debian's ``wordpress`` package) served on 127.0.0.1 for the tests.

MariaDB (unix socket, no TCP) + php-fpm (unix socket) + nginx (``127.0.0.1:PORT``), all in one
temp dir and stopped on exit. WordPress's ``siteurl``/``home`` is the server's own
``http://127.0.0.1:PORT``, so every link, sitemap and feed names that host (like a staging
copy of asianlite.com).

URL map (``base_url`` = ``http://127.0.0.1:PORT``), every answer WordPress's own:

* ``/{YYYY}/{category}/{slug}``: a published post (``category`` is ``parent/child`` when the
  primary category is a child); ``/{YYYY}/{category}/{slug}/`` 301s to it, so does a wrong
  category, and ``/?p=ID``;
* ``/``, ``/page/N``: home (sticky posts first); ``/category/{path}``, ``/tag/{slug}``,
  ``/{YYYY}/{MM}`` (10 posts a page, ``/page/N``), ``/author/{login}``;
* ``/wp-sitemap.xml`` (index), ``/wp-sitemap-posts-post-1.xml``, ``-taxonomies-category-1``,
  ``-taxonomies-post_tag-1``, ``-users-1``, ``-posts-page-1``; ``/feed`` (RSS 2.0),
  ``/category/{path}/feed``; ``/robots.txt``; ``/about-us`` (a page);
* anything else: 404 (drafts, private, scheduled, trashed and deleted posts included).

The seeded database is built once (``python -m tests.wordpress.cache`` or the first test run)
into ``.cache/wordpress/<hash>/`` and copied per run, so a run starts in a few seconds.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.wordpress.cache import TEMPLATE_ORIGIN, ensure_template
from tests.wordpress.mariadb import MariaDB
from tests.wordpress.plan import SitePlan, build_plan
from tests.wordpress.tree import THEMES, build_tree
from tests.wordpress.webserver import WebServer, free_port

logger = logging.getLogger(__name__)


class WordPressServer:
    """``with WordPressServer() as wp: wp.use_theme("twentytwentyone"); get(wp.base_url)``."""

    def __init__(self, host: str = "127.0.0.1", theme: str = "asianlite") -> None:
        self.host = host
        self.port = free_port(host)
        self.theme = theme
        self.root: Path | None = None
        self.db: MariaDB | None = None
        self.web: WebServer | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @cached_property
    def plan(self) -> SitePlan:
        return build_plan()

    def start(self) -> WordPressServer:
        template = ensure_template(self.plan)
        self.root = Path(tempfile.mkdtemp(prefix="wordpress-"))
        try:
            shutil.copytree(template / "data", self.root / "data", symlinks=True)
            self.db = MariaDB(self.root / "data", self.root).start()
            self._rehost()
            self.use_theme(self.theme)
            site = build_tree(self.root / "site", self.base_url, self.db.socket)
            self.web = WebServer(self.root, site, self.host, self.port).start()
        except BaseException:
            self.stop()
            raise
        logger.info("WordPress at %s (run dir %s)", self.base_url, self.root)
        return self

    def _rehost(self) -> None:
        """The search-replace of a WordPress migration: template origin -> this run's origin."""
        old, new = TEMPLATE_ORIGIN, self.base_url
        self.sql(
            f"UPDATE wp_options SET option_value = '{new}' WHERE option_name IN ('siteurl', 'home');"
            f"UPDATE wp_posts SET post_content = REPLACE(post_content, '{old}', '{new}'),"
            f" guid = REPLACE(guid, '{old}', '{new}');"
        )

    def sql(self, statements: str) -> str:
        assert self.db is not None, "server not started"
        return self.db.sql(statements, "wordpress")

    def use_theme(self, theme: str) -> None:
        """Switch the active theme: two option updates, no reinstall."""
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}; expected one of {THEMES}")
        template = "asianlite" if theme == "asianlite-plain" else theme
        self.sql(
            f"UPDATE wp_options SET option_value = '{template}' WHERE option_name = 'template';"
            f"UPDATE wp_options SET option_value = '{theme}' WHERE option_name = 'stylesheet';"
        )
        self.theme = theme

    def stop(self) -> None:
        if self.web is not None:
            self.web.stop()
        if self.db is not None:
            self.db.stop()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
        self.web = self.db = None
        self.root = None

    def __enter__(self) -> WordPressServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def truth(self, theme: str | None = None) -> dict[str, dict[str, Any]]:
        """The expected export record of every published post for ``theme``, by canonical URL."""
        from tests.wordpress.truth import records

        return records(self.plan, theme or self.theme)
