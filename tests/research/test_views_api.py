"""Stats breakdowns, the SQL views (0003) and the notebook API, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import text

from archive import open_archive, to_dataframe
from archive.crawl.runs import record_reject, start_run
from archive.schema.engine import open_archive_engine, session_factory
from tests.servers.records import archived_targets


def test_stats_breakdowns_and_crawl_health(filled, cli):
    url, records = filled
    engine = open_archive_engine(url)
    with session_factory(engine).begin() as session:
        run_id = start_run(session, "backfill")
        record_reject(session, "https://asianlite.com/x", "no body", detail="empty page", run_id=run_id)
        record_reject(session, "https://asianlite.com/y", "no body", detail="empty page", run_id=run_id)
        record_reject(session, "https://asianlite.com/z", "invalid", detail="bad date", run_id=run_id)
    engine.dispose()
    result = cli("stats", "--db", url, "--json", "--top", "0")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["articles_per_month"] == dict(sorted(Counter(
        r["published_at"][:7] for r in records).items()))
    assert stats["by_category"] == dict(Counter(c for r in records for c in r["categories"]))
    assert stats["by_author"] == dict(Counter(a for r in records for a in r["authors"]))
    assert stats["by_source"] == dict(Counter(r["source"] or "(none)" for r in records))
    assert stats["top_categories"] == dict(Counter(r["category"] for r in records if r["category"]))
    assert stats["last_run"] == {key: stats["last_runs"][0][key]
                                 for key in ("id", "mode", "status", "started_at")}
    assert stats["rejects_by_reason"] == {"no body": 2, "invalid": 1}
    assert stats["last_runs"][0]["id"] == run_id and stats["last_runs"][0]["mode"] == "backfill"
    assert sum(v["articles"] for v in stats["extraction_layers"].values()) == len(records)
    top = json.loads(cli("stats", "--db", url, "--json", "--top", "2").stdout)
    assert list(top["by_category"].values()) == sorted(stats["by_category"].values(),
                                                       reverse=True)[:2]
    table = cli("stats", "--db", url).stdout
    assert "rejects_by_reason  no body: 2, invalid: 1" in table and "last_runs" in table


def test_article_text_view_flattens_the_taxonomy(filled):
    url, records = filled
    engine = open_archive_engine(url, upgrade=False, write=False)
    with engine.connect() as conn:
        rows = {row.url: row for row in conn.execute(text("SELECT * FROM article_text"))}
    engine.dispose()
    assert set(rows) == {r["url"] for r in records}
    for record in records:
        row = rows[record["url"]]
        assert json.loads(row.categories) == record["categories"]
        assert json.loads(row.tags) == record["tags"]
        assert json.loads(row.authors) == record["authors"]
        assert row.category == record["category"]
        assert str(row.published_date) == record["published_at"][:10]
        assert row.month == record["published_at"][:7]
        assert row.year == int(record["published_at"][:4])
        assert row.title == record["title"] and row.source == record["source"]


def test_article_links_view_names_both_ends(filled):
    url, records = filled
    engine = open_archive_engine(url, upgrade=False, write=False)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT source_url, source_title, target_url, target_title, kind, anchor_text "
            "FROM article_links WHERE current")).all()
    engine.dispose()
    titles = {r["url"]: r["title"] for r in records}
    targets = archived_targets(records)
    expected = Counter(
        (r["url"], r["title"], link["url"], titles.get(targets.get(link["url"], "")),
         link["kind"], link["text"])
        for r in records for link in r["links"])
    assert Counter(tuple(row) for row in rows) == expected


def test_notebook_api(filled):
    url, records = filled
    with open_archive(url) as archive:
        word = records[0]["title"].split()[-1]
        hits = archive.search(word, limit=50)
        assert records[0]["url"] in {hit["url"] for hit in hits}
        category = records[0]["category"]
        articles = archive.articles(category=category)
        assert {a["url"] for a in articles} == {
            r["url"] for r in records if category in r["categories"]}
        assert [r["url"] for r in archive.records(fields=["url"])] == [
            a["url"] for a in archive.articles()]
        graph = archive.graph(kinds=["next_story"])
        assert graph.number_of_nodes() == len(records)
        assert archive.stats()["articles"] == len(records)
        assert archive.sql("SELECT count(*) AS n FROM article_text WHERE category = :c",
                           c=category)[0]["n"] == sum(r["category"] == category for r in records)
        frame = to_dataframe(articles)
        assert list(frame["url"]) == [a["url"] for a in articles]
        assert "tags" in frame.columns
        hits_frame = to_dataframe(hits)
        assert hits_frame["rank"].tolist() == list(range(1, len(hits) + 1))
