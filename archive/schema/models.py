"""The archive's schema: SQLAlchemy 2.0 models, readable without the code.

Times are stored in UTC (timezone-aware on PostgreSQL, naive UTC text on SQLite) and always
come back timezone-aware. The full-text index (FTS5 table ``articles_fts`` on SQLite, column
``articles.search_vector`` on PostgreSQL) is created by the migrations, not by these models.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archive.times import utcnow


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime that is stored as UTC and always read back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, str: Text, dict[str, Any]: JSON}


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class, typed as one (``__table__`` is typed as any
    FromClause), for statements that need no ORM."""
    return cast(Table, model.__table__)


class Category(Base):
    """A WordPress category by display name ("Top News"), optionally nested under a parent."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    slug: Mapped[str]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))


class Article(Base):
    """One article: the latest version of its content plus crawl bookkeeping."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int | None] = mapped_column(unique=True, comment="WordPress post id")
    url: Mapped[str] = mapped_column(unique=True, comment="canonical URL")
    shortlink: Mapped[str | None]
    slug: Mapped[str | None]
    title: Mapped[str]
    summary: Mapped[str | None]
    body: Mapped[str] = mapped_column(comment="plain text, paragraphs joined by a blank line")
    body_html: Mapped[str | None] = mapped_column(comment="cleaned body HTML")
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    modified_at: Mapped[datetime | None]
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True, comment="primary category"
    )
    reading_minutes: Mapped[int | None]
    word_count: Mapped[int] = mapped_column(default=0)
    source: Mapped[str | None] = mapped_column(String(64), comment="wire agency, e.g. ANI")
    language: Mapped[str | None] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))
    extraction: Mapped[str | None] = mapped_column(String(16), comment="theme|structured|fallback")
    layers: Mapped[dict[str, Any] | None] = mapped_column(
        comment="field -> extraction layer that produced it (structured, theme, anchor, ...)"
    )
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_fetched: Mapped[datetime] = mapped_column(default=utcnow)
    last_changed: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    etag: Mapped[str | None] = mapped_column(comment="ETag of the last fetch")
    last_modified: Mapped[str | None] = mapped_column(comment="Last-Modified of the last fetch")
    warc_file: Mapped[str | None] = mapped_column(comment="WARC file of the page this text came from")
    warc_offset: Mapped[int | None] = mapped_column(BigInteger, comment="its record's byte offset")
    warc_length: Mapped[int | None] = mapped_column(BigInteger, comment="its record's length in bytes")


class ArticleUrl(Base):
    """Every URL known to lead to an article: canonical, shortlink, mirror, former canonical."""

    __tablename__ = "article_urls"

    url: Mapped[str] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), comment="canonical|shortlink|fetched|former")


class ArticleRevision(Base):
    """An earlier version of an article's text, kept when a later fetch changed it."""

    __tablename__ = "article_revisions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int]
    title: Mapped[str]
    summary: Mapped[str | None]
    body: Mapped[str]
    modified_at: Mapped[datetime | None]
    content_hash: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(comment="last fetch that saw this version")
    superseded_at: Mapped[datetime] = mapped_column(comment="fetch that replaced it")
    reason: Mapped[str | None] = mapped_column(
        comment="what replaced it when not a fetch, e.g. reprocess with code version X"
    )


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    slug: Mapped[str]


class ArticleAuthor(Base):
    __tablename__ = "article_authors"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("authors.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int]


class ArticleCategory(Base):
    """All categories of an article in page order (the primary one is articles.category_id)."""

    __tablename__ = "article_categories"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int]


class ArticleTag(Base):
    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int]


class Image(Base):
    __tablename__ = "images"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int]
    url: Mapped[str]
    caption: Mapped[str | None]
    alt: Mapped[str | None]


class Link(Base):
    """A link from an article to a URL; target_article_id is filled once the target is archived.

    Content links (body, also_read, ...) are replaced when the article changes. Page-time links
    (latest_from, dont_miss) accumulate: first_seen/last_seen say when they were on the page and
    ``current`` whether the last fetch showed them.
    """

    __tablename__ = "links"
    __table_args__ = (Index("ix_links_target_url", "target_url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    target_url: Mapped[str]
    target_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str | None]
    position: Mapped[int]
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    current: Mapped[bool] = mapped_column(Boolean, default=True)


class Fetch(Base):
    """One HTTP fetch made by a crawl (including 304s and failures)."""

    __tablename__ = "fetches"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(index=True)
    status: Mapped[int | None]
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    bytes: Mapped[int | None]
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    error: Mapped[str | None]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))


class Reject(Base):
    """A page or item that could not be archived, with the reason."""

    __tablename__ = "rejects"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str | None] = mapped_column(index=True)
    reason: Mapped[str]
    detail: Mapped[str | None]
    rejected_at: Mapped[datetime] = mapped_column(default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))


class CrawlRun(Base):
    """One crawl: its mode, times, outcome and counts; ``stats`` holds the crawler's stats."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    mode: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(32), default="running")
    new_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)
    stats: Mapped[dict[str, Any] | None]
    health: Mapped[dict[str, Any] | None] = mapped_column(
        comment="the monitors' report: outcome of every monitor, field profile, drift alarms"
    )


class SiteUrl(Base):
    """An article URL the site publishes (post sitemaps, feed), as the crawler last read it:
    what completeness (``archive health --gaps``) compares the archive with."""

    __tablename__ = "site_urls"

    url: Mapped[str] = mapped_column(primary_key=True, comment="canonical article URL")
    source: Mapped[str] = mapped_column(String(16), comment="sitemap|feed")
    lastmod: Mapped[datetime | None] = mapped_column(comment="lastmod the site gave, if any")
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))


class CrawlLock(Base):
    """A named lock that keeps two crawls (on any machine) from running at once."""

    __tablename__ = "crawl_lock"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    holder: Mapped[str]
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    host: Mapped[str | None] = mapped_column(String(255), comment="holder's host name")
    pid: Mapped[int | None] = mapped_column(comment="holder's process id on that host")
    run_id: Mapped[int | None] = mapped_column(comment="the holder's crawl_runs row")
