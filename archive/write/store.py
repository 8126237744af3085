"""Write articles into the archive: upsert, revisions, taxonomy, images and the link graph.

Every function takes a :class:`~sqlalchemy.orm.Session` and leaves the transaction to the
caller (``with factory.begin() as session: store_article(session, record)``).

An article is matched by WordPress post id, else by any URL known for it (canonical, shortlink,
mirror). Unchanged content only moves ``last_fetched`` (and the fetch's ETag/Last-Modified);
changed content keeps the previous title/summary/body as a revision and bumps ``version``.
Content links are replaced with the content; page-time links (``latest_from``, ``dont_miss``)
keep their first/last seen times and whether the last fetch showed them (``current``).

Every statement is SQLAlchemy Core (no ORM objects, no hand-built SQL): the new articles of a
batch go in with one ``insert()`` executemany per table, so the column types convert every
value (UTC times) the same way on every path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from archive.contract import PAGE_TIME_KINDS
from archive.errors import StoreConflict
from archive.schema.models import (
    Article,
    ArticleAuthor,
    ArticleCategory,
    ArticleRevision,
    ArticleTag,
    ArticleUrl,
    Author,
    Category,
    Image,
    Link,
    Tag,
    table_of,
)
from archive.text import slugify
from archive.write.prepare import PreparedArticle, prepare_article
from archive.write.upsert import upsert_names, url_upsert
from archive.write.writer_lock import take_writer_lock

logger = logging.getLogger(__name__)


articles = table_of(Article)
article_urls = table_of(ArticleUrl)
links = table_of(Link)

_CURRENT_COLUMNS = (
    articles.c.id,
    articles.c.post_id,
    articles.c.url,
    articles.c.title,
    articles.c.summary,
    articles.c.body,
    articles.c.modified_at,
    articles.c.content_hash,
    articles.c.version,
    articles.c.last_fetched,
)


class StoreOutcome(StrEnum):
    """What :func:`store_article` did with a record."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def store_article(session: Session, article: Mapping[str, Any]) -> StoreOutcome:
    """Insert or update one article record; raises InvalidRecord or StoreConflict for bad input."""
    record = prepare_article(article)
    conn = session.connection()
    take_writer_lock(conn)
    return _store_prepared(conn, record)


def store_articles(session: Session, batch: Iterable[Mapping[str, Any]]) -> list[StoreOutcome]:
    """Store many records in the caller's transaction, outcomes in order; same rules as
    :func:`store_article`.

    Articles not archived yet (and not repeated within the batch) go in with a few bulk
    statements per batch; so do the updates and touches of archived ones (see
    :func:`_plan_known`); only records that depend on another record of the batch (the same
    article, a shared URL or post id) take the one-by-one path, in order. One invalid record
    raises InvalidRecord before anything is written; roll back to drop the whole batch.
    """
    return store_prepared(session, [prepare_article(article) for article in batch])


def store_prepared(session: Session, records: list[PreparedArticle]) -> list[StoreOutcome]:
    """:func:`store_articles` for records already checked by
    :func:`~archive.write.prepare.prepare_article` (``archive reprocess`` prepares them in its
    worker processes, to compare content hashes there)."""
    if not records:
        return []
    conn = session.connection()
    take_writer_lock(conn)
    fresh, rest = _split_fresh(conn, records)
    outcomes: list[StoreOutcome | None] = [None] * len(records)
    if fresh:
        _bulk_insert(conn, [records[i] for i in fresh])
        for i in fresh:
            outcomes[i] = StoreOutcome.NEW
    together, later = _plan_known(conn, [(i, records[i]) for i in rest])
    written = _write_known(conn, [(current, records[i]) for i, current in together])
    for (i, _), outcome in zip(together, written, strict=True):
        outcomes[i] = outcome
    for i in later:
        outcomes[i] = _store_prepared(conn, records[i])
    return [outcome for outcome in outcomes if outcome is not None]


def _store_prepared(conn: Connection, record: PreparedArticle) -> StoreOutcome:
    current = _find_current(conn, record)
    if current is not None:
        return _write_known(conn, [(current, record)])[0]
    article_id = _insert_article(conn, record)
    parts = [(article_id, record)]
    _register_urls(conn, parts)
    _resolve_incoming_links(conn, parts)
    logger.debug("stored %s as new article %s", record.url, article_id)
    return StoreOutcome.NEW


