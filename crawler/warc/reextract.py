"""One archived article re-extracted from its WARC record with the current code, offline.

Runs in ``archive reprocess``'s worker processes: everything in and out is plain and picklable.
The page goes through what the crawl's article callback sees: the recorded response, decoded
from its Content-Encoding (HttpCompressionMiddleware's work), read as UTF-8 when it declares a
single-byte charset but is UTF-8 (CharsetFixMiddleware's), at the address it was fetched from
(WARC-Target-URI) with the article's canonical URL as its site URL; then the offline API the
crawl shares, ``crawler.pages.process.extract_item`` (page object, then the crawl's item
pipelines without the store).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes

from archive.errors import InvalidRecord
from archive.write.prepare import PreparedArticle, prepare_article
from crawler.middlewares.charset import utf8_despite_declaration
from crawler.pages.process import NotAnArticle, extract_item
from crawler.warc.paths import find_warc
from crawler.warc.reader import CutRecord, WarcResponse, read_response

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Target:
    """An archived article and the WARC record its current text came from (and the stored
    content hash, when the caller wants unchanged articles told apart in the worker)."""

    article_id: int
    url: str
    warc_file: str
    warc_offset: int
    warc_length: int
    content_hash: str | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """The new record of a target, or why there is none (``cut``: the record is damaged).

    :func:`reextract_prepared` sends back ``prepared`` instead of ``record``, or neither with
    ``same`` when the content hash equals the stored one: nothing to compare or store.
    """

    article_id: int
    record: dict[str, Any] | None = None
    problem: str | None = None
    cut: bool = False
    prepared: PreparedArticle | None = None
    same: bool = False


def reextract(target: Target, directory: Path) -> Extracted:
    """The record the current code makes of ``target``'s WARC record (no network)."""
    path = find_warc(directory, target.warc_file)
    if path is None:
        return Extracted(target.article_id, problem=f"WARC file missing: {target.warc_file}")
    try:
        page = read_response(path, target.warc_offset, target.warc_length)
    except (CutRecord, OSError) as exc:
        return Extracted(target.article_id, problem=str(exc), cut=True)
    try:
        item = extract_item(response_of(page), target.url)
    except (NotAnArticle, DropItem) as exc:
        return Extracted(target.article_id, problem=f"{type(exc).__name__}: {exc}")
    record = {**item.to_record(), "extraction": item.extraction, "body_html": item.body_html}
    return Extracted(target.article_id, record=record)


def reextract_prepared(target: Target, directory: Path) -> Extracted:
    """:func:`reextract`, the record checked and normalised as the store does it; an article
    whose content hash did not change comes back as ``same`` (no record to send back)."""
    result = reextract(target, directory)
    if result.record is None:
        return result
    try:
        prepared = prepare_article(result.record)
    except InvalidRecord as exc:
        return Extracted(target.article_id, problem=f"invalid record: {exc}")
    if prepared.content_hash == target.content_hash:
        return Extracted(target.article_id, same=True)
    return Extracted(target.article_id, prepared=prepared)


def response_of(page: WarcResponse) -> Response:
    """A Scrapy response of the recorded page, as the spider's article callback receives it."""
    url = page.uri
    headers = Headers(page.headers)
    cls = responsetypes.from_args(headers=headers, url=url, body=page.body)
    response = cls(url=url, status=page.status, headers=headers, body=page.body)
    if isinstance(response, TextResponse) and utf8_despite_declaration(response):
        response = response.replace(encoding="utf-8")
    return response
