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
#: ``/{YYYY}/{category}/{slug}``, and the older shapes ``/{YYYY}/news/{category}/{slug}`` and
#: ``/news/{category}/{slug}`` (2016 permalinks: the category is the segment after ``news/``).
_ARTICLE_RE = re.compile(
    rf"^/(?:(?P<year>(?:19|20)\d\d)/(?:news/)?|news/)"
    rf"(?P<category>(?!\d\d/)(?!\d\d$){_SEGMENT}(?:/{_SEGMENT})*?)/(?P<slug>{_SEGMENT})$"
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
_SLASHES_RE = re.compile(r"/{2,}")


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


_ABSOLUTE_RE = re.compile(r"https?://", re.IGNORECASE)
#: How many answers each URL rule remembers (least recently used first out). A page's menus,
#: sidebars and ticker repeat on every page and stay remembered; a story's own links are asked
#: for a few times at most. More costs memory without saving time: ~500 bytes an answer, and a
#: backfill's peak RSS grew with this size until it was full (issue 5).
URL_ANSWERS_REMEMBERED = 1 << 13

#: Hosts that stand for a site host on one page: ``(("127.0.0.1:8080", "asianlite.com"),)``
#: for a staging copy, a local mirror or the replica whose pages link to their own address.
Aliases = tuple[tuple[str, str], ...]


def aliases_for(fetched_url: str, site_url: str) -> Aliases:
    """The alias a page fetched from ``fetched_url`` as ``site_url`` implies (none when the
    fetched host is a site host already)."""
    fetched, site = urlsplit(fetched_url), urlsplit(site_url)
    host = site_host(site.hostname)
    if host is None or not fetched.netloc or site_host(fetched.hostname) is not None:
        return ()
    return ((fetched.netloc.lower(), host),)


def canonical_url(url: str, base: str | None = None, aliases: Aliases = ()) -> str:
    """The one canonical form of a URL of the site; other URLs come back only absolutised.

    ``base`` resolves a relative URL; ``aliases`` name hosts that are the site on this page.

    >>> canonical_url("http://www.asianlite.uk/2022/top-news/x/?utm_source=tw#c")
    'https://asianlite.com/2022/top-news/x'
    >>> canonical_url("/2022/top-news/x", "http://127.0.0.1:8080/", (("127.0.0.1:8080", "asianlite.com"),))
    'https://asianlite.com/2022/top-news/x'
    """
    url = url.strip()
    if _ABSOLUTE_RE.match(url):  # urljoin returns an absolute URL as it is: base is moot
        return _canonical_aliased(url, aliases)
    if base:
        url = urljoin(base, url)
    return _canonical_aliased(url, aliases)


@lru_cache(maxsize=URL_ANSWERS_REMEMBERED)
def _canonical_aliased(url: str, aliases: Aliases) -> str:
    """canonical_url once the base was applied; remembered, as most links of a page repeat
    on every page (menus, sidebars, the ticker)."""
    for netloc, host in aliases:
        parts = urlsplit(url)
        if parts.netloc.lower() == netloc:
            url = urlunsplit(("https", host, parts.path, parts.query, parts.fragment))
            break
    return _canonical(url)


@lru_cache(maxsize=URL_ANSWERS_REMEMBERED)
def _canonical(url: str) -> str:
    parts = urlsplit(url)
    host = site_host(parts.hostname)
    if host is None:
        return url
    path = _SLASHES_RE.sub("/", parts.path or "/")
    path = _AMP_SUFFIX_RE.sub("", path.rstrip("/")) or "/"
    if path != "/":
        path = path.rstrip("/")
    query = _clean_query(parts.query) if parts.query else ""
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


@lru_cache(maxsize=URL_ANSWERS_REMEMBERED)
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


_PAGED_RE = re.compile(r"/page/\d+$")


def category_path(url: str) -> str | None:
    """The slug path of a category archive URL (``/category/arab-news/saudi-arabia/`` ->
    ``arab-news/saudi-arabia``), or None for other URLs."""
    path = urlsplit(url).path
    if not path.startswith("/category/"):
        return None
    return _PAGED_RE.sub("", path[len("/category/") :].strip("/")) or None


def shortlink(url: str, post_id: int) -> str | None:
    """The ``/?p=ID`` address WordPress serves every post at, on its site's canonical host."""
    host = site_host(urlsplit(url).hostname)
    return f"https://{host}/?p={post_id}" if host else None


def canonical_url_cache_clear() -> None:
    """Forget the remembered answers of the URL rules (benchmarks measure cold rounds)."""
    _canonical.cache_clear()
    _canonical_aliased.cache_clear()
    classify_url.cache_clear()
