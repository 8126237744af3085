"""What the crawler already has: every archived article with the validators of its last fetch
(for incremental crawls and conditional requests), and the article a URL or post id leads to."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archive.schema.models import Article, ArticleUrl


class KnownArticle(NamedTuple):
    """What an incremental crawl needs to know about an archived article."""

    url: str
    post_id: int | None
    modified_at: datetime | None
    last_fetched: datetime
    etag: str | None
    last_modified: str | None
    published_at: datetime | None = None


def known_articles(session: Session, *, batch_size: int = 1000) -> Iterator[KnownArticle]:
    """Every archived article with its modification time and the validators of its last fetch."""
    rows = session.execute(
        select(Article.url, Article.post_id, Article.modified_at, Article.last_fetched,
               Article.etag, Article.last_modified, Article.published_at).order_by(Article.id)
        .execution_options(yield_per=batch_size)
    )
    for row in rows:
        yield KnownArticle(*row)


def archived_id(session: Session, *, url: str | None = None, post_id: int | None = None) -> int | None:
    """The archive id of the article with this post id or reachable at this URL, else None."""
    if url is None and post_id is None:
        raise ValueError("looking an article up needs a url or a post_id")
    conditions = []
    if post_id is not None:
        conditions.append(Article.post_id == post_id)
    if url is not None:
        conditions.append(Article.id.in_(select(ArticleUrl.article_id).where(ArticleUrl.url == url)))
    return session.scalars(select(Article.id).where(or_(*conditions)).limit(1)).first()
