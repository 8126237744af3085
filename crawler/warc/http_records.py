"""Scrapy request/response -> warcio records, as close to the wire as Scrapy lets us get.

The capture reads the response at the downloader's ``response_downloaded`` signal, before any
downloader middleware touched it (the approach of warcprox is a proxy in front of the crawler;
scrapy-webarchive reads ``response_received``, after decompression). What is recorded:

- the body as received: still compressed when the server sent ``Content-Encoding``
  (HttpCompressionMiddleware decompresses later), but de-chunked by Twisted, so a
  ``Transfer-Encoding`` header is left out (the recorded payload is not chunked);
- the status code and protocol version; Scrapy keeps no reason phrase, so the standard phrase
  of the code is written (``200 OK``);
- header values in the order received, names in Scrapy's capitalisation (``Content-Type``);
- the request headers the middlewares set, plus ``Host`` (Twisted adds it from the URL);
- the server's IP address as ``WARC-IP-Address`` when the download handler knows it.
"""

from __future__ import annotations

import base64
import hashlib
from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders

#: hop-by-hop framing that no longer describes the recorded (de-chunked) payload
DROPPED_RESPONSE_HEADERS = frozenset({"transfer-encoding"})
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def target_uri(request: Request) -> str:
    """The effective request URI (RFC 9112, 3.3): the URL with the ``Host`` header's authority
    when one was sent (the old site fetched through a proxy or the replica by its Host)."""
    host = request.headers.get(b"Host")
    if not host:
        return request.url
    parts = urlsplit(request.url)
    return parts._replace(netloc=host.decode("latin-1")).geturl()


def payload_digest(body: bytes) -> str:
    """The WARC payload digest of ``body`` in warcio's form (``sha1:`` + base32)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def response_headers(response: Response) -> StatusAndHeaders:
    """Status line and headers of ``response`` as an HTTP message head."""
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = "Unknown"
    headers = [
        (name, value)
        for name, value in _header_pairs(response.headers)
        if name.lower() not in DROPPED_RESPONSE_HEADERS
    ]
    return StatusAndHeaders(f"{response.status} {phrase}", headers,
                            protocol=response.protocol or "HTTP/1.1")


def request_headers(request: Request, protocol: str | None) -> StatusAndHeaders:
    """Request line and headers of ``request`` as it went out (``Host`` included)."""
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(_header_pairs(request.headers))
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"{request.method} {target} {protocol or 'HTTP/1.1'}", headers,
                            is_http_request=True)


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def response_record(
    builder: RecordBuilder, uri: str, response: Response, fields: dict[str, str]
) -> ArcWarcRecord:
    """A ``response`` record with the body as payload; ``fields`` are extra WARC headers (date,
    IP address, the payload digest computed once by the caller)."""
    return builder.create_warc_record(
        uri, "response", payload=BytesIO(response.body), length=len(response.body),
        http_headers=response_headers(response), warc_headers_dict=fields,
    )


def revisit_record(
    builder: RecordBuilder, uri: str, response: Response, fields: dict[str, str], *,
    digest: str | None, refers_to: tuple[str, str] | None,
) -> ArcWarcRecord:
    """A ``revisit`` record: identical-payload-digest when ``digest`` names the payload of an
    earlier capture (``refers_to`` = its URI and date), else server-not-modified (a 304 for a
    URL never captured before)."""
    head = response_headers(response)
    if digest is not None and refers_to is not None:
        return builder.create_revisit_record(
            uri, digest, refers_to[0], refers_to[1], http_headers=head,
            warc_headers_dict=fields,
        )
    record = builder.create_warc_record(uri, "revisit", http_headers=head,
                                        warc_headers_dict=fields)
    record.rec_headers.add_header("WARC-Profile", NOT_MODIFIED_PROFILE)
    return record


def request_record(
    builder: RecordBuilder, uri: str, request: Request, protocol: str | None,
    fields: dict[str, str],
) -> ArcWarcRecord:
    """The ``request`` record; ``fields`` carry ``WARC-Concurrent-To`` and the date."""
    body = request.body or b""
    return builder.create_warc_record(
        uri, "request", payload=BytesIO(body), length=len(body),
        http_headers=request_headers(request, protocol), warc_headers_dict=fields,
    )
