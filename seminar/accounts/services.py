"""Accounts: users, passwords and reset tokens, sessions, and event team membership."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select

from .. import audit, mail
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..links import public_url
from .models import LoginAttempt, Membership, User

audit.ACTION_LABELS.update(
    {
        "user.password_changed": _l("Password changed"),
        "user.signed_out_everywhere": _l("Signed out everywhere"),
        "user.disabled": _l("Account disabled"),
        "user.enabled": _l("Account enabled"),
    }
)

MIN_PASSWORD_LENGTH = 10


class InvalidLinkError(DomainError):
    """An e-mailed link (password reset, sign-in) that is forged, expired or already used."""

    status = 400


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(
    email: str, *, name: str = "", password: str | None = None, is_admin: bool = False
) -> User:
    email = normalize_email(email)
    if get_user_by_email(email) is not None:
        raise DomainError(_("An account with this e-mail address already exists."), field="email")
    user = User(email=email, name=name.strip(), is_admin=is_admin)
    if password is not None:
        validate_password(password)
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH), field="password"
        )


@dataclass(frozen=True)
class EmailedLink:
    """A kind of signed, expiring, single-use link e-mailed to an account holder.

    The token names the user and a fingerprint of the account state the link is there to change
    (the password, the last sign-in); once that state changes the fingerprint differs and the link
    is used up. Each kind has its own salt (a token of one kind never opens another kind's page),
    its lifetime setting, and its own messages that say how to get a new link.
    """

    salt: str
    max_age_setting: str
    fingerprint: Callable[[User], str]
    expired: str
    forged: str
    used: str
    key: str = "stamp"  # the fingerprint's name in the token (links already sent keep working)

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=self.salt)

    def token(self, user: User) -> str:
        return str(self._serializer().dumps({"uid": user.id, self.key: self.fingerprint(user)}))

    def user(self, token: str) -> User:
        """The active user the link is for; InvalidLinkError when forged, expired or used."""
        max_age = current_app.config[self.max_age_setting]
        try:
            data = self._serializer().loads(token, max_age=max_age)
        except SignatureExpired as exc:
            raise InvalidLinkError(str(self.expired)) from exc
        except BadSignature as exc:
            raise InvalidLinkError(str(self.forged)) from exc
        user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
        if user is None or not user.is_active or self.fingerprint(user) != data.get(self.key):
            raise InvalidLinkError(str(self.used))
        return user


def password_stamp(user: User) -> str:
    """Changes whenever a password is set: links that set one die once used."""
    return user.password_changed_at.isoformat() if user.password_changed_at else ""


PASSWORD_RESET_LINK = EmailedLink(
    salt="password-reset",
    max_age_setting="PASSWORD_RESET_MAX_AGE",
    fingerprint=password_stamp,
    expired=_l("This link has expired. Ask for a new one."),
    forged=_l("This link is not valid. Ask for a new one."),
    used=_l("This link has already been used. Ask for a new one."),
)
password_reset_token = PASSWORD_RESET_LINK.token
user_from_reset_token = PASSWORD_RESET_LINK.user


def reset_password(user: User, password: str) -> None:
    """Set a new password from a reset link; every session of the user ends."""
    validate_password(password)
    user.set_password(password)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == user.email))
    audit.record("user.password_reset", obj=user, summary=user.email, by=user)


def change_password(user: User, *, current: str, new: str) -> None:
    """The signed-in user changes their password; every other session of theirs ends (the
    caller signs this one in again with the new session stamp)."""
    if not user.check_password(current):
        raise DomainError(_("This is not your current password."), field="current_password")
    validate_password(new)
    user.set_password(new)
    audit.record("user.password_changed", obj=user, summary=user.email, by=user)


def end_all_sessions(user: User) -> None:
    """Sign the user out on every device: sessions and remember-me cookies stop working."""
    user.end_sessions()
    audit.record("user.signed_out_everywhere", obj=user, summary=user.email, by=user)


def set_account_active(user: User, active: bool, *, by: User | None = None) -> None:
    """Disable (or enable again) an account; disabling ends every session of it at once."""
    if user.is_active_account == active:
        return
    user.is_active_account = active
    if not active:
        user.end_sessions()
    audit.record("user.enabled" if active else "user.disabled", obj=user, summary=user.email, by=by)


def send_password_reset(email: str) -> None:
    """Queue a reset e-mail if the account exists; say nothing either way (no account probing)."""
    user = get_user_by_email(email)
    if user is None or not user.is_active:
        return
    queue_account_mail(
        user, "accounts/email/reset", _l("Reset your password"), kind="password_reset"
    )


def queue_account_mail(
    user: User,
    template: str,
    subject: Any,
    *,
    kind: str,
    endpoint: str = "accounts.reset_password",
    token: str | None = None,
    link: str | None = None,
    related: Any = None,
    event_id: int | None = None,
    **context: Any,
) -> None:
    """Render and queue an account e-mail in the user's language (``subject`` is a lazy string),
    with ``link`` or else a link to ``endpoint`` (by default, to set a password) on the public
    address; the message is filed under ``related`` (by default, the user) for its status."""
    link = link or public_url(endpoint, token=token or password_reset_token(user))
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue(
            to=user.email,
            to_name=user.name,
            subject=str(subject),
            text=render_template(f"{template}.txt", user=user, link=link, **context),
            html=render_template(f"{template}.html", user=user, link=link, **context),
            kind=kind,
            related=related if related is not None else user,
            event_id=event_id,
        )


def remove_member(membership: Membership, *, by: User | None = None) -> None:
    audit.record(
        "membership.removed",
        event=membership.event,
        obj=membership,
        summary=f"{membership.user.email}: {membership.role.value}",
        by=by,
    )
    db.session.delete(membership)
    db.session.flush()


def team(event: Event) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.event_id == event.id)
            .join(Membership.user)
            .order_by(Membership.role, User.name, User.email)
        )
    )
