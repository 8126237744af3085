"""Replica start-up time, memory and request rate at 1,000 / 30,000 / 300,000 articles.

Each size is built in a fresh child process (so memory is not shared between sizes): the child
reports the RSS after imports (the floor) and after building the Site, and the build time.
Request rate is measured against ``python -m tests.replica serve`` in a subprocess: article
pages versus robots.txt (the server's floor, measured in the same run).

    .venv/bin/python -m bench.replica_startup [--sizes 1000,30000,300000] [--requests 600]
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import psutil


def child(articles: int) -> None:
    """Build one Site and print its numbers as JSON (runs in a fresh interpreter)."""
    from tests.replica.site import Site

    process = psutil.Process()
    floor = process.memory_info().rss
    started = time.perf_counter()
    site = Site(articles=articles, seed=1, include_specimen=True)
    built = time.perf_counter() - started
    newest = site.post_at(len(site) - 1)
    started = time.perf_counter()
    site.truth(newest)
    first_page = time.perf_counter() - started
    print(json.dumps({"articles": len(site), "startup_s": built, "first_truth_s": first_page,
                      "rss_floor": floor, "rss_site": process.memory_info().rss}))


def measure_size(articles: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.replica_startup", "--child", str(articles)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def _hammer(base_url: str, paths: list[str], threads: int) -> float:
    """Requests per second for GETting ``paths`` over keep-alive connections."""
    port = urlsplit(base_url).port
    chunks = [paths[i::threads] for i in range(threads)]
    errors: list[str] = []

    def work(chunk: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for path in chunk:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path}: {response.status}")
        conn.close()

    workers = [threading.Thread(target=work, args=(c,)) for c in chunks]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, first: {errors[0]}")
    return len(paths) / elapsed


def measure_rate(articles: int, requests: int, threads: int) -> dict:
    from tests.replica.site import Site

    site = Site(articles=articles, seed=1, include_specimen=True)  # same seed: same paths
    ids = site.main_post_ids
    step = max(1, len(ids) // requests)
    paths = [site.path(pid) for pid in ids[::step]][:requests]
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.replica", "serve", "--articles", str(articles), "--seed", "1",
         "--specimen", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        base_url = server.stdout.readline().strip()
        _hammer(base_url, paths[:20], 1)  # warm up
        floor = _hammer(base_url, ["/robots.txt"] * len(paths), threads)
        articles_rate = _hammer(base_url, paths, threads)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"robots_rps": floor, "article_rps": articles_rate}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="1000,30000,300000")
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = [measure_size(n) for n in sizes]
    print(f"{'articles':>9} {'start-up s':>10} {'first truth s':>13} {'RSS floor MB':>12} "
          f"{'site MB':>8} {'bytes/article':>13}")
    for r in rows:
        grown = r["rss_site"] - r["rss_floor"]
        print(f"{r['articles']:>9} {r['startup_s']:>10.3f} {r['first_truth_s']:>13.4f} "
              f"{r['rss_floor'] / 2**20:>12.1f} {grown / 2**20:>8.1f} {grown / r['articles']:>13.0f}")
    big, small = rows[-1], rows[0]
    print(f"start-up ratio {big['articles']}/{small['articles']}: "
          f"{big['startup_s'] / small['startup_s']:.1f}x for {big['articles'] / small['articles']:.0f}x articles")
    rate_size = sizes[min(1, len(sizes) - 1)]
    rate = measure_rate(rate_size, args.requests, args.threads)
    print(f"requests/s at {rate_size} articles ({args.threads} client threads): article pages "
          f"{rate['article_rps']:.0f}, robots.txt floor {rate['robots_rps']:.0f}, "
          f"ratio {rate['article_rps'] / rate['robots_rps']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
