"""URL classification and canonicalisation for asianlite.com (pure functions, no I/O).

One article, one record: the mirrors (asianlite.uk, asianlite.ae), ``www.``, ``http``, trailing
slashes, ``utm_*`` parameters and AMP variants all canonicalise to the same
``https://asianlite.com/{YYYY}/{category}/{slug}`` URL. The old site ``archive.asianlite.com``
is a site of its own and keeps its host.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

MAIN_HOST = "asianlite.com"
OLD_SITE_HOST = "archive.asianlite.com"
MIRROR_HOSTS = frozenset({"asianlite.uk", "asianlite.ae"})
OUT_OF_SCOPE_HOSTS = frozenset({"epaper.asianlite.com"})
SITE_HOSTS = frozenset({MAIN_HOST, OLD_SITE_HOST, *MIRROR_HOSTS})

_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref", "amp", "share"})
_SEGMENT = r"[^/?#]+"
_ARTICLE_RE = re.compile(
    rf"^/(?P<year>(?:19|20)\d\d)/(?P<category>(?!\d\d/)(?!\d\d$){_SEGMENT}(?:/{_SEGMENT})*?)"
    rf"/(?P<slug>{_SEGMENT})$"
)
_MONTH_RE = re.compile(r"^/(?:19|20)\d\d/(?:0[1-9]|1[0-2])(?:/page/\d+)?$")
_YEAR_RE = re.compile(r"^/(?:19|20)\d\d(?:/page/\d+)?$")
_CATEGORY_RE = re.compile(rf"^/category/{_SEGMENT}(?:/{_SEGMENT})*?(?:/page/\d+)?$")
_TAG_RE = re.compile(rf"^/tag/{_SEGMENT}(?:/page/\d+)?$")
_AUTHOR_RE = re.compile(rf"^/author/{_SEGMENT}(?:/page/\d+)?$")
_HOME_PAGE_RE = re.compile(r"^(?:/page/\d+)?$")
_SITEMAP_RE = re.compile(r"^/(?:wp-sitemap[^/]*\.xml|sitemap[^/]*\.xml|[^/]*-sitemap\d*\.xml)$")
_FEED_RE = re.compile(r"(?:^|/)feed(?:/(?:rss2?|atom))?$")
_NOT_ARTICLE_PREFIXES = ("/wp-content/", "/wp-admin/", "/wp-json/", "/wp-includes/", "/feed")
_AMP_SUFFIX_RE = re.compile(r"/amp$")


class UrlKind(StrEnum):
    """What a URL on the site points at."""

    ARTICLE = "article"
    SHORTLINK = "shortlink"
    HOME = "home"
    CATEGORY = "category"
    TAG = "tag"
    AUTHOR = "author"
    MONTH = "month"
    YEAR = "year"
    FEED = "feed"
    SITEMAP = "sitemap"
    UPLOAD = "upload"
    OTHER = "other"  # on the site, but nothing the crawler wants (wp-admin, search, ...)
    OFFSITE = "offsite"


def site_host(host: str | None) -> str | None:
    """The canonical host for a host name of the site, or None when it is not the site's."""
    if not host:
        return None
    host = host.lower().rstrip(".").split(":", 1)[0]
    if host.startswith("www."):
        host = host[4:]
    if host == MAIN_HOST or host in MIRROR_HOSTS:
        return MAIN_HOST
    if host == OLD_SITE_HOST:
        return OLD_SITE_HOST
    return None


def is_site_host(host: str | None) -> bool:
    """True for asianlite.com, its mirrors and the old site (not the e-paper)."""
    return site_host(host) is not None


@lru_cache(maxsize=1 << 16)
def canonical_url(url: str, base: str | None = None) -> str:
    """The one canonical form of a URL of the site; other URLs come back only absolutised.

    >>> canonical_url("http://www.asianlite.uk/2022/top-news/x/?utm_source=tw#c")
    'https://asianlite.com/2022/top-news/x'
    """
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url.strip())
    host = site_host(parts.hostname)
    if host is None:
        return url.strip()
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = _AMP_SUFFIX_RE.sub("", path.rstrip("/")) or "/"
    if path != "/":
        path = path.rstrip("/")
    query = _clean_query(parts.query)
    return urlunsplit(("https", host, path, query, ""))


def _clean_query(query: str) -> str:
    pairs = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
    ]
    return urlencode(pairs)


def post_id_from_url(url: str) -> int | None:
    """The WordPress post id of a shortlink (``/?p=226758``), else None."""
    parts = urlsplit(url)
    if parts.path not in ("", "/"):
        return None
    for key, value in parse_qsl(parts.query):
        if key == "p" and value.isdigit():
            return int(value)
    return None


@lru_cache(maxsize=1 << 16)
def classify_url(url: str) -> UrlKind:
    """What kind of page a URL points at (after canonicalisation)."""
    parts = urlsplit(canonical_url(url))
    if site_host(parts.hostname) is None:
        return UrlKind.OFFSITE
    path = parts.path if parts.path != "/" else ""
    if post_id_from_url(url) is not None:
        return UrlKind.SHORTLINK
    if parts.query and any(key == "s" for key, _ in parse_qsl(parts.query)):
        return UrlKind.OTHER
    return _classify_path(path)


def _classify_path(path: str) -> UrlKind:
    if path.startswith("/wp-content/uploads/"):
        return UrlKind.UPLOAD
    if _SITEMAP_RE.match(path):
        return UrlKind.SITEMAP
    if _FEED_RE.search(path):
        return UrlKind.FEED
    if path.startswith(_NOT_ARTICLE_PREFIXES):
        return UrlKind.OTHER
    for pattern, kind in (
        (_HOME_PAGE_RE, UrlKind.HOME),
        (_CATEGORY_RE, UrlKind.CATEGORY),
        (_TAG_RE, UrlKind.TAG),
        (_AUTHOR_RE, UrlKind.AUTHOR),
        (_MONTH_RE, UrlKind.MONTH),
        (_YEAR_RE, UrlKind.YEAR),
    ):
        if pattern.match(path):
            return kind
    match = _ARTICLE_RE.match(path)
    if match and not match.group("slug").isdigit() and "/page/" not in path:
        return UrlKind.ARTICLE
    return UrlKind.OTHER


def is_article_url(url: str) -> bool:
    return classify_url(url) is UrlKind.ARTICLE


def category_slug_from_url(url: str) -> str | None:
    """The (primary) category path in an article URL: ``top-news``, ``arab-news/saudi-arabia``."""
    return category_slug_from_path(urlsplit(canonical_url(url)).path)


def category_slug_from_path(path: str) -> str | None:
    """category_slug_from_url of the path of a canonical URL (``/2022/top-news/x`` -> ``top-news``)."""
    match = _ARTICLE_RE.match(path)
    return match.group("category") if match else None


def rebase_url(url: str, base_url: str) -> str:
    """Where to fetch a site URL from when crawling a mirror or the replica at ``base_url``.

    The path and query are kept; scheme and host become base_url's. Offsite URLs are returned
    unchanged (the caller must not fetch them).
    """
    parts = urlsplit(url)
    if site_host(parts.hostname) is None:
        return url
    base = urlsplit(base_url)
    prefix = base.path.rstrip("/")
    return urlunsplit((base.scheme, base.netloc, prefix + (parts.path or "/"), parts.query, ""))
