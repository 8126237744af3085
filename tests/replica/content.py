"""Deterministic article content: byline, standfirst and body blocks from (seed, post id).

Structure (authors, credits, figures, links, markup variations) comes from a generator seeded
with ``seed * 1_000_003 + post_id``; the wording comes from a second generator that also mixes
in the edit version, so an edit changes the text but not the shape of the article.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from tests.replica import vocab
from tests.replica.model import (
    BR,
    Ad,
    AlsoRead,
    Anchor,
    Block,
    Embed,
    Empty,
    Figure,
    Group,
    ListBlock,
    Para,
    Part,
    Standfirst,
    TableBlock,
)
from tests.replica.titles import encode

#: Picks a post published earlier on the same site (or None when there is none).
PickEarlier = Callable[[random.Random], int | None]


@dataclass(frozen=True)
class Content:
    authors: tuple[str, ...]
    standfirst: Standfirst | None
    blocks: tuple[Block, ...]
    source: str | None


def structure_rng(seed: int, post_id: int) -> random.Random:
    return random.Random(seed * 1_000_003 + post_id)


def text_rng(seed: int, post_id: int, version: int) -> random.Random:
    return random.Random((seed * 1_000_003 + post_id) * 977 + 13 * version + 1)


class _Writer:
    """Sentences and paragraphs about one post's topic."""

    def __init__(self, rng: random.Random, words: tuple[str, str, str, str]) -> None:
        self.rng = rng
        self.subject, self.verb, self.topic, self.noun = words

    def _place(self) -> str:
        return self.rng.choice(vocab.PLACES)

    def sentence(self) -> str:
        r = self.rng
        return _TEMPLATES[r.randrange(len(_TEMPLATES))](self, r)

    def quote_line(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"“{r.choice(vocab.HINDI_LINES)}” he said in Hindi."
        return f"“{r.choice(vocab.URDU_LINES)}” she said in Urdu."

    def paragraph(self, sentences: int | None = None) -> str:
        count = sentences or self.rng.randint(1, 3)
        return " ".join(self.sentence() for _ in range(count))

    def core(self) -> str:
        r = self.rng
        return (
            f"{r.choice(vocab.OFFICIALS).capitalize()} in {self._place()} said the {self.topic} "
            f"{self.noun} marks a turning point for {r.choice(vocab.PLACES)}"
        )


def _official(r: random.Random) -> str:
    return r.choice(vocab.OFFICIALS)


_TEMPLATES: tuple[Callable[[_Writer, random.Random], str], ...] = (
    lambda w, r: (
        f"{_official(r).capitalize()} said on {r.choice(vocab.DAYS)} that the "
        f"{w.topic} {w.noun} would “open a new chapter” for {w._place()}."
    ),
    lambda w, r: (
        f"The {w.topic} {w.noun}, announced in {w._place()}, is expected to benefit "
        f"{r.randint(2, 90)}\u00a0million people over the next {r.randint(2, 9)} years."
    ),
    lambda w, r: (
        f"“We are committed to working with our partners,” {_official(r)} told "
        f"reporters in {w._place()}."
    ),
    lambda w, r: (
        f"Officials in {w._place()} said the move followed months of {w.topic} talks "
        "— and more are planned."
    ),
    lambda w, r: (
        f"Critics argued that the {w.noun} did not go far enough, while supporters "
        "called it “a milestone”."
    ),
    lambda w, r: (
        f"According to {_official(r)}, {w.topic} spending rose by {r.randint(2, 19)} "
        "per cent in the last quarter."
    ),
    lambda w, r: (
        f"The announcement comes as {w._place()} prepares to host a major "
        f"{r.choice(vocab.TOPICS)} {w.noun} later this year."
    ),
    lambda w, r: (
        f"{w.subject} has repeatedly said that {w.topic} cooperation is “a priority "
        "for the region”."
    ),
    lambda w, r: (
        f"Earlier this week, {_official(r)} met delegations from {w._place()} and "
        f"{w._place()} to discuss {r.choice(vocab.TOPICS)}."
    ),
    lambda w, r: f"Residents in {w._place()} welcomed the decision, saying it’s “long overdue”.",
    lambda w, r: (
        f"The {w.noun} covers {w.topic}, {r.choice(vocab.TOPICS)} and "
        f"{r.choice(vocab.TOPICS)} & related services."
    ),
    lambda w, r: (
        f"Prices have climbed {r.randint(1, 4)}–{r.randint(5, 9)} per cent since "
        "January, the data showed."
    ),
    lambda w, r: f"Delegates met at a {r.choice(vocab.NFD_WORDS)} near the venue in {w._place()}.",
    lambda w, r: f"The budget of Rs\u00a0{r.randint(100, 999)} crore was approved by the panel.",
)


def generate(
    seed: int,
    post_id: int,
    version: int,
    year: int,
    month: int,
    old_site: bool,
    pick_earlier: PickEarlier,
    words: tuple[str, str, str, str] | None = None,
) -> Content:
    """The content of a generated post (see module docstring)."""
    rng = structure_rng(seed, post_id)
    writer = _Writer(text_rng(seed, post_id, version), words or encode(post_id, seed))
    authors = _authors(rng, old_site)
    standfirst = _standfirst(rng, writer, authors, old_site)
    blocks, source = _body(rng, writer, post_id, year, month, pick_earlier)
    return Content(authors, standfirst, tuple(blocks), source)


def _authors(rng: random.Random, old_site: bool) -> tuple[str, ...]:
    roll = rng.random()
    if old_site or roll < 0.70:
        return (vocab.HOUSE_AUTHOR,)
    first = rng.choice(vocab.AUTHORS)
    if roll < 0.95:
        return (first,)
    second = rng.choice([a for a in vocab.AUTHORS if a != first])
    return (first, second)


def _standfirst(
    rng: random.Random, writer: _Writer, authors: tuple[str, ...], old_site: bool
) -> Standfirst | None:
    roll = rng.random()
    if roll < 0.12:
        return None
    core = writer.core()
    named = authors[0] != vocab.HOUSE_AUTHOR and len(authors) == 1
    if named and roll > 0.88:
        return Standfirst(core=core + ".", opener=f"By {authors[0]}")
    if roll < 0.25:
        return Standfirst(core=core + ".")
    if old_site:
        return Standfirst(core=core, credit=vocab.OLD_CREDIT)
    credit = rng.choice(vocab.CREDITS)
    if "{name}" in credit:
        credit = credit.format(name=authors[0]) if named else vocab.CREDITS[0]
    return Standfirst(core=core, credit=credit)


def _body(
    rng: random.Random,
    writer: _Writer,
    post_id: int,
    year: int,
    month: int,
    pick_earlier: PickEarlier,
) -> tuple[list[Block], str | None]:
    """Body blocks in an order where body links < ALSO READ < embeds (document = kind order)."""
    count = rng.randint(4, 9)
    linked = _linked_paragraphs(rng, writer, pick_earlier, count)
    plain = [_plain_block(rng, writer) for _ in range(count - len(linked))]
    blocks: list[Block] = [*linked]
    also = _also_read(rng, pick_earlier)
    embeds = _embeds(rng, post_id, year, month)
    split = rng.randint(0, len(plain))
    blocks += plain[:split] + also + embeds + plain[split:]
    source = _wire_credit(rng, blocks)
    if also and rng.random() < 0.5:  # ALSO READ line(s) after the credit, as often seen
        tail = also + embeds
        blocks = [b for b in blocks if not isinstance(b, AlsoRead | Embed)] + tail
    _insert_figures(rng, blocks, post_id, year, month, writer)
    _insert_chrome(rng, blocks)
    return blocks, source


def _linked_paragraphs(
    rng: random.Random, writer: _Writer, pick_earlier: PickEarlier, count: int
) -> list[Block]:
    out: list[Block] = []
    if rng.random() < 0.4:
        for _ in range(rng.randint(1, 2)):
            target = pick_earlier(rng)
            if target is None:
                break
            anchor = Anchor(text=f"{writer.topic} {writer.noun}", post_id=target)
            out.append(Para((writer.sentence() + " Read more about the ", anchor, ".")))
    if rng.random() < 0.1:
        url, text = rng.choice(vocab.EXTERNAL_LINKS)
        out.append(
            Para(
                (writer.sentence() + " A statement from the ", Anchor(text, url=url), " followed.")
            )
        )
    return out[: max(0, count - 1)]


def _plain_block(rng: random.Random, writer: _Writer) -> Block:
    roll = rng.random()
    if roll < 0.06:
        return Para((writer.sentence(), BR, writer.sentence()))
    if roll < 0.11:
        items = tuple((writer.sentence(),) for _ in range(rng.randint(2, 4)))
        return ListBlock(items, ordered=rng.random() < 0.3)
    if roll < 0.14:
        header = ("Year", "Value")
        rows = tuple(
            (str(2015 + i), f"{rng.randint(10, 99)}.{rng.randint(0, 9)}") for i in range(3)
        )
        return TableBlock((header, *rows))
    if roll < 0.20:
        return Group((Para((writer.paragraph(),)), Para((writer.paragraph(1),))))
    if roll < 0.25:
        return Para((writer.paragraph(1).rstrip("."),), tag=rng.choice(("h2", "h3")))
    if roll < 0.30:
        return Para((writer.quote_line(),), tag="blockquote")
    if roll < 0.38:
        return Para((writer.sentence(), " ", writer.quote_line()))
    return Para((writer.paragraph(),))


def _also_read(rng: random.Random, pick_earlier: PickEarlier) -> list[Block]:
    if rng.random() >= 0.25:
        return []
    out: list[Block] = []
    for _ in range(2 if rng.random() < 0.15 else 1):
        target = pick_earlier(rng)
        if target is not None:
            out.append(AlsoRead(target, rng.randrange(len(vocab.ALSO_READ_FORMS))))
    return out


def _embeds(rng: random.Random, post_id: int, year: int, month: int) -> list[Block]:
    if rng.random() >= 0.08:
        return []
    if rng.random() < 0.6:
        handle = rng.choice(vocab.TWEET_HANDLES)
        status = 1_000_000_000_000_000_000 + post_id * 7919
        return [
            Embed(
                "tweet",
                f"https://twitter.com/{handle}/status/{status}",
                f"Update from {handle}, {year}-{month:02d}",
            )
        ]
    video = "".join(
        rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789_-")
        for _ in range(11)
    )
    return [Embed("youtube", f"https://www.youtube.com/embed/{video}")]


def _wire_credit(rng: random.Random, blocks: list[Block]) -> str | None:
    if rng.random() >= 0.55:
        return None
    text, source, own_paragraph = rng.choice(vocab.WIRE_CREDITS)
    if own_paragraph:
        blocks.append(Para((text,)))
        return source
    last = blocks[-1] if blocks else None
    if isinstance(last, Para) and last.tag == "p" and not any(p is BR for p in last.parts):
        blocks[-1] = Para((*last.parts, text))
    else:
        blocks.append(Para((text.strip(),)))
    return source


def _insert_figures(
    rng: random.Random, blocks: list[Block], post_id: int, year: int, month: int, writer: _Writer
) -> None:
    count = 0 if rng.random() < 0.3 else (1 if rng.random() < 0.8 else 2)
    for n in range(count):
        name = f"{writer.subject}-{writer.topic}-{writer.noun}".replace(" ", "-")
        if n:
            name += f"-{n + 1}"
        caption = None
        if rng.random() < 0.75:
            caption = f"{writer.subject} at the {writer.topic} {writer.noun} in {rng.choice(vocab.PLACES)}"
        alt = f"{writer.subject} {writer.topic}" if rng.random() < 0.4 else None
        style = "caption" if caption else rng.choice(("block", "bare"))
        figure = Figure(f"{year}/{month:02d}/{name}.jpg", caption, alt, post_id + 1 + n, style)
        blocks.insert(min(len(blocks), rng.randint(1, 3)), figure)


def _insert_chrome(rng: random.Random, blocks: list[Block]) -> None:
    """Ads inside the body and an empty paragraph, as a real WordPress body has."""
    if len(blocks) > 2:
        blocks.insert(2, Ad(3))
    if len(blocks) > 6 and rng.random() < 0.4:
        blocks.insert(6, Ad(4))
    if rng.random() < 0.15:
        blocks.insert(rng.randint(1, len(blocks)), Empty())


def first_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count])


__all__ = ["Content", "Part", "generate", "first_words"]


def teaser(seed: int, post_id: int, words: int = 30) -> str:
    """A short excerpt for teaser blocks and listings (cheap: no body generation)."""
    writer = _Writer(text_rng(seed, post_id, 0), encode(post_id, seed))
    return first_words(f"{writer.core()}. {writer.sentence()}", words)
