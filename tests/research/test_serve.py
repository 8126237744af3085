"""archive serve: Datasette over real HTTP on 127.0.0.1, search and canned queries, clean stop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from archive.schema.engine import open_archive_engine
from tests.servers.records import archived_targets, fill_archive

ROOT = Path(__file__).resolve().parents[2]




def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def wait_until_up(base: str, process: subprocess.Popen, attempts: int = 150) -> None:
    for _ in range(attempts):  # bounded: 150 x 0.1 s plus request time
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {process.stderr.read()}")
        try:
            get_json(f"{base}/-/versions.json")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("archive serve did not answer")


@pytest.fixture
def served(tmp_path, free_port):
    path = tmp_path / "research.db"
    url = f"sqlite:///{path}"
    open_archive_engine(url).dispose()
    records = fill_archive(url)
    port = free_port
    process = subprocess.Popen(
        [sys.executable, "-m", "archive", "serve", "--db", url, "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, records, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_search_facets_and_canned_queries_over_http(served):
    base, records, process = served
    word = records[0]["title"].split()[-1]
    found = get_json(f"{base}/archive/article_text.json?_search={word}&_shape=objects&_size=100")
    assert records[0]["url"] in {row["url"] for row in found["rows"]}
    assert all(word.lower() in (row["title"] + row["summary"] + row["body"]).lower()
               for row in found["rows"])
    facets = get_json(f"{base}/archive/article_text.json?_size=0")["facet_results"]
    assert {"category", "source", "year", "tags"} <= set(facets)
    day = records[5]["published_at"][:10]
    of_day = get_json(f"{base}/archive/articles_of_a_day.json?day={day}&_shape=objects")
    assert {row["url"] for row in of_day["rows"]} == {
        r["url"] for r in records if r["published_at"][:10] == day}
    targets = archived_targets(records)
    inbound = {}
    for r in records:
        for link in r["links"]:
            if link["url"] in targets:
                inbound[targets[link["url"]]] = inbound.get(targets[link["url"]], 0) + 1
    top = get_json(f"{base}/archive/most_linked.json?kind=&_shape=objects")["rows"][0]
    assert top["inbound_links"] == max(inbound.values())
    around = get_json(f"{base}/archive/neighbourhood.json?article={records[3]['post_id']}"
                      "&_shape=objects")["rows"]
    assert {row["other_url"] for row in around if row["direction"] == "out"} == {
        link["url"] for link in records[3]["links"]}


def test_serve_stops_cleanly_on_sigterm(served):
    _, _, process = served
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    assert "serving" in process.stderr.read()


def test_serve_on_postgresql_needs_sqlite(postgres_url, cli):
    result = cli("serve", "--db", postgres_url)
    assert result.exit_code == 1 and "needs a SQLite archive" in result.stderr
