"""The search-box syntax, parsed once into a small tree and written for each database.

Syntax: words are all required; ``"quoted phrases"`` match as a phrase; ``OR`` between two
terms accepts either (``a OR b OR c`` is one group); a leading ``-`` or ``NOT`` excludes a term;
``AND`` is implied and ignored. Words are runs of letters and digits (punctuation separates
them, so ``col:value`` is the phrase ``"col value"``); a stray quote is dropped. English stop
words (PostgreSQL's list) are dropped from single-word terms, as PostgreSQL drops them, so that
``the refinery`` means ``refinery`` on both databases. A query whose terms are all excluded, or
that has no word left, finds nothing (``-india`` alone is not "every article without india").

:func:`to_fts5` writes the tree as an SQLite FTS5 ``MATCH`` expression, :func:`to_tsquery` as a
PostgreSQL ``to_tsquery`` text; both are flat (no nesting deeper than one group), and a query
of more than :data:`MAX_TERMS` terms is refused with :class:`~archive.errors.BadInput`, so no
query reaches a database parser limit (FTS5's "parser stack overflow").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.errors import BadInput

MAX_TERMS = 200

_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"[^\W_]+")

#: PostgreSQL's ``english`` stop words (tsearch_data/english.stop).
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing a an the and
but if or because as until while of at by for with about against between into through during
before after above below to from up down in out on off over under again further then once here
there when where why how all any both each few more most other some such no nor not only own
same so than too very s t can will just don should now
""".split())


@dataclass(frozen=True)
class Term:
    """A word or a phrase: one or more lowercased words in order."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """``groups`` are all required, each matching when any of its terms does; ``excluded``
    terms must not match."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    @property
    def empty(self) -> bool:
        """True when there is nothing to find (no required term)."""
        return not self.groups


def parse(text: str) -> Query:
    """Parse the search-box syntax; never fails on odd input, refuses only oversized queries."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = negate_next = False
    for match in _TOKEN.finditer(text):
        quoted, word = match.group(2), match.group(3)
        negate = bool(match.group(1)) or negate_next
        if word in ("OR", "AND", "NOT"):
            pending_or = word == "OR" and bool(groups) and not negate_next
            negate_next = word == "NOT"
            continue
        if word is not None and word.startswith("-"):
            negate, word = True, word[1:]
        term = _term(quoted if quoted is not None else word or "")
        negate_next = False
        if term is None:
            continue
        if negate:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    query = Query(tuple(tuple(dict.fromkeys(g)) for g in groups), tuple(dict.fromkeys(excluded)))
    _check_size(query)
    return query


def _term(text: str) -> Term | None:
    words = tuple(word.lower() for word in _WORD.findall(text))
    if not words or all(word in STOP_WORDS for word in words):
        return None
    return Term(words)


def _check_size(query: Query) -> None:
    count = sum(len(group) for group in query.groups) + len(query.excluded)
    if count > MAX_TERMS:
        raise BadInput(f"search query has {count} terms; at most {MAX_TERMS} are allowed")


def to_fts5(query: Query) -> str:
    """The FTS5 MATCH expression of ``query`` ('' when there is nothing to find)."""
    if query.empty:
        return ""
    required = " AND ".join(_fts5_group(group) for group in query.groups)
    if not query.excluded:
        return required
    return f"({required}) NOT {_fts5_group(query.excluded)}"


def _fts5_group(terms: tuple[Term, ...]) -> str:
    phrases = ['"' + " ".join(term.words) + '"' for term in terms]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def to_tsquery(query: Query) -> str:
    """The text for PostgreSQL ``to_tsquery('english', ...)`` ('' when nothing to find).

    Words are letters and digits only, so quoting each as ``'word'`` is safe; phrases use
    ``<->`` (stop words inside a phrase become a gap, as in ``phraseto_tsquery``).
    """
    if query.empty:
        return ""
    required = " & ".join(_ts_group(group) for group in query.groups)
    if not query.excluded:
        return required
    return f"{required} & !{_ts_group(query.excluded)}"


def _ts_group(terms: tuple[Term, ...]) -> str:
    phrases = [" <-> ".join(f"'{word}'" for word in term.words) for term in terms]
    return "(" + " | ".join(f"({phrase})" for phrase in phrases) + ")"
