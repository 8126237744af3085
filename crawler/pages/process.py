"""The whole extraction path for one response: page object, then chrome/normalize/validate.

Used by the CLI (``python -m crawler extract``), the tests and the bench; the crawl runs the
same steps (the spider calls ``parse_article`` and Scrapy runs the pipelines).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Response

from archive.contract import to_record
from crawler.items import ArticleItem
from crawler.pages.article import parse_article
from pipelines.chrome import ChromePipeline
from pipelines.normalize import NormalizePipeline
from pipelines.validate import ValidatePipeline

_PIPELINES = (ChromePipeline(), NormalizePipeline(), ValidatePipeline())


class NotAnArticle(ValueError):
    """The page is not an article (a listing, a category page, an error page...)."""


def extract_item(response: Response) -> ArticleItem:
    """The final item of an article page.

    Raises NotAnArticle for other pages and scrapy.exceptions.DropItem when validation
    rejects the item (the message is the reason).
    """
    item = parse_article(response)
    if item is None:
        raise NotAnArticle(f"not an article page: {response.url}")
    for pipeline in _PIPELINES:
        item = pipeline.process_item(item)
    return item


def extract_record(response: Response) -> dict[str, Any]:
    """The export record (archive.contract) of an article page; raises like extract_item."""
    return to_record(vars(extract_item(response)))  # no deep copy of the item (asdict)


def response_from_file(path: str | Path, url: str, status: int = 200) -> HtmlResponse:
    """An HtmlResponse for a saved page, as if fetched from ``url``."""
    body = Path(path).read_bytes()
    return HtmlResponse(url=url, body=body, status=status, encoding=None)
