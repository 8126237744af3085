"""Export equals the contract for 500 replica articles; filters; CSV; streaming in batches."""

from __future__ import annotations

import csv
import io
import json

import pytest

from archive.contract import RECORD_KEYS, to_record
from archive.research.export import iter_records, write_csv, write_jsonl
from archive.research.filters import ArticleFilter
from archive.write.store import StoreOutcome, store_article, store_articles
from tests.servers.records import replica_records


@pytest.fixture(scope="module")
def records():
    return replica_records(500)



def test_export_equals_the_contract_for_500_articles(sessions, records):
    outcomes = []
    for start in range(0, 400, 100):  # bulk path for most, one by one for the rest
        with sessions.begin() as session:
            outcomes += store_articles(session, records[start:start + 100])
    with sessions.begin() as session:
        outcomes += [store_article(session, record) for record in records[400:]]
    assert outcomes == [StoreOutcome.NEW] * len(records)
    out = io.StringIO()
    with sessions() as session:
        count = write_jsonl(iter_records(session, batch_size=64), out)
    lines = out.getvalue().splitlines()
    assert count == len(lines) == 500
    exported = [json.loads(line) for line in lines]
    assert all(list(record) == list(RECORD_KEYS) for record in exported)
    by_url = {record["url"]: record for record in exported}
    assert len(by_url) == 500
    for record in records:
        assert by_url[record["url"]] == to_record(record)


def test_filters(sessions, records):
    sample = records[:120]
    with sessions.begin() as session:
        for record in sample:
            store_article(session, record)
    category = sample[0]["categories"][-1]
    tag = next(r["tags"][0] for r in sample if r["tags"])
    day = sample[0]["published_at"][:10]

    def urls(filters):
        with sessions() as session:
            return {r["url"] for r in iter_records(session, filters, batch_size=7)}

    assert urls(ArticleFilter(category=category)) == {
        r["url"] for r in sample if category in r["categories"]}
    assert urls(ArticleFilter(tag=tag)) == {r["url"] for r in sample if tag in r["tags"]}
    assert urls(ArticleFilter(since=day, until=day)) == {
        r["url"] for r in sample if r["published_at"][:10] == day}
    assert urls(ArticleFilter(since=day)) == {r["url"] for r in sample if r["published_at"][:10] >= day}
    assert urls(ArticleFilter(until=day)) == {r["url"] for r in sample if r["published_at"][:10] <= day}


def test_csv_has_contract_columns_and_json_cells(sessions, records):
    with sessions.begin() as session:
        for record in records[:5]:
            store_article(session, record)
    out = io.StringIO()
    with sessions() as session:
        assert write_csv(iter_records(session), out) == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(RECORD_KEYS)
    first = to_record(records[0])
    row = next(r for r in rows if r["url"] == first["url"])
    assert json.loads(row["links"]) == first["links"]
    assert json.loads(row["tags"]) == first["tags"]
    assert row["title"] == first["title"]
