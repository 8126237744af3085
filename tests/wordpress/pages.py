"""Dump every published post's page, as a theme renders it, with its truth record.

For the bench accuracy table: ``dump_pages(server, "twentytwentyone", out_dir)`` writes
``<post_id>.html`` (the bytes WordPress served) and ``manifest.json``:
``[{"file": "1001.html", "fetched_url": "http://127.0.0.1:PORT/2022/...", "record": {...}}]``.

Example::

    with WordPressServer() as wp:
        dump_pages(wp, "asianlite", Path("bench/results/wordpress-asianlite"))
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from tests.replica.client import fetch
from tests.wordpress.server import WordPressServer
from tests.wordpress.truth import theme_record

logger = logging.getLogger(__name__)


def dump_pages(server: WordPressServer, theme: str, out_dir: Path) -> list[dict[str, Any]]:
    """Switch ``server`` to ``theme``, save every published post's HTML and the manifest."""
    server.use_theme(theme)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest: list[dict[str, Any]] = []
    for post in server.plan.published:
        page = fetch(server.base_url, post.path, timeout=30)
        if page.status != 200:
            raise RuntimeError(f"{post.path}: HTTP {page.status}")
        name = f"{post.post_id}.html"
        (out_dir / name).write_bytes(page.body)
        record = theme_record(server.plan, post, theme)
        manifest.append({"file": name, "fetched_url": server.base_url + post.path, "record": record})
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    logger.info("dumped %s %s pages into %s", len(manifest), theme, out_dir)
    return manifest
