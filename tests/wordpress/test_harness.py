"""The WordPress harness itself: WordPress serves the seeded site the way WordPress does, and
the truth describes exactly the published posts as the pages show them."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import pytest

from archive.contract import RECORD_KEYS
from tests.replica.client import Fetched, fetch
from tests.wordpress.pages import dump_pages
from tests.wordpress.plan import PUBLISHED, Post
from tests.wordpress.server import WordPressServer
from tests.wordpress.truth import THEME_RULES, canonical_url

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def get(wp: WordPressServer, path: str) -> Fetched:
    return fetch(wp.base_url, path, timeout=30)


def hidden(wp: WordPressServer) -> list[Post]:
    return [p for p in wp.plan.posts if p.status != "publish"]


def local_path(wp: WordPressServer, url: str) -> str:
    """The path of a link that must be on the server's own origin."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == wp.base_url, url
    return parts.path


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def squash(text: str) -> str:
    """Text without any whitespace (table cells and <br> add none on the page)."""
    return "".join(unicodedata.normalize("NFC", text).split())


# ------------------------------------------------------------------ serving
def test_home_answers_with_the_site_on_its_own_origin(wordpress: WordPressServer) -> None:
    page = get(wordpress, "/")
    assert page.status == 200
    doc = lxml.html.fromstring(page.body)
    assert doc.findtext(".//title") == "Asian Lite News – UK's first Asian newspaper"
    sticky = {p.path for p in wordpress.plan.published if p.sticky}
    first_links = [local_path(wordpress, a.get("href")) for a in doc.cssselect("h2.entry-title a")]
    assert set(first_links[: len(sticky)]) == sticky  # sticky posts lead the home page


def test_a_second_server_starts_fast_beside_the_first_and_stops_clean(wordpress: WordPressServer) -> None:
    started = time.monotonic()
    with WordPressServer(theme="twentytwentythree") as other:
        assert time.monotonic() - started < 30  # the seeded template is copied, not rebuilt
        assert other.base_url != wordpress.base_url
        root = other.root
        assert root is not None
        post = other.plan.published[0]
        doc = lxml.html.fromstring(get(other, post.path).body)
        assert doc.xpath("//link[@rel='canonical']/@href") == [other.base_url + post.path]
        assert get(wordpress, post.path).status == 200
        processes = [*other.web.processes, other.db.process]  # type: ignore[union-attr]
    assert not root.exists()
    assert all(p is not None and p.poll() is not None for p in processes)
    with pytest.raises(OSError):
        fetch(other.base_url, "/", timeout=2)


def test_child_category_permalinks_carry_the_parent(wordpress: WordPressServer) -> None:
    children = [p for p in wordpress.plan.published if "/" in p.category_path]
    assert children, "the plan must have posts whose primary category is a child"
    for post in children:
        parent, child = post.category_path.split("/")
        assert post.path == f"/{post.year}/{parent}/{child}/{post.slug}"
        assert get(wordpress, post.path).status == 200


@pytest.mark.parametrize("variant", ["trailing-slash", "shortlink", "wrong-category"])
def test_wordpress_redirects_to_the_permalink(wordpress: WordPressServer, variant: str) -> None:
    post = wordpress.plan.published[7]
    path = {
        "trailing-slash": post.path + "/",
        "shortlink": f"/?p={post.post_id}",
        "wrong-category": f"/{post.year}/media-wrong/{post.slug}",
    }[variant]
    page = get(wordpress, path)
    assert page.status == 301, (path, page.status)
    assert page.headers["Location"] == wordpress.base_url + post.path


def test_hidden_posts_are_not_served(wordpress: WordPressServer) -> None:
    statuses = {p.status for p in hidden(wordpress)}
    assert statuses == {"draft", "private", "future", "deleted", "trash"}
    for post in hidden(wordpress):
        assert get(wordpress, f"/?p={post.post_id}").status == 404, post
        assert get(wordpress, post.path).status == 404, post


