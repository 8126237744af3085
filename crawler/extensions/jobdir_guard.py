"""A ``JOBDIR`` is resumed only from a clean pause; after a crash or a finished run it restarts.

Scrapy keeps two things in a JOBDIR: the request queue (saved when the scheduler closes) and
the dupefilter's fingerprints (``requests.seen``, appended as requests are scheduled). A run
killed by ``kill -9`` or a forced shutdown never saves its queue, yet its fingerprints stay:
the next run with that JOBDIR has the seeds and every pending article filtered as "seen" and
makes no requests at all. A finished run leaves an empty queue and a full ``requests.seen``,
with the same effect on the next run.

This extension keeps a marker file in the JOBDIR (``asianlite-run.json``: state, host, PID):

* ``running`` with a PID that is gone on this host (a crash) or ``finished``: the scheduler's
  state (``requests.seen``, ``requests.queue``, ``spider.state``) is removed before the
  scheduler opens, so the run starts over; the archive tells the spider which articles are
  already stored, so nothing stored is fetched again.
* ``paused`` (Ctrl-C once, a CLOSESPIDER_* limit, any close but ``finished``): the queue was
  saved and is resumed as Scrapy does.
* ``running`` with a live PID or on another host: left alone (the crawl lock decides).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archive.crawl.locks import pid_exists

logger = logging.getLogger(__name__)

MARKER = "asianlite-run.json"
SCHEDULER_STATE = ("requests.seen", "requests.queue", "spider.state")


class JobdirGuard:
    def __init__(self, jobdir: Path) -> None:
        self.jobdir = jobdir
        self.marker = jobdir / MARKER
        self.owned = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobdirGuard:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured("no JOBDIR")
        guard = cls(Path(jobdir))
        guard.prepare()
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def prepare(self) -> None:
        """Decide from the marker whether to keep the JOBDIR's state, then claim it."""
        previous = self._read_marker()
        state = previous.get("state")
        if state == "running" and not self._dead_here(previous):
            logger.warning("JOBDIR %s is in use by %s:%s; leaving it alone",
                           self.jobdir, previous.get("host"), previous.get("pid"))
            return
        if state == "running":
            logger.warning("JOBDIR %s: its last run (PID %s) died; starting its work over "
                           "(what is archived is not fetched again)", self.jobdir, previous.get("pid"))
            self._reset()
        elif state == "finished":
            logger.info("JOBDIR %s: its last run finished; starting a new one", self.jobdir)
            self._reset()
        self._write_marker("running")
        self.owned = True

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.owned:
            self._write_marker("finished" if reason == "finished" else "paused")

    def _dead_here(self, marker: dict[str, Any]) -> bool:
        pid = marker.get("pid")
        return marker.get("host") == socket.gethostname() and isinstance(pid, int) and not pid_exists(pid)

    def _reset(self) -> None:
        for name in SCHEDULER_STATE:
            path = self.jobdir / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def _read_marker(self) -> dict[str, Any]:
        try:
            data = json.loads(self.marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_marker(self, state: str) -> None:
        self.jobdir.mkdir(parents=True, exist_ok=True)
        data = {"state": state, "host": socket.gethostname(), "pid": os.getpid()}
        partial = self.marker.with_name(MARKER + ".tmp")
        partial.write_text(json.dumps(data), encoding="utf-8")
        os.replace(partial, self.marker)
