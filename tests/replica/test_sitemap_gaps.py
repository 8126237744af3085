"""Site(sitemap_gaps=share): the sitemaps leave out a share of the posts, nothing else does."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from tests.replica.client import fetch
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _sitemap_paths(server: ReplicaServer, host: str | None = None) -> set[str]:
    headers = {"Host": host} if host else {}
    index = ET.fromstring(fetch(server.base_url, "/wp-sitemap.xml", headers=headers).body)
    paths: set[str] = set()
    for loc in index.iter(f"{SM}loc"):
        if "posts-post" not in (loc.text or ""):
            continue
        body = fetch(server.base_url, urlsplit(loc.text).path, headers=headers).body
        paths |= {urlsplit(u.text).path for u in ET.fromstring(body).iter(f"{SM}loc")}
    return paths


def test_a_tenth_of_the_posts_is_missing_from_the_sitemaps_and_still_served() -> None:
    site = Site(articles=3000, seed=4, sitemap_gaps=0.1)
    with ReplicaServer(site) as server:
        named = _sitemap_paths(server) | _sitemap_paths(server, "archive.asianlite.com")
        missing = site.missing_from_sitemaps()
        assert 0.08 * len(site) < len(missing) < 0.12 * len(site)
        assert {site.path(pid) for pid in missing}.isdisjoint(named)
        assert named == {site.path(pid) for pid in site.post_ids if pid not in set(missing)}
        for pid in missing[:5]:
            page = fetch(server.base_url, site.path(pid), headers={"Host": site.host_of(pid)})
            assert page.status == 200


def test_the_gaps_are_stable_and_off_by_default() -> None:
    assert Site(articles=500, seed=4).missing_from_sitemaps() == []
    first = Site(articles=500, seed=4, sitemap_gaps=0.2).missing_from_sitemaps()
    assert first == Site(articles=500, seed=4, sitemap_gaps=0.2).missing_from_sitemaps()
    assert first


def test_a_share_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="sitemap_gaps"):
        Site(articles=20, sitemap_gaps=1.0)