def _split_fresh(conn: Connection, records: list[PreparedArticle]) -> tuple[list[int], list[int]]:
    """Indexes of records that are certainly new (bulk path) and of all the others."""
    urls = {url for record in records for url in _own_urls(record)}
    post_ids = {record.post_id for record in records if record.post_id is not None}
    known_urls = set(conn.execute(
        select(article_urls.c.url).where(article_urls.c.url.in_(bindparam("u", expanding=True))),
        {"u": sorted(urls)}).scalars())
    known_posts = set(conn.execute(
        select(articles.c.post_id).where(articles.c.post_id.in_(bindparam("p", expanding=True))),
        {"p": sorted(post_ids)}).scalars()) if post_ids else set()
    fresh: list[int] = []
    rest: list[int] = []
    for i, record in enumerate(records):
        own = set(_own_urls(record))
        if own & known_urls or (record.post_id is not None and record.post_id in known_posts):
            rest.append(i)
            continue
        fresh.append(i)
        known_urls |= own  # a repeat later in the batch takes the one-by-one path
        if record.post_id is not None:
            known_posts.add(record.post_id)
    return fresh, rest


def _bulk_insert(conn: Connection, records: list[PreparedArticle]) -> None:
    """Insert new articles with their parts using one statement per table."""
    names = _name_ids(conn, records)
    rows = [_new_article_values(record, names) for record in records]
    columns = tuple(rows[0])
    _insert_rows(conn, articles, columns, [tuple(row.values()) for row in rows])
    ids = {url: article_id for url, article_id in conn.execute(
        select(articles.c.url, articles.c.id).where(articles.c.url.in_(bindparam("u", expanding=True))),
        {"u": [record.url for record in records]})}
    parts = [(ids[record.url], record) for record in records]
    # Every URL of these articles is new (see _split_fresh): a plain insert, no upsert.
    _insert_rows(conn, article_urls, ("url", "article_id", "kind"), [
        (url, article_id, kind)
        for article_id, record in parts for url, kind in _own_urls(record).items()])
    _write_parts(conn, parts, names, page_time_links=True)
    _resolve_incoming_links(conn, parts)


@dataclass(frozen=True)
class _Found:
    """The archived articles some records may be: their rows by id, by post id and by URL."""

    rows: dict[int, Any]
    by_post: dict[int, Any]
    by_url: dict[str, int]

    def candidates(self, record: PreparedArticle) -> list[Any]:
        """The rows matching ``record``'s post id, then its URL (each article once)."""
        rows = [self.by_post[record.post_id]] if record.post_id in self.by_post else []
        url_id = self.by_url.get(record.url)
        if url_id is not None and all(row.id != url_id for row in rows):
            rows.append(self.rows[url_id])
        return rows


def _lookup(conn: Connection, records: list[PreparedArticle]) -> _Found:
    """The archived rows matching the records' post ids or URLs, in two statements."""
    by_url: dict[str, int] = {url: article_id for url, article_id in conn.execute(
        select(article_urls.c.url, article_urls.c.article_id)
        .where(article_urls.c.url.in_(bindparam("u", expanding=True))),
        {"u": sorted({record.url for record in records})})}
    posts = sorted({record.post_id for record in records if record.post_id is not None})
    rows = {row.id: row for row in conn.execute(
        select(*_CURRENT_COLUMNS).where(or_(
            articles.c.post_id.in_(bindparam("p", expanding=True)),
            articles.c.id.in_(bindparam("i", expanding=True)))),
        {"p": posts, "i": sorted(set(by_url.values()))})}
    by_post = {row.post_id: row for row in rows.values() if row.post_id is not None}
    return _Found(rows, by_post, by_url)


def _find_current(conn: Connection, record: PreparedArticle) -> Any:
    """The archived row for this record: by post id, else by any URL known for the article."""
    return _pick_current(record, _lookup(conn, [record]).candidates(record))


def _pick_current(record: PreparedArticle, rows: list[Any]) -> Any:
    """The row of :meth:`_Found.candidates` the record updates, None when new; StoreConflict
    when its post id and its URL name two different articles."""
    by_post = [row for row in rows if record.post_id is not None and row.post_id == record.post_id]
    if by_post:
        others = [row for row in rows if row.id != by_post[0].id]
        if others:
            raise StoreConflict(
                f"post {record.post_id} is archived as article {by_post[0].id} but its URL "
                f"{record.url} belongs to article {others[0].id}"
            )
        return by_post[0]
    if rows and record.post_id is not None and rows[0].post_id is not None:
        raise StoreConflict(
            f"URL {record.url} is archived as post {rows[0].post_id}, the record says post "
            f"{record.post_id}"
        )
    return rows[0] if rows else None


