"""Fetches that brought no new content: a 304 Not Modified answer to a conditional request."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from archive.models import Article, ArticleUrl, utcnow


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
