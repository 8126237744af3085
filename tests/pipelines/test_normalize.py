"""NormalizePipeline and its pure helpers, as tables."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.items import ArticleItem, CategoryLink, ImageItem, LinkItem
from crawler.rules import wire_agency as wire_credit
from pipelines.normalize import (
    NormalizePipeline,
    category_name,
    language_code,
    to_utc_iso,
)
from pipelines.normalize import body_text as clean_body_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-03-20T09:41:12+00:00", "2022-03-20T09:41:12+00:00"),
        ("2022-03-20T15:11:12+05:30", "2022-03-20T09:41:12+00:00"),
        ("2022-03-20T13:41:12+04:00", "2022-03-20T09:41:12+00:00"),
        ("2022-03-20T09:41:12Z", "2022-03-20T09:41:12+00:00"),
        ("2022-03-20T09:41:12", "2022-03-20T09:41:12+00:00"),
        ("2022-03-20", "2022-03-20T00:00:00+00:00"),
        ("2022-03-20T00:30:00+01:00", "2022-03-19T23:30:00+00:00"),
    ],
)
def test_dates_become_utc(value: str, expected: str) -> None:
    assert to_utc_iso(value) == expected


def test_unparseable_date_raises() -> None:
    with pytest.raises(ValueError):
        to_utc_iso("March the twentieth")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("-Top News", "Top News"),
        ("Top News", "Top News"),
        ("– Asia News", "Asia News"),
        ("COLUMNS", "COLUMNS"),
    ],
)
def test_category_names_lose_the_sorting_prefix(name: str, expected: str) -> None:
    assert category_name(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en-GB", "en"),
        ("en_GB", "en"),
        ("en", "en"),
        ("EN-us", "en"),
        ("", None),
        (None, None),
        ("x-klingon-1", None),
    ],
)
def test_language_code(value: str | None, expected: str | None) -> None:
    assert language_code(value) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Text.\n\nLast words. (ANI)", "ANI"),
        ("Text.\n\nLast words (IANS)", "IANS"),
        ("Text.\n\n-IANS", "IANS"),
        ("Text. (Reuters)", "Reuters"),
        ("Text. (With inputs from PTI)", "PTI"),
        ("The ANI said so.", None),
        ("Text (ANI) and more text afterwards.", None),
        ("Ends with (UAE)", None),
        ("", None),
    ],
)
def test_wire_credit(body: str, expected: str | None) -> None:
    assert wire_credit(body) == expected


def test_body_whitespace_and_unicode() -> None:
    nfd = unicodedata.normalize("NFD", "café")
    text = f"  One\u00a0 {nfd}  line \n\n\n\n Two\nlines  \n\n \n"
    assert clean_body_text(text) == "One café line\n\nTwo lines"


def test_pipeline_normalizes_an_item() -> None:
    item = ArticleItem(
        url="http://www.asianlite.uk/2022/top-news/some-story/?utm_source=x",
        title="  Some\u00a0story ",
        body="Words here. (ANI)",
        published_at="2022-03-20T15:11:12+05:30",
        categories=["Asia News", "-Top News", "Asia News"],
        language="en-GB",
        shortlink="http://asianlite.ae/?p=42",
        links=[LinkItem("body", "https://asianlite.ae/2022/uk-news/x/", " X ")],
        images=[ImageItem("https://asianlite.uk/wp-content/uploads/2022/03/a.jpg", " c ", None)],
    )
    item = NormalizePipeline().process_item(item)
    assert item.url == "https://asianlite.com/2022/top-news/some-story"
    assert item.title == "Some story"
    assert item.published_at == "2022-03-20T09:41:12+00:00"
    assert item.categories == ["Asia News", "Top News"]
    assert item.category == "Top News"
    assert item.language == "en"
    assert (item.shortlink, item.post_id) == ("https://asianlite.com/?p=42", 42)
    assert item.source == "ANI"
    assert item.links == [LinkItem("body", "https://asianlite.com/2022/uk-news/x", "X")]
    assert item.images[0] == ImageItem(
        "https://asianlite.com/wp-content/uploads/2022/03/a.jpg", "c", None
    )


def test_primary_category_prefers_the_page_links_slug() -> None:
    item = ArticleItem(
        url="https://asianlite.com/2023/feature-story/x",
        categories=["Events", "Features"],
        category_links=[CategoryLink("Events", "events"), CategoryLink("Features", "feature-story")],
    )
    assert NormalizePipeline().process_item(item).category == "Features"


def test_shortlink_is_derived_from_the_post_id_when_the_page_has_none() -> None:
    old = ArticleItem(
        url="https://archive.asianlite.com/2014/top-news/x/", post_id=9, body="b", title="t"
    )
    assert NormalizePipeline().process_item(old).shortlink == "https://archive.asianlite.com/?p=9"
    offsite = ArticleItem(url="https://example.org/x", post_id=9)
    assert NormalizePipeline().process_item(offsite).shortlink is None
