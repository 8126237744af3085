"""Stream archived articles as contract records (archive.contract.RECORD_KEYS): JSONL, CSV, Parquet.

Records are read in id order a batch at a time with Core queries returning plain tuples (no
ORM objects): one query for the articles of a batch and one per related table that the chosen
fields need, so memory stays flat however large the archive is. ``fields`` picks and orders
the columns (default: every contract key).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from archive.contract import RECORD_KEYS
from archive.errors import ArchiveError
from archive.research.csv_safety import FORMULA_STARTS
from archive.research.filters import ArticleFilter, apply_filters
from archive.schema.models import Article, Category
from archive.times import iso_utc

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
#: Formats written as text (the others need a binary file).
TEXT_FORMATS = ("jsonl", "csv")

_SCALAR_COLUMNS = {
    "post_id": Article.post_id, "url": Article.url, "shortlink": Article.shortlink,
    "title": Article.title, "summary": Article.summary, "body": Article.body,
    "published_at": Article.published_at, "modified_at": Article.modified_at,
    "source": Article.source, "reading_minutes": Article.reading_minutes,
    "language": Article.language,
}
_TIME_FIELDS = frozenset({"published_at", "modified_at"})
LIST_FIELDS = frozenset({"authors", "categories", "tags", "images", "links"})


def check_fields(fields: Sequence[str] | None) -> tuple[str, ...]:
    """The chosen export fields in order (all of RECORD_KEYS when none), or a clear error."""
    if not fields:
        return RECORD_KEYS
    unknown = [name for name in fields if name not in RECORD_KEYS]
    if unknown:
        raise ArchiveError(f"unknown export field(s) {', '.join(unknown)}; "
                           f"choose from {', '.join(RECORD_KEYS)}")
    if len(set(fields)) != len(fields):
        raise ArchiveError(f"export field listed twice in {', '.join(fields)}")
    return tuple(fields)


def iter_records(
    session: Session, filters: ArticleFilter | None = None, *, batch_size: int = 1000,
    fields: Sequence[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the record (``fields``, default every contract key) of each matching article, in
    archive (id) order."""
    for batch in iter_record_batches(session, filters, batch_size=batch_size, fields=fields):
        yield from batch


