"""ChromePipeline: standfirst credits, "By NAME" openers and the body walk on small inputs."""

from __future__ import annotations

import pytest

from crawler.items import ArticleItem, LinkItem
from pipelines.chrome import ChromePipeline, clean_standfirst
from pipelines.normalize import NormalizePipeline


@pytest.mark.parametrize(
    ("standfirst", "summary", "byline"),
    [
        (
            "Beijing fell short of condemning the invasion….reports Asian Lite News",
            "Beijing fell short of condemning the invasion",
            None,
        ),
        ("Beijing fell short…reports Asian Lite News", "Beijing fell short", None),
        ("Beijing fell short, reports Asian Lite News", "Beijing fell short", None),
        ("Beijing fell short…reports Asian Lite", "Beijing fell short", None),
        ("Beijing fell short…reporst Asian Lite News", "Beijing fell short", None),
        ("A view from the Gulf…writes Dr. Ravi Kumar", "A view from the Gulf", None),
        ("A view from the Gulf…writes James O’Neill", "A view from the Gulf", None),
        ("No credit at all.", "No credit at all.", None),
        (
            "By Anu Warrier\nThe festival returns…reports Asian Lite News",
            "The festival returns",
            "Anu Warrier",
        ),
        (
            "By Fatima Al Mansoori, The festival returns",
            "The festival returns",
            "Fatima Al Mansoori",
        ),
        ("By the end of the year, prices rose", "By the end of the year, prices rose", None),
        ("The reports were denied by officials", "The reports were denied by officials", None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_standfirst(standfirst: str | None, summary: str | None, byline: str | None) -> None:
    assert clean_standfirst(standfirst) == (summary, byline)


def run(
    body_html: str, standfirst: str | None = None, authors: list[str] | None = None
) -> ArticleItem:
    item = ArticleItem(
        url="https://asianlite.com/2022/uk-news/x",
        authors=authors or [],
        body_html=body_html,
        standfirst=standfirst.split("\n") if standfirst else [],
    )
    return ChromePipeline().process_item(item)


def test_by_name_opener_replaces_the_house_author() -> None:
    item = run(
        "<p>Words of the article.</p>",
        "By Meera Nair\nThe story…reports Asian Lite News",
        ["Asian Lite News"],
    )
    assert (item.summary, item.authors) == ("The story", ["Meera Nair"])


def test_by_name_opener_in_the_body_leaves_the_body() -> None:
    item = run("<p>By Sajid Hussain</p><p>First real paragraph.</p>", None, ["Asian Lite News"])
    assert item.body == "First real paragraph."
    assert item.authors == ["Sajid Hussain"]


def test_a_named_author_is_kept_beside_the_opener() -> None:
    item = run("<p>Text.</p>", "By Li Wei, Story", ["Priya Raman"])
    assert item.authors == ["Priya Raman", "Li Wei"]


def test_description_that_is_the_body_start_is_no_summary() -> None:
    item = ArticleItem(
        url="https://asianlite.com/2022/uk-news/x",
        body_html="<p>The mayor opened the new library on Monday, officials said.</p>",
        description="The mayor opened the new library on Monday…",
    )
    assert ChromePipeline().process_item(item).summary is None


def test_description_is_the_summary_when_there_is_no_standfirst_element() -> None:
    item = ArticleItem(
        url="https://asianlite.com/2022/uk-news/x",
        body_html="<p>The mayor opened the library.</p>",
        description="A new chapter for Southall….reports Asian Lite News",
    )
    assert ChromePipeline().process_item(item).summary == "A new chapter for Southall"


def test_links_are_resolved_against_the_page_address_by_normalize() -> None:
    item = ArticleItem(
        url="https://asianlite.com/2022/uk-news/x",
        page_url="https://asianlite.uk/2022/uk-news/x/",
        body_html='<p>See <a href="/2022/uk-news/y/">this</a> and <a href="#top">top</a>.</p>',
    )
    item = ChromePipeline().process_item(item)
    assert item.links == [LinkItem("body", "/2022/uk-news/y/", "this")]  # as written
    item = NormalizePipeline().process_item(item)
    assert item.links == [LinkItem("body", "https://asianlite.com/2022/uk-news/y", "this")]
    assert item.body == "See this and top."
