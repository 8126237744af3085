"""Command line tools of the crawler package (``python -m crawler ...``)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click
from scrapy.exceptions import DropItem

from crawler.pages.process import NotAnArticle, extract_item, response_from_file


@click.group()
def main() -> None:
    """asianlite-archive crawler tools (the crawl itself is `scrapy crawl asianlite`)."""


@main.command()
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--url", required=True, help="The URL the page was fetched from (decides host, relative links)."
)
@click.option(
    "--full",
    is_flag=True,
    help="Print the whole item: the record plus extraction layer and provenance.",
)
def extract(page: Path, url: str, full: bool) -> None:
    """Print the export record of a saved article PAGE as JSON.

    Runs the same code path as the crawl: the article page object, then the chrome,
    normalize and validate pipelines. Exit status 1 when validation rejects the page
    (the reason is printed), 2 when the page is not an article.

    \b
    Example:
        python -m crawler extract saved/lavrov.html --url https://asianlite.com/2022/top-news/moscow-beijing-ties-will-get-stronger-despite-sanctions-lavrov
    """
    response = response_from_file(page, url)
    try:
        item = extract_item(response)
    except NotAnArticle as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except DropItem as exc:
        click.echo(f"rejected: {exc}", err=True)
        sys.exit(1)
    output = item.to_record()
    if full:
        data = asdict(item)
        extra = ("extraction", "layers", "warnings", "fetched_url", "fetched_at", "http_status")
        output = {**output, **{key: data[key] for key in extra}}
    click.echo(json.dumps(output, ensure_ascii=False, indent=2))
