"""The reading room's SQL: one article with everything around it, listings and search.

Everything reads the research views (``article_text``, ``article_links``, migration 0003) and
the tables ``images``, ``article_urls`` and ``article_revisions`` through Datasette's read-only
connection (:meth:`datasette.database.Database.execute`); rows come back as plain dicts.
"""

from __future__ import annotations

import json
from typing import Any

#: Listing page size: newest first, ``?page=N`` for the next ones.
PAGE_SIZE = 30

ARTICLE_COLUMNS = """t.id, t.post_id, t.url, t.title, t.published_at, t.published_date, t.month,
    t.year, t.category, t.categories, t.tags, t.authors, t.source, t.language, t.word_count,
    t.reading_minutes, t.summary, t.version, t.extraction, a.body_html, a.body, a.shortlink,
    a.modified_at, a.first_seen, a.last_fetched, a.last_changed"""

ARTICLE_BY_ID = f"""select {ARTICLE_COLUMNS}
from article_text t join articles a on a.id = t.id where t.id = :id"""

ID_BY_POST_ID = "select id from articles where post_id = :post_id"

ID_BY_URL = """select id from articles where url = :url
union select article_id from article_urls where url = :url limit 1"""

IMAGES = "select url, caption, alt from images where article_id = :id order by position"

URLS = """select url, kind from article_urls where article_id = :id
order by case kind when 'canonical' then 0 when 'shortlink' then 1 else 2 end, url"""

LINKS_OUT = """select l.kind, l.anchor_text, l.target_url, l.target_id, t.post_id as target_post_id,
    l.target_title, l.target_published_at
from article_links l left join articles t on t.id = l.target_id
where l.source_id = :id and l.current = 1 order by l.position, l.link_id"""

LINKS_IN = """select l.kind, l.anchor_text, l.source_id, s.post_id as source_post_id, l.source_url,
    l.source_title, l.source_published_at
from article_links l join articles s on s.id = l.source_id
where l.target_id = :id and l.current = 1 and l.source_id != :id
order by l.kind, l.source_published_at desc, l.link_id"""

REVISIONS = """select version, title, summary, body, modified_at, fetched_at, superseded_at
from article_revisions where article_id = :id order by version desc"""

LISTING_COLUMNS = """t.id, t.post_id, t.url, t.title, t.published_at, t.category, t.source,
    t.authors, t.summary"""

_MEMBERS = """a.id in (select l.article_id from {link} l join {names} n on n.id = l.{key}
    where n.name = :value)"""

#: Per listing kind: the condition on ``articles a`` (indexed columns and link tables, so a
#: listing costs its own rows, not a pass over ``article_text``'s computed columns); day, month
#: and year are the half-open range [:start, :end) of ``published_at``.
LISTING_WHERE = {
    "day": "a.published_at >= :start and a.published_at < :end",
    "month": "a.published_at >= :start and a.published_at < :end",
    "year": "a.published_at >= :start and a.published_at < :end",
    "category": _MEMBERS.format(link="article_categories", names="categories", key="category_id"),
    "tag": _MEMBERS.format(link="article_tags", names="tags", key="tag_id"),
    "author": _MEMBERS.format(link="article_authors", names="authors", key="author_id"),
    "source": "a.source = :value",
}

LISTING_PAGE = """select {columns} from article_text t where t.id in (
    select a.id from articles a where {where}
    order by a.published_at desc, a.id desc limit :limit offset :offset)
order by t.published_at desc, t.id desc"""

#: FTS5 snippet markers: control characters no article text contains, made into <mark> after
#: the snippet is escaped.
MARK_START, MARK_END = "\x02", "\x03"

SEARCH = f"""select {LISTING_COLUMNS},
    snippet(articles_fts, -1, char(2), char(3), '…', 32) as snippet
from articles_fts join article_text t on t.id = articles_fts.rowid
where articles_fts match :query order by rank, t.published_at desc
limit :limit offset :offset"""

SEARCH_COUNT = "select count(*) from articles_fts where articles_fts match :query"

MONTHS = """select strftime('%Y-%m', published_at) as month, count(*) as articles from articles
where published_at is not null group by month order by month desc"""

CATEGORIES = """select c.name, count(*) as articles
from article_categories ac join categories c on c.id = ac.category_id
group by c.id order by articles desc, c.name"""

NEWEST = f"select {LISTING_COLUMNS} from article_text t order by t.published_at desc limit 10"


async def rows(db: Any, sql: str, **params: Any) -> list[dict[str, Any]]:
    """``sql`` on the archive database as a list of dicts."""
    results = await db.execute(sql, params)
    return [dict(row) for row in results.rows]


async def scalar(db: Any, sql: str, **params: Any) -> Any:
    """The first column of the first row of ``sql``, or None."""
    results = await db.execute(sql, params)
    first = results.first()
    return None if first is None else first[0]


def _names(value: str | None) -> list[str]:
    return list(json.loads(value)) if value else []


async def article(db: Any, article_id: int) -> dict[str, Any] | None:
    """One article's ``article_text`` row plus its HTML body, shortlink and times."""
    found = await rows(db, ARTICLE_BY_ID, id=article_id)
    if not found:
        return None
    row = found[0]
    for key in ("categories", "tags", "authors"):
        row[key] = _names(row[key])
    return row


async def surroundings(db: Any, article_id: int) -> dict[str, list[dict[str, Any]]]:
    """What is stored around an article: images, URLs, links out and in, earlier versions."""
    return {
        "images": await rows(db, IMAGES, id=article_id),
        "urls": await rows(db, URLS, id=article_id),
        "links_out": await rows(db, LINKS_OUT, id=article_id),
        "links_in": await rows(db, LINKS_IN, id=article_id),
        "revisions": await rows(db, REVISIONS, id=article_id),
    }


async def listing(db: Any, kind: str, params: dict[str, str],
                  page: int) -> tuple[int, list[dict[str, Any]]]:
    """The articles of one facet value, newest first: (total, this page's rows). ``params``:
    ``value`` or, for day/month/year, ``start`` and ``end``."""
    where = LISTING_WHERE[kind]
    total = await scalar(db, f"select count(*) from articles a where {where}", **params)
    page_rows = await rows(db, LISTING_PAGE.format(columns=LISTING_COLUMNS, where=where),
                           limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **params)
    return int(total or 0), page_rows


async def search(db: Any, query: str, page: int) -> tuple[int, list[dict[str, Any]]]:
    """Full-text matches for ``query`` (FTS5 syntax) best first: (total, this page's rows)."""
    total = await scalar(db, SEARCH_COUNT, query=query)
    page_rows = await rows(db, SEARCH, query=query, limit=PAGE_SIZE,
                           offset=(page - 1) * PAGE_SIZE)
    return int(total or 0), page_rows
