"""URL map of the replica: (Host, path, headers) -> response. No sockets here.

Main site (any Host but the ones below), mirrors (``asianlite.uk``, ``asianlite.ae``) and the
old site (``archive.asianlite.com``) share this map:

=====================================  =====================================================
``/``, ``/page/N``                     homepage, newest posts first, 10 a page
``/?p=ID``                             301 to the article (relative Location); 404/410 if gone
``/{YYYY}/{category}/{slug}``          article (``/`` suffix: 301 to no slash; 200 on .uk)
``/category/{path}[/page/N]``          category (nested ``/category/arab-news/saudi-arabia``)
``/tag/{slug}[/page/N]``               tag archive
``/{YYYY}/{MM}/[page/N]``              month archive
``/feed``                              RSS 2.0, 20 newest
``/wp-sitemap.xml``                    sitemap index; ``/wp-sitemap-posts-post-N.xml`` (2,000
                                       URLs, lastmod), ``/wp-sitemap-taxonomies-{category,
                                       post_tag}-1.xml``
``/robots.txt``                        Disallow list of the Site, Sitemap line
``/wp-content/uploads/YYYY/MM/f.jpg``  a tiny image (jpg/jpeg/png)
anything else                          404
=====================================  =====================================================

Redirect ``Location`` headers are always relative, so a client never leaves 127.0.0.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from tests.replica import feeds
from tests.replica.hosts import HostView, host_view
from tests.replica.listings import Listing, render_listing
from tests.replica.render import render_article
from tests.replica.vocab import CATEGORIES, CATEGORY_BY_PATH, TAG_BY_SLUG, TAG_NAMES

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tests.replica.site import Site

HTML = "text/html; charset=UTF-8"
_PAGE_RE = re.compile(r"^(?P<base>.*?)(?:/page/(?P<page>\d+))?/?$")
_ARTICLE_RE = re.compile(
    r"^/(?P<year>\d{4})/(?P<cat>[a-z0-9-]+)/(?P<slug>[a-z0-9-]+)(?P<slash>/?)$"
)
_MONTH_RE = re.compile(r"^/(?P<year>\d{4})/(?P<month>0[1-9]|1[0-2])$")
_UPLOAD_RE = re.compile(
    r"^/wp-content/uploads/(?:19|20)\d\d/(?:0[1-9]|1[0-2])/[\w.-]+\.(jpe?g|png)$"
)
_POST_SITEMAP_RE = re.compile(r"^/wp-sitemap-posts-post-(\d+)\.xml$")
_TAX_SITEMAP_RE = re.compile(r"^/wp-sitemap-taxonomies-(category|post_tag)-1\.xml$")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "other"  # page kind, used by fault selectors and the log
    post_id: int | None = None

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def http_date(epoch: int) -> str:
    return format_datetime(datetime.fromtimestamp(epoch, UTC), usegmt=True)


def classify(path: str) -> str:
    """Page kind of a path (cheap; used to select faults before routing)."""
    if path in ("", "/") or path.startswith("/page/"):
        return "home"
    if path.startswith("/wp-content/uploads/"):
        return "upload"
    if path.startswith("/wp-sitemap"):
        return "sitemap"
    if path.rstrip("/") == "/feed":
        return "feed"
    if path == "/robots.txt":
        return "robots"
    if path.startswith("/category/"):
        return "category"
    if path.startswith("/tag/"):
        return "tag"
    if _MONTH_RE.match(_PAGE_RE.match(path).group("base")):  # type: ignore[union-attr]
        return "month"
    if _ARTICLE_RE.match(path):
        return "article"
    return "other"


def not_found(status: int = 404, kind: str = "not_found") -> Response:
    title = "Gone" if status == 410 else "Page not found"
    body = f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    return Response(status, body.encode(), [("Content-Type", HTML)], kind)


def _ok(body: str, content_type: str, kind: str) -> Response:
    return Response(200, body.encode("utf-8"), [("Content-Type", content_type)], kind)


def route(site: Site, host_header: str | None, target: str, headers: Mapping[str, str]) -> Response:
    """The response to ``GET target`` with the given Host header and request headers."""
    host = host_view(host_header)
    parts = urlsplit(target)
    path = parts.path or "/"
    query = parse_qs(parts.query)
    if path == "/" and "p" in query:
        return _shortlink(site, host, query["p"][0])
    kind = classify(path)
    handler = _HANDLERS.get(kind)
    if handler is None:
        return not_found()
    return handler(site, host, path, headers)


def _shortlink(site: Site, host: HostView, value: str) -> Response:
    if not value.isdigit() or not site.exists(int(value)):
        return not_found(kind="shortlink")
    pid = int(value)
    if site.is_old(pid) != host.old_site:
        return not_found(kind="shortlink")
    status = site.status(pid)
    if status != 200:
        return not_found(status, "shortlink")
    return Response(
        301, b"", [("Location", site.path(pid)), ("Content-Type", HTML)], "shortlink", pid
    )


def _article(site: Site, host: HostView, path: str, headers: Mapping[str, str]) -> Response:
    m = _ARTICLE_RE.match(path)
    assert m is not None
    pid = site.find(host.old_site, int(m["year"]), m["cat"], m["slug"])
    if pid is None:
        return not_found()
    status = site.status(pid)
    if status != 200:
        return not_found(status, "article")
    if m["slash"] and not host.slash_variation:
        return Response(301, b"", [("Location", path.rstrip("/"))], "article", pid)
    etag = site.etag(pid)
    changed = site.last_changed(pid)
    meta = [
        ("ETag", etag),
        ("Last-Modified", http_date(changed)),
        ("Link", f"<https://{site.host_of(pid)}/?p={pid}>; rel=shortlink"),
    ]
    if _not_modified(headers, etag, changed):
        return Response(304, b"", meta, "article", pid)
    html = render_article(site, pid, host=host.name, theme=site.theme_of(pid))
    return Response(200, html.encode("utf-8"), [("Content-Type", HTML), *meta], "article", pid)


def _not_modified(headers: Mapping[str, str], etag: str, changed: int) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return changed <= since.timestamp()
    return False


def _paged(path: str) -> tuple[str, int]:
    m = _PAGE_RE.match(path)
    assert m is not None
    return m["base"], int(m["page"] or 1)


def _listing_response(
    site: Site, host: HostView, listing: Listing, page: int, kind: str
) -> Response:
    html = render_listing(site, host, listing, page)
    return not_found(kind=kind) if html is None else _ok(html, HTML, kind)


def _home(site: Site, host: HostView, path: str, headers: Mapping[str, str]) -> Response:
    base, page = _paged(path)
    if base not in ("", "/"):
        return not_found()
    listing = Listing("", None, site.listing("home", old_site=host.old_site))
    return _listing_response(site, host, listing, page, "home")


def _category(site: Site, host: HostView, path: str, headers: Mapping[str, str]) -> Response:
    base, page = _paged(path)
    index = CATEGORY_BY_PATH.get(base.removeprefix("/category/"))
    if index is None:
        return not_found()
    heading = f"Category: {CATEGORIES[index].name}"
    listing = Listing(base, heading, site.listing("category", index, old_site=host.old_site))
    return _listing_response(site, host, listing, page, "category")


def _tag(site: Site, host: HostView, path: str, headers: Mapping[str, str]) -> Response:
    base, page = _paged(path)
    index = TAG_BY_SLUG.get(base.removeprefix("/tag/"))
    if index is None:
        return not_found()
    listing = Listing(
        base, f"Tag: {TAG_NAMES[index]}", site.listing("tag", index, old_site=host.old_site)
    )
    return _listing_response(site, host, listing, page, "tag")


def _month(site: Site, host: HostView, path: str, headers: Mapping[str, str]) -> Response:
    base, page = _paged(path)
    m = _MONTH_RE.match(base)
    assert m is not None
    year, month = int(m["year"]), int(m["month"])
    heading = f"Month: {_MONTHS[month - 1]} {year}"
    positions = site.listing("month", (year, month), old_site=host.old_site)
    return _listing_response(site, host, Listing(base, heading, positions), page, "month")


def _feed(site: Site, host: HostView, path: str, headers: Mapping[str, str]) -> Response:
    return _ok(feeds.render_feed(site, host), "application/rss+xml; charset=UTF-8", "feed")


def _sitemap(site: Site, host: HostView, path: str, headers: Mapping[str, str]) -> Response:
    xml = "application/xml; charset=UTF-8"
    if path == "/wp-sitemap.xml":
        return _ok(feeds.render_sitemap_index(site, host), xml, "sitemap")
    m = _POST_SITEMAP_RE.match(path)
    if m:
        body = feeds.render_post_sitemap(site, host, int(m[1]))
        return not_found(kind="sitemap") if body is None else _ok(body, xml, "sitemap")
    m = _TAX_SITEMAP_RE.match(path)
    if m:
        return _ok(feeds.render_taxonomy_sitemap(host, m[1]), xml, "sitemap")
    return not_found(kind="sitemap")


def _robots(site: Site, host: HostView, path: str, headers: Mapping[str, str]) -> Response:
    return _ok(feeds.render_robots(site, host), "text/plain; charset=UTF-8", "robots")


def _upload(site: Site, host: HostView, path: str, headers: Mapping[str, str]) -> Response:
    m = _UPLOAD_RE.match(path)
    if not m:
        return not_found(kind="upload")
    png = m[1] == "png"
    return Response(
        200,
        feeds.PNG if png else feeds.JPEG,
        [("Content-Type", "image/png" if png else "image/jpeg")],
        "upload",
    )


_HANDLERS = {
    "article": _article,
    "home": _home,
    "category": _category,
    "tag": _tag,
    "month": _month,
    "feed": _feed,
    "sitemap": _sitemap,
    "robots": _robots,
    "upload": _upload,
}
