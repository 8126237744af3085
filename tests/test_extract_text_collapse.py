"""crawler.pages.text: the shortcuts equal their definitions on awkward texts."""

from __future__ import annotations

import random
import re

import pytest

from crawler.pages.text import collapse, is_clean_body

PIECES = [
    "w", "Word.", "é", "हम", "\u200b", "\xad", "\x00", " ", "  ", "\t", "\n", "\n\n", "\n\n\n",
    "\n\n\n\n", "\r", "\xa0", "\u2000", "\u2028", "\u3000", "\x1c", "\x85", "\u202f",
]  # fmt: skip


def _texts(count: int) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))) for _ in range(count)]


TEXTS = ["", " ", "a", "a b", " a", "a ", "a  b", "a\nb", "a\n\nb", "a\n\n\n\nb", "\n\na"]
TEXTS += _texts(3000)


@pytest.mark.parametrize("text", TEXTS[:60])
def test_collapse_samples(text: str) -> None:
    assert collapse(text) == " ".join(text.split())


def test_collapse_equals_split_join() -> None:
    for text in TEXTS:
        assert collapse(text) == " ".join(text.split()), repr(text)


def _clean_body_definition(text: str) -> str:
    blocks = re.split(r"\n\s*\n", text)
    return "\n\n".join(p for p in (" ".join(b.split()) for b in blocks) if p)


def test_clean_body_is_its_own_cleaning() -> None:
    clean_seen = 0
    for text in TEXTS:
        if is_clean_body(text):
            clean_seen += 1
            assert _clean_body_definition(text) == text, repr(text)
    assert clean_seen > 20  # the property was exercised, not vacuous
