"""One article for ``archive show``: found by archive id, post id or any of its URLs, as its
contract record plus how the archive knows it (versions, times, URLs, incoming links)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.crawl.known import archived_id
from archive.errors import ArticleNotFound
from archive.research.export import records_for
from archive.schema.models import Article, ArticleRevision, ArticleUrl, Link
from archive.times import iso_utc

#: The largest id a database integer column holds (SQLite INTEGER, PostgreSQL BIGINT).
MAX_ID = 2**63 - 1


def find_article(session: Session, ref: str | int) -> int:
    """The article id for ``ref``: an archive id, a WordPress post id, or any URL of the article."""
    text = str(ref).strip()
    found: int | None = None
    if text.isascii() and text.isdigit():
        number = int(text)
        if number > MAX_ID:  # beyond any database integer: no such article
            raise ArticleNotFound(f"no archived article with id or post id {text}")
        if session.get(Article, number) is not None:
            return number
        found = archived_id(session, post_id=number)
    elif text:
        found = archived_id(session, url=text)
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
