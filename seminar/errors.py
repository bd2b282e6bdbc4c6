"""Domain errors and the friendly error pages (HTML, or problem details for JSON callers)."""

from __future__ import annotations

import contextlib
from typing import Any

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from .extensions import db


class DomainError(Exception):
    """A rule of the domain was broken; ``str(error)`` is a message a user can read."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """Someone else changed the object since it was loaded (stale version)."""

    status = 409


class NotAllowed(DomainError):
    status = 403


TITLES = {
    400: _l("Bad request"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("File too large"),
    422: _l("Cannot be done"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("Service unavailable"),
}

MESSAGES = {
    400: _l("The request could not be understood. Please go back and try again."),
    403: _l("You do not have permission to see this page. Ask the event's organizers for access."),
    404: _l("We could not find this page. It may have moved, or the address may be mistyped."),
    405: _l("This address does not accept that kind of request."),
    413: _l("The file you sent is too large."),
    500: _l("An unexpected error happened on our side. It has been logged; please try again."),
    503: _l("The service is temporarily unavailable. Please try again in a moment."),
}


def wants_json() -> bool:
    return (
        request.is_json
        or request.path.endswith(".json")
        or request.accept_mimetypes.best == "application/json"
    )


def problem(status: int, detail: str, **extra: object) -> Response:
    body = {"type": "about:blank", "title": str(TITLES.get(status, "")), "status": status}
    body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def render_error(status: int, detail: str | None = None) -> tuple[str, int] | Response:
    message = detail or str(MESSAGES.get(status, MESSAGES[500]))
    if wants_json():
        return problem(status, message)
    title = str(TITLES.get(status, TITLES[500]))
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Any:
        return render_error(
            400,
            _(
                "Your form expired or was sent without its security token. Reload the page and try again."
            ),
        )

    @app.errorhandler(DomainError)
    def _domain(error: DomainError) -> Any:
        db.session.rollback()
        return render_error(error.status, error.message)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        if error.code is None or error.code < 400:
            return error
        detail = None
        if error.code in (400, 409, 422, 429) and error.description != type(error).description:
            detail = error.description
        return render_error(error.code, detail)

    @app.errorhandler(OperationalError)
    def _database_unavailable(error: OperationalError) -> Any:
        # Locked (SQLite busy past its timeout), restarted or unreachable: the transaction is gone.
        app.logger.exception("database unavailable")
        with contextlib.suppress(Exception):
            db.session.rollback()
        response = make_response(
            render_error(
                503,
                _(
                    "The service is temporarily unavailable and your changes were not saved. "
                    "Please try again in a moment."
                ),
            )
        )
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        app.logger.exception("unhandled error")
        db.session.rollback()
        return render_error(500)
