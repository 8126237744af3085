"""archive export: jsonl, csv and parquet read back equal; --fields; filters; progress; errors."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq

from archive.contract import RECORD_KEYS, to_record
from archive.research.export import LIST_FIELDS


def from_csv(text):
    """CSV rows as records: JSON cells back to lists, numbers back to ints, '' to None."""
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        record = {}
        for key, value in row.items():
            if key in LIST_FIELDS:
                record[key] = json.loads(value)
            elif key in ("post_id", "reading_minutes"):
                record[key] = int(value) if value else None
            else:
                record[key] = value if value != "" else None
        rows.append(record)
    return rows


def from_parquet(path):
    rows = pq.read_table(path).to_pylist()
    for row in rows:
        for key in ("published_at", "modified_at"):
            if key in row and row[key] is not None:
                row[key] = row[key].isoformat()
    return rows


def test_jsonl_csv_and_parquet_read_back_equal(filled, tmp_path, cli):
    url, records = filled
    jsonl = cli("export", "--db", url)
    assert jsonl.exit_code == 0, jsonl.output
    exported = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert sorted(exported, key=lambda r: r["url"]) == sorted(
        (to_record(r) for r in records), key=lambda r: r["url"])
    as_csv = from_csv(cli("export", "--db", url, "--format", "csv").stdout)
    out = tmp_path / "all.parquet"
    result = cli("export", "--db", url, "--format", "parquet", "--out", str(out))
    assert result.exit_code == 0 and f"exported {len(records)} articles" in result.stderr
    assert pq.read_schema(out).names == list(RECORD_KEYS)
    assert as_csv == exported
    assert from_parquet(out) == exported


def test_fields_choose_and_order_columns_in_every_format(filled, tmp_path, cli):
    url, records = filled
    fields = "title,url,published_at,tags,links"
    lines = [json.loads(line) for line in
             cli("export", "--db", url, "--fields", fields).stdout.splitlines()]
    assert [list(line) for line in lines] == [fields.split(",")] * len(records)
    by_url = {r["url"]: r for r in records}
    assert all(line["tags"] == by_url[line["url"]]["tags"] for line in lines)
    csv_text = cli("export", "--db", url, "--fields", fields, "--format", "csv").stdout
    assert csv_text.splitlines()[0] == fields
    assert from_csv(csv_text) == lines
    out = tmp_path / "some.parquet"
    cli("export", "--db", url, "--fields", fields, "--format", "parquet", "--out", str(out))
    assert from_parquet(out) == lines


def test_new_filters_author_and_source(filled, cli):
    url, records = filled
    source = next(r["source"] for r in records if r["source"])
    lines = cli("export", "--db", url, "--source", source.lower(), "--fields", "url").stdout
    assert {json.loads(line)["url"] for line in lines.splitlines()} == {
        r["url"] for r in records if r["source"] == source}
    author = records[0]["authors"][0]
    lines = cli("export", "--db", url, "--author", author, "--fields", "url").stdout
    assert {json.loads(line)["url"] for line in lines.splitlines()} == {
        r["url"] for r in records if author in r["authors"]}


def test_progress_bar_only_when_asked_or_on_a_terminal(filled, cli):
    url, records = filled
    shown = cli("export", "--db", url, "--fields", "url", "--progress")
    assert f"{len(records)}/{len(records)} 100%" in shown.stderr
    assert "\r" in shown.stderr
    hidden = cli("export", "--db", url, "--fields", "url")  # CliRunner's stderr is no terminal
    assert "100%" not in hidden.stderr and f"exported {len(records)}" in hidden.stderr
    assert len(shown.stdout.splitlines()) == len(records)


def test_bad_fields_and_parquet_without_out_are_clear_errors(filled, cli):
    url, _ = filled
    bad = cli("export", "--db", url, "--fields", "url,nonsense")
    assert bad.exit_code == 2 and "nonsense" in bad.stderr and "post_id" in bad.stderr
    twice = cli("export", "--db", url, "--fields", "url,url")
    assert twice.exit_code == 2 and "twice" in twice.stderr
    no_out = cli("export", "--db", url, "--format", "parquet")
    assert no_out.exit_code == 2 and "--out" in no_out.stderr
