"""A progress line on stderr for long streams (exports): count, share, rate and time left.

Shown when stderr is a terminal, or when asked for (``--progress``); redrawn at most every
``interval`` seconds with a carriage return, so it costs nothing measurable per record.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator, Sized
from typing import TypeVar

import click

T = TypeVar("T", bound=Sized)


def progress_wanted(flag: bool | None) -> bool:
    """``--progress``/``--no-progress`` if given, else whether stderr is a terminal."""
    if flag is not None:
        return flag
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


class Progress:
    """Counts items of batches passing through :meth:`track` and draws a bar on stderr."""

    def __init__(self, total: int | None, *, label: str, enabled: bool = True,
                 interval: float = 0.25, width: int = 30) -> None:
        self.total = total
        self.label = label
        self.enabled = enabled
        self.interval = interval
        self.width = width
        self.done = 0
        self._start = time.monotonic()
        self._drawn = 0.0

    def track(self, batches: Iterable[T]) -> Iterator[T]:
        for batch in batches:
            yield batch
            self.done += len(batch)
            now = time.monotonic()
            if self.enabled and now - self._drawn >= self.interval:
                self._drawn = now
                self._draw(now)

    def finish(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            click.echo("", err=True)

    def line(self, now: float) -> str:
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        if not self.total:
            return f"{self.label} {self.done:,} ({rate:,.0f}/s)"
        share = min(self.done / self.total, 1.0)
        filled = int(share * self.width)
        left = (self.total - self.done) / rate if rate else 0.0
        bar = "#" * filled + "-" * (self.width - filled)
        return (f"{self.label} [{bar}] {self.done:,}/{self.total:,} {share:4.0%} "
                f"{rate:,.0f}/s, {left:,.0f}s left")

    def _draw(self, now: float) -> None:
        click.echo("\r" + self.line(now), err=True, nl=False)
