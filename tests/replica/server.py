"""The replica's HTTP server: a threaded http.server on 127.0.0.1 in a background thread.

    with ReplicaServer(site) as srv:        # ephemeral port
        srv.base_url                         # "http://127.0.0.1:PORT"
        srv.log                              # RequestLog (list-like of dict entries)
        srv.faults.add("status", share=0.1, status=503, times=1)   # see faults.py

The Host header selects the site (see hosts.py): send ``Host: archive.asianlite.com`` for the
old site, ``Host: asianlite.uk`` / ``asianlite.ae`` for the mirrors. Every request is logged
(time, method, path, host, status, bytes, duration, fault, request headers of interest) in
memory and, with ``log_file``, appended as JSON lines that another process can read.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.replica.faults import Fault, Faults
from tests.replica.router import HTML, Response, classify, route
from tests.replica.site import Site

logger = logging.getLogger(__name__)

LOGGED_HEADERS = (
    "If-None-Match",
    "If-Modified-Since",
    "User-Agent",
    "Accept",
    "Accept-Encoding",
    "Referer",
)


class RequestLog:
    """Request log entries, in memory (optional) and as JSON lines in a file (optional)."""

    def __init__(self, keep: bool = True, path: str | Path | None = None) -> None:
        self.keep = keep
        self.path = Path(path) if path else None
        self._entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._file = self.path.open("a", encoding="utf-8") if self.path else None

    def append(self, entry: dict[str, Any]) -> None:
        with self._lock:
            if self.keep:
                self._entries.append(entry)
            if self._file is not None:
                self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
                self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            return iter(list(self._entries))

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self._entries[index]

    def paths(self, status: int | None = None) -> list[str]:
        return [e["path"] for e in self if status is None or e["status"] == status]

    def count(self, path: str) -> int:
        return sum(1 for e in self if e["path"] == path)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    replica: ReplicaServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    wbufsize = 64 * 1024  # coalesce status line, headers and small bodies into one send
    server_version = "Apache"
    sys_version = ""
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        pass  # the RequestLog records requests

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def do_POST(self) -> None:  # noqa: N802
        self._send(Response(405, b"", [("Allow", "GET, HEAD")], "other"), head=False, fault=None)

    def _serve(self, head: bool) -> None:
        replica = self.server.replica
        started = time.perf_counter()
        host = self.headers.get("Host", "")
        parts = urlsplit(self.path)
        path = parts.path or "/"
        kind = "shortlink" if path == "/" and "p=" in parts.query else classify(path)
        faults = replica.faults.pick(path, self.path, kind, host.split(":", 1)[0].lower())
        for fault in faults:
            if fault.kind == "delay":
                time.sleep(float(fault.params["seconds"]))
        main = next((f for f in faults if f.kind != "delay"), None)
        status, sent = 0, 0
        try:
            if main is not None and main.kind == "drop":
                self.close_connection = True
                return
            response = self._respond(replica.site, host, path, parts.query, main)
            status = response.status
            sent = self._send(response, head, main)
        except Exception:  # bad input must not kill the server thread
            logger.exception("replica failed on %s %s", self.command, self.path)
            status = 500
            sent = self._send(
                Response(500, b"internal error", [("Content-Type", "text/plain")]), head, None
            )
        finally:
            replica.record(self, host, status, sent, started, faults)

    def _respond(
        self, site: Site, host: str, path: str, query: str, fault: Fault | None
    ) -> Response:
        if fault is not None and fault.kind == "status":
            code = int(fault.params["status"])
            headers = [("Content-Type", HTML)]
            if fault.params.get("retry_after") is not None:
                headers.append(("Retry-After", str(fault.params["retry_after"])))
            return Response(
                code, f"<html><body><h1>Error {code}</h1></body></html>".encode(), headers
            )
        if fault is not None and fault.kind == "redirect_loop":
            location = path if "loop=1" in query else f"{path}?loop=1"
            return Response(302, b"", [("Location", location)])
        return route(site, host, self.path, self.headers)

    def _send(self, response: Response, head: bool, fault: Fault | None) -> int:
        body = response.body
        headers = list(response.headers)
        if fault is not None and response.status == 200:
            body, headers = _transform(fault, body, headers)
        size = (
            int(fault.params["size"])
            if fault and fault.kind == "enormous" and response.status == 200
            else len(body)
        )
        self.send_response(response.status)
        for key, value in headers:
            self.send_header(key, value)
        cut = fault is not None and fault.kind == "cut" and response.status == 200
        if response.status != 304 and not cut:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        if head or response.status == 304:
            return 0
        if cut:
            assert fault is not None
            self.close_connection = True
            tail = b"</body></html>" if fault.params["close"] else b""
            return self._send_part(body, float(fault.params["keep"]), tail)
        if fault is not None and fault.kind == "truncate" and response.status == 200:
            self.close_connection = True
            return self._send_part(body, float(fault.params["keep"]))
        if size != len(body):
            return self._stream_enormous(body, size)
        self.wfile.write(body)
        return len(body)

    def _send_part(self, body: bytes, keep: float, tail: bytes = b"") -> int:
        part = body[: int(len(body) * keep)] + tail
        self.wfile.write(part)
        return len(part)

    def _stream_enormous(self, body: bytes, size: int) -> int:
        marker = body.rfind(b"</body>")
        cut = marker if marker >= 0 else len(body)
        head, tail = body[:cut] + b"<!-- ", b" -->" + body[cut:]
        padding = max(0, size - len(head) - len(tail))
        self.wfile.write(head)
        chunk = b"padding " * 8192
        left = padding
        while left > 0:
            piece = chunk[: min(left, len(chunk))]
            self.wfile.write(piece)
            left -= len(piece)
        self.wfile.write(tail)
        return len(head) + padding + len(tail)


def _transform(
    fault: Fault, body: bytes, headers: list[tuple[str, str]]
) -> tuple[bytes, list[tuple[str, str]]]:
    if fault.kind == "wrong_charset":
        charset = str(fault.params["charset"])
        headers = [
            (
                k,
                v.replace("charset=UTF-8", f"charset={charset}")
                if k.lower() == "content-type"
                else v,
            )
            for k, v in headers
        ]
        body = body.replace(b'<meta charset="UTF-8">', f'<meta charset="{charset}">'.encode())
        body = body.replace(b"charset=UTF-8", f"charset={charset}".encode())
    elif fault.kind == "malformed":
        for closing in (b"</p>", b"</li>", b"</html>"):
            body = body.replace(closing, b"")
        body = body.replace(b"<main ", b"</div></div><main ", 1)
        body = body.replace(b"</body>", b'<div class="broken" <span>unclosed\n</body>', 1)
    return body, headers


class ReplicaServer:
    """A started/stopped HTTP server for a Site (see the module docstring)."""

    def __init__(
        self,
        site: Site,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        log_file: str | Path | None = None,
        keep_log: bool = True,
        fault_seed: int | None = None,
    ) -> None:
        if host not in ("127.0.0.1", "localhost"):
            raise ValueError("the replica only listens on 127.0.0.1")
        self.site = site
        self.faults = Faults(site.seed if fault_seed is None else fault_seed)
        self.log = RequestLog(keep_log, log_file)
        self._address = (host, port)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> ReplicaServer:
        httpd = _HTTPServer(self._address, _Handler)
        httpd.replica = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="replica-server",
            daemon=True,
        )
        self._thread.start()
        logger.info("replica serving %s articles on %s", len(self.site), self.base_url)
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.log.close()

    def __enter__(self) -> ReplicaServer:
        return self.start() if self._httpd is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path_or_url: str) -> str:
        """Where to fetch a site path or an in-page absolute URL from on this server."""
        parts = urlsplit(path_or_url)
        path = parts.path or "/"
        return self.base_url + path + (f"?{parts.query}" if parts.query else "")

    def record(
        self,
        handler: BaseHTTPRequestHandler,
        host: str,
        status: int,
        sent: int,
        started: float,
        faults: list[Fault],
    ) -> None:
        headers = {
            name: handler.headers[name] for name in LOGGED_HEADERS if name in handler.headers
        }
        self.log.append(
            {
                "time": time.time(),
                "method": handler.command,
                "path": handler.path,
                "host": host,
                "status": status,
                "bytes": sent,
                "duration": round(time.perf_counter() - started, 6),
                "fault": ",".join(f.kind for f in faults) or None,
                "headers": headers,
            }
        )
