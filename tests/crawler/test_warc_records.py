"""The WARC building blocks on real files: records, rotation, reading back, cut records."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import Response

from crawler.warc.captures import Capture, CaptureIndex
from crawler.warc.http_records import (
    payload_digest,
    request_headers,
    response_headers,
    response_record,
    target_uri,
)
from crawler.warc.paths import find_warc, warc_directory
from crawler.warc.reader import CutRecord, read_response
from crawler.warc.reextract import response_of
from crawler.warc.writer import RotatingWarcWriter
from tests.e2e.warc_files import records, warcio_check

PAGE = b"<html><head><title>Caf\xc3\xa9</title></head><body><p>Hello</p></body></html>"


def _response(body: bytes = PAGE, status: int = 200, **headers: str) -> Response:
    return Response("http://127.0.0.1:8000/2022/top-news/story", status=status, body=body,
                    headers={"Content-Type": "text/html; charset=UTF-8", **headers},
                    protocol="HTTP/1.1")


def _writer(directory: Path, max_size: int = 10**9) -> RotatingWarcWriter:
    return RotatingWarcWriter(directory, prefix="test", max_size=max_size,
                              info=lambda: {"software": "tests"})


def _write(writer: RotatingWarcWriter, response: Response) -> tuple[str, int, int]:
    fields = {"WARC-Payload-Digest": payload_digest(response.body)}
    return writer.write([response_record(writer.builder, response.url, response, fields)])[0]


def test_target_uri_is_the_effective_request_uri() -> None:
    plain = Request("http://127.0.0.1:8000/a?b=1")
    proxied = Request("http://127.0.0.1:8000/a", headers={"Host": "archive.asianlite.com"})
    assert target_uri(plain) == "http://127.0.0.1:8000/a?b=1"
    assert target_uri(proxied) == "http://archive.asianlite.com/a"
    head = request_headers(plain, "HTTP/1.1").to_str()
    assert head.startswith("GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n")


def test_response_head_keeps_the_wire_headers_but_not_the_chunking() -> None:
    response = _response(**{"Transfer-Encoding": "chunked", "Content-Encoding": "gzip"})
    head = response_headers(response)
    assert head.statusline == "200 OK" and head.protocol == "HTTP/1.1"
    assert head.get_header("Content-Encoding") == "gzip"
    assert head.get_header("Transfer-Encoding") is None
    assert response_headers(_response(status=599)).statusline == "599 Unknown"


def test_a_compressed_payload_is_kept_compressed_and_read_back_decoded(tmp_path: Path) -> None:
    wire = gzip.compress(PAGE)
    writer = _writer(tmp_path)
    name, offset, length = _write(writer, _response(wire, **{"Content-Encoding": "gzip"}))
    writer.close()

    page = read_response(tmp_path / name, offset, length)

    assert page.body == PAGE
    assert all(key.lower() != "content-encoding" for key, _ in page.headers)
    assert warcio_check(tmp_path / name).returncode == 0
    rebuilt = response_of(page)
    assert rebuilt.text.startswith("<html><head><title>Café")  # type: ignore[attr-defined]


def test_files_are_open_until_complete_and_rotate_past_the_limit(tmp_path: Path) -> None:
    writer = _writer(tmp_path, max_size=2000)
    first = _write(writer, _response(PAGE + os.urandom(3000)))  # past the limit: completes now
    assert (tmp_path / first[0]).is_file() and not list(tmp_path.glob("*.open"))
    second = _write(writer, _response())
    assert list(tmp_path.glob("*.open")) == [tmp_path / f"{second[0]}.open"]
    assert find_warc(tmp_path, second[0]) == tmp_path / f"{second[0]}.open"
    writer.close()
    assert first[0] != second[0] and sorted(tmp_path.glob("*.warc.gz")) == sorted(
        [tmp_path / first[0], tmp_path / second[0]])
    assert [rec.type for rec in records(tmp_path / second[0])] == ["warcinfo", "response"]


def test_cut_and_altered_records_are_refused(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    name, offset, length = _write(writer, _response())
    writer.close()
    path = tmp_path / name
    data = path.read_bytes()

    path.write_bytes(data[: offset + length - 10])
    with pytest.raises(CutRecord, match="ends 10 bytes into the record"):
        read_response(path, offset, length)
    path.write_bytes(data[:offset] + b"\0" * length)
    with pytest.raises(CutRecord, match="not a readable WARC record"):
        read_response(path, offset, length)


def test_capture_index_survives_a_restart(tmp_path: Path) -> None:
    index = CaptureIndex(tmp_path)
    index.remember("http://x/a", Capture("sha1:AAAA", "2026-01-01T00:00:00Z", ("f.warc.gz", 5, 9)))
    index.close()
    again = CaptureIndex(tmp_path)
    assert again.last("http://x/a") == Capture("sha1:AAAA", "2026-01-01T00:00:00Z",
                                                ("f.warc.gz", 5, 9))
    assert again.last("http://x/b") is None
    again.close()


def test_default_directory_is_next_to_the_sqlite_archive(tmp_path: Path) -> None:
    assert warc_directory("", f"sqlite:///{tmp_path}/a.db") == tmp_path / "warcs"
    assert warc_directory(str(tmp_path / "w"), "sqlite:///a.db") == tmp_path / "w"
    assert warc_directory(None, "postgresql+psycopg://u@h/db") == Path("warcs")
