"""Extraction accuracy per markup, for us and for trafilatura on the same pages.

Markups: the replica's three themes (rendered in memory), a real WordPress 6.1 in four themes
(tests/wordpress: our theme, it without structured data, Twenty Twenty-One, Twenty
Twenty-Three; needs the Debian packages the tests use), and the three blind markups written
from a brief by someone who had not read the extractor (tests/fixtures/blind). Per markup:

* coverage       -- share of pages that yield a record (trafilatura: a body);
* fields         -- share of contract fields equal to the truth (trafilatura: of the fields it
  extracts: title, authors, categories, tags, body);
* body F1        -- bag-of-words F1 of the body against the truth (mean, and the minimum);
* chrome         -- chrome strings (bench.extraction.CHROME_STRINGS) found in bodies.

Goals (issue 11): coverage 1.0, fields >= 0.97, body F1 >= 0.97 and never below
trafilatura's, zero chrome strings.

    .venv/bin/python -m bench.accuracy [--replica-articles 300] [--no-wordpress]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse

from archive.contract import RECORD_KEYS
from bench.extraction import CHROME_STRINGS, token_f1
from crawler.pages.process import NotAnArticle, extract_item
from tests.replica.render import render_article
from tests.replica.site import Site

BLIND = Path(__file__).parents[1] / "tests" / "fixtures" / "blind"
#: The fields trafilatura extracts, compared with the same truth.
TRAFILATURA_FIELDS = ("title", "authors", "categories", "tags", "body")


@dataclass
class Page:
    url: str  # fetched from
    html: bytes
    truth: dict[str, Any]
    site_url: str | None = None  # the canonical address when fetched from a staging host


@dataclass
class Score:
    pages: int = 0
    covered: int = 0
    fields: int = 0
    fields_equal: int = 0
    f1: list[float] = field(default_factory=list)
    chrome: int = 0

    def add(self, record: dict[str, Any] | None, truth: dict[str, Any], keys: tuple[str, ...]) -> None:
        self.pages += 1
        self.fields += len(keys)
        if record is None or not record.get("body"):
            self.f1.append(0.0)
            return
        self.covered += 1
        self.fields_equal += sum(record.get(key) == truth[key] for key in keys)
        self.f1.append(token_f1(record["body"], truth["body"]))
        self.chrome += sum(chrome in record["body"] for chrome in CHROME_STRINGS)

    def row(self) -> tuple[float, float, float, float, int]:
        return (
            self.covered / self.pages,
            self.fields_equal / self.fields,
            statistics.fmean(self.f1),
            min(self.f1),
            self.chrome,
        )


def ours(page: Page) -> dict[str, Any] | None:
    response = HtmlResponse(url=page.url, body=page.html, encoding="utf-8")
    try:
        return extract_item(response, page.site_url).to_record()
    except (NotAnArticle, DropItem):
        return None


def trafilatura_record(page: Page) -> dict[str, Any] | None:
    import trafilatura

    document = trafilatura.bare_extraction(page.html.decode("utf-8", "replace"), url=page.url, with_metadata=True)
    if document is None:
        return None
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    split = lambda value: [part.strip() for part in (value or "").split(",") if part.strip()]  # noqa: E731
    return {
        "title": data.get("title"),
        "authors": split(data.get("author")) if data.get("author") else [],
        "categories": split(data.get("categories")) if isinstance(data.get("categories"), str) else list(data.get("categories") or []),
        "tags": split(data.get("tags")) if isinstance(data.get("tags"), str) else list(data.get("tags") or []),
        "body": "\n\n".join(line for line in (data.get("text") or "").split("\n") if line.strip()),
    }


def replica_pages(articles: int, theme: str) -> Iterator[Page]:
    site = Site(articles=articles, seed=5, include_specimen=True)
    ids = site.main_post_ids if theme != "old" else site.old_post_ids
    for pid in ids:
        truth = site.truth(pid)
        html = render_article(site, pid, theme=None if theme == "old" else theme)
        yield Page(site.article_url(pid), html.encode("utf-8"), truth)  # type: ignore[arg-type]


def manifest_pages(folder: Path, staging: bool = False) -> Iterator[Page]:
    for case in json.loads((folder / "manifest.json").read_text("utf-8")):
        url = case["fetched_url"]
        site_url = f"https://asianlite.com{urlsplit(url).path}" if staging else None
        yield Page(url, (folder / case["file"]).read_bytes(), case["record"], site_url)


def wordpress_markups(out: Path) -> Iterator[tuple[str, list[Page]]]:
    from tests.wordpress.pages import dump_pages
    from tests.wordpress.server import WordPressServer
    from tests.wordpress.truth import THEME_RULES

    with WordPressServer() as server:
        for theme in THEME_RULES:
            dump_pages(server, theme, out / theme)
            yield f"wordpress {theme}", list(manifest_pages(out / theme, staging=True))


def markups(args: argparse.Namespace, out: Path) -> Iterator[tuple[str, list[Page]]]:
    for theme in ("current", "old", "redesign"):
        yield f"replica {theme}", list(replica_pages(args.replica_articles, theme))
    if not args.no_wordpress:
        yield from wordpress_markups(out)
    for folder in sorted(path.parent for path in BLIND.glob("*/manifest.json")):
        yield f"blind {folder.name}", list(manifest_pages(folder))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replica-articles", type=int, default=300)
    parser.add_argument("--no-wordpress", action="store_true", help="leave the WordPress markups out")
    args = parser.parse_args(argv)
    header = f"{'markup':<28}{'pages':>6} | {'ours: cover fields  F1 mean/min chrome':<41}| trafilatura: cover fields  F1 mean/min chrome"
    print(header)
    met = True
    with tempfile.TemporaryDirectory(prefix="accuracy-") as tmp:
        for name, pages in markups(args, Path(tmp)):
            us, them = Score(), Score()
            for page in pages:
                us.add(ours(page), page.truth, RECORD_KEYS)
                them.add(trafilatura_record(page), page.truth, TRAFILATURA_FIELDS)
            cover, fields_, f1, f1_min, chrome = us.row()
            t_cover, t_fields, t_f1, t_min, t_chrome = them.row()
            ok = cover == 1.0 and fields_ >= 0.97 and f1 >= 0.97 and f1 >= t_f1 and chrome == 0
            met = met and ok
            print(
                f"{name:<28}{len(pages):>6} | {cover:5.2f} {fields_:6.3f} {f1:6.3f}/{f1_min:5.3f} {chrome:5d}    "
                f"| {t_cover:5.2f} {t_fields:6.3f} {t_f1:6.3f}/{t_min:5.3f} {t_chrome:5d}  {'met' if ok else 'NOT MET'}"
            )
    print("goals: coverage 1.0, fields >= 0.97, body F1 >= 0.97 and >= trafilatura's, no chrome:",
          "met" if met else "NOT MET")


if __name__ == "__main__":
    main()
