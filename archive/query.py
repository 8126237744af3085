"""Read the archive: search, look up one article, statistics, and what the crawler already has."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session

from archive.errors import ArticleNotFound
from archive.export import records_for
from archive.models import (
    Article,
    ArticleRevision,
    ArticleUrl,
    Author,
    Category,
    CrawlRun,
    Fetch,
    Image,
    Link,
    Reject,
    Tag,
)
from archive.record import iso_utc
from archive.search import SearchHit, fts5_query, search
from archive.stats import archive_breakdown

__all__ = [
    "KnownArticle",
    "SearchHit",
    "archive_stats",
    "article_details",
    "article_exists",
    "find_article",
    "fts5_query",
    "known_articles",
    "search",
]


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


def article_exists(session: Session, url: str | None = None, post_id: int | None = None) -> bool:
    """True when an article with this post id, or reachable at this URL (any alias), is archived."""
    return _lookup_id(session, url=url, post_id=post_id) is not None


def _lookup_id(session: Session, *, url: str | None = None, post_id: int | None = None) -> int | None:
    if url is None and post_id is None:
        raise ValueError("article_exists needs a url or a post_id")
    conditions = []
    if post_id is not None:
        conditions.append(Article.post_id == post_id)
    if url is not None:
        conditions.append(Article.id.in_(select(ArticleUrl.article_id).where(ArticleUrl.url == url)))
    return session.scalars(select(Article.id).where(or_(*conditions)).limit(1)).first()


def find_article(session: Session, ref: str | int) -> int:
    """The article id for ``ref``: an archive id, a WordPress post id, or any URL of the article."""
    text = str(ref).strip()
    found: int | None = None
    if text.isdigit():
        if session.get(Article, int(text)) is not None:
            return int(text)
        found = _lookup_id(session, post_id=int(text))
    elif text:
        found = _lookup_id(session, url=text)
    if not found:
        raise ArticleNotFound(f"no archived article with id, post id or URL {text!r}")
    return found


def article_details(session: Session, article_id: int) -> dict[str, Any]:
    """The contract record of one article plus how the archive knows it (versions, times, links)."""
    records = records_for(session, [article_id])
    if not records:
        raise ArticleNotFound(f"no archived article with id {article_id}")
    article = session.get_one(Article, article_id)
    incoming = session.scalar(select(func.count()).where(Link.target_article_id == article_id))
    revisions = session.scalars(
        select(ArticleRevision.version).where(ArticleRevision.article_id == article_id)
        .order_by(ArticleRevision.version)
    ).all()
    archive_info = {
        "id": article.id,
        "version": article.version,
        "earlier_versions": list(revisions),
        "extraction": article.extraction,
        "word_count": article.word_count,
        "first_seen": iso_utc(article.first_seen),
        "last_fetched": iso_utc(article.last_fetched),
        "last_changed": iso_utc(article.last_changed),
        "incoming_links": incoming,
        "warc": {"file": article.warc_file, "offset": article.warc_offset,
                 "length": article.warc_length} if article.warc_file else None,
        "urls": sorted(session.scalars(select(ArticleUrl.url).where(ArticleUrl.article_id == article_id))),
    }
    return {**records[0], "archive": archive_info}


def archive_stats(session: Session, *, top: int = 10) -> dict[str, Any]:
    """Counts of everything archived, the published range, articles per year, top categories,
    and the breakdowns of :func:`archive.stats.archive_breakdown` (months, categories, authors,
    sources, extraction layers, rejects by reason, last runs)."""
    count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
    first, last = session.execute(
        select(func.min(Article.published_at), func.max(Article.published_at))
    ).one()
    year = extract("year", Article.published_at)
    per_year = session.execute(
        select(year, func.count()).where(Article.published_at.is_not(None)).group_by(year).order_by(year)
    ).all()
    top_categories = session.execute(
        select(Category.name, func.count()).join(Article, Article.category_id == Category.id)
        .group_by(Category.name).order_by(func.count().desc(), Category.name).limit(top)
    ).all()
    last_run = session.execute(
        select(CrawlRun.id, CrawlRun.mode, CrawlRun.status, CrawlRun.started_at)
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(1)
    ).first()
    return {
        "articles": count(Article),
        "revisions": count(ArticleRevision),
        "authors": count(Author),
        "categories": count(Category),
        "tags": count(Tag),
        "images": count(Image),
        "links": count(Link),
        "links_resolved": session.scalar(
            select(func.count()).where(Link.target_article_id.is_not(None))
        ),
        "fetches": count(Fetch),
        "rejects": count(Reject),
        "crawl_runs": count(CrawlRun),
        "first_published": iso_utc(first),
        "last_published": iso_utc(last),
        "articles_per_year": {str(int(y)): n for y, n in per_year},
        "top_categories": {name: n for name, n in top_categories},
        "last_run": None if last_run is None else {
            "id": last_run.id, "mode": last_run.mode, "status": last_run.status,
            "started_at": iso_utc(last_run.started_at),
        },
        **archive_breakdown(session, top=top),
    }

