"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector): ranking, snippets, syntax."""

from __future__ import annotations

import pytest

from archive.errors import ArchiveError
from archive.research.search import fts5_query, search_articles
from archive.schema.engine import open_archive_engine, session_factory
from archive.write.store import store_article

ARTICLES = [
    ("refinery", "Refinery fire in Gujarat", "Firefighters fought a blaze.",
     "A fire broke out at a refinery near Jamnagar. The refinery was shut down."),
    ("cricket", "India win the cricket final", "A last-ball finish in Dubai.",
     "India beat Pakistan in Dubai. The refinery workers' team watched on screens."),
    ("monsoon", "Monsoon reaches Kerala", "Rains arrive early.",
     "The monsoon arrived in Kerala. Farmers in Kerala welcomed the rain."),
]


@pytest.fixture
def session(archive_url):
    engine = open_archive_engine(archive_url)
    with session_factory(engine).begin() as s:
        for slug, title, summary, body in ARTICLES:
            store_article(s, {"url": f"https://asianlite.com/2024/top-news/{slug}", "title": title,
                              "summary": summary, "body": body,
                              "published_at": "2024-05-01T10:00:00+00:00"})
    with session_factory(engine)() as s:
        yield s
    engine.dispose()


def slugs(hits):
    return [hit.url.rsplit("/", 1)[-1] for hit in hits]


def test_title_match_ranks_first_and_snippet_marks_the_match(session):
    hits = search_articles(session, "refinery")
    assert slugs(hits) == ["refinery", "cricket"]
    assert hits[0].score > hits[1].score
    assert "[refinery]" in hits[0].snippet.lower()
    assert hits[0].published_at.isoformat() == "2024-05-01T10:00:00+00:00"


def test_words_are_all_required_and_stemmed(session):
    assert slugs(search_articles(session, "farmers welcome")) == ["monsoon"]  # welcomed ~ welcome
    assert search_articles(session, "refinery Kerala") == []


def test_phrase_or_and_exclusion(session):
    assert slugs(search_articles(session, '"beat Pakistan"')) == ["cricket"]
    assert set(slugs(search_articles(session, "Kerala OR Jamnagar"))) == {"monsoon", "refinery"}
    assert slugs(search_articles(session, "refinery -cricket")) == ["refinery"]


@pytest.mark.parametrize("query, expected", [
    ('"', []), ("AND OR NOT", []), ("*", []), ("()", []), ("", []), ("col:value", []),
    ('refinery"', ["refinery", "cricket"]),  # the stray quote is dropped, the word stays
    ("(Kerala)", ["monsoon"]),
])
def test_odd_input_never_breaks_the_query(session, query, expected):
    assert slugs(search_articles(session, query)) == expected


def test_limit(session):
    assert len(search_articles(session, "refinery", limit=1)) == 1
    with pytest.raises(ArchiveError, match="at least 1"):
        search_articles(session, "refinery", limit=0)


@pytest.mark.parametrize("query, expected", [
    ("monsoon kerala", '"monsoon" AND "kerala"'),
    ('"beat Pakistan" India', '"beat pakistan" AND "india"'),
    ("Kerala OR Jamnagar", '("kerala" OR "jamnagar")'),
    ("refinery -cricket", '("refinery") NOT "cricket"'),
    ('col:value "unclosed', '"col value" AND "unclosed"'),
    ("-only", ""),
    ("", ""),
])
def test_fts5_query_translation(query, expected):
    assert fts5_query(query) == expected
