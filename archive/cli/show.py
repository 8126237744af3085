"""``archive show REF``: one article as JSON, found by archive id, post id or any URL."""

from __future__ import annotations

import click

from archive.cli.common import db_option, read_session
from archive.cli.terminal import json_text
from archive.research.show import article_details, find_article


@click.command("show")
@db_option
@click.argument("ref")
def show_command(ref: str) -> None:
    """Show one article as JSON: its record plus archive details (versions, URLs, links in).

    REF is the archive id, the WordPress post id, or any URL of the article.

    Example:

        archive show https://asianlite.com/?p=226758
    """
    with read_session() as session:
        details = article_details(session, find_article(session, ref))
    click.echo(json_text(details))


def register(group: click.Group) -> None:
    group.add_command(show_command)
