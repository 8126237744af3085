"""URL canonicalisation and classification: plain functions, tested as tables."""

from __future__ import annotations

import pytest

from crawler.urls import (
    UrlKind,
    canonical_url,
    category_slug_from_url,
    classify_url,
    is_site_host,
    post_id_from_url,
    rebase_url,
)

ARTICLE = "https://asianlite.com/2022/top-news/moscow-beijing-ties"


@pytest.mark.parametrize(
    "url",
    [
        ARTICLE,
        ARTICLE + "/",
        "http://asianlite.com/2022/top-news/moscow-beijing-ties",
        "https://www.asianlite.com/2022/top-news/moscow-beijing-ties",
        "https://asianlite.uk/2022/top-news/moscow-beijing-ties/",
        "https://asianlite.ae/2022/top-news/moscow-beijing-ties",
        "https://ASIANLITE.COM/2022/top-news/moscow-beijing-ties#comments",
        ARTICLE + "?utm_source=twitter&utm_medium=social",
        ARTICLE + "/?fbclid=abc",
        ARTICLE + "/amp",
        ARTICLE + "/amp/",
        ARTICLE + "?amp=1",
    ],
)
def test_variants_of_one_article_share_one_canonical_url(url: str) -> None:
    assert canonical_url(url) == ARTICLE


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://asianlite.com/?p=226758&utm_source=x", "https://asianlite.com/?p=226758"),
        ("/2022/uk-news/a-story/", "https://asianlite.com/2022/uk-news/a-story"),
        ("https://example.org/a/", "https://example.org/a/"),
        ("https://archive.asianlite.com/2014/top-news/old/", "https://archive.asianlite.com/2014/top-news/old"),
        ("https://asianlite.com", "https://asianlite.com/"),
    ],
)
def test_canonical_url_table(url: str, expected: str) -> None:
    assert canonical_url(url, base="https://asianlite.com/") == expected


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (ARTICLE, UrlKind.ARTICLE),
        ("https://asianlite.com/2022/arab-news/saudi-arabia/riyadh-season", UrlKind.ARTICLE),
        ("https://asianlite.uk/2023/uk-news/a-story/", UrlKind.ARTICLE),
        ("https://archive.asianlite.com/2014/top-news/old-story", UrlKind.ARTICLE),
        ("https://asianlite.com/?p=226758", UrlKind.SHORTLINK),
        ("https://asianlite.com/", UrlKind.HOME),
        ("https://asianlite.com/page/3", UrlKind.HOME),
        ("https://asianlite.com/category/top-news", UrlKind.CATEGORY),
        ("https://asianlite.com/category/asia-news/page/1091", UrlKind.CATEGORY),
        ("https://asianlite.com/category/arab-news/saudi-arabia", UrlKind.CATEGORY),
        ("https://asianlite.com/tag/china", UrlKind.TAG),
        ("https://asianlite.com/tag/china/page/2", UrlKind.TAG),
        ("https://asianlite.com/author/asian-lite-news", UrlKind.AUTHOR),
        ("https://asianlite.com/2022/09/", UrlKind.MONTH),
        ("https://asianlite.com/2022/09/page/108", UrlKind.MONTH),
        ("https://asianlite.com/2022", UrlKind.YEAR),
        ("https://asianlite.com/feed", UrlKind.FEED),
        ("https://asianlite.com/feed/", UrlKind.FEED),
        ("https://asianlite.com/wp-sitemap.xml", UrlKind.SITEMAP),
        ("https://asianlite.com/wp-sitemap-posts-post-3.xml", UrlKind.SITEMAP),
        ("https://asianlite.com/wp-content/uploads/2022/03/a-1024x767.jpg", UrlKind.UPLOAD),
        ("https://asianlite.com/wp-admin/", UrlKind.OTHER),
        ("https://asianlite.com/wp-json/wp/v2/posts/226758", UrlKind.OTHER),
        ("https://asianlite.com/?s=lavrov", UrlKind.OTHER),
        ("https://epaper.asianlite.com/", UrlKind.OFFSITE),
        ("https://twitter.com/asianlitenews", UrlKind.OFFSITE),
        ("mailto:news@asianlite.com", UrlKind.OFFSITE),
        ("whatsapp://send?text=x", UrlKind.OFFSITE),
    ],
)
def test_classify_url_table(url: str, kind: UrlKind) -> None:
    assert classify_url(url) is kind


@pytest.mark.parametrize(
    ("url", "post_id"),
    [
        ("https://asianlite.com/?p=226758", 226758),
        ("https://asianlite.com?p=12", 12),
        ("https://asianlite.com/?p=abc", None),
        (ARTICLE, None),
        ("https://asianlite.com/2022/x/y?p=5", None),
    ],
)
def test_post_id_from_url(url: str, post_id: int | None) -> None:
    assert post_id_from_url(url) == post_id


def test_category_slug_is_the_primary_category_path() -> None:
    assert category_slug_from_url(ARTICLE) == "top-news"
    assert category_slug_from_url("https://asianlite.com/2022/arab-news/saudi-arabia/x") == "arab-news/saudi-arabia"
    assert category_slug_from_url("https://asianlite.com/category/top-news") is None


@pytest.mark.parametrize(
    ("host", "expected"),
    [("asianlite.com", True), ("www.asianlite.ae", True), ("archive.asianlite.com", True),
     ("epaper.asianlite.com", False), ("asianlite.com.evil.org", False), (None, False)],
)
def test_is_site_host(host: str | None, expected: bool) -> None:
    assert is_site_host(host) is expected


def test_rebase_url_keeps_path_and_query_and_leaves_offsite_alone() -> None:
    base = "http://127.0.0.1:8123"
    assert rebase_url("https://asianlite.uk/2022/x/y/?p=1", base) == "http://127.0.0.1:8123/2022/x/y/?p=1"
    assert rebase_url("https://twitter.com/x", base) == "https://twitter.com/x"


@pytest.mark.parametrize(
    ("url", "is_posts", "number"),
    [
        ("https://asianlite.com/wp-sitemap-posts-post-1.xml", True, 1),
        ("https://asianlite.com/wp-sitemap-posts-post-12.xml", True, 12),
        ("https://asianlite.com/wp-sitemap-posts-page-1.xml", False, 1),
        ("https://asianlite.com/wp-sitemap-taxonomies-category-1.xml", False, 1),
        ("https://asianlite.com/wp-sitemap-users-1.xml", False, 1),
        ("https://asianlite.com/post-sitemap.xml", True, 1),
        ("https://asianlite.com/post-sitemap7.xml", True, 7),
        ("https://asianlite.com/category-sitemap.xml", False, 1),
    ],
)
def test_post_sitemaps_are_told_apart(url: str, is_posts: bool, number: int) -> None:
    from crawler.discovery import is_post_sitemap, sitemap_number

    assert is_post_sitemap(url) is is_posts
    assert sitemap_number(url) == number
