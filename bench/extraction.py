"""Extraction benchmark: speed against a parse floor and trafilatura, accuracy against truth.

On N replica article pages (rendered in memory, no HTTP), measured in one run:

* floor        -- lxml parses the page bytes (nothing else);
* ours         -- HtmlResponse + page object + chrome/normalize/validate (extract_record);
* trafilatura  -- ``trafilatura.extract`` on the same bytes (on a sample: it is slow).

Printed as a table of pages/second with ratios, plus body token-F1 against the replica's
truth, exact-record rate and chrome strings found in bodies. Targets (from the issue): ours costs
at most 3x the floor, runs at least 3x faster than trafilatura, F1 >= 0.99, zero chrome.

    .venv/bin/python -m bench.extraction --articles 1000 [--theme current|old|redesign]
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import lxml.html
from scrapy.http import HtmlResponse

from crawler.pages import urlcache
from crawler.pages.process import extract_item, extract_record
from tests.replica.render import render_article
from tests.replica.site import Site

#: Strings of site chrome that must never reach a body.
CHROME_STRINGS = (
    "Previous Story", "Next Story", "Latest from", "Don't Miss", "Don’t Miss", "Go to Top",
    "min read", "ALSO READ", "Also read", "READ ALSO", "Share this", "reports Asian Lite",
    "reporst Asian Lite", "adsbygoogle", "Skip to content", "Privacy Policy", "Trending",
    "All rights reserved",
)  # fmt: skip
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def token_f1(got: str | None, want: str | None) -> float:
    """Bag-of-words F1 between two texts (1.0 when both are empty)."""
    a, b = Counter(_TOKEN_RE.findall(got or "")), Counter(_TOKEN_RE.findall(want or ""))
    if not a and not b:
        return 1.0
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def render_pages(
    site: Site, post_ids: list[int], theme: str | None
) -> list[tuple[int, str, bytes]]:
    pages = []
    for pid in post_ids:
        html = render_article(site, pid, theme=theme)
        body = html.encode("utf-8") if isinstance(html, str) else html
        pages.append((pid, site.article_url(pid), body))
    return pages


def rate(
    func: Callable[[str, bytes], Any], pages: list[tuple[int, str, bytes]], repeat: int
) -> float:
    """Pages per second: best of ``repeat`` passes over the pages."""
    best = float("inf")
    for _ in range(repeat):
        urlcache.cache_clear()  # every pass starts cold: no URL answers carried over
        gc.collect()
        start = time.perf_counter()
        for _pid, url, body in pages:
            func(url, body)
        best = min(best, time.perf_counter() - start)
    return len(pages) / best


def floor(url: str, body: bytes) -> Any:
    return lxml.html.document_fromstring(body)


def ours(url: str, body: bytes) -> Any:
    return extract_record(HtmlResponse(url=url, body=body, encoding="utf-8"))


def traf(url: str, body: bytes) -> Any:
    import trafilatura

    return trafilatura.extract(body, url=url)


def accuracy(site: Site, pages: list[tuple[int, str, bytes]]) -> dict[str, Any]:
    f1s, exact, chrome_hits, layers = [], 0, Counter[str](), Counter[str]()
    field_misses: Counter[str] = Counter()
    for pid, url, body in pages:
        item = extract_item(HtmlResponse(url=url, body=body, encoding="utf-8"))
        record, truth = item.to_record(), site.truth(pid)
        assert truth is not None
        f1s.append(token_f1(record["body"], truth["body"]))
        exact += record == truth
        field_misses.update(key for key in truth if record[key] != truth[key])
        layers[item.extraction or "none"] += 1
        chrome_hits.update(s for s in CHROME_STRINGS if s in (record["body"] or ""))
    return {
        "f1_mean": statistics.fmean(f1s),
        "f1_min": min(f1s),
        "exact": exact,
        "field_misses": dict(field_misses),
        "chrome": dict(chrome_hits),
        "layers": dict(layers),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, default=1000, help="replica articles to render (default 1000)"
    )
    parser.add_argument(
        "--theme", default=None, help="replica theme: current (default), old, redesign"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--trafilatura-sample", type=int, default=200, help="pages timed with trafilatura"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best counts")
    args = parser.parse_args(argv)

    site = Site(articles=args.articles, seed=args.seed, include_specimen=True)
    pages = render_pages(site, list(site.post_ids), args.theme)
    sample = pages[: args.trafilatura_sample]
    ours(pages[0][1], pages[0][2])  # warm up imports and compiled selectors

    floor_rate = rate(floor, pages, args.repeat)
    ours_rate = rate(ours, pages, args.repeat)
    traf_rate = rate(traf, sample, 1)
    acc = accuracy(site, pages)
    size = statistics.fmean(len(body) for _, _, body in pages) / 1024

    print(
        f"extraction bench: {len(pages)} replica pages (theme={args.theme or 'current'}, mean {size:.1f} KiB)"
    )
    print(f"{'':<22}{'pages/s':>10}{'ms/page':>10}{'vs floor':>10}")
    for name, value in (
        ("floor (lxml parse)", floor_rate),
        ("ours (page+pipelines)", ours_rate),
        ("trafilatura.extract", traf_rate),
    ):
        print(f"{name:<22}{value:>10.0f}{1000 / value:>10.2f}{floor_rate / value:>9.2f}x")
    print(
        f"cost vs floor: {floor_rate / ours_rate:.2f}x (target <= 3x); speed vs trafilatura: {ours_rate / traf_rate:.1f}x (target >= 3x)"
    )
    print(f"body token-F1: mean {acc['f1_mean']:.4f}, min {acc['f1_min']:.4f} (target >= 0.99)")
    print(
        f"exact records: {acc['exact']}/{len(pages)}; fields that differ: {acc['field_misses'] or 'none'}"
    )
    print(f"chrome strings in bodies: {sum(acc['chrome'].values())} {acc['chrome'] or ''}")
    print(f"body layers: {acc['layers']}")


if __name__ == "__main__":
    main()
