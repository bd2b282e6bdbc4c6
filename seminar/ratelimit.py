"""Rate limits on the forms that send e-mail (password reset, participant links, registration,
team invitations): per client address and per recipient, so nobody can flood a mailbox or the
outgoing mail server. Only submissions that were accepted count; a form with errors sends nothing.

The counters live in ``RATELIMIT_STORAGE_URI`` (Redis when ``REDIS_URL`` is set, shared by every
web process; memory in the embedded setup and the tests).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, current_app, make_response, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from werkzeug.wrappers import Response

from .extensions import limiter

F = TypeVar("F", bound=Callable[..., Any])


def _recipient() -> str:
    return "recipient:" + (request.form.get("email") or "").strip().lower()


def _accepted(response: Response) -> bool:
    return response.status_code < 400


_per_address = limiter.shared_limit(
    lambda: str(current_app.config["MAIL_FORM_LIMIT_PER_ADDRESS"]),
    scope="mail-form-address",
    methods=["POST"],
    deduct_when=_accepted,
)
_per_recipient = limiter.shared_limit(
    lambda: str(current_app.config["MAIL_FORM_LIMIT_PER_RECIPIENT"]),
    scope="mail-form-recipient",
    key_func=_recipient,
    methods=["POST"],
    deduct_when=_accepted,
)


@limiter.request_filter
def _reading() -> bool:
    """Only submissions are limited: a page read sends no mail, and skipping the limiter early
    keeps public pages and their conditional requests cheap."""
    return request.method in ("GET", "HEAD", "OPTIONS")


def mail_form(view: F) -> F:
    """Limit a view whose form sends e-mail to the address in its ``email`` field."""
    return cast(F, _per_address(_per_recipient(view)))


def init_app(app: Flask) -> None:
    from .errors import render_error

    limiter.init_app(app)

    @app.errorhandler(RateLimitExceeded)
    def _too_many(error: RateLimitExceeded) -> Any:
        response = make_response(
            render_error(
                429,
                _(
                    "This form has been sent too many times. Please wait a while before you try "
                    "again. If you are waiting for an e-mail, it may take a few minutes to arrive; "
                    "check the spam folder too."
                ),
            )
        )
        # Only limited answers say when to come back (other responses carry no limit headers,
        # which would tell an attacker how much is left).
        current = limiter.current_limit
        wait = int(current.reset_at - time.time()) if current is not None else 60
        response.headers["Retry-After"] = str(max(wait, 1))
        return response
