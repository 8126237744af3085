"""What the site publishes (post sitemaps with lastmod, the feed), as the crawler read it.

One row per canonical article URL in ``site_urls``; reading it again moves ``last_seen`` and
keeps the newest lastmod. Completeness (:mod:`archive.crawl.health`) compares the archive
with these rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from archive.schema.models import SiteUrl, table_of
from archive.times import utcnow
from archive.write.upsert import dialect_insert

site_urls = table_of(SiteUrl)


@dataclass(frozen=True, slots=True)
class ListedUrl:
    """An article URL as a sitemap or the feed lists it."""

    url: str
    source: str  # sitemap | feed
    lastmod: datetime | None = None


def record_listing(session: Session, entries: Iterable[ListedUrl], *, run_id: int | None = None) -> int:
    """Upsert ``entries`` into ``site_urls``; returns how many were written."""
    now = utcnow()
    rows = {e.url: {"url": e.url, "source": e.source, "lastmod": e.lastmod, "first_seen": now,
                    "last_seen": now, "run_id": run_id} for e in entries}
    if not rows:
        return 0
    conn = session.connection()
    stmt = dialect_insert(conn, site_urls)
    stmt = stmt.on_conflict_do_update(index_elements=[site_urls.c.url], set_=_on_conflict(stmt))
    conn.execute(stmt, list(rows.values()))
    return len(rows)


def _on_conflict(stmt: Any) -> dict[str, Any]:
    """Seen again: the last read's lastmod, unless it gave none (a feed entry keeps the sitemap's)."""
    return {
        "last_seen": stmt.excluded.last_seen,
        "run_id": stmt.excluded.run_id,
        "source": func.coalesce(site_urls.c.source, stmt.excluded.source),
        "lastmod": func.coalesce(stmt.excluded.lastmod, site_urls.c.lastmod),
    }
