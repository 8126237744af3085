"""Crawl benchmark: the real ``scrapy crawl asianlite`` against the replica, politeness off.

    .venv/bin/python -m bench.crawl [--articles 10000] [--rss-sizes 5000,50000] [--new 20]

Measured in one run, every crawl a fresh subprocess (its CPU time and peak RSS come from
``wait4``), the replica served from this process on 127.0.0.1:

1. end-to-end backfill of ``--articles`` articles into a fresh SQLite archive: articles/s;
2. the floor: a bare Scrapy spider (bench/floor_spider.py) that downloads exactly the pages the
   backfill requested, with the same concurrency, and does nothing with them;
3. CPU seconds per article of the backfill;
4. peak RSS of backfills at each of ``--rss-sizes`` articles;
5. an incremental run after publishing ``--new`` posts on the backfilled archive: requests
   (from the replica's log) and seconds.

Targets (issue 5): end-to-end at least half the floor's rate; peak RSS at the largest size
within 1.5x of the smallest; incremental within K + 10 requests.
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

from tests.crawling import FAST, ROOT, crawl_command
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

SETTINGS = {
    **FAST,
    "LOG_LEVEL": "WARNING",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
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


def backfill(server: ReplicaServer, workdir: Path, name: str) -> Measured:
    db = f"sqlite:///{workdir / (name + '.db')}"
    result = measure(
        crawl_command(server.base_url, db, "mode=backfill", **SETTINGS), workdir / f"{name}.log"
    )
    if result.returncode != 0:
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
    ]
    result = measure(command, workdir / "floor.log")
    if result.returncode != 0:
        raise SystemExit(f"floor spider failed:\n{result.output[-3000:]}")
    return result


def summary_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("asianlite crawl")]
    return lines[-1] if lines else "(no summary)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rss-sizes", default="5000,50000", help="comma list of archive sizes")
    parser.add_argument(
        "--new", type=int, default=20, help="posts published before the incremental run"
    )
    args = parser.parse_args(argv)
    rss_sizes = [int(size) for size in args.rss_sizes.split(",") if size]
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        workdir = Path(tmp)
        site = Site(articles=args.articles, seed=1, include_specimen=False)
        with ReplicaServer(site) as server:
            e2e = backfill(server, workdir, "main")
            pages = [(e["path"], e["host"]) for e in server.log if e["path"] != "/robots.txt"]
            articles = len(site.post_ids)
            server.log.clear()
            base = floor(server, [p for p, _ in pages], [h for _, h in pages], workdir)
            floor_pages = len(server.log)
            server.log.clear()
            site.publish(args.new)
            incremental = measure(
                crawl_command(server.base_url, f"sqlite:///{workdir / 'main.db'}", **SETTINGS),
                workdir / "incremental.log",
            )
            incremental_requests = len(server.log)
        e2e_rate = articles / e2e.seconds
        floor_rate = articles / base.seconds
        rows += [
            (
                "articles / pages requested",
                f"{articles} / {len(pages)} (floor fetched {floor_pages})",
            ),
            (
                "end-to-end backfill",
                f"{e2e.seconds:.1f} s, {e2e_rate:.1f} articles/s  [{summary_line(e2e.output)}]",
            ),
            (
                "floor (bare Scrapy, same pages)",
                f"{base.seconds:.1f} s, {floor_rate:.1f} articles/s",
            ),
            (
                "end-to-end / floor",
                f"{e2e_rate / floor_rate:.2f}  (target >= 0.5: {'met' if e2e_rate / floor_rate >= 0.5 else 'NOT met'})",
            ),
            (
                "CPU seconds per article",
                f"{e2e.cpu_seconds / articles * 1000:.1f} ms (floor {base.cpu_seconds / articles * 1000:.1f} ms)",
            ),
            (
                "incremental after new posts",
                f"{incremental_requests} requests for {args.new} new (target <= {args.new + 10}: "
                f"{'met' if incremental_requests <= args.new + 10 else 'NOT met'}), {incremental.seconds:.1f} s  [{summary_line(incremental.output)}]",
            ),
        ]
        peaks: list[tuple[int, float]] = []
        for size in rss_sizes:
            with ReplicaServer(Site(articles=size, seed=2, include_specimen=False)) as server:
                run = backfill(server, workdir, f"rss-{size}")
            peaks.append((size, run.peak_rss_mb))
            rows.append(
                (f"peak RSS, backfill of {size}", f"{run.peak_rss_mb:.0f} MB ({run.seconds:.0f} s)")
            )
        if len(peaks) >= 2:
            ratio = peaks[-1][1] / peaks[0][1]
            rows.append(
                (
                    f"peak RSS {peaks[-1][0]} / {peaks[0][0]}",
                    f"{ratio:.2f}  (target <= 1.5: {'met' if ratio <= 1.5 else 'NOT met'})",
                )
            )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
