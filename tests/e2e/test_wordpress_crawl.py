"""End to end against a real WordPress: ``scrapy crawl asianlite -a mode=backfill
-a base_url=http://127.0.0.1:PORT`` in each theme, into a fresh SQLite archive, then every
field of every exported record compared with the truth (tests/wordpress/truth.py).

The bar (issue 11): every published post archived once and nothing else (no drafts, private,
scheduled, trashed or deleted posts, no pages), canonical ``https://asianlite.com`` URLs
everywhere, every field equal to the truth of what that theme shows.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from archive.contract import RECORD_KEYS
from tests.crawling import exported_records, run_crawl
from tests.wordpress.truth import THEME_RULES

EXAMPLES_PER_FIELD = 2


def field_diffs(truth: dict[str, dict[str, Any]], got: dict[str, dict[str, Any]]) -> dict[str, list[Any]]:
    """Per contract field, the (url, expected, stored) triples that differ."""
    diffs: dict[str, list[Any]] = {key: [] for key in RECORD_KEYS}
    for url, expected in truth.items():
        stored = got.get(url)
        if stored is None:
            continue
        for key in RECORD_KEYS:
            if stored.get(key) != expected[key]:
                diffs[key].append((url, expected[key], stored.get(key)))
    return {key: found for key, found in diffs.items() if found}


def report(theme: str, truth: dict[str, Any], got: dict[str, Any]) -> str:
    """A summary the failure message carries: coverage, extras, fields that differ, examples."""
    missing = sorted(set(truth) - set(got))
    extra = sorted(set(got) - set(truth))
    diffs = field_diffs(truth, got)
    lines = [
        f"theme {theme}: {len(set(truth) & set(got))}/{len(truth)} published posts stored, "
        f"{len(extra)} other records, {len(missing)} missing",
        f"extra (first 5): {extra[:5]}",
        f"missing (first 5): {missing[:5]}",
        "fields differing (records): " + json.dumps({k: len(v) for k, v in diffs.items()}),
    ]
    for key, found in diffs.items():
        for url, expected, stored in found[:EXAMPLES_PER_FIELD]:
            lines.append(f"  {key} @ {url}\n    expected: {_short(expected)}\n    stored:   {_short(stored)}")
    return "\n".join(lines)


def _short(value: Any, limit: int = 400) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


@pytest.mark.slow
@pytest.mark.parametrize("theme", list(THEME_RULES))
def test_backfill_of_real_wordpress_equals_truth(wordpress_theme, theme: str, tmp_path: Path) -> None:
    wp = wordpress_theme(theme)
    db = f"sqlite:///{tmp_path / 'archive.db'}"

    result = run_crawl(wp.base_url, db, "mode=backfill")

    assert result.returncode == 0, result.output[-3000:]
    truth = wp.truth(theme)
    got = exported_records(db)
    (tmp_path / "report.txt").write_text(report(theme, truth, got))
    counts = Counter(r["post_id"] for r in got.values())
    assert not [pid for pid, n in counts.items() if n > 1], "a post was stored twice"
    assert set(got) == set(truth), report(theme, truth, got)
    assert not field_diffs(truth, got), report(theme, truth, got)