def iter_record_batches(
    session: Session, filters: ArticleFilter | None = None, *, batch_size: int = 1000,
    fields: Sequence[str] | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """Like :func:`iter_records`, one list of up to ``batch_size`` records at a time."""
    chosen = check_fields(fields)
    conn = session.connection()
    scalars = [name for name in chosen if name in _SCALAR_COLUMNS]
    query: Any = apply_filters(
        select(Article.id, Article.category_id, *(_SCALAR_COLUMNS[n] for n in scalars)), filters
    ).order_by(Article.id).limit(batch_size)
    category_names = _category_names(conn) if "category" in chosen else {}
    last_id = 0
    while True:
        rows = conn.execute(query.where(Article.id > last_id)).all()
        if not rows:
            return
        yield _build(conn, rows, chosen, scalars, category_names)
        last_id = rows[-1][0]


def records_for(session: Session, article_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Contract records of the given articles, in the given order (missing ids are skipped)."""
    if not article_ids:
        return []
    conn = session.connection()
    scalars = list(_SCALAR_COLUMNS)
    rows = conn.execute(
        select(Article.id, Article.category_id, *_SCALAR_COLUMNS.values())
        .where(Article.id.in_(list(article_ids)))
    ).all()
    by_id = {record_id: record for record_id, record in zip(
        [row[0] for row in rows], _build(conn, rows, RECORD_KEYS, scalars, _category_names(conn)),
        strict=True)}
    return [by_id[i] for i in article_ids if i in by_id]


def _category_names(conn: Connection) -> dict[int, str]:
    return {cid: name for cid, name in conn.execute(select(Category.id, Category.name))}


def _build(conn: Connection, rows: Sequence[Any], chosen: Sequence[str], scalars: Sequence[str],
           category_names: dict[int, str]) -> list[dict[str, Any]]:
    """Records for ``rows`` (id, category_id, *scalars) with the related lists ``chosen`` needs."""
    ids = [row[0] for row in rows]
    related = [(name, _related_lists(conn, name, ids)) for name in chosen if name in LIST_FIELDS]
    times = [name for name in scalars if name in _TIME_FIELDS]
    with_category = "category" in chosen
    template = dict.fromkeys(chosen)
    records = []
    for row in rows:
        record = template.copy()  # keys in the chosen order
        record.update(zip(scalars, row[2:], strict=True))
        for name in times:
            record[name] = _iso(record[name])
        if with_category:
            record["category"] = category_names.get(row[1])
        for name, lists in related:
            record[name] = lists.get(row[0], [])
        records.append(record)
    return records


def _iso(value: datetime | None) -> str | None:
    if value is None or value.tzinfo is not UTC:
        return iso_utc(value)
    return value.isoformat()


#: The related rows of a batch, in page order. Ids are integers read from the database and
#: inlined, so each statement is one plain driver call (no parameter expansion, no Row objects).
_RELATED_SQL = {
    "authors": "SELECT l.article_id, n.name FROM article_authors AS l JOIN authors AS n "
               "ON n.id = l.author_id WHERE l.article_id IN ({ids}) "
               "ORDER BY l.article_id, l.position",
    "categories": "SELECT l.article_id, n.name FROM article_categories AS l JOIN categories AS n "
                  "ON n.id = l.category_id WHERE l.article_id IN ({ids}) "
                  "ORDER BY l.article_id, l.position",
    "tags": "SELECT l.article_id, n.name FROM article_tags AS l JOIN tags AS n "
            "ON n.id = l.tag_id WHERE l.article_id IN ({ids}) ORDER BY l.article_id, l.position",
    "images": "SELECT article_id, url, caption, alt FROM images WHERE article_id IN ({ids}) "
              "ORDER BY article_id, position",
    "links": "SELECT article_id, kind, target_url, text FROM links "
             "WHERE article_id IN ({ids}) AND current ORDER BY article_id, position, id",
}


def _related_lists(conn: Connection, name: str, ids: list[int]) -> dict[int, list[Any]]:
    """Per article id, its authors/categories/tags (names), images or current links, page order."""
    lists: dict[int, list[Any]] = defaultdict(list)
    result = conn.exec_driver_sql(_RELATED_SQL[name].format(ids=",".join(map(str, map(int, ids)))))
    try:
        rows = result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()
    if name == "images":
        for aid, url, caption, alt in rows:
            lists[aid].append({"url": url, "caption": caption, "alt": alt})
    elif name == "links":
        for aid, kind, url, text in rows:
            lists[aid].append({"kind": kind, "url": url, "text": text})
    else:
        for aid, value in rows:
            lists[aid].append(value)
    return lists


def count_records(session: Session, filters: ArticleFilter | None = None) -> int:
    """How many articles match ``filters`` (for progress bars)."""
    query = apply_filters(select(func.count()).select_from(Article), filters)
    return int(session.scalar(query) or 0)


# Writers: each takes batches of records and returns how many it wrote.

_JSON = json.JSONEncoder(ensure_ascii=False)


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object per line; returns how many were written."""
    count = 0
    encode = _JSON.encode
    for record in records:
        out.write(encode(record))
        out.write("\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], out: IO[str],
              fields: Sequence[str] | None = None) -> int:
    """One row per record, columns ``fields`` (default RECORD_KEYS); lists are JSON in the cell.

    RFC 4180 like the csv module's default dialect (fields with a comma, quote or line break
    are quoted, quotes doubled, "\\n" line ends); text cells a spreadsheet would run as a
    formula get a leading ``'`` (:mod:`archive.research.csv_safety`); written directly because the csv module's
    per-character loop was the slowest step of a CSV export.
    """
    columns = check_fields(fields)
    encode = _JSON.encode
    lists = [c in LIST_FIELDS for c in columns]
    out.write(",".join(columns) + "\n")
    count = 0
    for record in records:
        out.write(",".join([
            _csv_cell(encode(record[c]) if is_list else record[c])
            for c, is_list in zip(columns, lists, strict=True)
        ]))
        out.write("\n")
        count += 1
    return count


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = "'" + value if value.startswith(FORMULA_STARTS) else value
    else:
        text = str(value)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def write_parquet(batches: Iterable[list[dict[str, Any]]], out: Any,
                  fields: Sequence[str] | None = None) -> int:
    """Write record batches to a Parquet file (path or binary file); lists stay typed lists."""
    from archive.research.parquet import write_parquet_batches

    return write_parquet_batches(batches, out, check_fields(fields))


def write_records(records: Iterable[dict[str, Any]], out: IO[str], fmt: str,
                  fields: Sequence[str] | None = None) -> int:
    """Write ``records`` as text in ``fmt`` (``jsonl`` or ``csv``)."""
    if fmt == "jsonl":
        return write_jsonl(records, out)
    if fmt == "csv":
        return write_csv(records, out, fields)
    raise ValueError(f"unknown text export format {fmt!r}; use one of {', '.join(TEXT_FORMATS)}")

