"""Ground truth of the replica: contract shape for a whole site, the specimen, themes."""

from __future__ import annotations

import re

import pytest

from archive.contract import LINK_KINDS, PAGE_TIME_KINDS, RECORD_KEYS
from tests.replica.render import render_article
from tests.replica.site import Site
from tests.replica.specimen import SPECIMEN_ID

_STR_OR_NONE = ("shortlink", "summary", "modified_at", "category", "source", "language")


def _without_page_time(record: dict) -> dict:
    out = dict(record)
    out["links"] = [link for link in record["links"] if link["kind"] not in PAGE_TIME_KINDS]
    return out


@pytest.fixture(scope="module")
def site500() -> Site:
    return Site(articles=500, seed=7, include_specimen=True)


def test_truth_follows_the_contract_for_every_article(site500: Site) -> None:
    kinds_seen: set[str] = set()
    for pid in site500.post_ids:
        record = site500.truth(pid)
        assert record is not None
        assert tuple(record) == RECORD_KEYS
        assert record["post_id"] == pid and record["url"] == site500.article_url(pid)
        assert isinstance(record["title"], str) and record["title"]
        assert isinstance(record["body"], str) and record["body"]
        assert "\n\n\n" not in record["body"] and record["body"] == record["body"].strip()
        assert record["published_at"].endswith("+00:00")
        for key in _STR_OR_NONE:
            assert record[key] is None or isinstance(record[key], str), key
        for key in ("authors", "categories", "tags"):
            assert all(isinstance(v, str) and v for v in record[key]), key
        assert record["category"] in record["categories"]
        assert not any(c.startswith("-") for c in record["categories"])
        assert record["reading_minutes"] is None or record["reading_minutes"] >= 1
        for image in record["images"]:
            assert image["url"].startswith("https://")
            assert "/wp-content/uploads/" in image["url"]
        order = [LINK_KINDS.index(link["kind"]) for link in record["links"]]
        assert order == sorted(order)
        for link in record["links"]:
            kinds_seen.add(link["kind"])
            assert link["url"].startswith("https://") and not link["url"].endswith("/")
            assert (link["text"] is None) == (link["kind"] == "embed")
        assert "ALSO READ" not in record["body"].upper().replace("READ ALSO", "ALSO READ")
        assert record["summary"] is None or "reports Asian Lite" not in record["summary"]
    assert kinds_seen == set(LINK_KINDS)


def test_specimen_truth_equals_expected_json(specimen: dict) -> None:
    site = Site(articles=20, seed=3, include_specimen=True)
    record = site.truth(SPECIMEN_ID)
    assert _without_page_time(record) == _without_page_time(specimen)
    latest = [link for link in record["links"] if link["kind"] == "latest_from"]
    assert len(latest) == 3


def test_specimen_page_shows_what_the_truth_says() -> None:
    site = Site(articles=20, seed=3, include_specimen=True)
    page = render_article(site, SPECIMEN_ID)
    record = site.truth(SPECIMEN_ID)
    assert '<link rel="canonical" href="' + record["url"] + '">' in page
    assert "postid-226758" in page and "application/ld+json" in page
    assert "Previous Story" in page and "Next Story" in page
    for link in record["links"]:
        assert f'href="{link["url"]}"' in page, link


def test_wire_credit_is_in_body_and_source() -> None:
    site = Site(articles=300, seed=11)
    sources = {}
    for pid in site.post_ids:
        record = site.truth(pid)
        if record["source"]:
            sources[record["source"]] = record["body"]
    assert set(sources) == {"ANI", "IANS", "Reuters"}
    for source, body in sources.items():
        assert body.endswith((f"({source})", f"-{source}"))


def test_redesign_changes_every_class_and_drops_structured_data(site500: Site) -> None:
    pid = site500.main_post_ids[5]
    current = render_article(site500, pid, theme="current")
    page = render_article(site500, pid, theme="redesign")
    classes = set(re.findall(r'class="([^"]*)"', current))
    assert classes and not classes & set(re.findall(r'class="([^"]*)"', page))
    assert "ld+json" not in page and 'property="og:' not in page
    assert 'property="article:' not in page
    assert '<link rel="canonical"' in page


def test_old_theme_has_no_json_ld_and_keeps_its_host(site500: Site) -> None:
    pid = site500.old_post_ids[3]
    page = render_article(site500, pid)
    assert "ld+json" not in page and 'abbr class="published"' in page
    assert site500.article_url(pid).startswith("https://archive.asianlite.com/")
    assert "https://asianlite.com/20" not in page
    assert site500.truth(pid)["reading_minutes"] is None


def test_same_seed_same_site_and_text() -> None:
    a, b = Site(articles=50, seed=5), Site(articles=50, seed=5)
    assert a.post_ids == b.post_ids
    pid = a.post_ids[-1]
    assert render_article(a, pid) == render_article(b, pid)
    assert Site(articles=50, seed=6).post_ids != a.post_ids or a.title(pid) != Site(
        articles=50, seed=6
    ).title(pid)
