"""Markups the extractor has never seen (tests/fixtures/blind/): every field of every page.

The pages and their records were written from a brief by someone who had not read the
extractor (see tests/fixtures/blind/README.md); the extraction must give each record exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from crawler.pages.process import extract_item

BLIND = Path(__file__).parents[1] / "fixtures" / "blind"
CASES = [
    (manifest.parent.name, case)
    for manifest in sorted(BLIND.glob("*/manifest.json"))
    for case in json.loads(manifest.read_text("utf-8"))
]


def test_there_are_three_markups_of_six_pages() -> None:
    markups = {markup for markup, _ in CASES}
    assert len(markups) >= 3 and len(CASES) >= 18


@pytest.mark.parametrize(
    ("markup", "case"), CASES, ids=[f"{m}/{c['file'].removesuffix('.html')}" for m, c in CASES]
)
def test_blind_page_gives_its_record(markup: str, case: dict[str, Any]) -> None:
    body = (BLIND / markup / case["file"]).read_bytes()
    record = extract_item(HtmlResponse(url=case["fetched_url"], body=body)).to_record()
    expected = case["record"]
    assert list(record) == list(expected)
    wrong = {key: (record[key], expected[key]) for key in expected if record[key] != expected[key]}
    assert not wrong, wrong
