"""Hostile markup in a body: nothing that runs reaches body_html, only http(s) links are kept."""

from __future__ import annotations

from crawler.items import ArticleItem
from crawler.pages.process import extraction_pipelines
from pipelines.chrome import ChromePipeline
from pipelines.sanitize import sanitize_html

HOSTILE = (
    '<p onclick="steal()">First paragraph <a href="javascript:alert(1)">click</a> and '
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a> and <a href="vbscript:x">vb</a> and '
    '<a href="ftp://files.example.org/x">ftp</a> and <a href="/2023/uk-news/ok" onmouseover="x()">ok</a>.</p>'
    '<p style="background:url(javascript:x)">Second <img src="data:image/png;base64,AAAA" onerror="x()">'
    '<img src="javascript:alert(2)"> <img src="/wp-content/uploads/2023/05/real.jpg" onload="x()"></p>'
    '<script>evil()</script><iframe src="javascript:alert(3)"></iframe>'
    '<p><svg onload="x()"><a href="https://asianlite.com/2023/uk-news/svg">svg</a></svg>Third.</p>'
)


def run(body_html: str) -> ArticleItem:
    item = ArticleItem(
        url="https://asianlite.com/2023/uk-news/x", title="X", body_html=body_html,
        published_at="2023-05-04T10:00:00+00:00",
    )
    for pipeline in extraction_pipelines():
        item = pipeline.process_item(item)
    return item


def test_body_html_keeps_no_handlers_scripts_or_foreign_schemes() -> None:
    item = run(HOSTILE)
    html = (item.body_html or "").lower()
    for bad in ("onclick", "onmouseover", "onerror", "onload", "javascript:", "data:", "vbscript:", "<script", "<iframe", "<svg", "style="):
        assert bad not in html, bad
    assert 'href="https://asianlite.com/2023/uk-news/ok"' in html or 'href="/2023/uk-news/ok"' in html


def test_links_and_images_are_http_only() -> None:
    item = run(HOSTILE)
    assert [link.url for link in item.links] == ["https://asianlite.com/2023/uk-news/ok"]
    assert [image.url for image in item.images] == [
        "https://asianlite.com/wp-content/uploads/2023/05/real.jpg"
    ]
    assert item.body == "First paragraph click and data and vb and ftp and ok.\n\nSecond\n\nThird."


def test_sanitize_keeps_ordinary_article_markup() -> None:
    html = '<p>A <a href="https://x.org/a" title="t">link</a>, <em>em</em>, <strong>b</strong>.</p><ul><li>one</li></ul>'
    assert sanitize_html(html) == html


def test_chrome_pipeline_alone_sanitises() -> None:
    item = ChromePipeline().process_item(ArticleItem(url="https://asianlite.com/2023/uk-news/x", body_html=HOSTILE))
    assert "onclick" not in (item.body_html or "") and "javascript:" not in (item.body_html or "")
