"""``archive plot KIND --out FILE.png``: timeline, category mix, wire-agency share, link degrees."""

from __future__ import annotations

from typing import Any

import click

from archive.cli.common import db_option, output_file, read_session
from archive.cli.filters import article_filter, filter_options
from archive.cli.output import force_option


@click.command("plot")
@db_option
@click.argument("kind", type=click.Choice(["timeline", "categories", "sources", "degree", "health"]))
@filter_options
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="The PNG file to write (an existing one needs --force).")
@force_option
@click.option("--dpi", type=click.IntRange(min=30, max=600), default=120, show_default=True)
def plot_command(kind: str, out: str, dpi: int, force: bool, **filters: Any) -> None:
    """Draw a PNG: timeline (articles per month), categories (category mix per year), sources
    (wire-agency share per year), degree (link-degree distribution, log-log) or health (the
    last crawl runs: counts, failed monitors, theme-layer share, drift alarms).

    Example:

        archive plot timeline --since 2020-01-01 --out timeline.png
        archive plot sources --category "India News" --out india-sources.png
        archive plot health --out health.png
    """
    from archive.research.health_plot import health_figure
    from archive.research.plots import PLOTS, save_png

    with read_session() as session:
        if kind == "health":  # runs, not articles: the filters do not apply
            figure = health_figure(session)
        else:
            figure = PLOTS[kind](session, article_filter(filters))
    with output_file(out, force=force) as path:
        save_png(figure, path, dpi=dpi)
    click.echo(f"wrote {out}", err=True)


def register(group: click.Group) -> None:
    group.add_command(plot_command)
