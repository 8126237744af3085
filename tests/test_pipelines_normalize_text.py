"""clean_body_text's fast path gives exactly what its definition gives.

Definition: split the text at runs of whitespace holding two or more newlines, NFC-normalise
each paragraph, collapse its whitespace, drop empty paragraphs, join with one blank line.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from pipelines.normalize import _utc_or_keep, clean_body_text, to_utc_iso

PIECES = [
    "word", "Word.", "ünïcode", "e\u0301", "\u0301", "हम", "न\u093c", "“quoted”", "a’b",
    " ", "  ", "\t", "\n", "\n\n", "\n \n", " \n\t\n ", "\r\n\r\n", "\u00a0", "\u2000",
    "\u2028", "\x1c", "\n\n\n",
]  # fmt: skip


def reference(text: str | None) -> str | None:
    if text is None:
        return None
    blocks = re.split(r"\n\s*\n", text)
    paragraphs = [" ".join(unicodedata.normalize("NFC", block).split()) for block in blocks]
    return "\n\n".join(p for p in paragraphs if p) or None


def _texts(count: int) -> list[str]:
    rng = random.Random(20240315)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(count)]


@pytest.mark.parametrize(
    "text",
    [None, "", " ", "\n\n", "One.\n\nTwo.", "  One  two \n three\n\n\n  Four  ", "a\x00b\n\nc"]
    + _texts(400),
)
def test_clean_body_text_equals_its_definition(text: str | None) -> None:
    assert clean_body_text(text) == reference(text)


@pytest.mark.parametrize(
    "value",
    [
        "2022-03-20T08:57:40+00:00",
        "2022-03-20T15:11:12+05:30",
        "2022-03-20T08:57:40",
        "2022-03-20T08:57:40.123+00:00",
        "2022-13-20T08:57:40+00:00",
        "2022-02-30T08:57:40+00:00",
        "2022-03-20T24:00:00+00:00",
        "2022-03-20T23:59:60+00:00",
        " 2022-03-20T08:57:40+00:00 ",
        "2022-03-20T08:57:40+00:00\n",
        "March 20, 2022",
    ],
)
def test_date_fast_path_equals_the_conversion(value: str) -> None:
    try:
        want = to_utc_iso(value)
    except ValueError:
        want = value.strip()
    assert _utc_or_keep(value) == want
