"""Storage bench: articles stored per second vs a raw-driver floor, export speed, search latency.

    .venv/bin/python -m bench.storage [--articles 2000] [--search-articles 100000] [--no-postgres]
                                      [--rounds 5]

Each article has 10 links, 3 tags and 2 images. The floor writes the same rows with the raw
driver's ``executemany`` (sqlite3 / psycopg) into the same schema in one transaction: the cost of
the rows themselves, without lookups, upserts or per-article logic. PostgreSQL runs on a
throw-away server started here (127.0.0.1, fsync off like the tests). The floor and the batched
store run in interleaved rounds, each into a fresh database, and the best round of each counts (5 by default),
so load from other processes on the machine favours neither. Each round then stores a changed
version of every article (the refresh and reprocess path: a revision each) and the same version
again (unchanged: only the fetch bookkeeping moves) into its archive.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import text

from archive.research.export import iter_records, write_jsonl
from archive.research.search import search_articles
from archive.schema.engine import open_archive_engine, session_factory
from archive.text import slugify
from archive.write.prepare import prepare_article
from archive.write.store import store_article, store_articles
from tests.servers.postgres import start_postgres
from tests.servers.records import make_record


def timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def store_all(url: str, records: list[dict[str, Any]], batch: int) -> tuple[float, float]:
    """Articles per second, and per CPU-second of this process: the second hardly moves when
    other processes load the machine (SQLite runs in this process)."""
    engine = open_archive_engine(url)
    sessions = session_factory(engine)

    def run() -> None:
        for start in range(0, len(records), batch):
            with sessions.begin() as session:
                if batch == 1:
                    store_article(session, records[start])
                else:
                    store_articles(session, records[start:start + batch])

    cpu_start = time.process_time()
    elapsed = timed(run)
    cpu = time.process_time() - cpu_start
    engine.dispose()
    return len(records) / elapsed, len(records) / cpu


def refetched(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """A later fetch of every archived record: ``changed`` (a new version of each, a revision
    kept) and ``unchanged`` (only the fetch bookkeeping moves), stored in that order."""
    return {
        "changed": [{**r, "body": r["body"] + " Updated.", "fetched_at": "2030-01-01T00:00:00+00:00"}
                    for r in records],
        "unchanged": [{**r, "body": r["body"] + " Updated.", "fetched_at": "2030-02-01T00:00:00+00:00"}
                      for r in records],
    }


def floor_rows(records: list[dict[str, Any]]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows store_article writes, precomputed (ids assigned here)."""
    rows: dict[str, list[tuple[Any, ...]]] = {k: [] for k in (
        "articles", "names", "article_authors", "article_categories", "article_tags", "images",
        "links", "article_urls")}
    names: dict[tuple[str, str], int] = {}

    def name_id(table: str, name: str) -> int:
        if (table, name) not in names:
            names[(table, name)] = len(names) + 1
            rows["names"].append((table, names[(table, name)], name, slugify(name)))
        return names[(table, name)]

    for aid, raw in enumerate(records, start=1):
        r = prepare_article(raw)
        now = r.fetched_at.isoformat()
        category = name_id("categories", r.category) if r.category else None
        rows["articles"].append((aid, r.post_id, r.url, r.shortlink, r.slug, r.title, r.summary,
                                 r.body, r.published_at.isoformat() if r.published_at else None,
                                 category, r.reading_minutes, r.word_count, r.source, r.language,
                                 r.content_hash, now, now, now, 1))
        rows["article_authors"] += [(aid, name_id("authors", n), i) for i, n in enumerate(r.authors)]
        rows["article_categories"] += [(aid, name_id("categories", n), i)
                                       for i, n in enumerate(r.categories)]
        rows["article_tags"] += [(aid, name_id("tags", n), i) for i, n in enumerate(r.tags)]
        rows["images"] += [(aid, i, im["url"], im["caption"], im["alt"])
                           for i, im in enumerate(r.images)]
        rows["links"] += [(aid, ln["url"], ln["kind"], ln["text"], i, now, now, True)
                          for i, ln in enumerate(r.links)]
        rows["article_urls"] += [(r.url, aid, "canonical"), (r.shortlink, aid, "shortlink")]
    return rows


