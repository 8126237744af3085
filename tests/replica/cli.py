"""Command line of the replica: ``python -m tests.replica serve --articles N --port P``.

Subcommands are registered in COMMANDS (name -> (add_arguments, run)) so others (``demo``) can
be added without touching the parser code.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable, Sequence

from tests.replica.demo import add_demo_arguments, run_demo
from tests.replica.faults import parse_spec
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

logger = logging.getLogger(__name__)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", type=int, default=1000, help="number of posts (default 1000)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = ephemeral)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--log", metavar="FILE", help="append the request log to FILE (JSON lines)")
    parser.add_argument("--specimen", action="store_true", help="include the specimen article")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="misbehaviour KIND[:key=value,...], e.g. status:share=0.05,status=503,times=1",
    )
    parser.add_argument(
        "--disallow", action="append", metavar="PATH", help="robots.txt Disallow (repeatable)"
    )


def run_serve(args: argparse.Namespace) -> int:
    """Serve until SIGINT/SIGTERM; the first stdout line is the base URL."""
    site = Site(
        articles=args.articles,
        seed=args.seed,
        include_specimen=args.specimen,
        robots_disallow=args.disallow or ("/wp-admin/",),
    )
    server = ReplicaServer(site, port=args.port, log_file=args.log, keep_log=False)
    for spec in args.fault:
        kind, kwargs = parse_spec(spec)
        server.faults.add(kind, **kwargs)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with server:
        print(server.base_url, flush=True)
        stop.wait()
    return 0


COMMANDS: dict[
    str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = {
    "serve": (add_serve_arguments, run_serve),
    "demo": (add_demo_arguments, run_demo),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.replica", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add_arguments, run) in COMMANDS.items():
        command = sub.add_parser(name, help=(run.__doc__ or "").strip().splitlines()[0])
        add_arguments(command)
        command.set_defaults(run=run)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(message)s")
    try:
        return int(args.run(args))
    except ValueError as exc:
        parser.error(str(exc))
    return 2
