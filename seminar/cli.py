"""Flask commands: create-admin, load-demo, backup, send-mail (and those the areas add)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy.engine import make_url

from .areas import area_modules
from .extensions import db


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
def create_admin(email: str, name: str) -> None:
    """Create the first site admin. The password is read from a prompt, or from stdin when piped."""
    from .accounts import services
    from .errors import DomainError

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user = services.get_user_by_email(email)
        if user is None:
            user = services.create_user(email, name=name, password=password, is_admin=True)
        else:
            services.validate_password(password)
            user.set_password(password)
            user.is_admin = True
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Site admin {user.email} is ready.")


@click.command("load-demo")
@click.option(
    "--allow-production",
    is_flag=True,
    help="Load the demo even though the configuration says production.",
)
def load_demo(allow_production: bool) -> None:
    """Create the La Paz seminar with demo accounts and data (idempotent)."""
    if current_app.config["ENV_NAME"] == "production" and not allow_production:
        raise click.ClickException(
            "This is a production configuration; demo accounts have a public password. "
            "Pass --allow-production if you really want the demo here."
        )
    event = None
    for module in area_modules("demo"):
        event = module.load_demo(event)
        db.session.commit()
    click.echo("Demo loaded: http://127.0.0.1:5000/events/lapaz-migration-policies/")
    click.echo(
        "Demo accounts (password seminar-demo): admin@, organizer@, rapporteur@, checkin@example.org"
    )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Write a consistent copy of the SQLite database to PATH (online backup API)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException("backup copies SQLite databases; for PostgreSQL use pg_dump.")
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    click.echo(f"Backup written to {path}")


@click.command("send-mail")
def send_mail() -> None:
    """Deliver the queued e-mail now (the app also does it in the background)."""
    from .mail import deliver_pending

    sent, failed = deliver_pending(limit=10_000)
    click.echo(f"{sent} sent, {failed} failed")


def init_app(app: Flask) -> None:
    from .storage import import_uploads_command, purge_files_command

    for command in (
        create_admin,
        load_demo,
        backup,
        send_mail,
        purge_files_command,
        import_uploads_command,
    ):
        app.cli.add_command(command)
    for module in area_modules("cli"):
        module.init_app(app)
