"""End to end: ``archive reprocess`` over a real capture of the replica, without the network."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.schema.engine import open_archive_engine, session_factory
from archive.write.store import store_article
from crawler import rules
from crawler.archive_cli import main as archive_main
from crawler.warc.reextract import Target, reextract, reextract_prepared
from tests.crawling import backfill, exported_records, query, without_page_time_links
from tests.e2e.warc_files import archive_cli, warc_locations
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

LEAKED_CHROME = "Go to Top"


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReplicaServer, Path]]:
    directory = tmp_path_factory.mktemp("reprocess")
    with ReplicaServer(Site(articles=40, seed=9, include_specimen=True)) as server:
        backfill(server, f"sqlite:///{directory / 'archive.db'}")
        yield server, directory


@pytest.fixture
def archive_copy(captured, tmp_path: Path) -> tuple[ReplicaServer, str]:
    """A copy of the captured archive (database and WARC files) this test may change."""
    server, original = captured
    shutil.copytree(original, tmp_path / "copy")
    return server, f"sqlite:///{tmp_path / 'copy' / 'archive.db'}"


def test_reprocess_reextracts_every_article_offline_into_equal_records(archive_copy) -> None:
    server, db = archive_copy
    requests_before = len(server.log)
    crawled = exported_records(db)
    warcs = Path(db.removeprefix("sqlite:///")).parent / "warcs"
    ids = dict(query(db, "SELECT url, id FROM articles"))

    result = archive_cli(db, "reprocess", "--workers", "2")

    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{len(crawled)} articles selected, 0 without a WARC record" in result.stdout
    assert f"0 changed, {len(crawled)} unchanged, 0 skipped (cut record), 0 failed" in result.stdout
    assert len(server.log) == requests_before  # not a single request reached the site
    for url, (name, offset, length) in warc_locations(db).items():
        again = reextract(Target(ids[url], url, name, offset, length), warcs)
        assert again.record is not None, again.problem
        new = {key: again.record[key] for key in crawled[url]}
        assert without_page_time_links(new) == without_page_time_links(crawled[url])


def test_reprocess_changes_exactly_the_articles_older_code_got_wrong(archive_copy) -> None:
    """Three articles stored as an extractor that let a chrome line into the body would have
    stored them: reprocess restores exactly those three, each with a revision that says so."""
    server, db = archive_copy
    records = exported_records(db)
    wrong = sorted(records)[:3]
    _store_as_older_code(db, [records[url] for url in wrong])

    fetched = dict(query(db, "SELECT url, last_fetched || ' ' || warc_file || ' ' || warc_offset "
                             "FROM articles"))
    dry = archive_cli(db, "reprocess", "--dry-run")
    assert "3 would change" in dry.stdout and "  body: 3" in dry.stdout, dry.stdout
    assert query(db, "SELECT count(*) FROM article_revisions WHERE reason IS NOT NULL")[0][0] == 0
    done = archive_cli(db, "reprocess")
    again = archive_cli(db, "reprocess")

    assert done.returncode == 0, done.stderr[-3000:]
    assert "3 changed" in done.stdout and "  body: 3" in done.stdout, done.stdout
    assert "0 changed" in again.stdout  # nothing left to correct
    revisions = query(db, "SELECT a.url, r.version, r.reason, r.body FROM article_revisions r "
                          "JOIN articles a ON a.id = r.article_id WHERE r.reason IS NOT NULL")
    assert sorted(row[0] for row in revisions) == wrong
    assert all(row[1] == 2 and row[2].startswith("reprocess: asianlite-archive ") for row in revisions)
    assert all(row[3].endswith(LEAKED_CHROME) for row in revisions)
    after = exported_records(db)
    assert all(after[url] == records[url] for url in records)
    # no fetch happened: the fetch bookkeeping and the WARC record stay those of the crawl
    assert dict(query(db, "SELECT url, last_fetched || ' ' || warc_file || ' ' || warc_offset "
                          "FROM articles")) == fetched


def test_workers_send_back_only_what_changed(archive_copy) -> None:
    """An article whose content hash is the stored one comes back from a worker as ``same``
    (no record); another comes back prepared, with the hash the store will compare."""
    _, db = archive_copy
    warcs = Path(db.removeprefix("sqlite:///")).parent / "warcs"
    url, article_id, stored_hash = query(db, "SELECT url, id, content_hash FROM articles")[0]
    name, offset, length = warc_locations(db)[url]

    same = reextract_prepared(Target(article_id, url, name, offset, length, stored_hash), warcs)
    other = reextract_prepared(Target(article_id, url, name, offset, length, "0" * 64), warcs)

    assert same.same and same.prepared is None and same.record is None
    assert not other.same and other.prepared is not None
    assert other.prepared.content_hash == stored_hash and other.prepared.url == url


def test_a_chrome_rule_change_reaches_exactly_the_affected_articles(archive_copy, monkeypatch) -> None:
    """A new chrome line rule (the current code, changed in this process; the worker
    processes are forked from it) removes a line some bodies have: reprocess changes exactly
    those articles, field by field, with a revision each, and nothing else."""
    server, db = archive_copy
    records = exported_records(db)
    line, affected = _shared_line(records)
    monkeypatch.setattr(rules, "CHROME_LINES", (*rules.CHROME_LINES, line))
    requests_before = len(server.log)

    result = CliRunner().invoke(archive_main, ["--db", db, "reprocess", "--workers", "2"])

    assert result.exit_code == 0, result.output
    assert f"{len(affected)} changed, {len(records) - len(affected)} unchanged" in result.output
    assert f"  body: {len(affected)}" in result.output
    revised = query(db, "SELECT a.url FROM article_revisions r JOIN articles a "
                        "ON a.id = r.article_id WHERE r.reason LIKE 'reprocess: %'")
    assert sorted(row[0] for row in revised) == sorted(affected)
    after = exported_records(db)
    assert all(line not in after[url]["body"].split("\n\n") for url in affected)
    assert all(after[url] == records[url] for url in records if url not in affected)
    assert len(server.log) == requests_before


def test_filters_select_what_is_reprocessed(archive_copy) -> None:
    _, db = archive_copy
    records = exported_records(db)
    year = sorted(record["published_at"][:4] for record in records.values())[len(records) // 2]
    expected = sum(1 for record in records.values() if record["published_at"][:4] >= year)

    result = archive_cli(db, "reprocess", "--dry-run", "--since", f"{year}-01-01")

    assert f"{expected} articles selected" in result.stdout, result.stdout


def test_a_cut_record_is_skipped_with_a_warning(archive_copy) -> None:
    _, db = archive_copy
    locations = warc_locations(db)
    warcs = Path(db.removeprefix("sqlite:///")).parent / "warcs"
    name, offset, length = max(locations.values(), key=lambda loc: loc[1])
    cut_at = offset + length // 2
    with open(warcs / name, "r+b") as handle:
        handle.truncate(cut_at)
    cut = sum(1 for n, o, ln in locations.values() if n == name and o + ln > cut_at)

    result = archive_cli(db, "reprocess")

    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{cut} skipped (cut record)" in result.stdout
    assert f"{len(locations) - cut} unchanged" in result.stdout
    assert "cut WARC record" in result.stderr and name in result.stderr


def _shared_line(records: dict[str, dict]) -> tuple[str, list[str]]:
    """The body line most articles share without all having it (wire credits aside: they are
    also the source), and the articles that have it."""
    counts = Counter(line for record in records.values()
                     for line in set(record["body"].split("\n\n")))
    line = next(line for line, n in counts.most_common()
                if 2 <= n < len(records) and not line.startswith(("(", "-")))
    return line, [url for url, record in records.items() if line in record["body"].split("\n\n")]


def _store_as_older_code(db: str, records: list[dict]) -> None:
    """Store ``records`` as a crawl with older code would have: same capture, wrong body."""
    locations = warc_locations(db)
    engine = open_archive_engine(db, upgrade=False, write=True)
    try:
        with session_factory(engine).begin() as session:
            for record in records:
                name, offset, length = locations[record["url"]]
                store_article(session, {
                    **record, "body": f"{record['body']}\n\n{LEAKED_CHROME}",
                    "warc_file": name, "warc_offset": offset, "warc_length": length,
                })
    finally:
        engine.dispose()
