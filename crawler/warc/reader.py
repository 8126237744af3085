"""Read one response record back from a WARC file, checked against its payload digest.

A record cut short (a crawl killed with ``kill -9`` mid-write, a truncated copy) or altered is
refused with :class:`CutRecord`; ``archive reprocess`` skips it with a warning.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders

from crawler.warc.http_records import payload_digest

#: Content-Encodings warcio can undo (HttpCompressionMiddleware's set minus zstd)
DECODABLE = frozenset({"gzip", "x-gzip", "deflate", "br"})


class CutRecord(ValueError):
    """The record is incomplete or does not match its digest."""


@dataclass(frozen=True, slots=True)
class WarcResponse:
    """A response as recorded: body decoded from its Content-Encoding, headers without it."""

    uri: str
    date: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def read_response(path: Path, offset: int, length: int) -> WarcResponse:
    """The ``response`` record at ``offset`` (``length`` bytes) of ``path``; raises CutRecord."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read(length)
    where = f"{path.name} at offset {offset}"
    if len(data) < length:
        raise CutRecord(f"{where}: the file ends {length - len(data)} bytes into the record")
    try:
        record = next(iter(ArchiveIterator(BytesIO(data))))
        raw = record.raw_stream.read()
    except (ArchiveLoadFailed, StopIteration, EOFError, zlib.error, ValueError) as exc:
        raise CutRecord(f"{where}: not a readable WARC record ({exc})") from None
    if record.rec_type != "response" or record.http_headers is None:
        raise CutRecord(f"{where}: a {record.rec_type} record, not a response")
    if payload_digest(raw) != record.rec_headers.get_header("WARC-Payload-Digest"):
        raise CutRecord(f"{where}: the payload does not match its digest (cut or altered)")
    return _decoded(record.rec_headers.get_header("WARC-Target-URI"),
                    record.rec_headers.get_header("WARC-Date"), record.http_headers, raw)


def _decoded(uri: str, date: str, http: StatusAndHeaders, raw: bytes) -> WarcResponse:
    headers = [(name, value) for name, value in http.headers]
    encoding = (http.get_header("Content-Encoding") or "").strip().lower()
    if encoding in DECODABLE:
        decomp = "gzip" if encoding == "x-gzip" else encoding
        raw = DecompressingBufferedReader(BytesIO(raw), decomp_type=decomp).read()
        headers = [(n, v) for n, v in headers if n.lower() not in ("content-encoding", "content-length")]
    status = int(http.get_statuscode() or 0)
    return WarcResponse(uri, date, status, headers, raw)
