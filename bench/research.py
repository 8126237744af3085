"""Research bench: search latency (median, p95) and export rates (jsonl, csv, parquet) on a
large SQLite archive, next to a floor measured in the same run.

    .venv/bin/python -m bench.research [--articles 100000] [--queries 40] [--keep PATH]

The archive is built with ``store_articles`` (1,000 per transaction) from synthetic records
(10 links, 3 tags, 2 images each) whose title/summary/body are Zipf-distributed words, so that
search queries are selective like real ones. Floor for export: the raw sqlite3 driver reading
the same article and link rows without building records. Targets: search p95 < 100 ms, export
>= 5,000 records/s per format with flat memory (RSS growth during the export reported).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pyarrow.parquet  # noqa: F401  (imported before measuring: not part of the export)

from archive.research.export import iter_record_batches, write_csv, write_jsonl, write_parquet
from archive.research.filters import ArticleFilter
from archive.research.search import search_articles
from archive.schema.engine import open_archive_engine, session_factory
from archive.write.store import store_articles
from bench.storage import search_queries, zipf_words
from tests.servers.records import CATEGORIES, make_record

TARGET_P95_MS = 100.0
TARGET_RATE = 5000.0


def build(url: str, count: int, batch: int = 1000) -> float:
    """Fill the archive; returns articles stored per second."""
    engine = open_archive_engine(url)
    sessions = session_factory(engine)
    rng = random.Random(7)
    start = time.perf_counter()
    for first in range(0, count, batch):
        records = []
        for i in range(first, min(count, first + batch)):
            record = make_record(i, total=count)
            words = zipf_words(rng, 360)
            record["title"] = f"Story {i}: " + " ".join(words[:8])
            record["summary"] = " ".join(words[8:25])
            record["body"] = " ".join(words[25:])
            records.append(record)
        with sessions.begin() as session:
            store_articles(session, records)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return count / elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def search_times(url: str, queries: list[str], filters: ArticleFilter | None) -> list[float]:
    engine = open_archive_engine(url, upgrade=False, write=False)
    times = []
    with session_factory(engine)() as session:
        search_articles(session, queries[0], filters)  # warm the page cache
        for query in queries:
            start = time.perf_counter()
            search_articles(session, query, filters, limit=20)
            times.append((time.perf_counter() - start) * 1000)
    engine.dispose()
    return times


def export_run(url: str, fmt: str, out_dir: Path) -> dict[str, float]:
    """Export everything in ``fmt``; wall and CPU rates and RSS growth while exporting."""
    engine = open_archive_engine(url, upgrade=False, write=False)
    process = psutil.Process()
    rss_first: list[int] = []  # after the first batch (imports, caches and buffers warmed up)
    peak = [0]

    def watched(batches: Iterator[list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
        for batch in batches:
            yield batch
            rss = process.memory_info().rss
            if not rss_first:
                rss_first.append(rss)
            peak[0] = max(peak[0], rss)

    def flat(batches: Iterator[list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
        for batch in batches:
            yield from batch

    with session_factory(engine)() as session:
        wall, cpu = time.perf_counter(), time.process_time()
        batches = watched(iter_record_batches(session))
        if fmt == "parquet":
            count = write_parquet(batches, out_dir / "export.parquet")
        else:
            with open(os.devnull, "w", encoding="utf-8") as sink:
                writer: Callable[..., int] = write_jsonl if fmt == "jsonl" else write_csv
                count = writer(flat(batches), sink)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    engine.dispose()
    return {"count": count, "wall": count / wall, "cpu": count / cpu,
            "rss_growth": (peak[0] - rss_first[0]) / 2**20 if rss_first else 0.0}


def floor_rate(path: Path) -> float:
    """Records/s when the raw driver reads the articles and their links, nothing more."""
    conn = sqlite3.connect(path)
    start = time.perf_counter()
    count = 0
    for (n,) in conn.execute("SELECT count(*) FROM articles"):
        count = n
    for table in ("articles", "links"):
        cursor = conn.execute(f"SELECT * FROM {table}")
        while cursor.fetchmany(5000):
            pass
    elapsed = time.perf_counter() - start
    conn.close()
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="Build the archive here and keep it.")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-research-"))
    path = args.keep or root / "research.db"
    url = f"sqlite:///{path}"
    rows: list[tuple[str, str, str]] = []
    try:
        if not path.exists():
            rate = build(url, args.articles)
            rows.append(("build", f"store_articles, {args.articles:,} articles", f"{rate:,.0f}/s"))
        rng = random.Random(11)
        queries = [q for _ in range(args.queries // 10 + 1) for q in search_queries(rng)]
        queries = queries[:args.queries]
        for label, filters in (
            ("search, no filter", None),
            ("search, --category", ArticleFilter(category=CATEGORIES[2])),
            ("search, --since/--until 1 year", ArticleFilter(since="2022-01-01",
                                                               until="2022-12-31")),
        ):
            times = search_times(url, queries, filters)
            p95 = percentile(times, 0.95)
            verdict = "ok" if p95 < TARGET_P95_MS else "OVER TARGET"
            rows.append(("search", f"{label} ({len(times)} queries)",
                         f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms "
                         f"(target < {TARGET_P95_MS:.0f}: {verdict})"))
        floor = floor_rate(path)
        rows.append(("export", "floor: raw sqlite3 reads articles + links", f"{floor:,.0f} rec/s"))
        for fmt in ("jsonl", "csv", "parquet"):
            result = export_run(url, fmt, root)
            verdict = "ok" if result["wall"] >= TARGET_RATE else "UNDER TARGET"
            rows.append(("export", f"{fmt} ({result['count']:,.0f} records)",
                         f"{result['wall']:,.0f} rec/s wall ({verdict}), {result['cpu']:,.0f}/s "
                         f"CPU, {floor / result['wall']:.1f}x floor, RSS +{result['rss_growth']:.0f}"
                         " MiB after the first batch"))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for part, what, value in rows:
        print(f"{part:<7} {what:<48} {value}")


if __name__ == "__main__":
    main()
