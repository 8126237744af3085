"""The article model shared by the renderer and the ground truth.

A page is rendered from an :class:`ArticleView`, and the truth record is computed from the same
view, so the two cannot drift apart. Body blocks are small frozen dataclasses; text parts are
plain strings (may hold NBSP, NFD, curly quotes), :class:`Anchor` (a link) or :data:`BR`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Anchor:
    """A link inside body text: to a post of the site (``post_id``) or an external ``url``."""

    text: str
    post_id: int | None = None
    url: str | None = None


class _Br:
    def __repr__(self) -> str:
        return "BR"


BR = _Br()
Part = str | Anchor | _Br


@dataclass(frozen=True)
class Para:
    parts: tuple[Part, ...]
    tag: str = "p"  # p | h2 | h3 | blockquote


@dataclass(frozen=True)
class ListBlock:
    items: tuple[tuple[Part, ...], ...]
    ordered: bool = False


@dataclass(frozen=True)
class TableBlock:
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Figure:
    path: str  # below /wp-content/uploads/, e.g. "2022/03/Modi-trade-deal.jpg"
    caption: str | None
    alt: str | None
    attachment_id: int
    style: str = "caption"  # caption (wp-caption figure) | block (wp-block-image) | bare (<p><img>)
    width: int = 1024
    height: int = 683


@dataclass(frozen=True)
class AlsoRead:
    post_id: int
    form: int  # index into vocab.ALSO_READ_FORMS


@dataclass(frozen=True)
class Embed:
    kind: str  # tweet | youtube
    url: str
    text: str = ""


@dataclass(frozen=True)
class Ad:
    slot: int = 3


@dataclass(frozen=True)
class Empty:
    pass


@dataclass(frozen=True)
class Group:
    blocks: tuple[Block, ...]


Block = Para | ListBlock | TableBlock | Figure | AlsoRead | Embed | Ad | Empty | Group


@dataclass(frozen=True)
class Standfirst:
    core: str  # the summary as stored (before NFC/whitespace normalisation)
    credit: str | None = None  # rendered suffix, e.g. "….reports Asian Lite News"
    opener: str | None = None  # "By NAME" opener (NAME is an author)


@dataclass
class LinkTarget:
    post_id: int
    title: str
    excerpt: str = ""


@dataclass
class ArticleView:
    """Everything needed to render one article page as it is now."""

    post_id: int
    old_site: bool
    title: str
    slug: str
    primary: int  # category index
    categories: tuple[int, ...]  # page order (alphabetical by display name)
    tags: tuple[int, ...]
    authors: tuple[str, ...]
    published: int  # epoch seconds UTC
    tz_minutes: int  # local offset shown on the page
    modified: int | None
    standfirst: Standfirst | None
    blocks: tuple[Block, ...]
    source: str | None
    reading_minutes: int | None
    previous: LinkTarget | None = None
    next: LinkTarget | None = None
    latest_from: list[LinkTarget] = field(default_factory=list)
    dont_miss: list[LinkTarget] = field(default_factory=list)
    trending: list[LinkTarget] = field(default_factory=list)
    ticker: list[LinkTarget] = field(default_factory=list)
    version: int = 0
    titles: dict[int, str] = field(default_factory=dict)  # titles of posts linked in the body
