"""Changes on demand: publish, edit, delete; what the served site shows afterwards."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.replica.client import fetch
from tests.replica.server import ReplicaServer

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _feed_links(server: ReplicaServer) -> list[str]:
    channel = ET.fromstring(fetch(server.base_url, "/feed").body).find("channel")
    return [item.findtext("link") for item in channel.findall("item")]


def _lastmods(server: ReplicaServer) -> dict[str, str]:
    urlset = ET.fromstring(fetch(server.base_url, "/wp-sitemap-posts-post-1.xml").body)
    return {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in urlset.iter(f"{SM}url")}


def test_publish_changes_feed_sitemap_home_chain_and_latest_from(replica: ReplicaServer) -> None:
    site = replica.site
    before_newest = site.main_post_ids[-1]
    assert 'rel="next"' not in fetch(replica.base_url, site.path(before_newest)).text
    etag = fetch(replica.base_url, site.path(before_newest)).headers["ETag"]
    new = site.publish(3)
    assert len(new) == 3 and site.main_post_ids[-3:] == new
    assert _feed_links(replica)[:3] == [site.article_url(pid) for pid in reversed(new)]
    lastmods = _lastmods(replica)
    assert all(site.article_url(pid) in lastmods for pid in new)
    assert max(lastmods.values()) == lastmods[site.article_url(new[-1])]
    assert site.path(new[-1]) in fetch(replica.base_url, "/").text
    old_page = fetch(replica.base_url, site.path(before_newest))
    assert old_page.headers["ETag"] != etag
    assert f'href="{site.article_url(new[0])}" rel="next"' in old_page.text
    truth = site.truth(before_newest)
    assert [link["url"] for link in truth["links"] if link["kind"] == "next_story"] == [
        site.article_url(new[0])
    ]
    newest = site.truth(new[-1])
    assert newest["published_at"] > site.truth(before_newest)["published_at"]
    primary_members = [pid for pid in new[:-1] if site.truth(pid)["category"] == newest["category"]]
    latest = [link["url"] for link in newest["links"] if link["kind"] == "latest_from"]
    for pid in primary_members:
        assert site.article_url(pid) in latest


def test_edit_changes_modified_date_and_text(replica: ReplicaServer) -> None:
    site = replica.site
    pid = site.main_post_ids[2]
    path = site.path(pid)
    before = site.truth(pid)
    first = fetch(replica.base_url, path)
    version = site.edit(pid)
    after = site.truth(pid)
    assert version == 1
    assert (
        after["modified_at"] != before["modified_at"]
        and after["modified_at"] > before["published_at"]
    )
    assert after["body"] != before["body"] and after["title"] == before["title"]
    again = fetch(replica.base_url, path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status == 200 and again.headers["Last-Modified"] != first.headers["Last-Modified"]
    assert after["modified_at"] == _lastmod_of(replica, site.article_url(pid))
    paragraph = after["body"].split("\n\n")[0]
    assert paragraph.split(" ")[0] in again.text


def _lastmod_of(server: ReplicaServer, url: str) -> str:
    return _lastmods(server)[url]


def test_specimen_text_is_fixed(replica: ReplicaServer) -> None:
    with pytest.raises(ValueError, match="fixed text"):
        replica.site.edit(226758)


@pytest.mark.parametrize("status", [404, 410])
def test_delete_answers_status_and_leaves_listings(replica: ReplicaServer, status: int) -> None:
    site = replica.site
    pid = site.main_post_ids[-2]
    neighbours = site.main_post_ids[-3], site.main_post_ids[-1]
    site.delete(pid, status=status)
    assert fetch(replica.base_url, site.path(pid)).status == status
    assert fetch(replica.base_url, f"/?p={pid}").status == status
    assert site.truth(pid) is None and pid not in site.post_ids
    assert site.article_url(pid) not in _feed_links(replica)
    assert site.article_url(pid) not in _lastmods(replica)
    page = fetch(replica.base_url, site.path(neighbours[0])).text
    nxt = re.search(r'<a href="([^"]+)" rel="next"', page).group(1)
    assert nxt == site.article_url(neighbours[1])


def test_delete_refuses_other_statuses(replica: ReplicaServer) -> None:
    with pytest.raises(ValueError, match="404 or 410"):
        replica.site.delete(replica.site.main_post_ids[0], status=500)
    with pytest.raises(KeyError):
        replica.site.delete(12345678)
