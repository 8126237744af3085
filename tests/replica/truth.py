"""Ground truth: the contract record a perfect crawler stores for a page as rendered now.

Rules (they match ``tests/fixtures/specimen/specimen-article.expected.json``):

* text fields are NFC with whitespace (including NBSP) collapsed to single spaces;
* ``body``: one paragraph per ``<p>``/``<h2>``/``<h3>``/``<blockquote>``, per list item and per
  table row (cells joined by `` | ``), joined by one blank line; a ``<br>`` inside a paragraph
  is a space; empty paragraphs, captions, ALSO READ lines, embeds, ads and share text are not
  body; the trailing wire credit stays;
* ``summary``: the standfirst without its credit and without a "By NAME" opener;
* ``links``: grouped in LINK_KINDS order (the replica lays out bodies so that this is also
  document order), each kind in page order; URLs canonical; ``embed`` links have text None.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from archive.contract import to_record
from tests.replica.model import (
    BR,
    AlsoRead,
    Anchor,
    ArticleView,
    Block,
    Embed,
    Figure,
    Group,
    LinkTarget,
    ListBlock,
    Para,
    Part,
    TableBlock,
)
from tests.replica.vocab import CATEGORIES, TAG_NAMES

MAIN_HOST = "asianlite.com"
OLD_HOST = "archive.asianlite.com"


def clean(text: str) -> str:
    """NFC, whitespace runs (NBSP included) collapsed, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def parts_text(parts: tuple[Part, ...]) -> str:
    out = []
    for part in parts:
        if isinstance(part, Anchor):
            out.append(part.text)
        elif part is BR:
            out.append(" ")
        else:
            out.append(str(part))
    return "".join(out)


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Blocks in document order, groups flattened."""
    for block in blocks:
        if isinstance(block, Group):
            yield from iter_blocks(block.blocks)
        else:
            yield block


def paragraphs(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for block in iter_blocks(blocks):
        if isinstance(block, Para):
            out.append(clean(parts_text(block.parts)))
        elif isinstance(block, ListBlock):
            out.extend(clean(parts_text(item)) for item in block.items)
        elif isinstance(block, TableBlock):
            out.extend(clean(" | ".join(row)) for row in block.rows)
    return [p for p in out if p]


def body_text(blocks: tuple[Block, ...]) -> str:
    return "\n\n".join(paragraphs(blocks))


def reading_minutes(blocks: tuple[Block, ...]) -> int:
    words = sum(len(p.split()) for p in paragraphs(blocks))
    return max(1, round(words / 250))


def iso_utc(epoch: int | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).isoformat()


def record(view: ArticleView, url_of: Callable[[int], str]) -> dict[str, Any]:
    """The contract record of ``view``; ``url_of(post_id)`` gives a post's canonical URL."""
    host = OLD_HOST if view.old_site else MAIN_HOST
    standfirst = view.standfirst
    data: dict[str, Any] = {
        "post_id": view.post_id,
        "url": url_of(view.post_id),
        "shortlink": f"https://{host}/?p={view.post_id}",
        "title": clean(view.title),
        "summary": clean(standfirst.core) if standfirst else None,
        "body": body_text(view.blocks),
        "published_at": iso_utc(view.published),
        "modified_at": iso_utc(view.modified),
        "authors": [clean(a) for a in view.authors],
        "category": CATEGORIES[view.primary].clean_name,
        "categories": [CATEGORIES[c].clean_name for c in view.categories],
        "tags": [TAG_NAMES[t] for t in view.tags],
        "source": view.source,
        "reading_minutes": view.reading_minutes,
        "language": "en",
        "images": [_image(f, host) for f in iter_blocks(view.blocks) if isinstance(f, Figure)],
        "links": links(view, url_of),
    }
    return to_record(data)


def _image(figure: Figure, host: str) -> dict[str, Any]:
    return {
        "url": f"https://{host}/wp-content/uploads/{figure.path}",
        "caption": clean(figure.caption) if figure.caption else None,
        "alt": clean(figure.alt) if figure.alt else None,
    }


def links(view: ArticleView, url_of: Callable[[int], str]) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = []
    also: list[dict[str, Any]] = []
    embeds: list[dict[str, Any]] = []
    for block in iter_blocks(view.blocks):
        if isinstance(block, Para):
            for part in block.parts:
                if isinstance(part, Anchor):
                    url = url_of(part.post_id) if part.post_id else str(part.url)
                    body.append(_link("body", url, part.text))
        elif isinstance(block, AlsoRead):
            also.append(_link("also_read", url_of(block.post_id), view.titles[block.post_id]))
        elif isinstance(block, Embed):
            embeds.append({"kind": "embed", "url": block.url, "text": None})
    out = body + also + embeds
    out += _targets("previous_story", [view.previous] if view.previous else [], url_of)
    out += _targets("next_story", [view.next] if view.next else [], url_of)
    out += _targets("latest_from", view.latest_from, url_of)
    out += _targets("dont_miss", view.dont_miss, url_of)
    return out


def _targets(kind: str, targets: list[LinkTarget], url_of: Callable[[int], str]) -> list[dict]:
    return [_link(kind, url_of(t.post_id), t.title) for t in targets]


def _link(kind: str, url: str, text: str) -> dict[str, Any]:
    return {"kind": kind, "url": url, "text": clean(text)}
