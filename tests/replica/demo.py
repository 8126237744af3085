"""``python -m tests.replica demo``: see the crawler work without the real site.

Starts the replica on 127.0.0.1, runs the real ``scrapy crawl asianlite`` (backfill) into
``demo.db``, publishes a few new posts and runs the hourly incremental crawl, then prints what
the archive holds (``archive stats``) and one archived article.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from tests.replica.server import ReplicaServer
from tests.replica.site import Site

ROOT = Path(__file__).resolve().parents[2]
FAST = ("AUTOTHROTTLE_ENABLED=0", "DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS=16",
        "CONCURRENT_REQUESTS_PER_DOMAIN=16", "LOG_LEVEL=WARNING", "TELNETCONSOLE_ENABLED=0")


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", type=int, default=300, help="replica size (default 300)")
    parser.add_argument("--db", default="demo.db", help="SQLite file to crawl into (default demo.db)")
    parser.add_argument("--keep", action="store_true", help="keep an existing demo.db (default: start afresh)")


def run_demo(args: argparse.Namespace) -> int:
    """Crawl the local replica into demo.db and show what was archived."""
    db_path = Path(args.db).resolve()
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db_url = f"sqlite:///{db_path}"
    site = Site(articles=args.articles, seed=1, include_specimen=True)
    with ReplicaServer(site) as server:
        print(f"replica of asianlite.com: {len(site.post_ids)} articles at {server.base_url}", flush=True)
        steps = [("backfill", ["-a", "mode=backfill"]), ("incremental", [])]
        for name, extra in steps:
            if name == "incremental":
                site.publish(5)
                print("published 5 new posts on the replica; the hourly run:", flush=True)
            shown = " ".join(extra) or "(incremental, the default)"
            print(f"$ scrapy crawl asianlite {shown} -a base_url={server.base_url}", flush=True)
            code = _crawl(server.base_url, db_url, extra)
            if code != 0:
                print(f"demo: the {name} crawl failed (exit {code})", file=sys.stderr)
                return code
    print(f"\n$ archive --db {db_url} stats", flush=True)
    _archive(db_url, "stats")
    print(f"\n$ archive --db {db_url} show 226758 (the specimen article)", flush=True)
    _archive(db_url, "show", "https://asianlite.com/?p=226758")
    print(f"\nThe archive is {db_path}; try: archive --db {db_url} export --format jsonl | head -1")
    return 0


def _crawl(base_url: str, db_url: str, extra: list[str]) -> int:
    command = [sys.executable, "-m", "scrapy", "crawl", "asianlite", "-a", f"base_url={base_url}", *extra]
    for setting in (*FAST, f"ARCHIVE_DB_URL={db_url}"):
        command += ["-s", setting]
    return subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, check=False).returncode


def _archive(db_url: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "archive", "--db", db_url, *args], cwd=ROOT, check=False)
