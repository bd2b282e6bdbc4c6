"""Flask commands: ``disable-user EMAIL``, ``enable-user EMAIL`` and ``purge-login-attempts``."""

from __future__ import annotations

import click
from flask import Flask

from ..extensions import db
from . import services, signin


def _set_active(email: str, active: bool) -> None:
    user = services.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the e-mail address {email!r}.")
    services.set_account_active(user, active)
    db.session.commit()


@click.command("disable-user")
@click.argument("email")
def disable_user(email: str) -> None:
    """Disable an account: it can no longer sign in, and every session of it ends now."""
    _set_active(email, False)
    click.echo(f"{email} is disabled and signed out everywhere.")


@click.command("enable-user")
@click.argument("email")
def enable_user(email: str) -> None:
    """Let a disabled account sign in again."""
    _set_active(email, True)
    click.echo(f"{email} can sign in again.")


@click.command("purge-login-attempts")
def purge_login_attempts() -> None:
    """Forget failed sign-in attempts older than the throttling window."""
    count = signin.purge_login_attempts()
    db.session.commit()
    click.echo(f"{count} old failed sign-in attempts removed.")


def init_app(app: Flask) -> None:
    for command in (disable_user, enable_user, purge_login_attempts):
        app.cli.add_command(command)