def _plan_known(
    conn: Connection, indexed: list[tuple[int, PreparedArticle]]
) -> tuple[list[tuple[int, Any]], list[int]]:
    """Split records that may be archived into those written together ((index, current row))
    and those that wait for the one-by-one path (indexes, in order).

    A record waits when it is not found, or when an earlier record of the batch shares one of
    its URLs, its post id or a matched article: then it must see that record's write, as it
    would one by one. The others touch disjoint articles and URLs, so writing them together
    leaves the archive as writing them in order would.
    """
    if not indexed:
        return [], []
    found = _lookup(conn, [record for _, record in indexed])
    urls: set[str] = set()
    posts: set[int] = set()
    ids: set[int] = set()
    together: list[tuple[int, Any]] = []
    later: list[int] = []
    for i, record in indexed:
        rows = found.candidates(record)
        own = set(_own_urls(record))
        matched = {row.id for row in rows}
        clash = bool(own & urls or matched & ids) or record.post_id in posts
        urls |= own
        ids |= matched
        if record.post_id is not None:
            posts.add(record.post_id)
        if clash or not rows:
            later.append(i)
        else:
            together.append((i, _pick_current(record, rows)))
    return together, later


def _article_values(record: PreparedArticle, category_id: int | None) -> dict[str, Any]:
    return {
        "post_id": record.post_id,
        "url": record.url,
        "shortlink": record.shortlink,
        "slug": record.slug,
        "title": record.title,
        "summary": record.summary,
        "body": record.body,
        "body_html": record.body_html,
        "published_at": record.published_at,
        "modified_at": record.modified_at,
        "category_id": category_id,
        "reading_minutes": record.reading_minutes,
        "word_count": record.word_count,
        "source": record.source,
        "language": record.language,
        "content_hash": record.content_hash,
        "extraction": record.extraction,
        "layers": record.layers,
        "last_fetched": record.fetched_at,
        "last_changed": record.fetched_at,
        "etag": record.etag,
        "last_modified": record.last_modified,
        "warc_file": record.warc_file,
        "warc_offset": record.warc_offset,
        "warc_length": record.warc_length,
    }


def _new_article_values(record: PreparedArticle, names: _NameIds) -> dict[str, Any]:
    values = _article_values(record, names.categories.get(record.category or ""))
    values.update(first_seen=record.fetched_at, version=1)
    return values


def _insert_article(conn: Connection, record: PreparedArticle) -> int:
    names = _name_ids(conn, [record])
    article_id: int = conn.execute(
        insert(articles).values(_new_article_values(record, names)).returning(articles.c.id)
    ).scalar_one()
    _write_parts(conn, [(article_id, record)], names, page_time_links=True)
    return article_id


def _write_known(conn: Connection, pairs: list[tuple[Any, PreparedArticle]]) -> list[StoreOutcome]:
    """Store records over their archived rows (current row, record), a few statements for the
    lot: the unchanged are touched, the changed updated; then page-time links, URLs and the
    links that point at them. The articles must be distinct (see :func:`_plan_known`)."""
    if not pairs:
        return []
    same = [(current, record) for current, record in pairs
            if current.content_hash == record.content_hash]
    changed = [(current, record) for current, record in pairs
               if current.content_hash != record.content_hash]
    _touch_articles(conn, [(current.id, record) for current, record in same])
    _update_articles(conn, changed)
    parts = [(current.id, record) for current, record in pairs]
    _merge_page_time_links(conn, parts)
    _register_urls(conn, parts)
    _resolve_incoming_links(conn, parts)
    logger.debug("stored %d archived articles: %d changed", len(pairs), len(changed))
    return [StoreOutcome.UNCHANGED if current.content_hash == record.content_hash
            else StoreOutcome.UPDATED for current, record in pairs]


_BY_ID = articles.c.id == bindparam("b_id")


def _touch_articles(conn: Connection, parts: list[tuple[int, PreparedArticle]]) -> None:
    """Unchanged content: only the fetch bookkeeping moves (the extraction layers, and the WARC
    record if any); one executemany per shape (with or without a WARC record)."""
    shapes: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for article_id, record in parts:
        values: dict[str, Any] = {
            "b_id": article_id, "last_fetched": record.fetched_at, "etag": record.etag,
            "last_modified": record.last_modified, "extraction": record.extraction,
            "layers": record.layers,
        }
        if record.warc_file:
            values.update(warc_file=record.warc_file, warc_offset=record.warc_offset,
                          warc_length=record.warc_length)
        shapes[bool(record.warc_file)].append(values)
    for rows in shapes.values():
        if rows:
            conn.execute(update(articles).where(_BY_ID), rows)


