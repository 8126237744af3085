"""The memoised URL helpers answer exactly like crawler.urls (fast path included)."""

from __future__ import annotations

import pytest

from crawler import urls
from crawler.pages import urlcache


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("https://asianlite.com/2022/top-news/a-story", None),
        ("https://asianlite.com/2022/top-news/a-story/", None),
        ("https://asianlite.com/2022/top-news/a-story/amp", None),
        ("https://asianlite.com/2022//top-news/a-story", None),
        ("https://asianlite.com/2022/top-news/a-story?utm_source=x", None),
        ("https://asianlite.com/?p=226758", None),
        ("https://archive.asianlite.com/2014/top-news/old-story", None),
        ("http://asianlite.com/2022/top-news/a-story", None),
        ("https://www.asianlite.uk/2022/top-news/a-story/", None),
        ("https://ASIANLITE.COM/2022/top-news/a-story", None),
        ("https://example.org/x/", None),
        ("/2022/uk-news/y/", "https://asianlite.uk/2022/uk-news/x/"),
        ("y", "https://asianlite.com/2022/uk-news/x"),
        ("https://asianlite.com/2022/uk-news/z", "https://asianlite.uk/2022/uk-news/x/"),
    ],
)
def test_cached_canonical_url_equals_the_rule(url: str, base: str | None) -> None:
    urlcache.cache_clear()
    assert urlcache.canonical_url(url, base) == urls.canonical_url(url, base)
    assert urlcache.canonical_url(url, base) == urls.canonical_url(url, base)  # from the cache


_RULE_URLS = [
    "https://asianlite.com/2022/top-news/a-story",
    "https://asianlite.com/2022/arab-news/saudi-arabia/a-story",
    "https://asianlite.com/2022/top-news/a-story/amp",
    "https://asianlite.com/2022/05/a-story",
    "https://asianlite.com/2022",
    "https://asianlite.com/category/top-news",
    "https://asianlite.com/?p=226758",
    "https://asianlite.com/?p=0226758",
    "https://asianlite.com?p=12",
    "https://asianlite.com/?p=12&utm_source=x",
    "https://asianlite.com/?p=abc",
    "https://asianlite.com/2022/top-news/?p=12",
    "https://asianlite.uk/?p=99",
    "http://www.asianlite.ae/2022/uk-news/x/",
    "https://archive.asianlite.com/2014/top-news/old-story",
    "https://example.org/?p=5",
    "https://example.org/2022/top-news/a-story",
    "https://asianlite.com/2022/top-news/12345",
    "https://asianlite.com/2022/top-news/page/2",
    "https://asianlite.com/2022/top-news/a:b",
    "https://asianlite.com/2022/top-news",
    "https://archive.asianlite.com/2014/arab-news/saudi-arabia/old-story",
]


@pytest.mark.parametrize("url", _RULE_URLS)
def test_cached_post_id_and_category_equal_the_rules(url: str) -> None:
    urlcache.cache_clear()
    for _ in range(2):  # computed, then from the cache
        assert urlcache.post_id_from_url(url) == urls.post_id_from_url(url)
        assert urlcache.category_slug_from_url(url) == urls.category_slug_from_url(url)
        assert urlcache.canonical_url(url) == urls.canonical_url(url)
