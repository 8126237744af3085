"""The whole extraction path for one saved response, exactly as the crawl runs it.

The page object, then the item pipelines named in ``ITEM_PIPELINES`` (crawler/settings.py) in
their order, the store left out: the CLI (``python -m crawler extract``), the tests, the bench
and reprocessing cannot differ from the crawl.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from crawler import settings as crawl_settings
from crawler.items import ArticleItem
from crawler.pages.article import parse_article

#: Pipelines that write somewhere: not part of extraction.
STORING_PIPELINES = frozenset({"pipelines.store.StorePipeline"})


class NotAnArticle(ValueError):
    """The page is not an article (a listing, a category page, an error page...)."""


@cache
def extraction_pipelines() -> tuple[Any, ...]:
    """The crawl's item pipelines in ITEM_PIPELINES order, without the storing ones."""
    settings = Settings()
    settings.setmodule(crawl_settings)
    ordered = settings.getwithbase("ITEM_PIPELINES")
    names = [name for name, order in sorted(ordered.items(), key=lambda pair: pair[1]) if order is not None]
    return tuple(load_object(name)() for name in names if name not in STORING_PIPELINES)


def extract_item(response: Response, site_url: str | None = None) -> ArticleItem:
    """The final item of an article page.

    Raises NotAnArticle for other pages and scrapy.exceptions.DropItem when validation
    rejects the item (the message is the reason).
    """
    page = parse_article(response, site_url)
    if page is None:
        raise NotAnArticle(f"not an article page: {response.url}")
    item = page.to_item()
    for pipeline in extraction_pipelines():
        item = pipeline.process_item(item)
    return item


def extract_record(response: Response) -> dict[str, Any]:
    """The export record (archive.contract) of an article page; raises like extract_item."""
    return extract_item(response).to_record()


def response_from_file(path: str | Path, url: str, status: int = 200) -> HtmlResponse:
    """An HtmlResponse for a saved page, as if fetched from ``url``."""
    body = Path(path).read_bytes()
    return HtmlResponse(url=url, body=body, status=status, encoding=None)
