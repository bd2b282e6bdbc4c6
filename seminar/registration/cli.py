"""Flask commands: ``registrations-import SLUG FILE`` and ``registrations-export SLUG FILE``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from . import exports, imports


def _event(slug: str) -> Event:
    from ..events.services import get_event

    event = get_event(slug)
    if event is None:
        raise click.ClickException(f"No event with the slug {slug!r}.")
    return event


@click.command("registrations-import")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--notify/--no-notify", default=False, help="E-mail each imported person (default: no)."
)
@click.option("--dry-run", is_flag=True, help="Only check the file; write nothing.")
def registrations_import(slug: str, file: Path, notify: bool, dry_run: bool) -> None:
    """Import a CSV or XLSX list of participants into the event SLUG: all rows or none."""
    event = _event(slug)
    try:
        preview = imports.check_rows(event, file.name, file.read_bytes())
    except DomainError as error:
        raise click.ClickException(error.message) from error
    for row in preview.problem_rows:
        click.echo(f"line {row.line}: {row.name or '?'}: {' '.join(row.problems)}", err=True)
    if not preview.is_valid:
        raise click.ClickException(
            f"{len(preview.problem_rows)} of {len(preview.rows)} rows have problems; "
            "nothing was imported."
        )
    if dry_run:
        click.echo(f"{len(preview.rows)} rows are ready to import (dry run: nothing written).")
        return
    try:
        created = imports.import_rows(event, preview, notify=notify)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"{len(created)} registrations imported into {event.slug}.")


@click.command("registrations-export")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--status", default="", help="Only this state, e.g. confirmed.")
def registrations_export(slug: str, file: Path, status: str) -> None:
    """Export the registrations of the event SLUG to FILE (.csv or .xlsx, by its extension)."""
    event = _event(slug)
    suffix = file.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise click.ClickException("FILE must end in .csv or .xlsx.")
    registrations = exports.export_registrations(event, {"status": status})
    if suffix == ".csv":
        data = exports.to_csv(registrations)
    else:
        data = exports.to_xlsx(registrations, title=event.title)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    click.echo(f"{len(registrations)} registrations written to {file}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(registrations_import)
    app.cli.add_command(registrations_export)
