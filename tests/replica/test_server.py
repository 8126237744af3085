"""The replica over real HTTP: URL map, sitemaps, feed, chain, shortlinks, hosts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from tests.replica.client import fetch
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture(scope="module")
def big() -> ReplicaServer:
    """4,500 posts: more than two post sitemaps."""
    server = ReplicaServer(Site(articles=4500, seed=2)).start()
    yield server
    server.stop()


def test_sitemaps_list_every_main_post_once_with_lastmod(big: ReplicaServer) -> None:
    index = ET.fromstring(fetch(big.base_url, "/wp-sitemap.xml").body)
    locs = [e.text for e in index.iter(f"{SM}loc")]
    post_maps = [loc for loc in locs if "posts-post" in loc]
    assert all(loc.startswith("https://asianlite.com/") for loc in locs)
    main = big.site.main_post_ids
    assert len(post_maps) == -(-len(main) // 2000) >= 2
    listed = []
    for loc in post_maps:
        urlset = ET.fromstring(fetch(big.base_url, _path(loc)).body)
        urls = list(urlset.iter(f"{SM}url"))
        assert 0 < len(urls) <= 2000
        for url in urls:
            listed.append(url.find(f"{SM}loc").text)
            assert re.match(r"\d{4}-\d\d-\d\dT", url.find(f"{SM}lastmod").text)
    site = big.site
    assert listed == [site.article_url(pid) for pid in site.main_post_ids]
    assert fetch(big.base_url, f"/wp-sitemap-posts-post-{len(post_maps) + 1}.xml").status == 404


def test_feed_lists_the_twenty_newest(replica: ReplicaServer) -> None:
    response = fetch(replica.base_url, "/feed")
    assert response.status == 200 and "rss+xml" in response.headers["Content-Type"]
    channel = ET.fromstring(response.body).find("channel")
    links = [item.findtext("link") for item in channel.findall("item")]
    newest = replica.site.main_post_ids[::-1][:20]
    assert links == [replica.site.article_url(pid) for pid in newest]


def test_previous_next_chain_covers_every_post_once(make_replica) -> None:
    server = make_replica(articles=60, seed=4)
    site = server.site
    for host, expected in (
        (None, site.main_post_ids),
        ("archive.asianlite.com", site.old_post_ids),
    ):
        assert expected
        seen, pid = [], expected[0]
        for _ in range(len(expected) + 1):  # bounded walk along "Next Story"
            seen.append(pid)
            page = fetch(server.base_url, site.path(pid), host=host).text
            assert ('rel="prev"' in page) == (pid != expected[0])
            nxt = re.search(r'<a href="([^"]+)" rel="next"', page)
            if nxt is None:
                break
            pid = _pid_at(server, _path(nxt.group(1)), host)
        assert seen == expected


def _pid_at(server: ReplicaServer, path: str, host: str | None) -> int:
    page = fetch(server.base_url, path, host=host).text
    return int(re.search(r"\?p=(\d+)", page).group(1))


def test_shortlink_redirects_to_the_article(replica: ReplicaServer) -> None:
    site = replica.site
    for pid in site.main_post_ids[:5]:
        response = fetch(replica.base_url, f"/?p={pid}")
        assert response.status == 301 and response.headers["Location"] == site.path(pid)
    assert fetch(replica.base_url, "/?p=999999").status == 404
    assert fetch(replica.base_url, "/?p=abc").status == 404


def test_listing_pages_and_404s(make_replica) -> None:
    server = make_replica(articles=120, seed=5)
    site = server.site
    home1 = fetch(server.base_url, "/").text
    newest = site.main_post_ids[-1]
    assert site.path(newest) in home1 and "/page/2" in home1
    category = fetch(server.base_url, "/category/top-news").text
    assert "Category: <span>-Top News</span>" in category
    assert fetch(server.base_url, "/category/arab-news/saudi-arabia").status == 200
    assert fetch(server.base_url, "/category/no-such").status == 404
    assert fetch(server.base_url, "/page/999").status == 404
    pid = site.main_post_ids[10]
    year, month = site.article_url(pid).split("/")[3], None
    published = site.published(pid)
    import time as _t

    month = f"{_t.gmtime(published).tm_mon:02d}"
    month_page = fetch(server.base_url, f"/{year}/{month}/").text
    assert site.path(pid) in month_page and "Month: " in month_page
    for missing in ("/wp-admin/", "/nothing/here", f"/{year}/top-news/not-a-real-post"):
        assert fetch(server.base_url, missing).status == 404
    tag = re.search(r'/tag/([a-z0-9-]+)"', fetch(server.base_url, site.path(pid)).text).group(1)
    assert site.path(pid) in "".join(
        fetch(server.base_url, f"/tag/{tag}" + (f"/page/{n}" if n > 1 else "")).text
        for n in range(1, 5)
    )


def test_robots_and_uploads(make_replica) -> None:
    server = make_replica(articles=20, robots_disallow=("/wp-admin/", "/private/"))
    robots = fetch(server.base_url, "/robots.txt").text
    assert "Disallow: /wp-admin/" in robots and "Disallow: /private/" in robots
    assert "Sitemap: https://asianlite.com/wp-sitemap.xml" in robots
    image = fetch(
        server.base_url, "/wp-content/uploads/2022/03/Russian-Foreign-Minister-Sergey-Lavrov.jpg"
    )
    assert image.status == 200 and image.body[:2] == b"\xff\xd8"
    assert fetch(server.base_url, "/wp-content/uploads/2022/13/x.jpg").status == 404


def test_old_site_by_host_only(replica: ReplicaServer) -> None:
    site = replica.site
    old = site.old_post_ids[0]
    assert fetch(replica.base_url, site.path(old)).status == 404
    page = fetch(replica.base_url, site.path(old), host="archive.asianlite.com")
    assert page.status == 200 and "ld+json" not in page.text
    assert "https://archive.asianlite.com/" in page.text
    main = site.main_post_ids[0]
    assert fetch(replica.base_url, site.path(main), host="archive.asianlite.com").status == 404
    feed = fetch(replica.base_url, "/feed", host="archive.asianlite.com").text
    assert site.article_url(site.old_post_ids[-1]) in feed


@pytest.mark.parametrize("mirror", ["asianlite.uk", "asianlite.ae", "www.asianlite.uk"])
def test_mirrors_serve_the_same_article_with_canonical_to_com(
    replica: ReplicaServer, mirror: str
) -> None:
    site = replica.site
    pid = site.main_post_ids[-1]
    page = fetch(replica.base_url, site.path(pid), host=mirror).text
    assert f'<link rel="canonical" href="{site.article_url(pid)}">' in page
    host = mirror.removeprefix("www.")
    assert f"https://{host}/" in page
    links = re.findall(rf'href="https://{re.escape(host)}(/[^"]*)"', page)
    if host == "asianlite.uk":
        assert any(link.endswith("/") and link != "/" for link in links)
        assert fetch(replica.base_url, site.path(pid) + "/", host=mirror).status == 200
    else:
        assert fetch(replica.base_url, site.path(pid) + "/", host=mirror).status == 301


def test_conditional_requests(replica: ReplicaServer) -> None:
    path = replica.site.path(226758)
    first = fetch(replica.base_url, path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert fetch(replica.base_url, path, headers={"If-None-Match": etag}).status == 304
    assert fetch(replica.base_url, path, headers={"If-Modified-Since": modified}).status == 304
    assert fetch(replica.base_url, path, headers={"If-None-Match": '"other"'}).status == 200
    older = "Mon, 01 Jan 2018 00:00:00 GMT"
    assert fetch(replica.base_url, path, headers={"If-Modified-Since": older}).status == 200
    logged = [e for e in replica.log if e["path"] == path]
    assert logged[1]["headers"]["If-None-Match"] == etag and logged[1]["status"] == 304


def test_served_page_truth_matches_served_links(replica: ReplicaServer) -> None:
    site = replica.site
    for pid in site.main_post_ids:
        page = fetch(replica.base_url, site.path(pid)).text
        for link in site.truth(pid)["links"]:
            assert f'"{link["url"]}"' in page or link["kind"] in ("embed",), link


def test_head_and_log_file(make_replica, tmp_path) -> None:
    log_file = tmp_path / "requests.jsonl"
    server = make_replica(articles=20, log_file=log_file)
    response = fetch(server.base_url, "/", method="HEAD")
    assert response.status == 200 and response.body == b""
    fetch(server.base_url, "/feed", headers={"User-Agent": "probe/1"})
    lines = log_file.read_text().splitlines()
    assert len(lines) == 2 and '"User-Agent": "probe/1"' in lines[1]


def test_cli_serve_prints_base_url_and_writes_log(tmp_path) -> None:
    import subprocess
    import sys

    log_file = tmp_path / "log.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.replica",
            "serve",
            "--articles",
            "30",
            "--port",
            "0",
            "--log",
            str(log_file),
            "--fault",
            "status:path=/feed,status=503",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        base_url = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base_url)
        assert fetch(base_url, "/").status == 200
        assert fetch(base_url, "/feed").status == 503
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
    entries = log_file.read_text().splitlines()
    assert [e.split('"status": ')[1][:3] for e in entries] == ["200", "503"]
