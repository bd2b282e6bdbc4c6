"""The rapporteur workspace: notes, written sections, cover, review, preview.

Recommendations and versions have their own modules (``views_recommendations``, ``views_versions``)
that add their routes to this blueprint.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.permissions import can_edit_report, can_manage_event, event_route
from ..errors import ConflictError, DomainError, problem
from ..events.models import Event
from ..extensions import db
from ..forms import attach_error
from . import document, recommendations, rendering, services, versions
from .forms import CommentForm, CoverForm, NoteForm, SectionForm
from .models import ReportStatus

bp = Blueprint("reports", __name__)
bp.add_app_template_filter(rendering.report_markdown, "report_markdown")


def _pdf_response(data: bytes, filename: str, *, etag: str | None = None) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    if etag:
        response.set_etag(etag)
    return response


@bp.get("/manage/<slug>/report")
@event_route(can_edit_report)
def workspace(event: Event) -> str:
    report = services.get_report(event)
    sections = services.sections_of(report)
    rows = services.session_rows(event)
    recs = recommendations.recommendations_of(event)
    comments = services.comments_of(report, open_only=True)
    db.session.commit()  # the report and its sections exist from now on
    return render_template(
        "reports/workspace.html",
        event=event,
        report=report,
        sections=sections,
        rows=rows,
        recs=recs,
        numbers=recommendations.numbers_for(recs),
        comments=comments,
        versions=versions.versions_of(report),
        section_title=services.section_title,
        status_labels=services.STATUS_LABELS,
        state_labels=services.STATE_LABELS,
        can_manage=can_manage_event(current_user, event),
    )


# --- notes -----------------------------------------------------------------------------------


@bp.route("/manage/<slug>/report/notes/<int:item_id>", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_note(event: Event, item_id: int) -> Any:
    item = services.get_item(event, item_id)
    if item is None:
        abort(404)
    row = next(
        (r for r in services.session_rows(event, include_all_kinds=True) if r.item_id == item_id),
        None,
    )
    note = services.note_for(event, item)
    form = NoteForm(obj=note)
    if request.method == "GET":
        form.version.data = str(note.version if note else 0)
    conflict = theirs = None
    if form.validate_on_submit():
        try:
            services.save_note(
                event,
                item,
                form.data_dict(),
                expected_version=int(form.version.data or 0),
                by=current_user,
            )
        except ConflictError as error:
            db.session.rollback()
            conflict, theirs = error.message, services.note_for(event, item)
            form.version.data = str(theirs.version if theirs else 0)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The notes on “%(title)s” have been saved.", title=item.title), "success")
            if request.form.get("next") == "stay":
                return redirect(url_for("reports.edit_note", slug=event.slug, item_id=item.id))
            return redirect(url_for("reports.workspace", slug=event.slug) + "#notes")
    status = 409 if conflict else 400 if form.errors else 200
    return render_template(
        "reports/note.html", event=event, item=item, row=row, note=note, form=form,
        conflict=conflict, theirs=theirs,
    ), status  # fmt: skip


@bp.post("/manage/<slug>/report/markdown-preview")
@event_route(can_edit_report)
def markdown_preview(event: Event) -> Response:
    """The sanitized HTML of a Markdown text, exactly as the report will show it."""
    payload = request.get_json(silent=True)
    text = payload.get("text", "") if isinstance(payload, dict) else None
    if not isinstance(text, str) or len(text) > services.MAX_TEXT:
        return problem(422, _("This text is too long (at most 50,000 characters)."))
    return jsonify(html=str(rendering.report_markdown(text)))


# --- written sections and the cover ----------------------------------------------------------


@bp.route("/manage/<slug>/report/sections/<key>", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_section(event: Event, key: str) -> Any:
    report = services.get_report(event)
    section = services.get_section(report, key)
    if section is None:
        abort(404)
    form = SectionForm(obj=section)
    if request.method == "GET":
        form.version.data = str(section.version)
    conflict = theirs = None
    if form.validate_on_submit():
        try:
            services.save_section(
                section,
                form.body.data or "",
                expected_version=int(form.version.data or 0),
                by=current_user,
            )
        except ConflictError as error:
            db.session.rollback()
            conflict = error.message
            theirs = services.get_section(services.get_report(event), key)
            form.version.data = str(theirs.version if theirs else 0)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(
                _("“%(title)s” has been saved.", title=services.section_title(section)), "success"
            )
            return redirect(url_for("reports.workspace", slug=event.slug) + "#sections")
    db.session.commit()
    return render_template(
        "reports/section.html",
        event=event,
        report=report,
        section=section,
        title=services.section_title(section),
        hint=services.SECTION_HINTS.get(section.key),
        form=form,
        conflict=conflict,
        theirs=theirs,
        comments=[c for c in services.comments_of(report) if c.section_key == key],
        comment_form=CommentForm(prefix="comment", target=f"section:{key}"),
    ), 409 if conflict else 400 if form.errors else 200


@bp.route("/manage/<slug>/report/cover", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_cover(event: Event) -> Any:
    report = services.get_report(event)
    form = CoverForm(obj=report)
    if request.method == "GET":
        form.version.data = str(report.version)
    conflict = None
    if form.validate_on_submit():
        try:
            services.update_cover(
                report,
                form.data_dict(),
                expected_version=int(form.version.data or 0),
                by=current_user,
                logo=form.logo.data.stream if form.logo.data else None,
                remove_logo=bool(form.remove_logo.data),
            )
        except ConflictError as error:
            db.session.rollback()
            conflict = error.message
            form.version.data = str(services.get_report(event).version)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The cover has been saved."), "success")
            return redirect(url_for("reports.workspace", slug=event.slug))
    db.session.commit()
    return render_template(
        "reports/cover.html", event=event, report=report, form=form, conflict=conflict
    ), 409 if conflict else 400 if form.errors else 200


# --- review ----------------------------------------------------------------------------------


@bp.post("/manage/<slug>/report/comments")
@event_route(can_edit_report)
def add_comment(event: Event) -> Response:
    report = services.get_report(event)
    form = CommentForm(prefix="comment")
    target = form.target.data or ""
    kind, _sep, ident = target.partition(":")
    back = url_for("reports.workspace", slug=event.slug)
    if kind == "section":
        back = url_for("reports.edit_section", slug=event.slug, key=ident)
    elif kind == "recommendation" and ident.isdigit():
        back = url_for("reports.edit_recommendation", slug=event.slug, rec_id=int(ident))
    if not form.validate_on_submit():
        flash(_("Write your comment."), "error")
        return redirect(back)
    rec = (
        recommendations.get_recommendation(event, int(ident))
        if kind == "recommendation" and ident.isdigit()
        else None
    )
    if (kind == "section" and services.get_section(report, ident) is None) or (
        kind == "recommendation" and rec is None
    ):
        abort(404)
    try:
        services.add_comment(
            report, form.body.data or "", by=current_user,
            section_key=ident if kind == "section" else None, recommendation=rec,
        )  # fmt: skip
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(_("Your comment has been added."), "success")
    return redirect(back + "#comments")


@bp.post("/manage/<slug>/report/comments/<int:comment_id>/resolve")
@event_route(can_edit_report)
def resolve_comment(event: Event, comment_id: int) -> Response:
    report = services.get_report(event)
    comment = services.get_comment(report, comment_id)
    if comment is None:
        abort(404)
    services.resolve_comment(report, comment, by=current_user)
    db.session.commit()
    flash(_("The comment is marked as resolved."), "success")
    next_url = request.form.get("next", "")
    if next_url.startswith("/manage/") and "//" not in next_url:
        return redirect(next_url)
    return redirect(url_for("reports.workspace", slug=event.slug) + "#comments")


@bp.post("/manage/<slug>/report/status")
@event_route(can_edit_report)
def change_status(event: Event) -> Response:
    report = services.get_report(event)
    wanted = request.form.get("status", "")
    if wanted not in (ReportStatus.DRAFT.value, ReportStatus.IN_REVIEW.value):
        abort(400)
    try:
        services.change_status(report, ReportStatus(wanted), by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        if wanted == ReportStatus.IN_REVIEW.value:
            flash(_("The report is now in review. Organizers can comment on it."), "success")
        else:
            flash(_("The report is back in draft."), "success")
    return redirect(url_for("reports.workspace", slug=event.slug))


@bp.post("/manage/<slug>/report/finalize")
@event_route(can_manage_event)
def finalize(event: Event) -> Response:
    report = services.get_report(event)
    try:
        version = versions.finalize(report, by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("reports.workspace", slug=event.slug))
    db.session.commit()
    flash(
        _(
            "Version %(number)s is final. Its PDF is stored and will never change.",
            number=version.number,
        ),
        "success",
    )
    return redirect(url_for("reports.versions_page", slug=event.slug))


# --- preview ---------------------------------------------------------------------------------


@bp.get("/manage/<slug>/report/preview")
@event_route(can_edit_report)
def preview(event: Event) -> str:
    """The report as HTML: the same template and stylesheets as the PDF."""
    report = services.get_report(event)
    doc = document.collect_inputs(report)
    db.session.commit()
    toolbar = {
        "label": _("Report preview"),
        "back": _("Back to the workspace"),
        "back_url": url_for("reports.workspace", slug=event.slug),
        "pdf": _("Download the draft as PDF"),
        "pdf_url": url_for("reports.draft_pdf", slug=event.slug),
    }
    return rendering.render_html(doc, toolbar=toolbar)


@bp.get("/manage/<slug>/report/draft.pdf")
@event_route(can_edit_report)
def draft_pdf(event: Event) -> Response:
    report = services.get_report(event)
    html = rendering.render_html(document.collect_inputs(report))
    db.session.commit()
    result = rendering.render_report_pdf(html)
    return _pdf_response(result.pdf, f"{event.slug}-draft.pdf")


from . import views_recommendations, views_versions  # noqa: E402, F401  (routes on this blueprint)
