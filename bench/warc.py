"""Raw-capture benchmark: what WARC capture costs the crawl, and how fast reprocessing is.

    .venv/bin/python -m bench.warc [--articles 1000] [--rounds 2] [--workers N]

Measured, the replica served from this process on 127.0.0.1, politeness off:

1. crawl overhead: backfills of ``--articles`` articles with capture off and on, in
   interleaved rounds (fresh archive each), best wall time and best CPU time of each (CPU
   time is the steadier figure on a shared machine), and the median of each round's on/off
   CPU ratio; goal: on <= 1.15 x off; plus what the background CDXJ indexing of the files
   costs, outside the crawl process;
2. bytes per article: WARC bytes on disk (all records of the crawl: listings, sitemaps,
   requests...) per archived article, and per response record;
3. reprocess rate: ``archive reprocess``'s work (read each article's record, extract in
   ``--workers`` processes, compare, one writer) in articles/s, with nothing to change and
   with every article to change (stored texts altered first), against the floor of parsing
   and storing the same pages in one process (pages already in memory, ``extract_item`` then
   ``store_articles`` into a fresh SQLite archive); floor, nothing-changes and all-change runs
   interleaved in ``--rounds`` rounds, each on a fresh copy of its archive, best wall time
   and best CPU time (this process and its joined workers) of each; goal: >= 0.5 x the floor.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.schema.engine import open_archive_engine, session_factory
from archive.write.store import store_article, store_articles
from bench.crawl import SETTINGS, backfill
from crawler.pages.process import extract_item
from crawler.reprocess import (
    Reprocessor,
    code_version,
    default_workers,
    extract_all,
    select_targets,
)
from crawler.warc.cdxj import write_cdxj
from crawler.warc.reader import read_response
from crawler.warc.reextract import response_of
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

STORE_BATCH = 50


def crawl_rounds(server: ReplicaServer, workdir: Path, rounds: int) -> dict[str, float]:
    """Best backfill wall and CPU seconds with capture off and on (keys ``off``, ``on``,
    ``off_cpu``, ``on_cpu``), and the median over rounds of each round's on/off CPU ratio
    (``cpu_ratio``: the two runs of a round share the machine's load); the last 'on' archive
    stays in workdir."""
    best = {key: float("inf") for key in ("off", "on", "off_cpu", "on_cpu")}
    ratios = []
    for round_no in range(rounds):
        cpu = {}
        for mode in ("off", "on"):
            shutil.rmtree(workdir / "warcs", ignore_errors=True)
            SETTINGS["WARC_ENABLED"] = "1" if mode == "on" else "0"
            measured = backfill(server, workdir, f"{mode}{round_no}")
            best[mode] = min(best[mode], measured.seconds)
            best[f"{mode}_cpu"] = min(best[f"{mode}_cpu"], measured.cpu_seconds)
            cpu[mode] = measured.cpu_seconds
            print(f"  round {round_no + 1} capture {mode}: {measured.seconds:.2f}s wall, "
                  f"{measured.cpu_seconds:.2f}s CPU", flush=True)
        ratios.append(cpu["on"] / cpu["off"])
    best["cpu_ratio"] = statistics.median(ratios)
    return best


def index_seconds(files: list[Path], workdir: Path) -> float:
    """What the background CDXJ indexing costs (not part of the crawl process's time)."""
    start = time.perf_counter()
    for path in files:
        shutil.copy(path, workdir / path.name)
        write_cdxj(workdir / path.name)
    return time.perf_counter() - start


@dataclass(frozen=True)
class Timing:
    """Wall seconds and CPU seconds of this process and of the children it joined (workers)."""

    wall: float
    cpu: float


def timed(work: Callable[[], Any]) -> tuple[Timing, Any]:
    """Run ``work``; its timing and its result."""
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    result = work()
    return Timing(time.perf_counter() - start, _cpu_seconds() - cpu_before), result


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def reprocess_once(db: str, warcs: Path, workers: int) -> tuple[Timing, int, int]:
    """One reprocess over the whole archive: (timing, articles, changed)."""
    engine = open_archive_engine(db, upgrade=False, write=True)
    try:
        sessions = session_factory(engine)

        def work() -> tuple[int, int]:
            with sessions() as session:
                targets, _ = select_targets(session, None)
            reprocessor = Reprocessor(sessions, dry_run=False,
                                      reason=f"reprocess: {code_version()}")
            return len(targets), reprocessor.run(extract_all(targets, warcs, workers)).changed

        timing, (articles, changed) = timed(work)
        return timing, articles, changed
    finally:
        engine.dispose()


def reprocess_rounds(db: Path, warcs: Path, workdir: Path, workers: int, rounds: int
                     ) -> dict[str, tuple[Timing, int, int]]:
    """Floor, nothing-changes and all-change runs interleaved, each on a fresh copy; the best
    wall and the best CPU time of each (keys ``floor``, ``same``, ``change``)."""
    altered = workdir / "altered.db"
    shutil.copy(db, altered)
    alter_all(f"sqlite:///{altered}")
    runs: dict[str, list[tuple[Timing, int, int]]] = {"floor": [], "same": [], "change": []}
    for round_no in range(rounds):
        runs["floor"].append((floor_timing(db, warcs, workdir / f"floor{round_no}"), 0, 0))
        for key, source in (("same", db), ("change", altered)):
            copy = workdir / f"{key}{round_no}.db"
            shutil.copy(source, copy)
            runs[key].append(reprocess_once(f"sqlite:///{copy}", warcs, workers))
        print("  round " + str(round_no + 1) + ": " + ", ".join(
            f"{key} {r[-1][0].wall:.2f}s wall {r[-1][0].cpu:.2f}s CPU" for key, r in runs.items()),
            flush=True)
    return {key: (Timing(min(t.wall for t, _, _ in r), min(t.cpu for t, _, _ in r)), *r[0][1:])
            for key, r in runs.items()}


def alter_all(db: str) -> None:
    """Make every stored text differ from what the current code extracts (so all change)."""
    from archive.research.export import iter_records
    engine = open_archive_engine(db, upgrade=False, write=True)
    try:
        sessions = session_factory(engine)
        with sessions() as session:
            rows = list(session.execute(_locations_query()))
            records = {r["url"]: r for r in iter_records(session)}
        with sessions.begin() as session:
            for url, name, offset, length in rows:
                store_article(session, {**records[url], "body": records[url]["body"] + "\n\nX",
                                        "warc_file": name, "warc_offset": offset,
                                        "warc_length": length})
    finally:
        engine.dispose()


def _locations_query() -> Any:
    from sqlalchemy import select

    from archive.schema.models import Article
    return select(Article.url, Article.warc_file, Article.warc_offset, Article.warc_length)


def floor_timing(db: Path, warcs: Path, workdir: Path) -> Timing:
    """Parse and store the same pages in one process, pages already in memory."""
    engine = open_archive_engine(f"sqlite:///{db}", upgrade=False, write=False)
    with session_factory(engine)() as session:
        rows = list(session.execute(_locations_query()))
    engine.dispose()
    pages = [(url, read_response(warcs / name, offset, length)) for url, name, offset, length in rows]
    workdir.mkdir()
    target = open_archive_engine(f"sqlite:///{workdir / 'floor.db'}", upgrade=True, write=True)

    def work() -> None:
        records = []
        for url, page in pages:
            item = extract_item(response_of(page), url)
            records.append({**item.to_record(), "extraction": item.extraction,
                            "body_html": item.body_html})
        with session_factory(target).begin() as session:
            for i in range(0, len(records), STORE_BATCH):
                store_articles(session, records[i:i + STORE_BATCH])

    try:
        return timed(work)[0]
    finally:
        target.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-warc-") as tmp:
        workdir = Path(tmp)
        site = Site(articles=args.articles, seed=1, include_specimen=False)
        with ReplicaServer(site) as server:
            crawl = crawl_rounds(server, workdir, args.rounds)
        db = workdir / f"on{args.rounds - 1}.db"
        warcs = workdir / "warcs"
        warc_files = sorted(warcs.glob("*.warc.gz"))
        warc_bytes = sum(path.stat().st_size for path in warc_files)
        indexing = index_seconds(warc_files, workdir)
        responses = sum(1 for path in workdir.glob("*.cdxj") for _ in path.open())
        runs = reprocess_rounds(db, warcs, workdir, args.workers, args.rounds)
    floor, same, changed = runs["floor"][0], runs["same"], runs["change"]
    articles = same[1]
    rows = [
        ("articles", f"{articles} ({len(warc_files)} WARC files, {responses} captures)"),
        ("crawl, capture off (best)", f"{crawl['off']:.2f}s  {articles / crawl['off']:.1f} articles/s"),
        ("crawl, capture on (best)", f"{crawl['on']:.2f}s  {articles / crawl['on']:.1f} articles/s"),
        ("capture overhead, wall", f"{crawl['on'] / crawl['off'] - 1:+.1%} (goal <= +15%)"),
        ("capture overhead, CPU (best)", f"{crawl['on_cpu'] / crawl['off_cpu'] - 1:+.1%} "
                                         f"({crawl['off_cpu']:.2f}s -> {crawl['on_cpu']:.2f}s)"),
        ("capture overhead, CPU (median)", f"{crawl['cpu_ratio'] - 1:+.1%} (of each round's "
                                           "on/off pair)"),
        ("CDXJ indexing (background)", f"{indexing:.2f}s"),
        ("WARC bytes per article", f"{warc_bytes / articles:,.0f} (per capture {warc_bytes / max(responses, 1):,.0f})"),
        ("floor: parse + store, 1 process", f"{floor.wall:.2f}s  {articles / floor.wall:.1f} "
                                            f"articles/s  ({floor.cpu:.2f}s CPU)"),
        (f"reprocess, nothing changes ({args.workers} workers)", _against(same[0], floor, articles)),
        (f"reprocess, all change ({args.workers} workers)",
         f"{_against(changed[0], floor, articles)} ({changed[2]} changed)"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


def _against(run: Timing, floor: Timing, articles: int) -> str:
    return (f"{run.wall:.2f}s  {articles / run.wall:.1f} articles/s  {floor.wall / run.wall:.2f}x "
            f"floor  ({run.cpu:.2f}s CPU, all processes)")


if __name__ == "__main__":
    raise SystemExit(main())
