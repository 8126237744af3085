"""Completeness gaps and drift alarms on a real archive (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from archive.crawl.drift import drift_alarms, previous_profiles
from archive.crawl.fetches import FetchRecord, record_fetches
from archive.crawl.gaps import find_gaps, gap_counts
from archive.crawl.listing import ListedUrl, record_listing
from archive.crawl.runs import finish_run, record_health, record_reject, start_run
from archive.schema.models import Article
from archive.times import utcnow
from archive.write.store import store_article

SITE = "https://asianlite.com/2024/uk-news/"
FETCHED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _article(slug: str, **extra):
    return {"url": SITE + slug, "title": slug.title(), "body": f"Text of {slug}.",
            "fetched_at": FETCHED.isoformat(), **extra}


def test_every_reason_is_found(sessions) -> None:
    with sessions.begin() as session:
        store_article(session, _article("kept", layers={"title": "theme", "body": "theme"}))
        store_article(session, _article("edited"))
        record_fetches(session, [
            FetchRecord(SITE + "broken", 500, utcnow(), error="HTTP 500"),
            FetchRecord(SITE + "refused", 200, utcnow()),
            FetchRecord(SITE + "gone", 200, utcnow()),
        ])
        record_reject(session, SITE + "refused", "no body")
        record_listing(session, [
            ListedUrl(SITE + "kept", "sitemap", datetime(2024, 4, 1, tzinfo=UTC)),
            ListedUrl(SITE + "edited", "sitemap", datetime(2024, 6, 1, tzinfo=UTC)),
            ListedUrl(SITE + "broken", "sitemap"), ListedUrl(SITE + "refused", "feed"),
            ListedUrl(SITE + "gone", "sitemap"), ListedUrl(SITE + "unseen", "feed"),
        ])
    with sessions() as session:
        gaps = {gap.url.removeprefix(SITE): gap for gap in find_gaps(session)}
        layers = session.scalar(select(Article.layers).where(Article.url == SITE + "kept"))

    assert {slug: gap.reason for slug, gap in gaps.items()} == {
        "broken": "failed", "refused": "rejected", "gone": "lost", "unseen": "never fetched",
        "edited": "changed since",
    }
    assert gaps["refused"].detail == "no body" and gaps["refused"].source == "feed"
    assert gap_counts(gaps.values())["changed since"] == 1
    assert layers == {"title": "theme", "body": "theme"}


def test_listing_again_keeps_the_sitemap_lastmod_when_the_feed_gives_none(sessions) -> None:
    lastmod = datetime(2024, 6, 1, tzinfo=UTC)
    with sessions.begin() as session:
        store_article(session, _article("edited"))
        record_listing(session, [ListedUrl(SITE + "edited", "sitemap", lastmod)])
        record_listing(session, [ListedUrl(SITE + "edited", "feed")])
    with sessions() as session:
        assert [gap.reason for gap in find_gaps(session)] == ["changed since"]


def _profile(items: int, body: dict[str, int], examples: dict[str, list[str]] | None = None):
    return {"items": items, "fields": {"body": body, "title": {"structured": items}},
            "examples": {"body": examples or {}}}


def test_drift_names_the_field_the_layer_and_examples() -> None:
    before = [_profile(20, {"theme": 20}), _profile(30, {"theme": 29, "missing": 1})]
    now = _profile(10, {"trafilatura": 6, "missing": 4},
                   {"trafilatura": ["u1", "u2"], "missing": ["u3"]})

    alarms = drift_alarms(now, before)

    assert [(a.field, a.kind, a.layer) for a in alarms] == [
        ("body", "layer share fell", "theme"), ("body", "missing rate rose", "missing"),
    ]
    assert alarms[0].before > 0.95 and alarms[0].now == 0.0
    assert set(alarms[0].examples) == {"u1", "u2"} and alarms[1].examples == ("u3",)
    assert alarms[0].message() == "body: theme layer found 0% of it (was 100%) e.g. u1, u2"


def test_no_drift_without_enough_articles_or_history() -> None:
    now = _profile(10, {"trafilatura": 10})
    assert drift_alarms(now, []) == []
    assert drift_alarms(now, [_profile(3, {"theme": 3})]) == []
    assert drift_alarms(_profile(2, {"trafilatura": 2}), [_profile(20, {"theme": 20})]) == []
    assert drift_alarms(_profile(10, {"theme": 9, "anchor": 1}), [_profile(20, {"theme": 20})]) == []


def test_an_optional_field_new_posts_lack_raises_no_alarm() -> None:
    """modified_at: missing in most articles, and in every freshly published one."""
    before = [{"items": 30, "fields": {"modified_at": {"structured": 8, "missing": 22}}}]
    now = {"items": 12, "fields": {"modified_at": {"missing": 12}}, "examples": {}}
    assert drift_alarms(now, before) == []


def test_previous_profiles_are_read_newest_first_before_the_run(sessions) -> None:
    with sessions.begin() as session:
        ids = []
        for items in (5, 6, 7):
            run_id = start_run(session, "incremental")
            finish_run(session, run_id, "finished")
            record_health(session, run_id, {"passed": True, "profile": _profile(items, {"theme": items})})
            ids.append(run_id)
    with sessions() as session:
        assert [p["items"] for p in previous_profiles(session, before_run=ids[2])] == [6, 5]
        assert [p["items"] for p in previous_profiles(session, before_run=None, runs=1)] == [7]
