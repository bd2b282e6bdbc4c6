"""Accounts: sign-in with throttling, password reset tokens, users and event team membership."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from .. import audit, mail
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from .models import LoginAttempt, Membership, Role, User

MIN_PASSWORD_LENGTH = 10


class SignInError(DomainError):
    status = 401


class ThrottledError(DomainError):
    status = 429


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


def _recent_failures(column: Any, value: str, since: Any) -> int:
    return (
        db.session.scalar(
            select(func.count(LoginAttempt.id)).where(
                column == value,
                LoginAttempt.succeeded.is_(False),
                LoginAttempt.attempted_at >= since,
            )
        )
        or 0
    )


def _lock_remaining_minutes(column: Any, value: str, limit: int) -> int | None:
    """Minutes until the lock on this account or address lifts, or None when it is not locked."""
    window = timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    since = utcnow() - window
    if _recent_failures(column, value, since) < limit:
        return None
    newest = db.session.scalar(
        select(func.max(LoginAttempt.attempted_at)).where(
            column == value, LoginAttempt.succeeded.is_(False)
        )
    )
    if newest is None:
        return None
    if newest.tzinfo is None:  # func.max bypasses the column type on some databases
        newest = newest.replace(tzinfo=utcnow().tzinfo)
    remaining = (newest + window - utcnow()).total_seconds() / 60
    return max(1, math.ceil(remaining))


def authenticate(email: str, password: str, *, address: str) -> User:
    """Check credentials; record the attempt; refuse while the account or the address is locked.

    The caller commits, so failed attempts are kept even though an error is raised.
    """
    email = normalize_email(email)
    cfg = current_app.config
    locked = _lock_remaining_minutes(
        LoginAttempt.email, email, cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    ) or _lock_remaining_minutes(
        LoginAttempt.address, address, cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    )
    if locked:
        raise ThrottledError(
            _(
                "Too many failed sign-in attempts. For your security, sign-in is paused for "
                "%(minutes)d minutes. You can also reset your password.",
                minutes=locked,
            )
        )
    user = get_user_by_email(email)
    ok = user is not None and user.is_active and user.check_password(password)
    db.session.add(LoginAttempt(email=email, address=address[:64], succeeded=ok))
    if not ok or user is None:
        raise SignInError(_("The e-mail address or password is not correct."))
    user.last_login_at = utcnow()
    db.session.execute(
        delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(False))
    )
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def password_reset_token(user: User) -> str:
    # The fingerprint of the current password makes a token single-use: it dies once used.
    stamp = user.password_changed_at.isoformat() if user.password_changed_at else ""
    return _serializer().dumps({"uid": user.id, "stamp": stamp})


def user_from_reset_token(token: str) -> User:
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired as exc:
        raise DomainError(_("This link has expired. Ask for a new one.")) from exc
    except BadSignature as exc:
        raise DomainError(_("This link is not valid. Ask for a new one.")) from exc
    user = db.session.get(User, data.get("uid"))
    stamp = user.password_changed_at.isoformat() if user and user.password_changed_at else ""
    if user is None or stamp != data.get("stamp"):
        raise DomainError(_("This link has already been used. Ask for a new one."))
    return user


def reset_password(user: User, password: str) -> None:
    validate_password(password)
    user.set_password(password)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == user.email))
    audit.record("user.password_reset", obj=user, summary=user.email, by=user)


def send_password_reset(email: str) -> None:
    """Queue a reset e-mail if the account exists; say nothing either way (no account probing)."""
    user = get_user_by_email(email)
    if user is None or not user.is_active:
        return
    _queue_account_mail(
        user, "accounts/email/reset", _l("Reset your password"), kind="password_reset"
    )


def _queue_account_mail(
    user: User, template: str, subject: Any, *, kind: str, **context: Any
) -> None:
    """Render and queue an account e-mail in the user's language (``subject`` is a lazy string)."""
    link = url_for("accounts.reset_password", token=password_reset_token(user), _external=True)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue(
            to=user.email,
            to_name=user.name,
            subject=str(subject),
            text=render_template(f"{template}.txt", user=user, link=link, **context),
            html=render_template(f"{template}.html", user=user, link=link, **context),
            kind=kind,
            related=user,
        )


def add_member(
    event: Event, *, email: str, role: Role, name: str = "", by: User | None = None
) -> Membership:
    """Give someone a role on the event's team; new people get an invitation to set a password."""
    user = get_user_by_email(email)
    created = user is None
    if user is None:
        user = create_user(email, name=name)
        user.locale = event.default_language
    exists = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.event_id == event.id, Membership.role == role
        )
    )
    if exists is not None:
        raise DomainError(_("%(email)s already has this role.", email=user.email), field="email")
    membership = Membership(user=user, event=event, role=role)
    db.session.add(membership)
    db.session.flush()
    audit.record(
        "membership.added",
        event=event,
        obj=membership,
        summary=f"{user.email}: {role.value}",
        by=by,
    )
    _queue_account_mail(
        user,
        "accounts/email/invitation",
        _l("You have been invited to %(event)s", event=event.title),
        kind="invitation",
        event=event,
        role=role,
        needs_password=created or not user.password_hash,
    )
    return membership


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
