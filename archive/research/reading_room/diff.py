"""A readable diff between two texts of an article: paragraphs aligned, words marked.

Paragraphs (separated by a blank line, as ``articles.body`` stores them) are aligned first with
:class:`difflib.SequenceMatcher`; a changed paragraph is then compared word by word, so an edit
shows as a few ``<del>``/``<ins>`` words inside its sentence rather than two whole paragraphs.
Unchanged paragraphs are folded into one "n unchanged paragraphs" line. All text is escaped; the
result is :class:`markupsafe.Markup` made only of ``p``, ``del``, ``ins`` and ``span`` elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup, escape

_TOKENS = re.compile(r"\s+|[^\s]+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
#: The share of a paragraph's words an edit must keep to be shown word by word.
SIMILAR = 0.5


@dataclass(frozen=True)
class TextDiff:
    """The marked-up difference and how many words it removes and adds."""

    html: Markup
    removed: int
    added: int

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added)


def paragraphs(text: str | None) -> list[str]:
    """The non-empty paragraphs of ``text`` (blank-line separated), stripped."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text or "") if p.strip()]


def _words(tokens: list[str]) -> int:
    return sum(1 for token in tokens if not token.isspace())


def word_diff(old: str, new: str) -> TextDiff:
    """``old`` -> ``new`` inline: unchanged words as text, removed in ``del``, added in ``ins``."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[str] = []
    removed = added = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(Markup("<del>%s</del>") % "".join(a[i1:i2]))
            removed += _words(a[i1:i2])
        if j2 > j1:
            parts.append(Markup("<ins>%s</ins>") % "".join(b[j1:j2]))
            added += _words(b[j1:j2])
    return TextDiff(Markup("").join(parts), removed, added)


def _whole(tag: str, text: str) -> TextDiff:
    count = _words(_TOKENS.findall(text))
    marked = Markup(f'<p class="rr-{"removed" if tag == "del" else "added"}"><{tag}>%s</{tag}></p>')
    return TextDiff(marked % text, count if tag == "del" else 0, count if tag == "ins" else 0)


def _unchanged(count: int) -> Markup:
    noun = "paragraph" if count == 1 else "paragraphs"
    return Markup('<p class="rr-unchanged">… %d unchanged %s …</p>') % (count, noun)


def _changed(old: str, new: str) -> list[TextDiff]:
    """One paragraph edited: words marked inline; a rewrite (less than :data:`SIMILAR` of the
    words kept) reads better as the old paragraph struck out and the new one added."""
    inline = word_diff(old, new)
    kept = 1 - (inline.removed + inline.added) / max(1, _words(_TOKENS.findall(old + " " + new)))
    if kept < SIMILAR:
        return [_whole("del", old), _whole("ins", new)]
    return [TextDiff(Markup('<p class="rr-changed">%s</p>') % inline.html,
                     inline.removed, inline.added)]


def _replaced(old: list[str], new: list[str]) -> list[TextDiff]:
    """Changed paragraphs paired in order; the longer side's surplus is wholly removed/added."""
    diffs: list[TextDiff] = []
    for index in range(max(len(old), len(new))):
        if index < len(old) and index < len(new):
            diffs.extend(_changed(old[index], new[index]))
        elif index < len(old):
            diffs.append(_whole("del", old[index]))
        else:
            diffs.append(_whole("ins", new[index]))
    return diffs


def paragraph_diff(old: str | None, new: str | None) -> TextDiff:
    """The body ``old`` -> ``new``, paragraph by paragraph (see the module docstring)."""
    a, b = paragraphs(old), paragraphs(new)
    parts: list[Markup] = []
    removed = added = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(_unchanged(i2 - i1))
            continue
        for diff in _replaced(a[i1:i2], b[j1:j2]):
            parts.append(diff.html)
            removed, added = removed + diff.removed, added + diff.added
    return TextDiff(Markup("\n").join(parts), removed, added)
