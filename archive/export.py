"""Stream archived articles as contract records (archive.contract.RECORD_KEYS) to JSONL or CSV.

Records are read in id order, a batch at a time (one query per batch and per related table),
so memory stays flat however large the archive is.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, Any

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session, aliased

from archive.contract import RECORD_KEYS, to_record
from archive.models import (
    Article,
    ArticleAuthor,
    ArticleCategory,
    ArticleTag,
    Author,
    Category,
    Image,
    Link,
    Tag,
)
from archive.record import iso_utc, parse_time

EXPORT_FORMATS = ("jsonl", "csv")

_ARTICLE_COLUMNS = (
    Article.id, Article.post_id, Article.url, Article.shortlink, Article.title, Article.summary,
    Article.body, Article.published_at, Article.modified_at, Article.source,
    Article.reading_minutes, Article.language,
)


@dataclass(frozen=True)
class ExportFilter:
    """Which articles to export: published in [since, until], in a category, with a tag."""

    since: datetime | date | str | None = None
    until: datetime | date | str | None = None
    category: str | None = None
    tag: str | None = None


def iter_records(
    session: Session, filters: ExportFilter | None = None, *, batch_size: int = 500
) -> Iterator[dict[str, Any]]:
    """Yield the contract record of every matching article, in archive (id) order."""
    query = _filtered(select(Article.id), filters or ExportFilter())
    last_id = 0
    while True:
        ids = list(session.scalars(query.where(Article.id > last_id).order_by(Article.id)
                                   .limit(batch_size)))
        if not ids:
            return
        yield from records_for(session, ids)
        last_id = ids[-1]


def records_for(session: Session, article_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Contract records of the given articles, in the given order (missing ids are skipped)."""
    primary = aliased(Category)
    rows = session.execute(
        select(*_ARTICLE_COLUMNS, primary.name.label("category"))
        .outerjoin(primary, primary.id == Article.category_id)
        .where(Article.id.in_(article_ids))
    ).all()
    by_id = {row.id: (row, row.category) for row in rows}
    parts = _related(session, list(by_id))
    records = []
    for article_id in article_ids:
        if article_id in by_id:
            article, category = by_id[article_id]
            records.append(_record(article, category, parts, article_id))
    return records


def _record(article: Any, category: str | None, parts: dict[str, Any], aid: int) -> dict[str, Any]:
    return to_record({
        "post_id": article.post_id,
        "url": article.url,
        "shortlink": article.shortlink,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "published_at": iso_utc(article.published_at),
        "modified_at": iso_utc(article.modified_at),
        "authors": parts["authors"][aid],
        "category": category,
        "categories": parts["categories"][aid],
        "tags": parts["tags"][aid],
        "source": article.source,
        "reading_minutes": article.reading_minutes,
        "language": article.language,
        "images": parts["images"][aid],
        "links": parts["links"][aid],
    })


def _related(session: Session, ids: list[int]) -> dict[str, dict[int, list[Any]]]:
    """Authors, categories, tags, images and current links of ``ids``, each in page order."""
    parts: dict[str, dict[int, list[Any]]] = {
        name: defaultdict(list) for name in ("authors", "categories", "tags", "images", "links")
    }
    if not ids:
        return parts
    for name, article_id_col, key_col, position_col, named in (
        ("authors", ArticleAuthor.article_id, ArticleAuthor.author_id, ArticleAuthor.position, Author),
        ("categories", ArticleCategory.article_id, ArticleCategory.category_id,
         ArticleCategory.position, Category),
        ("tags", ArticleTag.article_id, ArticleTag.tag_id, ArticleTag.position, Tag),
    ):
        rows = session.execute(
            select(article_id_col, named.name).join(named, named.id == key_col)
            .where(article_id_col.in_(ids)).order_by(article_id_col, position_col)
        )
        for article_id, value in rows:
            parts[name][article_id].append(value)
    images = session.execute(
        select(Image.article_id, Image.url, Image.caption, Image.alt)
        .where(Image.article_id.in_(ids)).order_by(Image.article_id, Image.position)
    )
    for article_id, url, caption, alt in images:
        parts["images"][article_id].append({"url": url, "caption": caption, "alt": alt})
    links = session.execute(
        select(Link.article_id, Link.kind, Link.target_url, Link.text)
        .where(Link.article_id.in_(ids), Link.current.is_(True))
        .order_by(Link.article_id, Link.position, Link.id)
    )
    for article_id, kind, url, text in links:
        parts["links"][article_id].append({"kind": kind, "url": url, "text": text})
    return parts


def _filtered(query: Select[Any], filters: ExportFilter) -> Select[Any]:
    if filters.since is not None:
        query = query.where(Article.published_at >= _bound(filters.since, "since", end=False))
    if filters.until is not None:
        query = query.where(Article.published_at < _bound(filters.until, "until", end=True))
    if filters.category:
        name = filters.category
        query = query.where(exists(
            select(ArticleCategory.article_id)
            .join(Category, Category.id == ArticleCategory.category_id)
            .where(ArticleCategory.article_id == Article.id,
                   or_(Category.name == name, Category.slug == name))
        ))
    if filters.tag:
        query = query.where(exists(
            select(ArticleTag.article_id).join(Tag, Tag.id == ArticleTag.tag_id)
            .where(ArticleTag.article_id == Article.id,
                   or_(Tag.name == filters.tag, Tag.slug == filters.tag))
        ))
    return query


def _bound(value: datetime | date | str, field: str, *, end: bool) -> datetime:
    """A filter bound on published_at; both ends are inclusive, a bare date covers its day."""
    parsed = parse_time(value, field)
    assert parsed is not None
    if not end:
        return parsed
    whole_day = (isinstance(value, date) and not isinstance(value, datetime)) or (
        isinstance(value, str) and len(value.strip()) == len("2022-03-20")
    )
    return parsed + (timedelta(days=1) if whole_day else timedelta(microseconds=1))


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object per line; returns how many were written."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One row per record, columns RECORD_KEYS; list and object fields are JSON in their cell."""
    writer = csv.DictWriter(out, fieldnames=list(RECORD_KEYS), lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
        count += 1
    return count


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def write_records(records: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Write ``records`` in ``fmt`` (``jsonl`` or ``csv``)."""
    if fmt == "jsonl":
        return write_jsonl(records, out)
    if fmt == "csv":
        return write_csv(records, out)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
