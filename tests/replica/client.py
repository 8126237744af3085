"""A tiny HTTP client for tests: one request to 127.0.0.1 with an optional Host header.

Redirects are not followed (tests look at them); errors come back as statuses, not exceptions.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(
    base_url: str,
    path: str,
    host: str | None = None,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    timeout: float = 10.0,
) -> Fetched:
    """``method path`` against ``base_url`` (must be http://127.0.0.1:PORT)."""
    base = urlsplit(base_url)
    if base.hostname != "127.0.0.1":
        raise ValueError(f"refusing to fetch from {base_url}: the replica lives on 127.0.0.1")
    conn = http.client.HTTPConnection("127.0.0.1", base.port, timeout=timeout)
    try:
        send = dict(headers or {})
        if host:
            send["Host"] = host
        conn.request(method, path, headers=send)
        response = conn.getresponse()
        return Fetched(response.status, dict(response.getheaders()), response.read())
    finally:
        conn.close()
