"""Finalized versions: list, compare, download, publish; and the public report."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import documents
from ..accounts.permissions import (
    can_edit_report,
    can_manage_event,
    event_route,
    public_event_route,
)
from ..events.models import Event
from ..i18n import LANGUAGE_COOKIE, language_name
from ..uow import work
from . import services, translations, versions
from .models import ReportVersion
from .views import _pdf_response, bp


@bp.get("/manage/<slug>/report/versions")
@event_route(can_edit_report)
def versions_page(event: Event) -> str:
    report = services.get_report(event)
    listed = versions.versions_of(report)
    numbers = [v.number for v in listed]
    languages = translations.languages(report)
    comparison = None
    old = request.args.get("from", type=int)
    new = request.args.get("to", type=int)
    lang = request.args.get("lang", "")
    if lang not in languages:
        lang = report.language
    if old is None and len(numbers) >= 2:
        old, new = numbers[1], numbers[0]
    if old is not None and new is not None and old in numbers and new in numbers and old != new:
        comparison = versions.compare(
            versions.snapshot_of(report, old, lang) or {},
            versions.snapshot_of(report, new, lang) or {},
        )
    return render_template(
        "reports/versions.html",
        event=event,
        report=report,
        versions=listed,
        comparison=comparison,
        old=old,
        new=new,
        lang=lang,
        languages=[(code, language_name(code, code)) for code in languages],
        language_name=language_name,
        ui_lang=_visitor_language(),
        can_manage=can_manage_event(current_user, event),
    )


@bp.get("/manage/<slug>/report/versions/<int:number>.pdf")
@event_route(can_edit_report)
def version_pdf(event: Event, number: int) -> Response:
    """A version's PDF in ``?lang=`` (default: the version's own language)."""
    version = versions.get_version(services.get_report(event), number)
    if version is None:
        abort(404)
    lang = request.args.get("lang") or version.language
    file = versions.version_file(version, lang)
    if file is None:
        abort(404)
    if file.pdf is None:  # still being rendered by a job: a page that refreshes itself
        if file.document is None:
            abort(404)
        return documents.preparing_response(file.document)
    response = _pdf_response(file.pdf, f"{event.slug}-v{number}-{lang}.pdf", etag=file.sha256)
    response.headers["Content-Language"] = lang
    return response


@bp.post("/manage/<slug>/report/versions/<int:number>/render")
@event_route(can_edit_report)
def render_version(event: Event, number: int) -> Response:
    """Prepare a version's PDF again after its render failed (the numbers stay as frozen)."""
    version = versions.get_version(services.get_report(event), number)
    if version is None:
        abort(404)
    with work() as done:
        for file in version.files:
            if file.document is not None:
                documents.retry(file.document)
    if done:
        flash(_("The PDF of version %(number)s is being prepared again.", number=number), "info")
    return redirect(url_for("reports.versions_page", slug=event.slug))


@bp.post("/manage/<slug>/report/versions/<int:number>/publish")
@event_route(can_manage_event)
def publish_version(event: Event, number: int) -> Response:
    report = services.get_report(event)
    version = versions.get_version(report, number)
    if version is None:
        abort(404)
    with work() as done:
        versions.publish(report, version, by=current_user)
    if done:
        flash(_("Version %(number)s is now the public report.", number=number), "success")
    return redirect(url_for("reports.versions_page", slug=event.slug))


@bp.get("/events/<slug>/report")
@public_event_route
def published_report(event: Event) -> str:
    """The published report: one PDF per language, with its size and SHA-256."""
    version = versions.published_version(event)
    snapshot = None
    if version is not None:
        report = services.get_report(event)
        snapshot = versions.snapshot_of(report, version.number, _visitor_language())
        snapshot = snapshot or versions.snapshot_of(report, version.number)
    return render_template(
        "reports/published.html",
        event=event,
        version=version,
        snapshot=snapshot,
        language_name=language_name,
    )


def _preferred_language(version: ReportVersion) -> str:
    """The visitor's language if the version is made in it (their choice, else their browser's),
    else the report's own."""
    made_in = [f.lang for f in version.files]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in made_in:
        return str(chosen)
    if current_user.is_authenticated and current_user.locale in made_in:
        return str(current_user.locale)
    return request.accept_languages.best_match(made_in) or version.language


def _visitor_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else ""


@bp.get("/events/<slug>/report.pdf")
@public_event_route
def public_report(event: Event) -> Response:
    """The published final version in ``?lang=`` (default: the visitor's language if the report
    is made in it, else the report's own), served from storage (never re-rendered)."""
    version = versions.published_version(event)
    if version is None:
        abort(404)
    lang = request.args.get("lang") or _preferred_language(version)
    file = versions.version_file(version, lang)
    if file is None or file.pdf is None:
        abort(404)
    response = _pdf_response(file.pdf, f"{event.slug}-report-{lang}.pdf", etag=file.sha256)
    response.headers["Content-Language"] = lang
    response.headers["Cache-Control"] = "public, max-age=300"
    if "lang" not in request.args:  # the language follows the visitor's choice
        response.vary.update(("Accept-Language", "Cookie"))
    return response.make_conditional(request)
