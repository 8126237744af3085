"""Crawl benchmark: the real ``scrapy crawl asianlite`` against the replica, politeness off.

    .venv/bin/python -m bench.crawl [--articles 5000] [--gaps 0.1] [--rounds 2]
                                    [--rss-sizes 5000,50000] [--new 20]

Measured in one run, every crawl a fresh subprocess (its CPU time and peak RSS come from
``wait4``), the replica served from this process on 127.0.0.1:

1. crawl economy (issue 18), on a replica of ``--articles`` whose sitemaps are complete:
   ``--rounds`` backfills into fresh SQLite archives, each followed by the floor, a bare Scrapy
   spider (bench/floor_spider.py) that downloads exactly the pages that backfill requested,
   with the same concurrency and CONCURRENT_ITEMS, and does nothing with them. Reported:
   requests per archived article, CPU ms per article for both (median of the rounds, rounds
   interleaved so that other load on the machine hits both alike), and the ratio of their
   articles per CPU-second; wall-clock rates too, for what they are worth on a shared machine;
2. the same backfill on a replica that leaves ``--gaps`` of its articles out of its sitemaps:
   requests per archived article, and whether every article was archived;
3. an incremental run after publishing ``--new`` posts on the first archive: requests (from
   the replica's log) and seconds;
4. peak RSS of backfills at each of ``--rss-sizes`` articles (none with ``--rss-sizes ""``);
5. with ``--breakdown``: in every economy round, the same backfill again with parts of the crawl
   switched off (WARC capture; the store; every item pipeline; everything but the spider), each
   into a fresh archive: what a part costs is the whole crawl's CPU less the crawl without it.
   Subprocess CPU time is what the goal counts, and sampling profilers misplace some of it in
   an asyncio crawl (a suspended coroutine's frames stay on the stack they report).

Targets: <= 1.05 requests per archived article with complete sitemaps, <= 1.2 with a tenth
missing (all archived), >= 0.5x the floor's articles per CPU-second (issue 18); incremental
within K + 10 requests, peak RSS at the largest size within 1.5x of the smallest (issue 5).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from crawler.commands.crawl import EXIT_UNHEALTHY
from crawler.extensions.garbage_collection import GarbageCollection
from crawler.pages.process import STORING_PIPELINES
from crawler.settings import CONCURRENT_ITEMS, EXTENSIONS, ITEM_PIPELINES
from tests.crawling import FAST, ROOT, crawl_command, query
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

SETTINGS = {
    **FAST,
    "LOG_LEVEL": "WARNING",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
}


#: The collector's setting is kept in every variant: it changes how every part runs.
_ALWAYS_ON = frozenset({f"{GarbageCollection.__module__}.{GarbageCollection.__qualname__}"})
#: ``--breakdown``: settings that switch parts of the crawl off, by what is left running.
PARTS_OFF: dict[str, dict[str, str]] = {
    "without WARC capture": {"WARC_ENABLED": "0"},
    "without the store": {"ITEM_PIPELINES": json.dumps(
        {name: order for name, order in ITEM_PIPELINES.items() if name not in STORING_PIPELINES})},
    "without item pipelines": {"ITEM_PIPELINES": "{}"},
    "spider only (no pipelines, no extensions)": {
        "ITEM_PIPELINES": "{}",
        "EXTENSIONS": json.dumps({name: order for name, order in EXTENSIONS.items() if name in _ALWAYS_ON}),
    },
}


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    returncode: int
    output: str


def measure(command: list[str], log_path: Path) -> Measured:
    """Run a command to the end; wall time, CPU time and peak RSS of that one child."""
    with log_path.open("w") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        elapsed,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        proc.returncode,
        log_path.read_text(),
    )


def sqlite_url(workdir: Path, name: str) -> str:
    return f"sqlite:///{workdir / (name + '.db')}"


def backfill(
    server: ReplicaServer,
    workdir: Path,
    name: str,
    settings: dict[str, str] | None = None,
    exit_codes: tuple[int, ...] = (0,),
) -> Measured:
    result = measure(
        crawl_command(
            server.base_url, sqlite_url(workdir, name), "mode=backfill", **{**SETTINGS, **(settings or {})}
        ),
        workdir / f"{name}.log",
    )
    if result.returncode not in exit_codes:
        raise SystemExit(f"backfill {name} failed:\n{result.output[-3000:]}")
    return result


def floor(server: ReplicaServer, paths: list[str], hosts: list[str], workdir: Path) -> Measured:
    listing = workdir / "floor-pages.json"
    listing.write_text(json.dumps(list(zip(paths, hosts, strict=True))))
    command = [
        sys.executable,
        "-m",
        "bench.floor_spider",
        server.base_url,
        str(listing),
        SETTINGS["CONCURRENT_REQUESTS"],
        str(CONCURRENT_ITEMS),
    ]
    result = measure(command, workdir / "floor.log")
    if result.returncode != 0:
        raise SystemExit(f"floor spider failed:\n{result.output[-3000:]}")
    return result


def summary_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("asianlite crawl")]
    return lines[-1] if lines else "(no summary)"


def stored_articles(db_url: str) -> int:
    return int(query(db_url, "SELECT count(*) FROM articles")[0][0])


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


@dataclass
class Round:
    """One backfill and the floor on the pages it requested."""

    ours: Measured
    floor: Measured
    requests: int
    stored: int
    #: ``--breakdown``: the backfill with parts switched off (PARTS_OFF), and its requests
    parts: dict[str, tuple[Measured, int]]


def economy_round(server: ReplicaServer, workdir: Path, name: str, breakdown: bool = False) -> Round:
    server.log.clear()
    ours = backfill(server, workdir, name)
    pages = [(e["path"], e["host"]) for e in server.log if e["path"] != "/robots.txt"]
    requests = len(server.log)
    server.log.clear()
    base = floor(server, [p for p, _ in pages], [h for _, h in pages], workdir)
    parts = {}
    for index, (part, settings) in enumerate(PARTS_OFF.items() if breakdown else ()):
        server.log.clear()
        variant = f"{name}-part{index}"
        # with pipelines off, the health monitors rightly find the fields unmade
        run = backfill(server, workdir, variant, settings, (0, EXIT_UNHEALTHY))
        parts[part] = (run, len(server.log))
        if "ITEM_PIPELINES" in settings and stored_articles(sqlite_url(workdir, variant)):
            raise SystemExit(f"the backfill {part} stored articles: its settings were not applied")
    return Round(ours, base, requests, stored_articles(sqlite_url(workdir, name)), parts)


def breakdown_rows(rounds: list[Round], articles: int) -> list[tuple[str, str]]:
    """CPU ms per article of each variant (median of the rounds), what the parts switched off
    cost (the whole crawl less the variant), and the variant against the floor."""
    ours_ms = median(r.ours.cpu_seconds for r in rounds) / articles * 1000
    floor_ms = median(r.floor.cpu_seconds for r in rounds) / articles * 1000
    rows = []
    for part in PARTS_OFF:
        ms = median(r.parts[part][0].cpu_seconds for r in rounds) / articles * 1000
        requests = rounds[0].parts[part][1]
        rows.append((
            f"  {part}",
            f"{ms:.2f} ms per article: the parts off cost {ours_ms - ms:.2f} ms "
            f"({(ours_ms - ms) / ours_ms:.0%} of the crawl); {floor_ms / ms:.2f}x the floor's "
            f"articles per CPU-second; {requests} requests (the whole crawl: {rounds[0].requests})",
        ))
    return [("CPU breakdown (backfill with parts off)", ""), *rows]


def economy_rows(rounds: list[Round], articles: int) -> list[tuple[str, str]]:
    ours_ms = median(r.ours.cpu_seconds for r in rounds) / articles * 1000
    floor_ms = median(r.floor.cpu_seconds for r in rounds) / articles * 1000
    per_article = rounds[0].requests / rounds[0].stored
    ratio = floor_ms / ours_ms
    return [
        (
            "requests per archived article",
            f"{per_article:.3f} ({rounds[0].requests} for {rounds[0].stored} of {articles}; "
            f"target <= 1.05: {verdict(per_article <= 1.05 and rounds[0].stored == articles)})  "
            f"[{summary_line(rounds[0].ours.output)}]",
        ),
        (
            "CPU ms per article, ours / floor",
            f"{ours_ms:.2f} / {floor_ms:.2f}  (rounds: "
            + ", ".join(f"{r.ours.cpu_seconds:.1f}s/{r.floor.cpu_seconds:.1f}s" for r in rounds)
            + ")",
        ),
        ("articles per CPU-second, ours / floor", f"{ratio:.2f}x  (target >= 0.5: {verdict(ratio >= 0.5)})"),
        (
            "wall clock, ours / floor",
            f"{median(r.ours.seconds for r in rounds):.1f} s / {median(r.floor.seconds for r in rounds):.1f} s",
        ),
    ]


def gaps_row(articles: int, gaps: float, workdir: Path) -> tuple[str, str]:
    site = Site(articles=articles, seed=1, include_specimen=False, sitemap_gaps=gaps)
    with ReplicaServer(site) as server:
        run = backfill(server, workdir, "gaps")
        requests = len(server.log)
    stored = stored_articles(sqlite_url(workdir, "gaps"))
    per_article = requests / stored
    complete = stored == len(site.post_ids)
    return (
        f"requests per article, {gaps:.0%} missing from sitemaps",
        f"{per_article:.3f} ({requests} for {stored} of {len(site.post_ids)}, "
        f"{len(site.missing_from_sitemaps())} not in sitemaps; target <= 1.2, all archived: "
        f"{verdict(per_article <= 1.2 and complete)})  [{summary_line(run.output)}]",
    )


def incremental_row(server: ReplicaServer, workdir: Path, new: int) -> tuple[str, str]:
    server.log.clear()
    server.site.publish(new)
    run = measure(
        crawl_command(server.base_url, sqlite_url(workdir, "main-0"), **SETTINGS),
        workdir / "incremental.log",
    )
    requests = len(server.log)
    return (
        "incremental after new posts",
        f"{requests} requests for {new} new (target <= {new + 10}: {verdict(requests <= new + 10)}), "
        f"{run.seconds:.1f} s  [{summary_line(run.output)}]",
    )


def rss_rows(sizes: list[int], workdir: Path) -> list[tuple[str, str]]:
    rows, peaks = [], []
    for size in sizes:
        with ReplicaServer(Site(articles=size, seed=2, include_specimen=False)) as server:
            run = backfill(server, workdir, f"rss-{size}")
        peaks.append((size, run.peak_rss_mb))
        rows.append((f"peak RSS, backfill of {size}", f"{run.peak_rss_mb:.0f} MB ({run.seconds:.0f} s)"))
    if len(peaks) >= 2:
        ratio = peaks[-1][1] / peaks[0][1]
        rows.append(
            (f"peak RSS {peaks[-1][0]} / {peaks[0][0]}", f"{ratio:.2f}  (target <= 1.5: {verdict(ratio <= 1.5)})")
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--gaps", type=float, default=0.1, help="share missing from the sitemaps")
    parser.add_argument("--rounds", type=int, default=2, help="backfill + floor rounds")
    parser.add_argument("--rss-sizes", default="5000,50000", help="comma list of archive sizes")
    parser.add_argument("--new", type=int, default=20, help="posts published before the incremental run")
    parser.add_argument(
        "--breakdown", action="store_true",
        help="in every round, also run the backfill without WARC capture, without the store, without item "
        "pipelines, and with the spider only, and print what each part costs per article",
    )
    args = parser.parse_args(argv)
    rss_sizes = [int(size) for size in args.rss_sizes.split(",") if size]
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        workdir = Path(tmp)
        site = Site(articles=args.articles, seed=1, include_specimen=False)
        with ReplicaServer(site) as server:
            rounds = [
                economy_round(server, workdir, f"main-{n}", args.breakdown)
                for n in range(max(1, args.rounds))
            ]
            rows = economy_rows(rounds, args.articles)
            if args.breakdown:
                rows += breakdown_rows(rounds, args.articles)
            incremental = incremental_row(server, workdir, args.new)
        rows.append(gaps_row(args.articles, args.gaps, workdir))
        rows.append(incremental)
        rows += rss_rows(rss_sizes, workdir)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
