"""Misbehaviour on demand for the replica server.

A fault has a *kind* and *selectors*; a request is hit when every given selector matches:

* ``path``: exact path (query ignored), e.g. ``"/2022/top-news/some-slug"``;
* ``pattern``: regular expression searched in the full target (path + query);
* ``share``: fraction of distinct targets, chosen by a seeded hash (stable between runs);
* ``page_kind``: ``article`` | ``home`` | ``category`` | ``tag`` | ``month`` | ``feed`` |
  ``sitemap`` | ``robots`` | ``upload`` | ``other``;
* ``host``: Host header without port (``asianlite.uk``);
* ``times``: fire only the first N times *per target*, then serve normally (503 N times then 200).

Kinds and their parameters:

==================  =====================================================================
``status``          answer ``status`` (default 500); ``retry_after`` adds a Retry-After header
``delay``           sleep ``seconds`` (default 1.0) before answering normally (combines with
                    one other fault)
``truncate``        declare the full Content-Length, send only ``keep`` (fraction, default 0.5)
                    of the body, close the connection
``cut``             send no Content-Length, only ``keep`` (fraction, default 0.5) of the body,
                    then close the connection: the client cannot tell it from a whole page;
                    ``close=1`` appends ``</body></html>`` to the part (a "repaired" cut page)
``drop``            close the connection without sending anything
``redirect_loop``   302 to the same path with ``?loop=1`` and back, forever (a permanent
                    sitemap failure: ``status`` with the sitemap's ``path``, no ``times``)
``wrong_charset``   declare ``charset`` (default ``iso-8859-1``) in the header and the meta
                    tag while the bytes stay UTF-8
``malformed``       broken HTML: closing ``</p>``/``</div>``/``</li>`` dropped, a stray
                    ``</div></div>`` and an unclosed ``<div`` tag, ``</html>`` cut off
``enormous``        the page padded (inside an HTML comment) to ``size`` bytes (default 20 MB),
                    streamed
==================  =====================================================================

Example::

    srv.faults.add("status", path=url_path, status=503, times=2)    # 503, 503, then 200
    srv.faults.add("status", share=0.1, page_kind="article", status=429, retry_after=3)
    srv.faults.add("truncate", pattern=r"^/2023/", keep=0.3)
    srv.faults.add("cut", path=url_path, keep=0.6)                  # ends mid-page, no length
    srv.faults.clear()

``add`` returns the :class:`Fault`; ``fault.hits`` counts the requests it changed.
"""

from __future__ import annotations

import re
import threading
import zlib
from dataclasses import dataclass, field
from typing import Any

KINDS = (
    "status",
    "delay",
    "truncate",
    "cut",
    "drop",
    "redirect_loop",
    "wrong_charset",
    "malformed",
    "enormous",
)
_DEFAULTS: dict[str, dict[str, Any]] = {
    "status": {"status": 500, "retry_after": None},
    "delay": {"seconds": 1.0},
    "truncate": {"keep": 0.5},
    "cut": {"keep": 0.5, "close": 0},
    "drop": {},
    "redirect_loop": {},
    "wrong_charset": {"charset": "iso-8859-1"},
    "malformed": {},
    "enormous": {"size": 20_000_000},
}


@dataclass
class Fault:
    kind: str
    path: str | None = None
    pattern: str | None = None
    share: float | None = None
    page_kind: str | None = None
    host: str | None = None
    times: int | None = None
    params: dict[str, Any] = field(default_factory=dict)
    seed: int = 0
    hits: int = 0
    _per_target: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {KINDS}")
        unknown = set(self.params) - set(_DEFAULTS[self.kind])
        if unknown:
            raise ValueError(f"fault {self.kind!r} takes no parameter(s) {sorted(unknown)}")
        if self.share is not None and not 0.0 <= self.share <= 1.0:
            raise ValueError(f"share must be within 0..1, not {self.share}")
        self.params = {**_DEFAULTS[self.kind], **self.params}
        self._regex = re.compile(self.pattern) if self.pattern else None

    def selects(self, path: str, target: str, page_kind: str, host: str) -> bool:
        """True when the selectors match (``times`` is checked by :meth:`take`)."""
        if self.path is not None and path != self.path:
            return False
        if self._regex is not None and not self._regex.search(target):
            return False
        if self.page_kind is not None and page_kind != self.page_kind:
            return False
        if self.host is not None and host != self.host:
            return False
        if self.share is not None:
            key = path if self.kind == "redirect_loop" else target
            bucket = zlib.crc32(f"{self.seed}:{self.kind}:{key}".encode()) / 0xFFFFFFFF
            return bucket < self.share
        return True

    def take(self, target: str) -> bool:
        """Count one use for ``target``; False once ``times`` is used up (caller holds the lock)."""
        used = self._per_target.get(target, 0)
        if self.times is not None and used >= self.times:
            return False
        self._per_target[target] = used + 1
        self.hits += 1
        return True


class Faults:
    """The server's fault registry (thread-safe)."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(
        self,
        kind: str,
        *,
        path: str | None = None,
        pattern: str | None = None,
        share: float | None = None,
        page_kind: str | None = None,
        host: str | None = None,
        times: int | None = None,
        **params: Any,
    ) -> Fault:
        """Register a fault (see the module docstring); returns it."""
        fault = Fault(kind, path, pattern, share, page_kind, host, times, params, self.seed)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def __len__(self) -> int:
        return len(self._faults)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self._faults))

    def pick(self, path: str, target: str, page_kind: str, host: str) -> list[Fault]:
        """Faults to apply: every matching ``delay`` plus the first other matching fault."""
        chosen: list[Fault] = []
        other = False
        with self._lock:
            for fault in self._faults:
                if fault.kind != "delay" and other:
                    continue
                if fault.selects(path, target, page_kind, host) and fault.take(target):
                    chosen.append(fault)
                    other = other or fault.kind != "delay"
        return chosen


def parse_spec(spec: str) -> tuple[str, dict[str, Any]]:
    """Parse a CLI fault spec ``KIND[:key=value,...]`` into (kind, keyword arguments).

    >>> parse_spec("status:share=0.05,status=503,times=2")
    ('status', {'share': 0.05, 'status': 503, 'times': 2})
    """
    kind, _, rest = spec.partition(":")
    kwargs: dict[str, Any] = {}
    for item in filter(None, rest.split(",")):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"fault spec {spec!r}: expected key=value, got {item!r}")
        kwargs[key.strip()] = _number(value.strip())
    return kind.strip(), kwargs


def _number(value: str) -> Any:
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return value
