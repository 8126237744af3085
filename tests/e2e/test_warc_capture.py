"""End to end: a real crawl of the replica with raw capture on, then the WARC files it wrote."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.warc.http_records import NOT_MODIFIED_PROFILE
from crawler.warc.paths import find_warc
from crawler.warc.reader import read_response
from tests.crawling import backfill, exported_records, query, run_crawl
from tests.e2e.warc_files import (
    complete_files,
    open_files,
    records,
    wait_for_indexes,
    warc_locations,
    warcio_check,
)
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

IDENTICAL_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReplicaServer, Path, int]]:
    """A 40-article replica backfilled once with capture on (default WARC dir), and how many
    requests the backfill made."""
    directory = tmp_path_factory.mktemp("captured")
    with ReplicaServer(Site(articles=40, seed=5, include_specimen=True)) as server:
        backfill(server, f"sqlite:///{directory / 'archive.db'}")
        yield server, directory, len(server.log)


def test_every_response_is_captured_in_complete_valid_files(crawled) -> None:
    _, directory, requests = crawled
    warcs = directory / "warcs"
    files = complete_files(warcs)
    assert files and open_files(warcs) == []
    assert warcio_check(*files).returncode == 0
    recs = [rec for path in files for rec in records(path)]
    assert recs[0].type == "warcinfo"
    kinds = Counter(rec.type for rec in recs)
    # one response (or revisit) and one request record per request the replica saw
    assert kinds["request"] == requests
    assert kinds["response"] + kinds["revisit"] == requests
    captured = {rec.uri.split("://", 1)[1].split("/", 1)[1] for rec in recs if rec.type == "request"}
    assert {"robots.txt", "feed", "wp-sitemap.xml"} <= {path.rstrip("/") for path in captured}
    indexes = wait_for_indexes(warcs)
    assert all(path.is_file() for path in indexes), indexes
    lines = [line for path in indexes for line in path.read_text().splitlines()]
    assert len(lines) == requests  # one line per response or revisit record


def test_each_article_points_at_its_own_response_record(crawled) -> None:
    _, directory, _ = crawled
    db = f"sqlite:///{directory / 'archive.db'}"
    locations = warc_locations(db)
    records_by_url = exported_records(db)
    assert set(locations) == set(records_by_url)
    for url, (name, offset, length) in locations.items():
        path = find_warc(directory / "warcs", name)
        assert path is not None
        page = read_response(path, offset, length)
        assert page.status == 200
        assert records_by_url[url]["title"].encode() in page.body.replace(b"&#8217;", "’".encode())


def test_unchanged_refetch_and_304_are_revisits(crawled, tmp_path: Path) -> None:
    server, original, _ = crawled
    directory = tmp_path / "copy"
    shutil.copytree(original, directory)
    db = f"sqlite:///{directory / 'archive.db'}"
    url = sorted(warc_locations(db))[0]
    before = warc_locations(db)[url]

    forced = run_crawl(server.base_url, db, f"url={url}")
    refresh = run_crawl(server.base_url, db, "mode=refresh", "limit=100")

    assert forced.returncode == 0 and refresh.returncode == 0, refresh.output[-3000:]
    old_names = {path.name for path in complete_files(original / "warcs")}
    new_files = [path for path in complete_files(directory / "warcs") if path.name not in old_names]
    assert len(new_files) == 2
    forced_recs = [rec for rec in records(new_files[0]) if rec.type in ("response", "revisit")]
    refresh_recs = [rec for rec in records(new_files[1]) if rec.type in ("response", "revisit")]
    article_path = url.split("asianlite.com", 1)[1]
    [forced_article] = [rec for rec in forced_recs if rec.uri.endswith(article_path)]
    assert (forced_article.type, forced_article.profile) == ("revisit", IDENTICAL_PROFILE)
    not_modified = [rec for rec in refresh_recs if rec.status == "304"]
    assert len(not_modified) == len(warc_locations(db))  # every archived article answered 304
    assert {(rec.type, rec.profile) for rec in not_modified} == {("revisit", IDENTICAL_PROFILE)}
    # the article still points at the record that holds its payload
    assert warc_locations(db)[url] == before
    assert warcio_check(*new_files).returncode == 0
    assert NOT_MODIFIED_PROFILE not in {rec.profile for rec in refresh_recs}


def test_capture_off_writes_nothing_and_stores_no_location(make_replica, tmp_path: Path) -> None:
    server = make_replica(articles=8, seed=2, include_specimen=False)
    db = f"sqlite:///{tmp_path / 'archive.db'}"

    backfill(server, db, WARC_ENABLED="0")

    assert not (tmp_path / "warcs").exists()
    assert query(db, "SELECT count(*) FROM articles WHERE warc_file IS NOT NULL")[0][0] == 0


def test_files_rotate_at_the_size_limit_into_a_chosen_directory(make_replica, tmp_path: Path) -> None:
    server = make_replica(articles=30, seed=4, include_specimen=False)
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    warcs = tmp_path / "elsewhere"

    limit = 60_000  # a 30-article backfill (about 35 requests since the crawl reads sitemaps first) fills several files
    backfill(server, db, WARC_DIR=str(warcs), WARC_MAX_SIZE=str(limit))

    files = complete_files(warcs)
    assert len(files) >= 3 and open_files(warcs) == [] and not (tmp_path / "warcs").exists()
    assert all(next(records(path)).type == "warcinfo" for path in files)
    # a file is closed at the first capture that takes it past the limit
    assert all(path.stat().st_size < limit + 200000 for path in files)
    assert warcio_check(*files).returncode == 0
    for name, offset, length in warc_locations(db).values():
        assert read_response(warcs / name, offset, length).status == 200


def test_an_unusable_warc_directory_turns_capture_off_with_one_error(
    make_replica, tmp_path: Path
) -> None:
    server = make_replica(articles=5, seed=6, include_specimen=False)
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    not_a_directory = tmp_path / "taken"
    not_a_directory.write_text("a file where the WARC directory should be")

    result = backfill(server, db, WARC_DIR=str(not_a_directory))

    errors = [line for line in result.output.splitlines() if "raw capture is off" in line]
    assert len(errors) == 1 and str(not_a_directory) in errors[0]
    assert "Traceback" not in result.output
    assert query(db, "SELECT count(*) FROM articles WHERE warc_file IS NULL")[0][0] == 5
