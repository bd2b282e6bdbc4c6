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
@click.option("--lang", default=None, help="One of the report's languages (default: its own).")
def report_pdf(slug: str, output: Path, number: int | None, lang: str | None) -> None:
    """Render the report of event SLUG to OUTPUT (the draft, or the stored bytes of a version),
    in one of its languages."""
    from . import document, rendering, services, translations, versions

    event = get_event(slug)
    if event is None:
        raise click.ClickException(f"No event with the address {slug!r}.")
    g.event = event
    report = services.get_report(event)
    lang = lang or report.language
    if lang not in translations.languages(report):
        raise click.ClickException(f"The report is not made in {lang!r}.")
    if number is not None:
        version = versions.get_version(report, number)
        if version is None:
            raise click.ClickException(f"The report has no version {number}.")
        file = versions.version_file(version, lang)
        if file is None:
            raise click.ClickException(f"Version {number} has no PDF in {lang!r}.")
        if file.pdf is None:
            raise click.ClickException(f"Version {number} is still being prepared by a worker.")
        data, sha = file.pdf, file.sha256
    else:
        html = rendering.render_html(document.collect_inputs(report, lang=lang))
        result = rendering.render_report_pdf(html)
        data, sha = result.pdf, result.sha256
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    click.echo(f"{output}: {len(data):,} bytes, SHA-256 {sha}")


def init_app(app: Flask) -> None:
    app.cli.add_command(report_pdf)
