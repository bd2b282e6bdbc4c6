"""Site-wide routes that belong to no domain area: health check and the language switch."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from flask import (
    Blueprint,
    Flask,
    Request,
    abort,
    current_app,
    jsonify,
    redirect,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter
from werkzeug.utils import cached_property
from werkzeug.wrappers import Response

from .extensions import db
from .i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE
from .uow import work
from .validation import BoundedFormDataParser

bp = Blueprint("web", __name__)

# Control characters, spaces and their Unicode look-alikes, which browsers strip or reinterpret.
_UNSAFE_IN_TARGET = re.compile(r"[\x00-\x20\x7f-\xa0\s\u2000-\u200f\u2028-\u202f\ufeff]")


def _leaves_site(url: str) -> bool:
    """Would a browser take ``url`` off this site? It reads backslashes as slashes, drops tabs and
    line breaks inside URLs, and treats a leading ``//`` as "another host, same scheme"."""
    url = url.replace("\\", "/")
    parts = urlsplit(url)
    return not url.startswith("/") or url.startswith("//") or bool(parts.scheme or parts.netloc)


def safe_next(target: str | None, fallback: str) -> str:
    """Where to go after a form: a path on this site, normalized, or ``fallback``.

    Every redirect to a user-supplied target (``next=`` and the like) goes through here. Targets
    with control characters or whitespace, with a scheme or a host, starting with ``//`` (also as
    ``/\\``, ``/%2F`` or ``%2F%2F``), or that do so once percent-decoded, are refused; repeated
    slashes in the path are collapsed, so the ``Location`` header never starts with ``//``.
    """
    if not target or len(target) > 2048 or _UNSAFE_IN_TARGET.search(target):
        return fallback
    if _leaves_site(target) or _leaves_site(unquote(unquote(target))):
        return fallback
    parts = urlsplit(target)
    path = re.sub(r"/{2,}", "/", parts.path)
    return urlunsplit(("", "", path, parts.query, parts.fragment))


@bp.get("/healthz")
def healthz() -> Response:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy"
        current_app.logger.exception("health check failed")
        return Response(
            '{"status": "error", "database": "unreachable"}', 503, mimetype="application/json"
        )
    return jsonify(status="ok", database="ok")


@bp.get("/media/<path:name>")
def media(name: str) -> Response:
    """Uploaded images (public by design: speaker photos, report logos) from the database store.

    Names are content-addressed, so a response never changes: cache it for a year, and answer a
    revalidation with 304. Stored files that are not public (import lists) are never served."""
    from . import storage

    stored = storage.get(name)
    if stored is None or not stored.is_public:
        abort(404)
    response = Response(mimetype=stored.media_type)
    response.set_etag(stored.sha256)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    if not request.if_none_match.contains(stored.sha256):  # a 304 needs no bytes from the database
        response.set_data(stored.data)
    response = response.make_conditional(request)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


def _choose_language(lang: str, next_url: str | None) -> Response:
    response = redirect(safe_next(next_url, url_for("events.home")))
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE,
            lang,
            max_age=LANGUAGE_COOKIE_MAX_AGE,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
            samesite="Lax",
        )
    return response


@bp.post("/language")
def switch_language() -> Response:
    """The switch of signed-in users: the choice is also saved to their account."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"] and current_user.is_authenticated:
        with work():
            current_user.locale = lang
    return _choose_language(lang, request.form.get("next"))


@bp.get("/language/<lang>")
def language_link(lang: str) -> Response:
    """The switch of visitors: a plain link that sets the language cookie (nothing is stored, so
    a link is enough, and public pages need no session or CSRF token for it)."""
    return _choose_language(lang, request.args.get("next"))


def status_label(status: str) -> str:
    from .events.forms import STATUS_NAMES
    from .events.models import EventStatus

    return str(STATUS_NAMES[EventStatus(status)])


# C0 controls but tab, line feed and carriage return; DEL; lone surrogates (from JSON escapes).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Drop control characters nobody types (PostgreSQL refuses NUL in text); a lone surrogate,
    which no database can store, becomes U+FFFD."""
    return _CONTROL.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", value)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k) if isinstance(k, str) else k: _clean(v) for k, v in value.items()}
    return value


class CleanRequest(Request):
    """Form fields, query arguments and JSON arrive without control characters."""

    form_data_parser_class = BoundedFormDataParser

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__["form"]
        self.__dict__["form"] = ImmutableMultiDict(
            [(clean_text(k), clean_text(v)) for k, v in form.items(multi=True)]
        )

    @cached_property
    def args(self) -> ImmutableMultiDict[str, str]:
        raw = super().args
        return ImmutableMultiDict(
            [(clean_text(k), clean_text(v)) for k, v in raw.items(multi=True)]
        )

    def get_json(self, *args: Any, **kwargs: Any) -> Any:
        return _clean(super().get_json(*args, **kwargs))


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>`` ids fit a database integer: a larger number is a 404, not a 500 from the driver."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class PrintableConverter(UnicodeConverter):
    """URL parts (slugs, tokens, keys) never hold control characters: those addresses are 404s."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f]")


def init_app(app: Flask) -> None:
    from .audit import action_label, details
    from .text import render_markdown

    app.url_map.converters["int"] = DatabaseIntConverter  # before any route is added
    app.url_map.converters["default"] = app.url_map.converters["string"] = PrintableConverter
    app.request_class = CleanRequest
    app.register_blueprint(bp)
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals.update(
        status_label=status_label,
        action_label=action_label,
        action_details=details,
        # Areas link to each other's pages only once those pages exist.
        has_endpoint=lambda name: name in current_app.view_functions,
    )
