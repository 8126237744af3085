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