def _update_articles(conn: Connection, pairs: list[tuple[Any, PreparedArticle]]) -> None:
    """Changed content: keep the old texts as revisions, rewrite the articles and their parts."""
    if not pairs:
        return
    _insert_rows(conn, table_of(ArticleRevision), _REVISION_COLUMNS, [
        (current.id, current.version, current.title, current.summary, current.body,
         current.modified_at, current.content_hash, current.last_fetched, record.fetched_at,
         record.revision_reason) for current, record in pairs])
    names = _name_ids(conn, [record for _, record in pairs])
    conn.execute(update(articles).where(_BY_ID), [
        {**_article_values(record, names.categories.get(record.category or "")),
         "version": current.version + 1, "b_id": current.id} for current, record in pairs])
    moved = [current.id for current, record in pairs if current.url != record.url]
    if moved:
        conn.execute(update(article_urls).where(
            article_urls.c.article_id.in_(moved), article_urls.c.kind == "canonical",
        ).values(kind="former"))
    ids = [current.id for current, _ in pairs]
    for model in (ArticleAuthor, ArticleCategory, ArticleTag, Image):
        table = table_of(model)
        conn.execute(delete(table).where(table.c.article_id.in_(ids)))
    conn.execute(delete(links).where(links.c.article_id.in_(ids),
                                     links.c.kind.not_in(PAGE_TIME_KINDS)))
    _write_parts(conn, [(current.id, record) for current, record in pairs], names,
                 page_time_links=False)


_REVISION_COLUMNS = ("article_id", "version", "title", "summary", "body", "modified_at",
                     "content_hash", "fetched_at", "superseded_at", "reason")


@dataclass(frozen=True)
class _NameIds:
    """Ids of the categories, authors and tags some records name (created when new)."""

    categories: dict[str, int]
    authors: dict[str, int]
    tags: dict[str, int]


def _name_ids(conn: Connection, records: list[PreparedArticle]) -> _NameIds:
    return _NameIds(
        categories=upsert_names(conn, table_of(Category), [
            name for r in records for name in (*r.categories, *([r.category] if r.category else []))
        ], slugify),
        authors=upsert_names(conn, table_of(Author), [name for r in records for name in r.authors]),
        tags=upsert_names(conn, table_of(Tag), [name for r in records for name in r.tags], slugify),
    )


def _write_parts(
    conn: Connection,
    parts: list[tuple[int, PreparedArticle]],
    names: _NameIds,
    *,
    page_time_links: bool,
) -> None:
    """Authors, categories, tags, images and links of new or changed articles, one statement
    per table; page-time links too when ``page_time_links`` (new articles in bulk)."""
    _insert_rows(conn, table_of(ArticleAuthor), ("article_id", "author_id", "position"), [
        (article_id, names.authors[name], i)
        for article_id, record in parts for i, name in enumerate(record.authors)])
    _insert_rows(conn, table_of(ArticleCategory), ("article_id", "category_id", "position"), [
        (article_id, names.categories[name], i)
        for article_id, record in parts for i, name in enumerate(record.categories)])
    _insert_rows(conn, table_of(ArticleTag), ("article_id", "tag_id", "position"), [
        (article_id, names.tags[name], i)
        for article_id, record in parts for i, name in enumerate(record.tags)])
    _insert_rows(conn, table_of(Image), ("article_id", "position", "url", "caption", "alt"), [
        (article_id, i, image["url"], image["caption"], image["alt"])
        for article_id, record in parts for i, image in enumerate(record.images)])
    _insert_links(conn, [
        (article_id, record, position, link)
        for article_id, record in parts
        for position, link in (enumerate(record.links) if page_time_links
                               else record.content_links())])


