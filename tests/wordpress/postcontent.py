"""A planned post's body as block-editor ``post_content`` (and its standfirst as ``post_excerpt``).

Links and image sources are written on the site's own origin, as WordPress stores them; the
harness rewrites the template origin to the run's ``http://127.0.0.1:PORT`` at start-up (the
search-replace every WordPress migration does). Even post ids write typographic characters as
numeric entities, odd ones as UTF-8 characters (both occur in real WordPress databases).
Embeds and ads are ``core/html`` blocks, so WordPress never tries an oEmbed look-up.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.replica import vocab
from tests.replica.markup import attr, esc
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

#: Attachment ids in ``wp-image-N`` classes are offset so they never name a real post.
ATTACHMENT_OFFSET = 500_000


def _wrap(name: str, html: str, attrs: str = "") -> str:
    opener = f"<!-- wp:{name}{' ' + attrs if attrs else ''} -->"
    return f"{opener}\n{html}\n<!-- /wp:{name} -->"


class PostContent:
    """Renders one post's blocks; ``url_of(post_id)`` is a post's URL on the stored origin."""

    def __init__(self, post_id: int, titles: dict[int, str], origin: str,
                 url_of: Callable[[int], str]) -> None:
        self.entities = post_id % 2 == 0
        self.titles = titles
        self.origin = origin
        self.url_of = url_of

    def text(self, text: str) -> str:
        return esc(text, self.entities)

    def parts(self, parts: tuple[Part, ...]) -> str:
        out = []
        for part in parts:
            if isinstance(part, Anchor):
                href = self.url_of(part.post_id) if part.post_id else str(part.url)
                extra = "" if part.post_id else ' target="_blank" rel="noreferrer noopener"'
                out.append(f'<a href="{attr(href)}"{extra}>{self.text(part.text)}</a>')
            elif part is BR:
                out.append("<br>")
            else:
                out.append(self.text(str(part)))
        return "".join(out)

    def blocks(self, blocks: tuple[Block, ...]) -> str:
        return "\n\n".join(self.block(b) for b in blocks)

    def block(self, block: Block) -> str:  # noqa: C901 - a plain dispatch table
        if isinstance(block, Para):
            return self.para(block)
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{self.parts(item)}</li>" for item in block.items)
            return _wrap("list", f"<{tag}>{items}</{tag}>", '{"ordered":true}' if block.ordered else "")
        if isinstance(block, TableBlock):
            return self.table(block)
        if isinstance(block, Figure):
            return self.figure(block)
        if isinstance(block, AlsoRead):
            return self.also_read(block)
        if isinstance(block, Embed):
            return _wrap("html", self.embed(block))
        if isinstance(block, Ad):
            return _wrap("html", self.ad(block))
        if isinstance(block, Empty):
            return _wrap("paragraph", "<p>&nbsp;</p>")
        if isinstance(block, Group):
            inner = self.blocks(block.blocks)
            return _wrap("group", f'<div class="wp-block-group">{inner}</div>')
        raise TypeError(f"unknown block {block!r}")

    def para(self, block: Para) -> str:
        inner = self.parts(block.parts)
        if block.tag == "blockquote":
            return _wrap("quote", f'<blockquote class="wp-block-quote"><p>{inner}</p></blockquote>')
        if block.tag in ("h2", "h3"):
            level = '{"level":3}' if block.tag == "h3" else ""
            return _wrap("heading", f'<{block.tag} class="wp-block-heading">{inner}</{block.tag}>', level)
        return _wrap("paragraph", f"<p>{inner}</p>")

    def table(self, block: TableBlock) -> str:
        head, *rows = block.rows
        th = "".join(f"<th>{self.text(c)}</th>" for c in head)
        body = "".join("<tr>" + "".join(f"<td>{self.text(c)}</td>" for c in row) + "</tr>"
                       for row in rows)
        table = f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
        return _wrap("table", f'<figure class="wp-block-table">{table}</figure>')

    def figure(self, fig: Figure) -> str:
        image_id = fig.attachment_id + ATTACHMENT_OFFSET
        src = f"{self.origin}/wp-content/uploads/{fig.path}"
        img = (f'<img src="{attr(src)}" alt="{attr(fig.alt or "")}" class="wp-image-{image_id}" '
               f'width="{fig.width}" height="{fig.height}"/>')
        if fig.style == "bare" and not fig.caption:
            return _wrap("paragraph", f"<p>{img}</p>")
        caption = (f'<figcaption class="wp-element-caption">{self.text(fig.caption)}</figcaption>'
                   if fig.caption else "")
        return _wrap("image", f'<figure class="wp-block-image size-large">{img}{caption}</figure>',
                     f'{{"id":{image_id},"sizeSlug":"large"}}')

    def also_read(self, block: AlsoRead) -> str:
        label, strong = vocab.ALSO_READ_FORMS[block.form]
        link = f'<a href="{attr(self.url_of(block.post_id))}">{self.text(self.titles[block.post_id])}</a>'
        inner = f"{esc(label)}{link}"
        return _wrap("paragraph", f"<p><strong>{inner}</strong></p>" if strong else f"<p>{inner}</p>")

    def embed(self, block: Embed) -> str:
        if block.kind == "tweet":
            handle = block.url.split("/")[3]
            return (
                '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
                '<div class="wp-block-embed__wrapper"><blockquote class="twitter-tweet" data-width="550">'
                f'<p lang="en" dir="ltr">{self.text(block.text)}</p>&mdash; {handle} (@{handle}) '
                f'<a href="{attr(block.url)}">{handle}</a></blockquote></div></figure>'
            )
        return (
            '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
            f'<div class="wp-block-embed__wrapper"><iframe title="YouTube video player" width="640" '
            f'height="360" src="{attr(block.url)}" frameborder="0" allowfullscreen></iframe></div></figure>'
        )

    def ad(self, block: Ad) -> str:
        return (
            f'<div class="code-block code-block-{block.slot} ad-slot" style="margin: 8px auto; '
            'text-align: center;"><ins class="adsbygoogle" style="display:block" '
            'data-ad-client="ca-pub-0000000000000000" data-ad-slot="1234567890" '
            'data-ad-format="auto"></ins></div>'
        )


def excerpt(standfirst: Standfirst | None, entities: bool) -> str:
    """``post_excerpt``: the standfirst as the site's editors type it (credit included)."""
    if standfirst is None:
        return ""
    opener = f"<strong>{esc(standfirst.opener)}</strong> " if standfirst.opener else ""
    return opener + esc(standfirst.core + (standfirst.credit or ""), entities)
