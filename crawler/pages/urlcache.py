"""Memoised URL rules (crawler.urls is pure, so its answers can be cached).

Pages repeat the same URLs (menus, Latest from, Don't Miss, the chain), and one item's links
are canonicalised by the page object and again by the normalize pipeline.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler import urls

#: Already canonical: https, the site's own host, no query, no empty segment, no trailing
#: slash, no /amp; or a shortlink ``/?p=ID``. crawler.urls.canonical_url returns such a URL
#: unchanged.
_ALREADY_CANONICAL_RE = re.compile(
    r"^https://(?:archive\.)?asianlite\.com(?:(?:/[^/?#\s]+)+$(?<!/amp)|/\?p=[1-9][0-9]*$)"
)
#: A shortlink of any host: ``scheme://host/?p=ID`` and nothing else.
_SHORTLINK_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#\s]+/?\?p=([0-9]+)$")


def canonical_url(url: str, base: str | None = None) -> str:
    """crawler.urls.canonical_url, cached, with a fast path (``base`` only for relative URLs)."""
    if base is None or url.startswith(("https://", "http://")):
        return _canonical_absolute(url)
    return _canonical(url, base)


@lru_cache(maxsize=65_536)
def _canonical_absolute(url: str) -> str:
    """An absolute URL's canonical form (most are canonical already: one pattern match; a
    page repeats most of its URLs, so the answer is remembered)."""
    if _ALREADY_CANONICAL_RE.match(url):
        return url
    return urls.canonical_url(url)


@lru_cache(maxsize=65_536)
def _canonical(url: str, base: str | None) -> str:
    return urls.canonical_url(url, base)


def post_id_from_url(url: str) -> int | None:
    """crawler.urls.post_id_from_url, with a fast path for plain shortlinks and a cache."""
    match = _SHORTLINK_RE.match(url)
    if match:
        return int(match.group(1))
    return _post_id(url)


@lru_cache(maxsize=65_536)
def _post_id(url: str) -> int | None:
    return urls.post_id_from_url(url)


def category_slug_from_url(url: str) -> str | None:
    """crawler.urls.category_slug_from_url, with a fast path for canonical URLs and a cache."""
    if _ALREADY_CANONICAL_RE.match(url):
        # canonical_url(url) == url: its path is what follows the host (a shortlink's
        # ``/?p=ID`` is no article path either way)
        return urls.category_slug_from_path(url[url.index("/", len("https://")) :])
    return _category_slug(url)


@lru_cache(maxsize=65_536)
def _category_slug(url: str) -> str | None:
    return urls.category_slug_from_url(url)


def cache_clear() -> None:
    """Forget cached answers, crawler.urls' own caches included (benchmarks measure cold
    caches)."""
    urls.canonical_url.cache_clear()
    urls.classify_url.cache_clear()
    _canonical.cache_clear()
    _canonical_absolute.cache_clear()
    _post_id.cache_clear()
    _category_slug.cache_clear()
    is_article_url.cache_clear()


@lru_cache(maxsize=65_536)
def is_article_url(url: str) -> bool:
    return urls.is_article_url(url)
