"""Shortcuts that skip a regular expression answer exactly like the expression.

Each shortcut runs the pattern only when a cheap test says it might match (a first letter, a
length, a tail, a memo). Here each is compared with the plain pattern on hand-picked texts and
on texts built at random (fixed seeds) from pieces chosen to hit the edges: case variants that
only Unicode folding equates (``ſ``, ``İ``, ``K``), whitespace other than spaces, long runs of
punctuation, names at the length limits.
"""

from __future__ import annotations

import random

from crawler.pages import scan
from crawler.pages.anchors import ALSO_READ_RE, opens_with_also_read
from crawler.pages.article import _CATEGORY_PATH_RE, category_path
from crawler.pages.structured import _POSTID_CLASS_RE, body_post_id
from pipelines import chrome, normalize
from pipelines.chrome import (
    _BYLINE_LINE_RE,
    _BYLINE_OPENER_RE,
    _CHROME_CLASS_RE,
    _CHROME_TEXT_RE,
    _CREDIT_RE,
    _find_credit,
    _is_chrome_name,
    _is_chrome_text,
    split_byline,
)

PIECES = [
    "also", "ALSO", "read", "Read", "READ", "ſ", "İ", "ı", "K", "a", "r", "_", "1", "12", "٣",
    " ", "\t", "\n", "\u00a0", ":", "-", "–", "—", ".", "…", ",", "“", "(", ")", "share", "this",
    "Like", "related", "advertisement", "go to top", "min read", "reports", "reporst",
    "writes", "wrote", "report", "Asian Lite", "News", "ANI", "IANS", "dpa", "with inputs from",
    "postid-", "postid-7", "x", "By", "Top News", "word",
]  # fmt: skip


def built_texts(seed: int, count: int = 400, longest: int = 12) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(PIECES, k=rng.randint(0, longest))) for _ in range(count)]


def collapsed(texts: list[str]) -> list[str]:
    return [" ".join(text.split()) for text in texts]


ALSO_READ_CASES = [
    "", "ALSO READ: x", "also read", "Read also - y", "“ALSO READ” z", "_also read", "ſ",
    "Also reading", "1 also read", "Alsoread", "READ ALSO", "A", "r", "İ", "   also read",
]  # fmt: skip


def test_also_read_opener() -> None:
    for text in ALSO_READ_CASES + built_texts(1):
        assert opens_with_also_read(text) is (ALSO_READ_RE.match(text) is not None), text


CHROME_TEXT_CASES = [
    "", "Share this:", "share this", "SHARE THIS:", "Like this:", "Related", "Advertisement",
    "Advertisement\n", "Go to top", "3 min read", "12min read", "٣ min read", "² min read",
    "Related stories", "ſhare this", "Advertisements", "123456789012345 min read",
]  # fmt: skip


def test_chrome_text() -> None:
    for text in CHROME_TEXT_CASES + built_texts(2, longest=4):
        assert _is_chrome_text(text) is (_CHROME_TEXT_RE.match(text) is not None), text


def _span(match: object) -> object:
    return None if match is None else (match.span(), match.groupdict())  # type: ignore[attr-defined]


NAME_80 = "N" * 80
CREDIT_CASES = [
    "", "The minister said so….reports Asian Lite News", "Words, reports Asian Lite",
    "Words reports Asian Lite", "Words…writes Ann Lee", "Words ....... .... ,,, reports Ann",
    f"Words. reports {NAME_80}", f"Words. reports {NAME_80}X", f"Words – wrote {NAME_80}",
    "Words.reports", "reports Asian Lite", "x. REPORTS Y", "x. Reporſt Y", "x. wrİtes Y",
    "x, reports a, reports b", "x…reports a…b", "x; report Y",
]  # fmt: skip


def test_standfirst_credit() -> None:
    for text in collapsed(CREDIT_CASES + built_texts(3, longest=20)):
        assert _span(_find_credit(text)) == _span(_CREDIT_RE.search(text)), text


