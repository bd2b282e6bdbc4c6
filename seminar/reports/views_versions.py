"""Finalized versions: list, compare, download, publish; and the public report."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
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
from ..uow import work
from . import services, versions
from .views import _pdf_response, bp


@bp.get("/manage/<slug>/report/versions")
@event_route(can_edit_report)
def versions_page(event: Event) -> str:
    report = services.get_report(event)
    listed = versions.versions_of(report)
    numbers = [v.number for v in listed]
    comparison = None
    old = request.args.get("from", type=int)
    new = request.args.get("to", type=int)
    if old is None and len(numbers) >= 2:
        old, new = numbers[1], numbers[0]
    if old is not None and new is not None and old in numbers and new in numbers and old != new:
        comparison = versions.compare(
            versions.snapshot_of(report, old) or {}, versions.snapshot_of(report, new) or {}
        )
    return render_template(
        "reports/versions.html",
        event=event,
        report=report,
        versions=listed,
        comparison=comparison,
        old=old,
        new=new,
        can_manage=can_manage_event(current_user, event),
    )


@bp.get("/manage/<slug>/report/versions/<int:number>.pdf")
@event_route(can_edit_report)
def version_pdf(event: Event, number: int) -> Response:
    version = versions.get_version(services.get_report(event), number, with_pdf=True)
    if version is None:
        abort(404)
    if version.pdf is None:  # still being rendered by a job: a page that refreshes itself
        if version.document is None:
            abort(404)
        return documents.preparing_response(version.document)
    return _pdf_response(version.pdf, f"{event.slug}-v{number}.pdf", etag=version.sha256)


@bp.post("/manage/<slug>/report/versions/<int:number>/render")
@event_route(can_edit_report)
def render_version(event: Event, number: int) -> Response:
    """Prepare a version's PDF again after its render failed (the numbers stay as frozen)."""
    version = versions.get_version(services.get_report(event), number)
    if version is None or version.document is None:
        abort(404)
    with work() as done:
        documents.retry(version.document)
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


@bp.get("/events/<slug>/report.pdf")
@public_event_route
def public_report(event: Event) -> Response:
    """The published final version, served from storage (never re-rendered)."""
    version = versions.published_version(event)
    if version is None or version.pdf is None:
        abort(404)
    response = _pdf_response(version.pdf, f"{event.slug}-report.pdf", etag=version.sha256)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response.make_conditional(request)
