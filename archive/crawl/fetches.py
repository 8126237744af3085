"""Every HTTP fetch a crawl made, and the ones that brought no new content (a 304 Not Modified
answer to a conditional request only moves the article's ``last_fetched``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.orm import Session

from archive.schema.models import Article, ArticleUrl, Fetch, table_of


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


def mark_not_modified(session: Session, checks: Iterable[tuple[str, datetime]]) -> None:
    """Note that the articles at these URLs (any URL of each) were checked at these times and
    had not changed: one statement for the lot (an executemany).

    Only ``last_fetched`` moves; content, version and validators stay. A URL no archived
    article has changes nothing.
    """
    params = [{"b_url": url, "b_at": fetched_at} for url, fetched_at in checks]
    if not params:
        return
    articles, urls = table_of(Article), table_of(ArticleUrl)
    known_by_url = select(urls.c.article_id).where(urls.c.url == bindparam("b_url"))
    session.connection().execute(
        update(articles)
        .where(or_(articles.c.url == bindparam("b_url"), articles.c.id.in_(known_by_url)))
        .values(last_fetched=bindparam("b_at")),
        params,
    )


def last_good_fetch_size(session: Session, url: str) -> int | None:
    """Bytes of the last fetch of ``url`` that answered 200 without error (None: never)."""
    return session.scalar(
        select(Fetch.bytes)
        .where(Fetch.url == url, Fetch.status == 200, Fetch.error.is_(None))
        .order_by(Fetch.id.desc())
        .limit(1)
    )
