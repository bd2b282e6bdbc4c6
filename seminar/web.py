"""Site-wide routes that belong to no domain area: health check and the language switch."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Request,
    current_app,
    jsonify,
    redirect,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter
from werkzeug.utils import cached_property
from werkzeug.wrappers import Response

from .extensions import db

bp = Blueprint("web", __name__)


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site relative paths are followed after a form, never another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return fallback


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
    """Uploaded images (public by design: speaker photos, report logos) under unguessable names."""
    response = send_from_directory(current_app.config["UPLOAD_FOLDER"], name, max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


@bp.post("/language")
def switch_language() -> Response:
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("events.home")))


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
    from .audit import action_label
    from .text import render_markdown

    app.url_map.converters["int"] = DatabaseIntConverter  # before any route is added
    app.url_map.converters["default"] = app.url_map.converters["string"] = PrintableConverter
    app.request_class = CleanRequest
    app.register_blueprint(bp)
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals.update(
        status_label=status_label,
        action_label=action_label,
        # Areas link to each other's pages only once those pages exist.
        has_endpoint=lambda name: name in current_app.view_functions,
    )
