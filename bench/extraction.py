"""Extraction benchmark: speed against a parse floor and trafilatura, accuracy against truth.

On N replica article pages (rendered in memory, no HTTP), measured in one run:

* floor        -- ``lxml.html.document_fromstring`` of the page bytes (nothing else);
* ours         -- HtmlResponse + page object + chrome/normalize/validate (extract_record);
* trafilatura  -- ``trafilatura.extract`` on the same bytes (on a sample: it is slow; ours is
  timed again on that same sample for the comparison).

Floor and ours run on the same pages in interleaved rounds, timed in CPU time of this process
per batch of 50 pages; each batch's best round counts, and URL caches are cleared before every
round, so load from other processes and warm caches favour neither (the URL rules' cache
starts cold every round). Printed: a table of pages/second
with ratios, then each target with its measured value and whether it is met (from the issue:
ours costs at most 5x the floor, runs at least 3x faster than trafilatura, body token-F1
against the replica's truth >= 0.99, zero chrome strings in bodies), plus the exact-record
rate and the body layers.

    .venv/bin/python -m bench.extraction --articles 1000 [--theme current|old|redesign] [--check]
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

from crawler import urls
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


#: Pages per timed batch: batches are short, so a burst of load from other processes spoils
#: a few batches of one round, not a whole pass.
BATCH = 50


def timed_batch(func: Callable[[str, bytes], Any], pages: list[tuple[int, str, bytes]]) -> float:
    """CPU seconds of this process for ``func`` over a batch of pages."""
    gc.collect()
    start = time.process_time()
    for _pid, url, body in pages:
        func(url, body)
    return time.process_time() - start


def race(
    funcs: dict[str, Callable[[str, bytes], Any]],
    pages: list[tuple[int, str, bytes]],
    rounds: int,
) -> dict[str, float]:
    """Pages per second of each function, from the best of ``rounds`` timings of each batch.

    Fair by construction: every function runs on the same pages, in interleaved order (batch
    by batch, one function after the other), timed in CPU time of this process (time spent
    waiting for the CPU while other processes run is not counted), and URL caches are
    cleared before every round, so no round profits from the previous one's answers.
    """
    batches = [pages[i : i + BATCH] for i in range(0, len(pages), BATCH)]
    best = {name: [float("inf")] * len(batches) for name in funcs}
    for _ in range(rounds):
        for name, func in funcs.items():
            urls.canonical_url_cache_clear()  # every round starts cold: no URL answers carried over
            for index, batch in enumerate(batches):
                best[name][index] = min(best[name][index], timed_batch(func, batch))
    return {name: len(pages) / sum(times) for name, times in best.items()}


def floor(url: str, body: bytes) -> Any:
    """The parse floor: lxml.html parses the same bytes (the tree is built, then dropped)."""
    return lxml.html.document_fromstring(body)


def ours(url: str, body: bytes) -> Any:
    """The crawl's extraction: response -> page object -> chrome/normalize/validate -> record."""
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


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def report(
    pages: list[tuple[int, str, bytes]],
    theme: str | None,
    rates: dict[str, float],
    sample_rates: dict[str, float],
    acc: dict[str, Any],
) -> bool:
    """Print the table and the targets; True when every target is met."""
    size = statistics.fmean(len(body) for _, _, body in pages) / 1024
    floor_rate = rates["floor"]
    print(
        f"extraction bench: {len(pages)} replica pages "
        f"(theme={theme or 'current'}, mean {size:.1f} KiB), CPU time, best round per batch"
    )
    print(f"{'':<34}{'pages/s':>9}{'ms/page':>9}{'vs floor':>10}")
    rows = (
        ("floor: lxml.html parse", floor_rate, len(pages)),
        ("ours: page object + 3 pipelines", rates["ours"], len(pages)),
        ("trafilatura.extract", sample_rates["trafilatura"], sample_rates["pages"]),
    )
    for name, value, count in rows:
        label = f"{name} ({count:.0f})" if count != len(pages) else name
        print(f"{label:<34}{value:>9.0f}{1000 / value:>9.2f}{floor_rate / value:>9.2f}x")
    cost = floor_rate / rates["ours"]
    speedup = sample_rates["ours"] / sample_rates["trafilatura"]
    chrome = sum(acc["chrome"].values())
    targets = (
        ("cost vs parse floor", f"{cost:.2f}x", "<= 5x", cost <= 5.0),
        ("speed vs trafilatura (same pages)", f"{speedup:.1f}x", ">= 3x", speedup >= 3.0),
        ("body token-F1 (min)", f"{acc['f1_min']:.4f}", ">= 0.99", acc["f1_min"] >= 0.99),
        ("chrome strings in bodies", f"{chrome}", "== 0", chrome == 0),
    )
    print(f"{'target':<34}{'measured':>9}{'goal':>9}  result")
    for name, measured, goal, met in targets:
        print(f"{name:<34}{measured:>9}{goal:>9}  {verdict(met)}")
    print(f"body token-F1 mean {acc['f1_mean']:.4f}; chrome found: {acc['chrome'] or 'none'}")
    print(
        f"exact records: {acc['exact']}/{len(pages)}; fields that differ: {acc['field_misses'] or 'none'}"
    )
    print(f"body layers: {acc['layers']}")
    return all(met for *_, met in targets)


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
    parser.add_argument(
        "--repeat", type=int, default=5, help="interleaved timed rounds; the best pass counts"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when a target is not met"
    )
    args = parser.parse_args(argv)

    site = Site(articles=args.articles, seed=args.seed, include_specimen=True)
    pages = render_pages(site, list(site.post_ids), args.theme)
    sample = pages[: args.trafilatura_sample]
    ours(pages[0][1], pages[0][2])  # warm up imports and compiled selectors
    traf(pages[0][1], pages[0][2])

    rates = race({"floor": floor, "ours": ours}, pages, args.repeat)
    sample_rates: dict[str, float] = {
        **race({"ours": ours, "trafilatura": traf}, sample, 1),
        "pages": len(sample),
    }
    ok = report(pages, args.theme, rates, sample_rates, accuracy(site, pages))
    if args.check and not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
