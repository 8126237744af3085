"""Titles and slugs that encode the post id, so a slug maps back to its post without an index.

The first four words of every generated title come from four 64-word lists; together they
carry 24 bits, a seeded bijective scrambling of the post id. Decoding a slug is four dict
look-ups and a modular inverse: no per-article memory, no start-up cost, any site size up to
16.7 million post ids. The rest of the title (style, tail) is seeded decoration.
"""

from __future__ import annotations

import random

from tests.replica.vocab import NOUNS, SUBJECTS, TITLE_TAILS, TOPICS, VERBS, slugify

_BITS = 24
_MASK = (1 << _BITS) - 1
_MULT = 0x5BD1E5  # odd, so invertible modulo 2**24
_MULT_INV = pow(_MULT, -1, 1 << _BITS)
_SLOTS = (SUBJECTS, VERBS, TOPICS, NOUNS)
_SLOT_LOOKUP = tuple({slugify(word): i for i, word in enumerate(slot)} for slot in _SLOTS)
MAX_POST_ID = _MASK


def _offset(seed: int) -> int:
    return (seed * 0x9E3779B1 + 0x7F4A7C15) & _MASK


def encode(post_id: int, seed: int) -> tuple[str, str, str, str]:
    """The four leading title words of a post."""
    if not 0 < post_id <= MAX_POST_ID:
        raise ValueError(f"post id {post_id} outside 1..{MAX_POST_ID}")
    x = (post_id * _MULT + _offset(seed)) & _MASK
    x ^= x >> 12
    return (
        SUBJECTS[x & 63],
        VERBS[(x >> 6) & 63],
        TOPICS[(x >> 12) & 63],
        NOUNS[(x >> 18) & 63],
    )


def decode(slug: str, seed: int) -> int | None:
    """The post id a generated slug encodes, or None when the slug is not one of ours."""
    tokens = slug.split("-", 4)
    if len(tokens) < 4:
        return None
    x = 0
    for shift, (token, lookup) in enumerate(zip(tokens, _SLOT_LOOKUP, strict=False)):
        index = lookup.get(token)
        if index is None:
            return None
        x |= index << (6 * shift)
    x ^= x >> 12
    post_id = ((x - _offset(seed)) * _MULT_INV) & _MASK
    return post_id or None


def make_title(post_id: int, seed: int) -> str:
    """A generated headline: four encoding words, a seeded style and an optional tail."""
    subject, verb, topic, noun = encode(post_id, seed)
    rng = random.Random(seed * 7_000_003 + post_id)
    tail = rng.choice(TITLE_TAILS)
    style = rng.random()
    if style < 0.12:
        title = f"{subject} {verb} ‘{topic} {noun}’"
    elif style < 0.22:
        title = f"{subject} {verb} {topic} {noun}: {tail or 'report'}"
        tail = ""
    elif style < 0.30:
        title = f"{subject} {verb} {topic} {noun}?"
    else:
        title = f"{subject} {verb} {topic} {noun}"
    if tail:
        title = f"{title} {tail}"
    if style > 0.97:
        return title.upper()
    if style > 0.80:
        return " ".join(w[:1].upper() + w[1:] for w in title.split(" "))
    return title[:1].upper() + title[1:]


def make_slug(title: str) -> str:
    return slugify(title)
