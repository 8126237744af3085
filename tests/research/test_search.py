"""archive search: ranking, snippets, filters and the three outputs, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from archive.research.filters import ArticleFilter
from archive.research.search import search_articles
from archive.schema.engine import open_archive_engine, session_factory


def common_title_word(records):
    """A word that is in several titles but not in all of them."""
    counts = Counter(word.lower() for r in records for word in set(r["title"].split())
                     if word.isalpha() and len(word) > 4)
    return next(word for word, n in counts.most_common() if 3 <= n < len(records) // 2)


def titles_with(records, word):
    return {r["url"] for r in records if word in r["title"].lower().split()}


def test_search_json_finds_the_titles_with_the_word_and_marks_it(filled, cli):
    url, records = filled
    word = common_title_word(records)
    result = cli("search", word, "--db", url, "--json", "--limit", "100")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert titles_with(records, word) <= {hit["url"] for hit in hits}
    assert [hit["rank"] for hit in hits] == list(range(1, len(hits) + 1))
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert any(f"[{word}" in hit["snippet"].lower() for hit in hits)
    by_url = {r["url"]: r for r in records}
    first = hits[0]
    assert first["title"] == by_url[first["url"]]["title"]
    assert first["published_at"] == by_url[first["url"]]["published_at"]
    assert first["category"] == by_url[first["url"]]["category"]


@pytest.mark.parametrize("name", ["category", "source", "tag", "author", "since", "until"])
def test_each_filter_keeps_only_matching_hits(filled, name, cli):
    url, records = filled
    word = common_title_word(records)
    matching = [r for r in records if r["url"] in titles_with(records, word)]
    sample = matching[0]
    value = {
        "category": sample["category"], "source": sample["source"] or "IANS",
        "tag": (sample["tags"] or ["x"])[0], "author": sample["authors"][0],
        "since": sample["published_at"][:10], "until": sample["published_at"][:10],
    }[name]
    keep = {
        "category": lambda r: value in r["categories"],
        "source": lambda r: (r["source"] or "").lower() == value.lower(),
        "tag": lambda r: value in r["tags"], "author": lambda r: value in r["authors"],
        "since": lambda r: r["published_at"][:10] >= value,
        "until": lambda r: r["published_at"][:10] <= value,
    }[name]
    result = cli("search", word, "--db", url, "--json", "--limit", "100", f"--{name}", value)
    found = {hit["url"] for hit in json.loads(result.stdout)}
    unfiltered = {hit["url"] for hit in json.loads(
        cli("search", word, "--db", url, "--json", "--limit", "100").stdout)}
    assert found == {u for u in unfiltered if keep(next(r for r in records if r["url"] == u))}


def test_limit_offset_page_through_the_same_ranking(filled):
    url, records = filled
    engine = open_archive_engine(url, upgrade=False, write=False)
    word = common_title_word(records)
    with session_factory(engine)() as session:
        everything = search_articles(session, word, limit=50)
        page = search_articles(session, word, limit=2, offset=1)
        none = search_articles(session, word, ArticleFilter(since="2099-01-01"))
    engine.dispose()
    assert [h.url for h in page] == [h.url for h in everything[1:3]]
    assert [h.rank for h in page] == [2, 3]
    assert none == []


def test_table_and_csv_outputs(filled, cli):
    url, records = filled
    word = common_title_word(records)
    table = cli("search", word, "--db", url, "--limit", "3")
    assert table.exit_code == 0
    assert table.stdout.lstrip().startswith("1. ") and "https://asianlite.com/" in table.stdout
    rows = list(csv.DictReader(io.StringIO(cli("search", word, "--db", url, "--csv").stdout)))
    assert rows and rows[0]["rank"] == "1" and set(rows[0]) >= {"url", "title", "snippet"}
    nothing = cli("search", "zzzunfindablezzz", "--db", url)
    assert nothing.exit_code == 0 and "no matching articles" in nothing.stderr
    both = cli("search", word, "--db", url, "--csv", "--json")
    assert both.exit_code == 2 and "choose one" in both.stderr
