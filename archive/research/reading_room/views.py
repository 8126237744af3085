"""The reading room's pages as Datasette views: an article, a facet listing, search, the front.

Bad input (a malformed day, a page that is not a number, FTS syntax SQLite rejects) answers
400 with one line saying what is expected; an unknown article or URL answers 404.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import date, timedelta
from typing import Any
from urllib.parse import unquote

from datasette.utils.asgi import BadRequest, NotFound, Response

from archive.research.reading_room import present, queries
from archive.research.reading_room.hrefs import Hrefs

logger = logging.getLogger(__name__)

#: The database name ``archive serve`` gives the archive file, whatever the file is called.
ARCHIVE_DATABASE = "archive"
PLUGIN_NAME = "archive.research.reading_room"

#: Listing kinds whose value has a fixed shape, and what a bad value is told.
VALUE_SHAPES = {
    "day": (re.compile(r"\d{4}-\d{2}-\d{2}"), "a day is written YYYY-MM-DD, e.g. 2022-03-20"),
    "month": (re.compile(r"\d{4}-\d{2}"), "a month is written YYYY-MM, e.g. 2022-03"),
    "year": (re.compile(r"\d{4}"), "a year is written YYYY, e.g. 2022"),
}
#: The same listing as a Datasette table filter on ``article_text``.
TABLE_FILTERS = {
    "day": "published_date", "month": "month", "year": "year",
    "category": "categories__arraycontains", "tag": "tags__arraycontains",
    "author": "authors__arraycontains", "source": "source",
}
_TO_FIRST_DAY = {"day": "", "month": "-01", "year": "-01-01"}
LISTING_TITLES = {
    "day": "Published on {}", "month": "Published in {}", "year": "Published in {}",
    "category": "Category: {}", "tag": "Tag: {}", "author": "By {}", "source": "Source: {}",
}


def archive_database(datasette: Any) -> Any:
    """The archive's Database: the one named ``archive``, else Datasette's first database."""
    if ARCHIVE_DATABASE in datasette.databases:
        return datasette.get_database(ARCHIVE_DATABASE)
    return datasette.get_database()


#: ``?page=N``: ASCII digits, small enough for SQLite's OFFSET.
_PAGE_NUMBER = re.compile(r"[0-9]{1,7}")


def _page(request: Any) -> int:
    raw = request.args.get("page") or "1"
    if not _PAGE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise BadRequest(f"page must be a whole number from 1 to 9999999, not {raw!r}")
    return int(raw)


def _period(kind: str, value: str) -> dict[str, str]:
    """A day, month or year as the half-open range of ``published_at`` text it covers."""
    pattern, expected = VALUE_SHAPES[kind]
    try:
        if not pattern.fullmatch(value):
            raise ValueError(value)
        first = date.fromisoformat(value + _TO_FIRST_DAY[kind])
    except ValueError:
        raise BadRequest(f"{value!r} is not a {kind}: {expected}") from None
    if kind == "day":
        after = first + timedelta(days=1)
    elif kind == "month":
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    else:
        after = date(first.year + 1, 1, 1)
    return {"start": first.isoformat(), "end": after.isoformat()}


async def _render(datasette: Any, request: Any, template: str, context: dict[str, Any],
                  status: int = 200) -> Response:
    db = archive_database(datasette)
    hrefs = Hrefs(datasette, db.name)
    css = datasette.urls.static_plugins(PLUGIN_NAME, "reading_room.css")
    base = {"hrefs": hrefs, "rr_css": css, "display_time": present.display_time}
    html = await datasette.render_template(f"reading_room/{template}", {**base, **context},
                                           request=request)
    return Response.html(html, status=status)


async def _article_response(datasette: Any, request: Any, article_id: int) -> Response:
    db = archive_database(datasette)
    article = await queries.article(db, article_id)
    if article is None:
        raise NotFound(f"no archived article with id {article_id}")
    around = await queries.surroundings(db, article_id)
    hrefs = Hrefs(datasette, db.name)
    context = {
        "article": article,
        "body": present.body_markup(article, present.local_hrefs(around["links_out"], hrefs)),
        "images": present.images_outside_body(article, around["images"]),
        "addresses": around["urls"],
        "versions": present.versions(article, around["revisions"]),
        **present.links_context(article, around, hrefs),
    }
    return await _render(datasette, request, "article.html", context)


async def article_by_post_id(request: Any, datasette: Any) -> Response:
    """``/article/<post id>``: the article with that WordPress post id."""
    post_id = int(request.url_vars["post_id"])
    article_id = await queries.scalar(archive_database(datasette), queries.ID_BY_POST_ID,
                                      post_id=post_id)
    if article_id is None:
        raise NotFound(f"no archived article has post id {post_id}")
    return await _article_response(datasette, request, int(article_id))


async def article_by_url(request: Any, datasette: Any) -> Response:
    """``/article?url=...``: the article reached by that URL (canonical, shortlink, any fetched);
    redirects to ``/article/<post id>`` when the article has one."""
    url = (request.args.get("url") or "").strip()
    if not url:
        raise BadRequest("give the article's URL: /article?url=https://asianlite.com/...")
    db = archive_database(datasette)
    article_id = await queries.scalar(db, queries.ID_BY_URL, url=url)
    if article_id is None and url.endswith("/"):
        article_id = await queries.scalar(db, queries.ID_BY_URL, url=url.rstrip("/"))
    if article_id is None:
        raise NotFound(f"no archived article is known by the URL {url}")
    post_id = await queries.scalar(db, "select post_id from articles where id = :id",
                                   id=article_id)
    if post_id is not None:
        return Response.redirect(Hrefs(datasette, db.name).article(post_id))
    return await _article_response(datasette, request, int(article_id))


async def listing(request: Any, datasette: Any) -> Response:
    """``/<day|month|year|category|tag|author|source>/<value>``: its articles, newest first."""
    kind = request.url_vars["kind"]
    value = unquote(request.url_vars["value"])
    params = _period(kind, value) if kind in VALUE_SHAPES else {"value": value}
    page = _page(request)
    total, rows = await queries.listing(archive_database(datasette), kind, params, page)
    context = {"kind": kind, "value": value, "heading": LISTING_TITLES[kind].format(value),
               "total": total, "rows": rows, "page": page, "page_size": queries.PAGE_SIZE,
               "table_filter": {TABLE_FILTERS[kind]: value, "_sort_desc": "published_at"}}
    return await _render(datasette, request, "listing.html", context)


async def search(request: Any, datasette: Any) -> Response:
    """``/search?q=...``: full-text matches, best first, with the matching passage marked."""
    query = (request.args.get("q") or "").strip()
    page = _page(request)
    context: dict[str, Any] = {"query": query, "page": page, "page_size": queries.PAGE_SIZE,
                               "rows": [], "total": 0, "error": None}
    status = 200
    if query:
        try:
            context["total"], rows = await queries.search(archive_database(datasette), query, page)
        except sqlite3.OperationalError as exc:
            logger.info("search %r refused: %s", query, exc)
            context["error"], status = f"SQLite could not read this search: {exc}", 400
        else:
            context["rows"] = [{**row, "snippet": present.snippet_markup(row["snippet"])}
                               for row in rows]
    return await _render(datasette, request, "search.html", context, status=status)


async def front(request: Any, datasette: Any) -> Response:
    """``/read``: the newest articles, the months and the categories of the archive."""
    db = archive_database(datasette)
    context = {
        "newest": await queries.rows(db, queries.NEWEST),
        "months": await queries.rows(db, queries.MONTHS),
        "categories": await queries.rows(db, queries.CATEGORIES),
    }
    return await _render(datasette, request, "front.html", context)


ROUTES = [
    (r"^/read$", front),
    (r"^/article/(?P<post_id>\d{1,18})$", article_by_post_id),
    (r"^/article$", article_by_url),
    (r"^/search$", search),
    (r"^/(?P<kind>day|month|year|category|tag|author|source)/(?P<value>[^/]+)$", listing),
]