FLOOR_SQL = {
    "articles": "INSERT INTO articles (id, post_id, url, shortlink, slug, title, summary, body, "
                "published_at, category_id, reading_minutes, word_count, source, language, "
                "content_hash, first_seen, last_fetched, last_changed, version) VALUES ({})",
    "article_authors": "INSERT INTO article_authors (article_id, author_id, position) VALUES ({})",
    "article_categories": "INSERT INTO article_categories (article_id, category_id, position) "
                          "VALUES ({})",
    "article_tags": "INSERT INTO article_tags (article_id, tag_id, position) VALUES ({})",
    "images": "INSERT INTO images (article_id, position, url, caption, alt) VALUES ({})",
    "links": "INSERT INTO links (article_id, target_url, kind, text, position, first_seen, "
             "last_seen, current) VALUES ({})",
    "article_urls": "INSERT INTO article_urls (url, article_id, kind) VALUES ({})",
}


def raw_floor(url: str, records: list[dict[str, Any]], rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """Articles/s when the same rows go in with the raw driver's executemany."""
    open_archive_engine(url).dispose()  # migrated, empty schema
    if url.startswith("sqlite"):
        import sqlite3

        conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("PRAGMA synchronous = NORMAL")
        mark = "?"
    else:
        import psycopg

        conn = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
        mark = "%s"

    def run() -> None:
        cur = conn.cursor()
        if mark == "?":
            cur.execute("BEGIN")
        for table in ("authors", "categories", "tags"):
            body = [(i, n, s) if table != "authors" else (i, n)
                    for t, i, n, s in rows["names"] if t == table]
            columns = "id, name, slug" if table != "authors" else "id, name"
            cur.executemany(f"INSERT INTO {table} ({columns}) VALUES "
                            f"({', '.join([mark] * len(body[0]))})", body)
        for table, sql in FLOOR_SQL.items():
            width = len(rows[table][0])
            cur.executemany(sql.format(", ".join([mark] * width)), rows[table])
        conn.commit() if mark == "%s" else cur.execute("COMMIT")

    elapsed = timed(run)
    conn.close()
    return len(records) / elapsed


def export_speed(url: str) -> tuple[float, int, float, float]:
    engine = open_archive_engine(url, upgrade=False, write=False)
    process = psutil.Process()
    sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    with session_factory(engine)() as session:
        rss_before = process.memory_info().rss
        start = time.perf_counter()
        count = write_jsonl(iter_records(session), sink)
        elapsed = time.perf_counter() - start
        rss_after = process.memory_info().rss
    sink.close()
    engine.dispose()
    return count / elapsed, count, rss_before / 2**20, rss_after / 2**20


VOCABULARY = 20_000


def zipf_words(rng: Any, count: int) -> list[str]:
    """Words drawn with a Zipf-like distribution (rank r has weight 1/r), like real news text."""
    return [f"w{int(VOCABULARY ** rng.random())}" for _ in range(count)]


def search_queries(rng: Any) -> list[str]:
    """Two-word queries on mid-frequency words (ranks 20-2000), as a reader would type."""
    return [f"w{rng.randrange(20, 2000)} w{rng.randrange(20, 2000)}" for _ in range(10)]


def fill_for_search(url: str, n: int) -> None:
    """n articles (title/summary/body only) inserted in bulk; the FTS triggers index them."""
    import random

    engine = open_archive_engine(url)
    rng = random.Random(7)
    batch: list[dict[str, Any]] = []
    insert = text("INSERT INTO articles (url, title, summary, body, word_count, content_hash, "
                  "first_seen, last_fetched, last_changed, version) VALUES (:url, :title, :summary,"
                  " :body, 0, :hash, :now, :now, :now, 1)")
    with engine.begin() as conn:
        for i in range(n):
            words = zipf_words(rng, 360)
            batch.append({"url": f"https://asianlite.com/2024/news/s-{i}",
                          "title": " ".join(words[:8]), "summary": " ".join(words[8:25]),
                          "body": " ".join(words[25:]),
                          "hash": hashlib.sha256(str(i).encode()).hexdigest(),
                          "now": "2025-01-01 00:00:00"})
            if len(batch) == 2000:
                conn.execute(insert, batch)
                batch = []
        if batch:
            conn.execute(insert, batch)
        if conn.dialect.name == "postgresql":
            conn.execute(text("ANALYZE articles"))
    engine.dispose()


def search_latency(url: str, rounds: int = 20) -> float:
    engine = open_archive_engine(url, upgrade=False, write=False)
    import random

    queries = search_queries(random.Random(11))
    times = []
    with session_factory(engine)() as session:
        search_articles(session, queries[0])  # warm the cache
        for i in range(rounds):
            query = queries[i % len(queries)]
            times.append(timed(lambda q=query: search_articles(session, q, limit=20)) * 1000)
    engine.dispose()
    return statistics.median(times)


def bench_backend(name: str, make_url: Callable[[str], str], records: list[dict[str, Any]],
                  search_n: int, table: list[tuple[str, str, str]], rounds: int) -> None:
    if records:
        _bench_writes(name, make_url, records, table, rounds)
    if search_n:
        url = make_url("search")
        fill_for_search(url, search_n)
        table.append((name, f"search on {search_n:,} articles (median of 20)",
                      f"{search_latency(url):.1f} ms"))


def _bench_writes(name: str, make_url: Callable[[str], str], records: list[dict[str, Any]],
                  table: list[tuple[str, str, str]], rounds: int) -> None:
    """Floor and batched store in interleaved rounds, each into a fresh database; the best round
    of each counts (a burst of load from other processes spoils a round, not the result)."""
    rows = floor_rows(records)
    floors, batches, cpu_rates = [], [], []
    again: dict[str, list[tuple[float, float]]] = {"changed": [], "unchanged": []}
    for n in range(rounds):
        floors.append(raw_floor(make_url(f"floor{n}"), records, rows))
        rate, cpu_rate = store_all(make_url(f"batched{n}"), records, batch=100)
        batches.append(rate)
        cpu_rates.append(cpu_rate)
        for kind, versions in refetched(records).items():
            again[kind].append(store_all(make_url(f"batched{n}"), versions, batch=100))
    floor, batched = max(floors), max(batches)
    per_item, _ = store_all(make_url("per_item"), records, batch=1)
    table.append((name, f"floor: raw executemany, one transaction (best of {rounds})",
                  f"{floor:,.0f} articles/s"))
    table.append((name, "store_article, 1 transaction per article (one round)",
                  f"{per_item:,.0f} articles/s ({floor / per_item:.1f}x floor)"))
    table.append((name, f"store_articles, 100 per transaction (best of {rounds})",
                  f"{batched:,.0f} articles/s ({floor / batched:.1f}x floor)"))
    table.append((name, f"store_articles, 100 per transaction, CPU (best of {rounds})",
                  f"{max(cpu_rates):,.0f} articles per CPU-second"))
    for kind, rates in again.items():
        table.append((name, f"store_articles, all {kind} again, 100 per transaction (best of "
                            f"{rounds})", f"{max(r for r, _ in rates):,.0f} articles/s, "
                                          f"{max(c for _, c in rates):,.0f} per CPU-second"))
    table.append((name, "  every round: floor / batched",
                  "  ".join(f"{f:,.0f}/{b:,.0f}" for f, b in zip(floors, batches, strict=True))))
    exports = [export_speed(make_url(f"batched{rounds - 1}")) for _ in range(rounds)]
    rate, count, before, after = max(exports)
    table.append((name, f"export jsonl ({count} articles, best of {rounds})",
                  f"{rate:,.0f} records/s, RSS {before:.0f} -> {after:.0f} MiB"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--search-articles", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--rounds", type=int, default=5,
                        help="interleaved rounds of floor and batched store; the best of each counts")
    args = parser.parse_args()
    records = [make_record(i, total=args.articles) for i in range(args.articles)]
    table: list[tuple[str, str, str]] = []
    root = Path(tempfile.mkdtemp(prefix="bench-storage-"))
    try:
        bench_backend("sqlite", lambda n: f"sqlite:///{root / (n + '.db')}", records,
                      args.search_articles, table, args.rounds)
        server = None if args.no_postgres else start_postgres()
        if server is not None:
            try:
                created: set[str] = set()

                def pg_url(n: str) -> str:
                    if n not in created:
                        server.execute(f"CREATE DATABASE {n}")
                        created.add(n)
                    return server.url(n)

                bench_backend("postgres", pg_url, records, args.search_articles, table,
                              args.rounds)
            finally:
                server.stop()
                shutil.rmtree(server.root, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    out = io.StringIO()
    for backend, what, value in table:
        out.write(f"{backend:<9} {what:<58} {value}\n")
    print(out.getvalue(), end="")


if __name__ == "__main__":
    main()
