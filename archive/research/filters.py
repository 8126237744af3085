"""Which articles a research query covers: publication dates, category, tag, author, source.

One :class:`ArticleFilter` is shared by search, export, the graph and the Python API, so that
``--since 2022-01-01 --category "Top News"`` means the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, exists, func, or_, select

from archive.schema.models import (
    Article,
    ArticleAuthor,
    ArticleCategory,
    ArticleTag,
    Author,
    Category,
    Tag,
)
from archive.times import parse_time

Q = TypeVar("Q", bound=Select)  # type: ignore[type-arg]


@dataclass(frozen=True)
class ArticleFilter:
    """Articles published in [since, until] (a bare date includes its whole day), in a category,
    with a tag, by an author, from a wire agency. Names match case-sensitively, slugs too."""

    since: datetime | date | str | None = None
    until: datetime | date | str | None = None
    category: str | None = None
    tag: str | None = None
    author: str | None = None
    source: str | None = None


def filter_conditions(filters: ArticleFilter | None) -> list[ColumnElement[bool]]:
    """WHERE conditions on ``articles`` (no alias) selecting the filtered articles."""
    if filters is None:
        return []
    conditions: list[ColumnElement[bool]] = []
    if filters.since is not None:
        conditions.append(Article.published_at >= published_bound(filters.since, "since", end=False))
    if filters.until is not None:
        conditions.append(Article.published_at < published_bound(filters.until, "until", end=True))
    if filters.category:
        conditions.append(exists(
            select(ArticleCategory.article_id)
            .join(Category, Category.id == ArticleCategory.category_id)
            .where(ArticleCategory.article_id == Article.id,
                   or_(Category.name == filters.category, Category.slug == filters.category))
        ))
    if filters.tag:
        conditions.append(exists(
            select(ArticleTag.article_id).join(Tag, Tag.id == ArticleTag.tag_id)
            .where(ArticleTag.article_id == Article.id,
                   or_(Tag.name == filters.tag, Tag.slug == filters.tag))
        ))
    if filters.author:
        conditions.append(exists(
            select(ArticleAuthor.article_id).join(Author, Author.id == ArticleAuthor.author_id)
            .where(ArticleAuthor.article_id == Article.id, Author.name == filters.author)
        ))
    if filters.source:
        conditions.append(func.lower(Article.source) == filters.source.lower())
    return conditions


def apply_filters(query: Q, filters: ArticleFilter | None) -> Q:
    """``query`` (which selects from ``articles``) restricted to the filtered articles."""
    conditions = filter_conditions(filters)
    return query.where(*conditions) if conditions else query


def published_bound(value: datetime | date | str, field: str, *, end: bool) -> datetime:
    """A bound on published_at; both ends are inclusive, a bare date covers its whole day."""
    parsed = parse_time(value, field)
    assert parsed is not None
    if not end:
        return parsed
    whole_day = (isinstance(value, date) and not isinstance(value, datetime)) or (
        isinstance(value, str) and len(value.strip()) == len("2022-03-20")
    )
    return parsed + (timedelta(days=1) if whole_day else timedelta(microseconds=1))