def _merge_page_time_links(conn: Connection, parts: list[tuple[int, PreparedArticle]]) -> None:
    """Page-time links seen again get a new last_seen; new ones are added; the rest go stale.

    ``parts`` are (article id, record) of distinct archived articles; a few statements for all.
    """
    existing = _page_time_rows(conn, [article_id for article_id, _ in parts])
    again: list[dict[str, Any]] = []
    fresh: list[tuple[int, PreparedArticle, int, dict[str, str | None]]] = []
    stale: list[int] = []
    for article_id, record in parts:
        known = existing.get(article_id, {})
        for position, link in record.page_time_links():
            ids = known.get((str(link["kind"]), str(link["url"])))
            if ids:
                again.append({"b_id": ids.pop(0), "b_text": link["text"],
                              "b_position": position, "b_seen": record.fetched_at})
            else:
                fresh.append((article_id, record, position, link))
        stale += [link_id for ids in known.values() for link_id in ids]
    if again:
        conn.execute(
            update(links).where(links.c.id == bindparam("b_id"))
            .values(text=bindparam("b_text"), position=bindparam("b_position"),
                    last_seen=bindparam("b_seen"), current=True),
            again,
        )
    if stale:
        conn.execute(update(links).where(links.c.id.in_(stale)).values(current=False))
    _insert_links(conn, fresh)


def _page_time_rows(conn: Connection, article_ids: list[int]) -> dict[int, dict[tuple[str, str], list[int]]]:
    """Link ids of the articles' page-time links by article, then (kind, target URL)."""
    existing: dict[int, dict[tuple[str, str], list[int]]] = {}
    rows = conn.execute(
        select(links.c.id, links.c.article_id, links.c.kind, links.c.target_url).where(
            links.c.article_id.in_(bindparam("a", expanding=True)),
            links.c.kind.in_(PAGE_TIME_KINDS),
        ).order_by(links.c.id), {"a": article_ids})
    for row in rows:
        existing.setdefault(row.article_id, {}).setdefault((row.kind, row.target_url), []).append(row.id)
    return existing


_LINK_COLUMNS = ("article_id", "target_url", "target_article_id", "kind", "text", "position",
                 "first_seen", "last_seen", "current")


def _insert_links(
    conn: Connection, rows: list[tuple[int, PreparedArticle, int, dict[str, str | None]]]
) -> None:
    """Insert (article id, record, position, link) as link rows; targets already archived are
    resolved now."""
    targets = _target_ids(conn, (link["url"] for *_, link in rows))
    _insert_rows(conn, links, _LINK_COLUMNS, [
        (article_id, link["url"], targets.get(link["url"]), link["kind"], link["text"], position,
         record.fetched_at, record.fetched_at, True)
        for article_id, record, position, link in rows])


def _target_ids(conn: Connection, urls: Iterable[str | None]) -> dict[str | None, int]:
    """The archived article behind each URL that is already known."""
    wanted = sorted({url for url in urls if url})
    if not wanted:
        return {}
    rows = conn.execute(
        select(article_urls.c.url, article_urls.c.article_id)
        .where(article_urls.c.url.in_(bindparam("u", expanding=True))), {"u": wanted})
    return {url: article_id for url, article_id in rows}


def _register_urls(conn: Connection, parts: list[tuple[int, PreparedArticle]]) -> None:
    """Remember every URL that leads to these articles (canonical, shortlink, fetched mirror)."""
    conn.execute(url_upsert(conn.dialect.name, article_urls), [
        {"url": url, "article_id": article_id, "kind": kind}
        for article_id, record in parts for url, kind in sorted(_own_urls(record).items())
    ])


def _own_urls(record: PreparedArticle) -> dict[str, str]:
    urls: dict[str, str] = {record.url: "canonical"}
    for url, kind in ((record.shortlink, "shortlink"), (record.fetched_url, "fetched")):
        if url:
            urls.setdefault(url, kind)
    return urls


def _resolve_incoming_links(conn: Connection, parts: list[tuple[int, PreparedArticle]]) -> None:
    """Links archived earlier that point at a URL of these articles now know their target.

    Former URLs of an article are already resolved (they were its URLs when links came in).
    """
    conn.execute(
        update(links)
        .where(links.c.target_url == bindparam("b_url"),
               # coalesce: keeps SQLite on the target_url index (not the mostly-NULL one)
               func.coalesce(links.c.target_article_id, 0) == 0)
        .values(target_article_id=bindparam("b_id")),
        [{"b_url": url, "b_id": article_id}
         for article_id, record in parts for url in sorted(_own_urls(record))],
    )


def _insert_rows(
    conn: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (values in ``columns`` order) with one Core ``insert()`` executemany;
    the columns' types convert the values (UTC times) exactly as everywhere else."""
    if rows:
        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