def test_unknown_paths_are_404(wordpress: WordPressServer) -> None:
    post = wordpress.plan.published[7]
    # without a category WordPress reads the slug as a category name: a 404, not a redirect
    for path in (f"/{post.year}/{post.slug}", "/nope", "/2022/top-news/no-such-post", "/category/no-such-category", "/tag/nope"):
        page = get(wordpress, path)
        assert page.status == 404, path
        assert b"That page can&rsquo;t be found" in page.body


# ------------------------------------------------------------------ discovery surfaces
def _sitemap_locs(wp: WordPressServer, path: str) -> list[str]:
    page = get(wp, path)
    assert page.status == 200, path
    return lxml.etree.fromstring(page.body).xpath("//s:loc/text()", namespaces=SITEMAP_NS)


def test_sitemap_lists_exactly_the_published_posts(wordpress: WordPressServer) -> None:
    index = [local_path(wordpress, loc) for loc in _sitemap_locs(wordpress, "/wp-sitemap.xml")]
    assert "/wp-sitemap-posts-post-1.xml" in index
    assert "/wp-sitemap-taxonomies-category-1.xml" in index
    posts = [loc for sub in index if sub.startswith("/wp-sitemap-posts-post-")
             for loc in _sitemap_locs(wordpress, sub)]
    assert sorted(local_path(wordpress, loc) for loc in posts) == sorted(
        p.path for p in wordpress.plan.published)
    categories = _sitemap_locs(wordpress, "/wp-sitemap-taxonomies-category-1.xml")
    assert f"{wordpress.base_url}/category/arab-news/saudi-arabia" in categories


def test_feed_holds_the_ten_newest_posts(wordpress: WordPressServer) -> None:
    page = get(wordpress, "/feed")
    assert page.status == 200
    assert page.headers["Content-Type"].startswith("application/rss+xml")
    links = lxml.etree.fromstring(page.body).xpath("//item/link/text()")
    newest = [p.path for p in reversed(wordpress.plan.published)][:10]
    assert [local_path(wordpress, link) for link in links] == newest


def _listing_paths(wp: WordPressServer, path: str) -> list[str]:
    page = get(wp, path)
    assert page.status == 200, path
    doc = lxml.html.fromstring(page.body)
    return [local_path(wp, a.get("href")) for a in doc.cssselect("article h2.entry-title a")]


def test_month_archives_page_through_every_post_of_the_month(wordpress: WordPressServer) -> None:
    month = [p for p in wordpress.plan.published if time.gmtime(p.published)[:2] == (2022, 3)]
    assert len(month) > 10, "month archives must need a second page"
    seen: list[str] = []
    for page_no in range(1, 5):
        path = "/2022/03" + (f"/page/{page_no}" if page_no > 1 else "")
        if page_no > 1 and get(wordpress, path).status == 404:
            break
        seen += _listing_paths(wordpress, path)
    assert seen == [p.path for p in reversed(month)]


def test_category_archive_includes_child_categories(wordpress: WordPressServer) -> None:
    child = _listing_paths(wordpress, "/category/arab-news/saudi-arabia")
    assert child
    parent: list[str] = []
    for page_no in range(1, 40):
        path = "/category/arab-news" + (f"/page/{page_no}" if page_no > 1 else "")
        if page_no > 1 and get(wordpress, path).status == 404:
            break
        parent += _listing_paths(wordpress, path)
    assert set(child) <= set(parent)


def test_tag_archive_lists_tagged_posts(wordpress: WordPressServer) -> None:
    post = next(p for p in reversed(wordpress.plan.published) if p.tags)
    page = get(wordpress, post.path)
    tag_href = lxml.html.fromstring(page.body).xpath("//a[@rel='tag']/@href")[0]
    assert post.path in _listing_paths(wordpress, local_path(wordpress, tag_href))


