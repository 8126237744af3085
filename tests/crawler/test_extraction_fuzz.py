"""Issue 16: extraction over mutated pages never fails with an unexpected exception or hangs.

Hypothesis takes the blind and specimen pages (markups the extractor was not written against)
and mutates them as a broken server or a hostile page would: cut short at any point, tags
dropped or duplicated, attributes garbled, entities and control characters injected. The
offline extraction path (``extract_item``: page object, then the chrome, normalize and validate
pipelines) must either return a valid item or say why not (NotAnArticle, DropItem).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse

from crawler.pages.process import NotAnArticle, extract_item

FIXTURES = Path(__file__).parents[1] / "fixtures"
PAGES = [
    (case["fetched_url"], (manifest.parent / case["file"]).read_bytes())
    for manifest in sorted((FIXTURES / "blind").glob("*/manifest.json"))
    for case in json.loads(manifest.read_text("utf-8"))
] + [("https://asianlite.com/2022/top-news/specimen-article",
      (FIXTURES / "specimen" / "specimen-article.html").read_bytes())]

INJECTIONS = [b"&amp;", b"&#0;", b"&#x1b;", b"&nbsp;", b"\x00", b"\x1b[2J", b"&#99999999;",
              b"&bogus;", b"\xef\xbb\xbf", b"<!--", b"]]>", b"<script>", b"</div>", b"\xff\xfe",
              b"\x9b", b"<a href='javascript:x'>", b'"', b"'", b"<", b">", b"&"]


def _cut(page: bytes, data: st.DataObject) -> bytes:
    return page[:data.draw(st.integers(0, len(page)))]


def _span(page: bytes, data: st.DataObject) -> tuple[int, int]:
    starts = [i for i in range(len(page)) if page[i:i + 1] == b"<"] or [0]
    start = data.draw(st.sampled_from(starts))
    end = page.find(b">", start)
    return start, (end + 1 if end >= 0 else len(page))


def _drop_tag(page: bytes, data: st.DataObject) -> bytes:
    start, end = _span(page, data)
    return page[:start] + page[end:]


def _duplicate_tag(page: bytes, data: st.DataObject) -> bytes:
    start, end = _span(page, data)
    return page[:end] + page[start:end] * data.draw(st.integers(1, 50)) + page[end:]


def _garble_attribute(page: bytes, data: st.DataObject) -> bytes:
    spots = [i for i in range(len(page) - 1) if page[i:i + 2] == b'="'] or [0]
    spot = data.draw(st.sampled_from(spots))
    junk = data.draw(st.sampled_from([b"=", b'="', b"= ", b'=""""', b"=\x00", b"", b"=>"]))
    return page[:spot] + junk + page[spot + 2:]


def _inject(page: bytes, data: st.DataObject) -> bytes:
    at = data.draw(st.integers(0, len(page)))
    return page[:at] + data.draw(st.sampled_from(INJECTIONS)) + page[at:]


MUTATIONS = [_cut, _drop_tag, _duplicate_tag, _garble_attribute, _inject, _inject]


@settings(max_examples=120, deadline=timedelta(seconds=10), derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_mutated_pages_give_an_item_or_a_reason(data: st.DataObject) -> None:
    url, page = PAGES[data.draw(st.integers(0, len(PAGES) - 1), label="page")]
    for mutate in data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=6)):
        page = mutate(page, data)
    try:
        item = extract_item(HtmlResponse(url=url, body=page))
    except (NotAnArticle, DropItem) as exc:
        event(f"refused: {type(exc).__name__}")
        return
    event("item")
    record = item.to_record()
    assert isinstance(record["title"], str) and record["title"].strip()
    assert urlsplit(record["url"]).hostname in ("asianlite.com", "archive.asianlite.com")
    assert isinstance(record["body"], str)
