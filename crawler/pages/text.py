"""Whitespace collapsing that skips the work when there is nothing to collapse.

``" ".join(text.split())`` builds a string per word; most texts the extractor sees (link
texts, one-line paragraphs, the body the chrome pipeline assembled) are already collapsed, and
telling so takes a few C-level scans. Every whitespace character but the ASCII space is
non-printable (str.isprintable), so a printable text without double, leading or trailing
spaces is its own collapsed form.
"""

from __future__ import annotations


def collapse(text: str) -> str:
    """``" ".join(text.split())``: words separated by single spaces."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def is_clean_body(text: str) -> bool:
    """True when ``text`` is already paragraphs of collapsed words joined by one blank line
    (non-empty, ``\\n\\n`` only between paragraphs, no other whitespace but single spaces)."""
    return (
        bool(text)
        and text.replace("\n\n", "").isprintable()
        and "\n\n\n\n" not in text
        and "  " not in text
        and " \n" not in text
        and "\n " not in text
        and text[0] not in " \n"
        and text[-1] not in " \n"
    )
