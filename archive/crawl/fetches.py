"""Every HTTP fetch a crawl made, and the ones that brought no new content (a 304 Not Modified
answer to a conditional request only moves the article's ``last_fetched``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from archive.schema.models import Article, ArticleUrl, Fetch
from archive.times import utcnow


class FetchRecord(NamedTuple):
    """One HTTP fetch as the crawl saw it (``status`` None when no response came)."""

    url: str
    status: int | None
    fetched_at: datetime
    bytes: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


def record_fetches(session: Session, fetches: Iterable[FetchRecord], *, run_id: int | None = None) -> int:
    """Record many fetches in one statement (one executemany); returns how many."""
    rows = [{**fetch._asdict(), "run_id": run_id} for fetch in fetches]
    if rows:
        session.execute(insert(Fetch), rows)
    return len(rows)


def mark_not_modified(session: Session, url: str, *, fetched_at: datetime | None = None) -> bool:
    """Note that the article at ``url`` (any of its URLs) was checked and had not changed.

    Only ``last_fetched`` moves; content, version and validators stay. False when no archived
    article has that URL.
    """
    article_ids = select(ArticleUrl.article_id).where(ArticleUrl.url == url)
    result = session.execute(
        update(Article)
        .where((Article.url == url) | Article.id.in_(article_ids))
        .values(last_fetched=fetched_at or utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def last_good_fetch_size(session: Session, url: str) -> int | None:
    """Bytes of the last fetch of ``url`` that answered 200 without error (None: never)."""
    return session.scalar(
        select(Fetch.bytes)
        .where(Fetch.url == url, Fetch.status == 200, Fetch.error.is_(None))
        .order_by(Fetch.id.desc())
        .limit(1)
    )
