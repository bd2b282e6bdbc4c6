"""Signing in: password checks that take the same time for every address, throttling that slows
guessing down without ever locking the owner out, and single-use e-mailed sign-in links.

Failed attempts are counted per (account, client address) and per client address over a window.
Past a few free failures, each further failure doubles the wait before the next try (up to a cap).
While a wait applies, the answer is the same whether or not the password was right, so it tells a
guesser nothing; but when it was right, the owner receives a link that signs them in at once.
"""

from __future__ import annotations

import math
from datetime import timedelta
from functools import cache
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..dbtypes import utcnow
from ..errors import DomainError
from ..extensions import db
from ..mail import OutboxMessage
from .models import LoginAttempt, User
from .services import EmailedLink, get_user_by_email, normalize_email, queue_account_mail

SIGN_IN_LINK_KIND = "sign_in_link"
# One sign-in link per account in this time is enough; more would only fill the mailbox.
SIGN_IN_LINK_INTERVAL = timedelta(minutes=5)


class SignInError(DomainError):
    status = 401


class ThrottledError(SignInError):
    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@cache
def _dummy_hash() -> str:
    """A hash to check unknown addresses against, so they cost what a real account costs."""
    return generate_password_hash("no account has this password")


def _password_matches(user: User | None, password: str) -> bool:
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        return False
    return user.check_password(password)


def _wait_seconds(*conditions: Any, free: int) -> int:
    """Seconds still to wait after the recent failures that match ``conditions`` (0: none)."""
    cfg = current_app.config
    since = utcnow() - timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    count, newest = db.session.execute(
        select(func.count(LoginAttempt.id), func.max(LoginAttempt.attempted_at)).where(
            *conditions, LoginAttempt.attempted_at >= since
        )
    ).one()
    if count <= free or newest is None:
        return 0
    if newest.tzinfo is None:  # func.max bypasses the column type on some databases
        newest = newest.replace(tzinfo=since.tzinfo)
    delay = min(
        cfg["LOGIN_MAX_DELAY_SECONDS"], cfg["LOGIN_BASE_DELAY_SECONDS"] * 2 ** (count - free - 1)
    )
    return max(0, math.ceil((newest + timedelta(seconds=delay) - utcnow()).total_seconds()))


def sign_in_wait(email: str, address: str) -> int:
    """How long this address must wait before it may try this account again, in seconds."""
    cfg = current_app.config
    return max(
        _wait_seconds(
            LoginAttempt.email == email,
            LoginAttempt.address == address,
            free=cfg["LOGIN_FREE_FAILURES_PER_ACCOUNT"],
        ),
        _wait_seconds(LoginAttempt.address == address, free=cfg["LOGIN_FREE_FAILURES_PER_ADDRESS"]),
    )


def _wait_message(seconds: int) -> str:
    if seconds < 120:
        wait = ngettext("%(num)d second", "%(num)d seconds", seconds)
    else:
        wait = ngettext("%(num)d minute", "%(num)d minutes", math.ceil(seconds / 60))
    return _(
        "Too many failed sign-in attempts. Try again in %(wait)s. If you entered the right "
        "password, we have also sent you an e-mail with a link to sign in now.",
        wait=wait,
    )


def authenticate(email: str, password: str, *, address: str) -> User | SignInError:
    """The user with these credentials, or why they may not sign in (``ThrottledError`` while
    this address must wait: then the right password e-mails a sign-in link to the owner).

    Refusals are returned rather than raised: the failed attempt they record must be committed.
    """
    email, address = normalize_email(email), address[:64]
    user = get_user_by_email(email)
    ok = _password_matches(user, password) and user is not None and user.is_active
    wait = sign_in_wait(email, address)
    if not ok:
        db.session.add(LoginAttempt(email=email, address=address))
    if wait:
        if ok and user is not None:
            send_sign_in_link(user)
        return ThrottledError(_wait_message(wait), retry_after=wait)
    if not ok or user is None:
        return SignInError(_("The e-mail address or password is not correct."))
    complete_sign_in(user, address=address)
    return user


def complete_sign_in(user: User, *, address: str) -> None:
    """Record a successful sign-in: earlier failures from this address stop counting."""
    user.last_login_at = utcnow()
    db.session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.email == user.email, LoginAttempt.address == address[:64]
        )
    )
    purge_login_attempts()


def purge_login_attempts() -> int:
    """Forget failed attempts older than the throttling window; returns how many went."""
    since = utcnow() - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    result = db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < since))
    return int(getattr(result, "rowcount", 0) or 0)


def _fingerprint(user: User) -> str:
    """Changes once the link is used (a new sign-in) or the user's sessions are ended."""
    last = user.last_login_at.isoformat() if user.last_login_at else ""
    return f"{user.session_stamp}/{last}"


SIGN_IN_LINK = EmailedLink(
    salt="sign-in-link",
    max_age_setting="LOGIN_UNLOCK_MAX_AGE",
    fingerprint=_fingerprint,
    expired=_l("This link has expired. Sign in again to get a new one."),
    forged=_l("This link is not valid. Sign in again to get a new one."),
    used=_l("This link has already been used. Sign in again to get a new one."),
    key="fp",
)
sign_in_token = SIGN_IN_LINK.token
user_from_sign_in_token = SIGN_IN_LINK.user


def send_sign_in_link(user: User) -> None:
    """E-mail the owner a single-use link that signs them in past the throttle (at most one every
    few minutes)."""
    recent = db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == SIGN_IN_LINK_KIND,
            OutboxMessage.to_address == user.email,
            OutboxMessage.created_at >= utcnow() - SIGN_IN_LINK_INTERVAL,
        )
    )
    if recent is not None:
        return
    queue_account_mail(
        user,
        "accounts/email/sign_in_link",
        _l("Your link to sign in"),
        kind=SIGN_IN_LINK_KIND,
        endpoint="accounts.sign_in_by_link",
        token=sign_in_token(user),
    )