# ------------------------------------------------------------------ themes
@pytest.mark.parametrize("theme", list(THEME_RULES))
def test_theme_switch_is_an_option_update(wordpress_theme, theme: str) -> None:
    started = time.monotonic()
    wp = wordpress_theme(theme)
    assert time.monotonic() - started < 5
    post = wp.plan.published[3]
    page = get(wp, post.path)
    assert page.status == 200
    html = page.text
    ours = theme.startswith("asianlite")
    assert ('class="breadcrumbs"' in html) == ours, theme
    assert ours or f"/wp-content/themes/{theme}/" in html, theme
    has_json_ld = "application/ld+json" in html
    assert has_json_ld == (theme == "asianlite"), theme
    assert ("og:title" in html) == (theme == "asianlite"), theme


# ------------------------------------------------------------------ truth
@pytest.mark.parametrize("theme", list(THEME_RULES))
def test_truth_has_one_record_per_published_post(wordpress: WordPressServer, theme: str) -> None:
    truth = wordpress.truth(theme)
    assert len(truth) == PUBLISHED
    assert {r["post_id"] for r in truth.values()} == {p.post_id for p in wordpress.plan.published}
    for url, rec in truth.items():
        assert tuple(rec) == RECORD_KEYS
        assert url == rec["url"] == canonical_url(wordpress.plan.by_id[rec["post_id"]])
        assert rec["shortlink"] == f"https://asianlite.com/?p={rec['post_id']}"
        site_links = [link for link in rec["links"] if link["kind"] not in ("body", "embed")]
        assert all(link["url"].startswith("https://asianlite.com/") for link in site_links)


def test_every_post_is_served_at_its_permalink_as_its_truth_says(wordpress: WordPressServer) -> None:
    """An independent reading of every page: canonical and shortlink on the server's origin,
    title, every body paragraph, image sources and captions."""
    truth = wordpress.truth("asianlite")
    for post in wordpress.plan.published:
        rec = truth[canonical_url(post)]
        page = get(wordpress, post.path)
        assert page.status == 200, post.path
        doc = lxml.html.fromstring(page.body)
        assert doc.xpath("//link[@rel='canonical']/@href") == [wordpress.base_url + post.path]
        assert doc.xpath("//link[@rel='shortlink']/@href") == [f"{wordpress.base_url}/?p={post.post_id}"]
        assert norm(doc.cssselect("h1.entry-title")[0].text_content()) == rec["title"]
        content = doc.cssselect("div.entry-content")[0]
        text = squash(content.text_content())
        for paragraph in rec["body"].split("\n\n"):
            assert squash(paragraph.replace(" | ", "")) in text, (post.path, paragraph)
        sources = [local_path(wordpress, s) for s in content.xpath(".//img/@src")]
        assert sources == [urlsplit(i["url"]).path for i in rec["images"]]
        captions = [norm(c.text_content()) for c in content.cssselect("figcaption")]
        assert captions == [i["caption"] for i in rec["images"] if i["caption"]]


def test_titles_reach_the_page_as_entities(wordpress: WordPressServer) -> None:
    quoted = [p for p in wordpress.plan.published if "‘" in p.title]
    assert quoted
    page = get(wordpress, quoted[0].path).text
    assert re.search(r"<h1 class=\"entry-title\">[^<]*&#8216;", page)
    assert "&amp;#8216;" in page  # twitter:title escaped once more


def test_dump_pages_writes_pages_and_manifest(wordpress_theme, tmp_path: Path) -> None:
    wp = wordpress_theme("twentytwentyone")
    manifest = dump_pages(wp, "twentytwentyone", tmp_path)
    assert json.loads((tmp_path / "manifest.json").read_text()) == manifest
    assert len(manifest) == PUBLISHED
    truth = wp.truth("twentytwentyone")
    for entry in manifest:
        html = (tmp_path / entry["file"]).read_text()
        assert entry["record"] == truth[entry["record"]["url"]]
        assert entry["fetched_url"] == wp.base_url + urlsplit(entry["record"]["url"]).path
        assert "twentytwentyone" in html
