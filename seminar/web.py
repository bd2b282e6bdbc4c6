"""Site-wide routes that belong to no domain area: health check and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
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


def init_app(app: Flask) -> None:
    from .audit import action_label
    from .text import render_markdown

    app.register_blueprint(bp)
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals.update(
        status_label=status_label,
        action_label=action_label,
        # Areas link to each other's pages only once those pages exist.
        has_endpoint=lambda name: name in current_app.view_functions,
    )