POSTID_CASES = [
    "", "postid-5", "single postid-12 x", "xpostid-3 postid-4", "postid-5x postid-6",
    "postid-", "a\tpostid-9\n", "postid-٣", "single single-post", "postid-1 postid-2",
]  # fmt: skip


def test_body_post_id() -> None:
    for classes in POSTID_CASES + built_texts(4):
        match = _POSTID_CLASS_RE.search(classes)
        assert body_post_id(classes) == (int(match.group(1)) if match else None), classes


def test_category_name_sort_prefix() -> None:
    names = ["", "-Top News", "Top News", " -– —_.x", "\u00a0News", "News-", "_"]
    for name in names + built_texts(5):
        assert normalize.category_name(name) == normalize._SORT_PREFIX_RE.sub("", name), name


WIRE_CASES = [
    "Text (ANI)", "Text (ANI).", "Text (ANI) . ", "Text (ANI)..", "Text -IANS", "Text – dpa.",
    "Text (with inputs from PTI)", "Text (With Inputs From Reuters)\n", "Text IANS", "(ANI) x",
    "Text (ani)", "Text -DPA \n", "Text", "",
]  # fmt: skip


def test_wire_credit() -> None:
    for body in WIRE_CASES + built_texts(6, longest=20):
        match = normalize._WIRE_CREDIT_RE.search(body[-80:]) if body else None
        want = (match.group("paren") or match.group("dash")) if match else None
        assert normalize.wire_credit(body) == want, body


CLASS_CASES = [
    "", "ad", "ads", "wp-block-group", "code-block code-block-3", "sharedaddy sd-sharing",
    "AD-slot", "post-views-count", "header", "read", "ſhare", "x related-posts y",
]  # fmt: skip


def test_chrome_class_memo() -> None:
    values = CLASS_CASES + built_texts(7)
    scan.cache_clear()
    for _ in range(2):  # computed, then remembered
        for value in values:
            assert _is_chrome_name(value) is (_CHROME_CLASS_RE.search(value) is not None), value
    scan.cache_clear()
    assert not chrome._CHROME_NAMES  # forgotten with the page walk's memo
    assert _is_chrome_name("ads") is True


HREF_CASES = [
    "", "https://asianlite.com/category/top-news", "https://asianlite.com/category/world-news/usa/",
    "/category/x", "/category/", "/category//", "/category/a//", "/category/x?y=1", "/category/x/#c",
    "/category/x\n", "/category/?x", "/category/?x/category/y", "/category/x\ny?z", "/tag/x",
    "https://asianlite.com/category/caf\u00e9", "/category/x#", "/category/a/category/b",
]  # fmt: skip
HREF_PIECES = ["/category/", "/", "a", "-", "?", "#", "\n", "x=1", "é", " "]


def test_category_path() -> None:
    rng = random.Random(8)
    built = ["".join(rng.choices(HREF_PIECES, k=rng.randint(0, 8))) for _ in range(600)]
    for href in HREF_CASES + built:
        match = _CATEGORY_PATH_RE.search(href)
        assert category_path(href) == (match.group("slug") if match else None), href


def reference_split_byline(text: str) -> tuple[str | None, str]:
    """split_byline without its shortcut."""
    first, _, rest = text.strip().partition("\n")
    match = _BYLINE_LINE_RE.fullmatch(first.strip())
    if match:
        return match.group("name"), rest.strip()
    match = _BYLINE_OPENER_RE.match(text.strip())
    if match:
        return match.group("name"), text.strip()[match.end() :].strip()
    return None, text


def test_split_byline() -> None:
    cases = ["By Ann Lee", " By Ann Lee\nrest", "By Ann Lee, London rest", "by ann", "Byline x"]
    for text in cases + built_texts(9, longest=8):
        assert split_byline(text) == reference_split_byline(text), text
