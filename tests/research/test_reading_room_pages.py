"""The reading room over real HTTP: `archive serve` on a crawled replica, pages read with lxml and
compared with the replica's own truth (titles, taxonomy, links, the Previous/Next chain, the text
before and after an edit)."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import datetime
from urllib.parse import quote, urlencode

import lxml.html
import pytest

from tests.research.reading_room_site import (  # noqa: F401 (a fixture)
    SPECIMEN,
    ServedArchive,
    served_reading_room,
)


def get(room: ServedArchive, path: str) -> tuple[int, str, lxml.html.HtmlElement]:
    """(status, final URL, parsed page) of a GET; error statuses too, without raising."""
    try:
        with urllib.request.urlopen(room.url(path), timeout=15) as response:
            return response.status, response.url, _parse(response)
    except urllib.error.HTTPError as error:
        return error.code, room.url(path), _parse(error)


def _parse(response) -> lxml.html.HtmlElement:
    """The page decoded by the charset its Content-Type names, as a browser does."""
    charset = response.headers.get_content_charset()
    assert charset == "utf-8", response.headers.get("content-type")
    return lxml.html.fromstring(response.read().decode(charset))


def texts(page: lxml.html.HtmlElement, css: str) -> list[str]:
    return [element.text_content().strip() for element in page.cssselect(css)]


def hrefs(page: lxml.html.HtmlElement, css: str) -> list[str]:
    return [element.get("href") for element in page.cssselect(css)]


def test_serve_prints_the_reading_room_url(reading_room: ServedArchive) -> None:
    assert f"open {reading_room.base}/read" in reading_room.banner


def test_specimen_page_shows_the_article_and_its_facets(reading_room: ServedArchive) -> None:
    truth = reading_room.truth(SPECIMEN)
    status, _, page = get(reading_room, f"/article/{SPECIMEN}")
    assert status == 200
    assert texts(page, "h1.rr-title") == [truth["title"]]
    assert texts(page, ".rr-article-head .rr-standfirst") == [truth["summary"]]
    body = page.cssselect(".rr-body")[0]
    assert [p.text_content() for p in body.cssselect("p")] == truth["body"].split("\n\n")
    assert texts(page, ".rr-tag") == truth["tags"]
    assert hrefs(page, ".rr-tag") == [f"/tag/{quote(tag, safe='')}" for tag in truth["tags"]]
    assert texts(page, ".rr-author") == truth["authors"]
    assert hrefs(page, ".rr-kicker a") == [f"/category/{quote(truth['category'], safe='')}"]
    assert hrefs(page, ".rr-source a") == [f"/source/{truth['source']}"]
    assert hrefs(page, "a.rr-date") == [f"/day/{truth['published_at'][:10]}"]
    assert [img.get("src") for img in page.cssselect(".rr-figure img")] == [
        image["url"] for image in truth["images"]]
    assert texts(page, ".rr-figure figcaption") == [image["caption"] for image in truth["images"]]
    addresses = " ".join(texts(page, ".rr-urls"))
    assert truth["url"] in addresses and truth["shortlink"] in addresses


def test_previous_next_and_links_follow_the_replica(reading_room: ServedArchive) -> None:
    _, _, page = get(reading_room, f"/article/{SPECIMEN}")
    nxt = reading_room.chain(SPECIMEN, "next_story")
    prev = reading_room.chain(SPECIMEN, "previous_story")
    assert nxt and prev
    assert hrefs(page, ".rr-chain a[rel=next]") == [f"/article/{nxt}"]
    assert hrefs(page, ".rr-chain a[rel=prev]") == [f"/article/{prev}"]
    also_read = [link["url"] for link in reading_room.truth(SPECIMEN)["links"]
                 if link["kind"] == "also_read"]
    shown = hrefs(page, ".rr-links-out h3[data-kind=also_read] + ul a")
    assert shown == [f"/article/{reading_room.post_by_url[url]}" for url in also_read]
    # who links here: the next story's page lists this one among those linking to it as "Next"
    _, _, next_page = get(reading_room, f"/article/{nxt}")
    linked_from = hrefs(next_page, ".rr-links-in h3[data-kind=next_story] + ul a")
    assert linked_from == [f"/article/{SPECIMEN}"]


def test_article_by_any_of_its_urls(reading_room: ServedArchive) -> None:
    truth = reading_room.truth(SPECIMEN)
    for url in (truth["url"], truth["shortlink"]):
        status, final, _ = get(reading_room, "/article?" + urlencode({"url": url}))
        assert status == 200 and final == reading_room.url(f"/article/{SPECIMEN}")


@pytest.mark.parametrize(("path", "status", "says"), [
    ("/article/1", 404, "no archived article has post id 1"),
    ("/article?url=https%3A%2F%2Fexample.org%2Fnothing", 404, "no archived article is known"),
    ("/article", 400, "give the article's URL"),
    ("/day/20-03-2022", 400, "a day is written YYYY-MM-DD"),
    ("/month/2022-13", 400, "a month is written YYYY-MM"),
    ("/tag/China?page=zero", 400, "page must be a whole number"),
    ("/search?q=china&page=99999999999999999999", 400, "page must be a whole number"),
    ("/tag/China?page=%C2%B2", 400, "page must be a whole number"),
])
def test_bad_requests_get_one_clear_line(reading_room: ServedArchive, path: str, status: int,
                                         says: str) -> None:
    got, _, page = get(reading_room, path)
    assert got == status
    assert says in page.text_content() and "Traceback" not in page.text_content()


def _newest_first(room: ServedArchive, keep) -> list[str]:
    posts = [room.truth(pid) for pid in room.site.post_ids]
    chosen = [t for t in posts if keep(t)]
    chosen.sort(key=lambda t: datetime.fromisoformat(t["published_at"]), reverse=True)
    return [t["title"] for t in chosen]


def test_listings_are_newest_first_with_the_standfirst(reading_room: ServedArchive) -> None:
    truth = reading_room.truth(SPECIMEN)
    for path, keep in [
        ("/tag/China", lambda t: "China" in t["tags"]),
        (f"/day/{truth['published_at'][:10]}", lambda t: t["published_at"][:10] == truth["published_at"][:10]),
        (f"/category/{quote(truth['category'])}", lambda t: truth["category"] in t["categories"]),
        (f"/month/{truth['published_at'][:7]}", lambda t: t["published_at"][:7] == truth["published_at"][:7]),
        ("/year/2022", lambda t: t["published_at"][:4] == "2022"),
        ("/source/ANI", lambda t: t["source"] == "ANI"),
        (f"/author/{quote(truth['authors'][0])}", lambda t: truth["authors"][0] in t["authors"]),
    ]:
        status, _, page = get(reading_room, path)
        expected = _newest_first(reading_room, keep)
        assert status == 200 and expected, path
        assert texts(page, ".rr-teaser-title") == expected, path
    _, _, tag_page = get(reading_room, "/tag/China")
    assert truth["summary"] in texts(tag_page, ".rr-teaser .rr-standfirst")


def test_search_marks_the_matching_passage(reading_room: ServedArchive) -> None:
    status, _, page = get(reading_room, "/search?q=Lavrov")
    assert status == 200
    titles = texts(page, ".rr-teaser-title")
    assert reading_room.truth(SPECIMEN)["title"] in titles
    marks = texts(page, ".rr-snippet mark")
    assert marks and all(mark.lower() == "lavrov" for mark in marks)
    status, _, page = get(reading_room, "/search?q=" + quote('"unclosed'))
    assert status == 400 and "could not read this search" in page.text_content()


def test_edited_article_shows_its_earlier_version_as_a_diff(reading_room: ServedArchive) -> None:
    before = reading_room.before_edit["body"]
    after = reading_room.truth(reading_room.edited)["body"]
    _, _, page = get(reading_room, f"/article/{reading_room.edited}")
    versions = page.cssselect(".rr-version")
    assert [v.get("data-version") for v in versions] == ["1"]
    removed = texts(versions[0], ".rr-diff del")
    added = texts(versions[0], ".rr-diff ins")
    assert removed and added
    assert all(fragment in before for fragment in removed)
    assert all(fragment in after for fragment in added)
    assert any(fragment not in after for fragment in removed)
    _, _, unedited = get(reading_room, f"/article/{SPECIMEN}")
    assert not unedited.cssselect(".rr-version")


def test_datasette_table_titles_open_the_article_page(reading_room: ServedArchive) -> None:
    _, _, page = get(reading_room, "/archive/article_text?_search=Lavrov")
    assert f"/article/{SPECIMEN}" in hrefs(page, "a.rr-title")
    # the link graph's titles too: each opens the page of the article it names
    _, _, around = get(reading_room, f"/archive/neighbourhood?article={SPECIMEN}")
    titles = around.cssselect("a.rr-title")
    assert len(titles) >= 4  # also read, previous, next, and who links here
    for anchor in titles:
        status, _, target = get(reading_room, anchor.get("href"))
        assert status == 200 and texts(target, "h1.rr-title") == [anchor.text_content()]


def test_body_links_to_archived_articles_open_their_pages(reading_room: ServedArchive) -> None:
    def archived_body_links(pid: int) -> list[str]:
        return [link["url"] for link in reading_room.truth(pid)["links"]
                if link["kind"] == "body" and link["url"] in reading_room.post_by_url]

    linking = [pid for pid in reading_room.site.post_ids if archived_body_links(pid)]
    assert linking, "the replica links some articles to others in their text"
    for pid in linking:
        _, _, page = get(reading_room, f"/article/{pid}")
        anchors = page.cssselect(".rr-body a")
        local = [(a.get("href"), a.get("data-url")) for a in anchors if "rr-archived" in a.classes]
        assert local == [(f"/article/{reading_room.post_by_url[url]}", url)
                         for url in archived_body_links(pid)]
        assert all(not a.get("href").startswith("/") for a in anchors if "rr-archived" not in a.classes)


def test_front_page_lists_the_newest_months_and_categories(reading_room: ServedArchive) -> None:
    _, _, page = get(reading_room, "/read")
    newest = _newest_first(reading_room, lambda t: True)[:10]
    assert texts(page, ".rr-newest .rr-teaser-title") == newest
    months = {}
    for pid in reading_room.site.post_ids:
        month = reading_room.truth(pid)["published_at"][:7]
        months[month] = months.get(month, 0) + 1
    shown = [(a.text_content(), a.getnext().text_content())
             for a in page.cssselect(".rr-browse a") if a.get("href").startswith("/month/")]
    assert shown == [(month, str(n)) for month, n in sorted(months.items(), reverse=True)]


def test_what_the_reader_types_is_shown_escaped(reading_room: ServedArchive) -> None:
    typed = '<img src=x onerror=alert(1)>'
    for path in ("/search?q=" + quote(typed), "/tag/" + quote(typed, safe="")):
        status, _, page = get(reading_room, path)
        assert status in (200, 400)
        assert not page.cssselect("img[onerror]") and typed in page.text_content(), path
