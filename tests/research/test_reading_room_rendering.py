"""What the pages are built from: the versions diff (paragraphs aligned, words marked, everything
escaped, counts right), FTS snippets, the images beside the body."""

from __future__ import annotations

import lxml.html

from archive.research.reading_room.diff import paragraph_diff, word_diff
from archive.research.reading_room.present import snippet_markup
from archive.research.reading_room.queries import MARK_END, MARK_START


def parts(html: str, tag: str) -> list[str]:
    return [el.text_content() for el in lxml.html.fragment_fromstring(html, "div").iter(tag)]


def test_one_word_changed_in_one_paragraph() -> None:
    old = "First paragraph stays.\n\nThe minister said Monday it was fine.\n\nLast one stays."
    new = "First paragraph stays.\n\nThe minister said Tuesday it was fine.\n\nLast one stays."
    diff = paragraph_diff(old, new)
    assert parts(diff.html, "del") == ["Monday"] and parts(diff.html, "ins") == ["Tuesday"]
    assert (diff.removed, diff.added) == (1, 1)
    assert str(diff.html).count("1 unchanged paragraph …") == 2


def test_added_and_removed_paragraphs_are_whole() -> None:
    diff = paragraph_diff("Kept.\n\nGone for good.", "Kept.\n\nBrand new lines here.\n\nAnd more.")
    # two new paragraphs against one old: the pair is a rewrite, the surplus is added whole
    assert parts(diff.html, "del") == ["Gone for good."]
    assert parts(diff.html, "ins") == ["Brand new lines here.", "And more."]
    assert (diff.removed, diff.added) == (3, 6)


def test_text_is_escaped_not_interpreted() -> None:
    diff = word_diff("a <b>bold</b> claim", "a <script>alert(1)</script> claim")
    html = str(diff.html)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html


def test_identical_texts_have_no_change() -> None:
    diff = paragraph_diff("One.\n\nTwo.", "One.\n\nTwo.")
    assert not diff.changed and "<del>" not in str(diff.html)


def test_snippet_marks_only_the_fts_markers() -> None:
    snippet = f"said <i>{MARK_START}Lavrov{MARK_END}</i> & co"
    html = str(snippet_markup(snippet))
    assert html == "said &lt;i&gt;<mark>Lavrov</mark>&lt;/i&gt; &amp; co"


def test_images_the_body_shows_are_not_shown_twice() -> None:
    from archive.research.reading_room.present import images_outside_body

    article = {"body_html": '<p>Text</p><figure><img src="https://a.example/1.jpg"></figure>'}
    images = [{"url": "https://a.example/1.jpg"}, {"url": "https://a.example/2.jpg"}]
    assert images_outside_body(article, images) == [{"url": "https://a.example/2.jpg"}]
    assert images_outside_body({"body_html": None}, images) == images
