"""`flask report-pdf SLUG OUTPUT.pdf [--version N]`: the current draft, or a finalized version."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, g

from ..events.services import get_event


@click.command("report-pdf")
@click.argument("slug")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--version", "number", type=int, default=None, help="A finalized version's number.")
def report_pdf(slug: str, output: Path, number: int | None) -> None:
    """Render the report of event SLUG to OUTPUT (the draft, or the stored bytes of a version)."""
    from . import document, rendering, services, versions

    event = get_event(slug)
    if event is None:
        raise click.ClickException(f"No event with the address {slug!r}.")
    g.event = event
    report = services.get_report(event)
    if number is not None:
        version = versions.get_version(report, number, with_pdf=True)
        if version is None:
            raise click.ClickException(f"The report has no version {number}.")
        if version.pdf is None:
            raise click.ClickException(f"Version {number} is still being prepared by a worker.")
        data, sha = version.pdf, version.sha256
    else:
        result = rendering.render_report_pdf(rendering.render_html(document.collect_inputs(report)))
        data, sha = result.pdf, result.sha256
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    click.echo(f"{output}: {len(data):,} bytes, SHA-256 {sha}")


def init_app(app: Flask) -> None:
    app.cli.add_command(report_pdf)
