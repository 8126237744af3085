"""Memoised URL rules (crawler.urls is pure, so its answers can be cached).

Pages repeat the same URLs (menus, Latest from, Don't Miss, the chain), and one item's links
are canonicalised by the page object and again by the normalize pipeline.
"""

from __future__ import annotations

from functools import lru_cache

from crawler import urls


@lru_cache(maxsize=65_536)
def canonical_url(url: str, base: str | None = None) -> str:
    return urls.canonical_url(url, base)


@lru_cache(maxsize=65_536)
def is_article_url(url: str) -> bool:
    return urls.is_article_url(url)
