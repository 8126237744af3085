"""HTML pieces shared by the page renderers: escaping, dates and the article body blocks."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta, timezone

from tests.replica import vocab
from tests.replica.hosts import HostView
from tests.replica.model import (
    BR,
    Ad,
    AlsoRead,
    Anchor,
    ArticleView,
    Block,
    Embed,
    Empty,
    Figure,
    Group,
    ListBlock,
    Para,
    Part,
    TableBlock,
)

_ENTITIES = str.maketrans(
    {
        "’": "&#8217;",
        "‘": "&#8216;",
        "“": "&#8220;",
        "”": "&#8221;",
        "—": "&#8212;",
        "–": "&#8211;",
        "…": "&#8230;",
        "\u00a0": "&nbsp;",
    }
)


def esc(text: str, entities: bool = True) -> str:
    """Escape text for HTML; with ``entities`` typographic characters become numeric entities
    (as WordPress's wptexturize writes them)."""
    out = html.escape(text, quote=False)
    return out.translate(_ENTITIES) if entities else out


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def local_dt(epoch: int, tz_minutes: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC).astimezone(timezone(timedelta(minutes=tz_minutes)))


def iso_local(epoch: int, tz_minutes: int) -> str:
    return local_dt(epoch, tz_minutes).isoformat()


def display_date(epoch: int, tz_minutes: int = 0) -> str:
    dt = local_dt(epoch, tz_minutes)
    return f"{dt:%B} {dt.day}, {dt.year}"


class BodyRenderer:
    """Renders body blocks for one page (theme ``current`` or ``old``)."""

    def __init__(self, site: object, view: ArticleView, host: HostView, theme: str) -> None:
        self.site = site
        self.view = view
        self.host = host
        self.old = theme == "old"
        self.entities = view.post_id % 2 == 0

    def post_url(self, post_id: int) -> str:
        return self.host.url(self.site.path(post_id))  # type: ignore[attr-defined]

    def upload_url(self, path: str) -> str:
        return self.host.url(f"/wp-content/uploads/{path}")

    def text(self, text: str) -> str:
        return esc(text, self.entities)

    def parts(self, parts: tuple[Part, ...]) -> str:
        out = []
        for part in parts:
            if isinstance(part, Anchor):
                if part.post_id:
                    out.append(
                        f'<a href="{attr(self.post_url(part.post_id))}">{self.text(part.text)}</a>'
                    )
                else:
                    out.append(
                        f'<a href="{attr(str(part.url))}" target="_blank" rel="noopener">'
                        f"{self.text(part.text)}</a>"
                    )
            elif part is BR:
                out.append("<br />\n" if self.old else "<br>\n")
            else:
                out.append(self.text(str(part)))
        return "".join(out)

    def blocks(self, blocks: tuple[Block, ...]) -> str:
        return "\n".join(self.block(b) for b in blocks)

    def block(self, block: Block) -> str:  # noqa: C901 - a plain dispatch table
        if isinstance(block, Para):
            return self.para(block)
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{self.parts(item)}</li>" for item in block.items)
            return f"<{tag}>{items}</{tag}>"
        if isinstance(block, TableBlock):
            return self.table(block)
        if isinstance(block, Figure):
            return self.figure(block)
        if isinstance(block, AlsoRead):
            return self.also_read(block)
        if isinstance(block, Embed):
            return self.embed(block)
        if isinstance(block, Ad):
            return self.ad(block)
        if isinstance(block, Empty):
            return "<p>&nbsp;</p>"
        if isinstance(block, Group):
            inner = self.blocks(block.blocks)
            if self.old:
                return f'<div class="boxed"><div>{inner}</div></div>'
            return (
                '<div class="wp-block-group"><div class="wp-block-group__inner-container">'
                f"{inner}</div></div>"
            )
        raise TypeError(f"unknown block {block!r}")

    def para(self, block: Para) -> str:
        inner = self.parts(block.parts)
        if block.tag == "blockquote":
            return f'<blockquote class="wp-block-quote"><p>{inner}</p></blockquote>'
        return f"<{block.tag}>{inner}</{block.tag}>"

    def table(self, block: TableBlock) -> str:
        head, *rows = block.rows
        th = "".join(f"<th>{self.text(c)}</th>" for c in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{self.text(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        table = f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
        return table if self.old else f'<figure class="wp-block-table">{table}</figure>'

    def figure(self, fig: Figure) -> str:
        src = self.upload_url(fig.path)
        alt = attr(fig.alt or "")
        small = self.upload_url(fig.path.replace(".jpg", "-300x200.jpg"))
        img_attrs = f'src="{attr(src)}" alt="{alt}" width="{fig.width}" height="{fig.height}"'
        if self.old:
            img = f'<img class="size-full wp-image-{fig.attachment_id}" {img_attrs} />'
            if fig.caption:
                return (
                    f'<div id="attachment_{fig.attachment_id}" class="wp-caption aligncenter" '
                    f'style="width: 610px">{img}<p class="wp-caption-text">'
                    f"{self.text(fig.caption)}</p></div>"
                )
            return f'<p style="text-align: center;">{img}</p>'
        img = (
            f'<img loading="lazy" class="size-large wp-image-{fig.attachment_id}" {img_attrs} '
            f'srcset="{attr(src)} 1024w, {attr(small)} 300w" '
            'sizes="(max-width: 1024px) 100vw, 1024px">'
        )
        if fig.caption:
            cid = f"caption-attachment-{fig.attachment_id}"
            return (
                f'<figure id="attachment_{fig.attachment_id}" aria-describedby="{cid}" '
                f'class="wp-caption aligncenter">{img}<figcaption id="{cid}" '
                f'class="wp-caption-text">{self.text(fig.caption)}</figcaption></figure>'
            )
        if fig.style == "block":
            return f'<figure class="wp-block-image size-large">{img}</figure>'
        return f"<p>{img}</p>"

    def also_read(self, block: AlsoRead) -> str:
        label, strong = vocab.ALSO_READ_FORMS[block.form]
        title = self.view.titles[block.post_id]
        link = f'<a href="{attr(self.post_url(block.post_id))}">{self.text(title)}</a>'
        inner = f"{esc(label)}{link}"
        return f"<p><strong>{inner}</strong></p>" if strong else f"<p>{inner}</p>"

    def embed(self, block: Embed) -> str:
        if block.kind == "tweet":
            handle = block.url.split("/")[3]
            tweet = (
                f'<blockquote class="twitter-tweet" data-width="550"><p lang="en" dir="ltr">'
                f"{self.text(block.text)}</p>&mdash; {handle} (@{handle}) "
                f'<a href="{attr(block.url)}">{display_date(self.view.published)}</a></blockquote>'
                '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8">'
                "</script>"
            )
            if self.old:
                return tweet
            return (
                '<figure class="wp-block-embed is-type-rich is-provider-twitter '
                f'wp-block-embed-twitter"><div class="wp-block-embed__wrapper">{tweet}</div></figure>'
            )
        frame = (
            f'<iframe title="YouTube video player" width="640" height="360" src="{attr(block.url)}" '
            'frameborder="0" allowfullscreen></iframe>'
        )
        if self.old:
            return f"<p>{frame}</p>"
        return (
            '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
            f'<div class="wp-block-embed__wrapper">{frame}</div></figure>'
        )

    def ad(self, block: Ad) -> str:
        if self.old:
            return (
                '<div class="adsense-inline"><script type="text/javascript">google_ad_client = '
                '"ca-pub-0000000000000000"; google_ad_width = 468;</script></div>'
            )
        return (
            f'<div class="code-block code-block-{block.slot} ad-slot" style="margin: 8px auto; '
            'text-align: center;">\n<script async src="https://pagead2.googlesyndication.com/'
            'pagead/js/adsbygoogle.js"></script>\n<ins class="adsbygoogle" style="display:block" '
            'data-ad-client="ca-pub-0000000000000000" data-ad-slot="1234567890" '
            'data-ad-format="auto"></ins>\n<script>(adsbygoogle = window.adsbygoogle || [])'
            ".push({});</script>\n</div>"
        )
