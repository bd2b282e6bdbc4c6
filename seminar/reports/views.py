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

from .. import documents, edits
from ..accounts.permissions import can_edit_report, can_manage_event, event_route
from ..errors import problem
from ..events.models import Event
from ..i18n import language_name
from ..uow import work
from . import document, recommendations, rendering, services, sessions, translations, versions
from .forms import CommentForm, CoverForm, FinalizeForm, NoteForm, SectionForm
from .models import Report, ReportSection, ReportStatus, SessionNote

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
    recs = recommendations.recommendations_of(event)
    return render_template(
        "reports/workspace.html",
        event=event,
        report=report,
        sections=services.sections_of(report),
        rows=sessions.session_rows(event),
        recs=recs,
        numbers=recommendations.numbers_for(recs),
        comments=services.comments_of(report, open_only=True),
        versions=versions.versions_of(report),
        section_title=services.section_title,
        status_labels=services.STATUS_LABELS,
        state_labels=services.STATE_LABELS,
        can_manage=can_manage_event(current_user, event),
    )


# --- notes -----------------------------------------------------------------------------------


def _saved_note(note: SessionNote | None) -> NoteForm:
    saved = NoteForm(formdata=None, obj=note)
    saved.version.data = str(note.version if note else 0)
    return saved


def _saved_by(obj: Any) -> dict[str, Any]:
    """Who saved the version a conflict shows, and when (for the shared 409 panel)."""
    if obj is None or obj.id is None:
        return {}
    by = getattr(obj, "updated_by", None)
    return {"saved_by": by.display_name if by else None, "saved_at": obj.updated_at}


@bp.route("/manage/<slug>/report/notes/<int:item_id>", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_note(event: Event, item_id: int) -> Any:
    item = sessions.get_item(event, item_id)
    if item is None:
        abort(404)
    rows = sessions.session_rows(event, include_all_kinds=True)
    row = next((r for r in rows if r.item_id == item_id), None)
    note = sessions.note_for(event, item)
    form = NoteForm(obj=note)
    if request.method == "GET":
        form.version.data = str(note.version if note else 0)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            sessions.save_note(
                event,
                item,
                form.data_dict(),
                expected_version=edits.expected_version(form),
                by=current_user,
            )
        if done:
            flash(_("The notes on “%(title)s” have been saved.", title=item.title), "success")
            if request.form.get("next") == "stay":
                return redirect(url_for("reports.edit_note", slug=event.slug, item_id=item.id))
            return redirect(url_for("reports.workspace", slug=event.slug) + "#notes")
        if done.conflict:
            note = sessions.note_for(event, item)
            conflict = edits.conflict_for(done.conflict, form, _saved_note(note), **_saved_by(note))
    return render_template(
        "reports/note.html", event=event, item=item, row=row, note=note, form=form,
        conflict=conflict,
    ), edits.status(form, conflict)  # fmt: skip


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


def _saved_section(section: ReportSection) -> SectionForm:
    saved = SectionForm(formdata=None, obj=section)
    saved.version.data = str(section.version or 0)
    return saved


@bp.route("/manage/<slug>/report/sections/<key>", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_section(event: Event, key: str) -> Any:
    report = services.get_report(event)
    section = services.get_section(report, key)
    if section is None:
        abort(404)
    form = SectionForm(obj=section)
    if request.method == "GET":
        form.version.data = str(section.version or 0)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            stored = services.ensure_section(services.ensure_report(event), key)
            services.save_section(
                stored,
                form.body.data or "",
                expected_version=edits.expected_version(form),
                by=current_user,
            )
        if done:
            flash(_("“%(title)s” has been saved.", title=services.section_title(stored)), "success")
            return redirect(url_for("reports.workspace", slug=event.slug) + "#sections")
        report = services.get_report(event)
        section = services.get_section(report, key) or section
        if done.conflict:
            conflict = edits.conflict_for(
                done.conflict, form, _saved_section(section), **_saved_by(section)
            )
    return render_template(
        "reports/section.html",
        event=event,
        report=report,
        section=section,
        title=services.section_title(section),
        hint=services.SECTION_HINTS.get(section.key),
        form=form,
        conflict=conflict,
        comments=[c for c in services.comments_of(report) if c.section_key == key],
        comment_form=CommentForm(prefix="comment", target=f"section:{key}"),
    ), edits.status(form, conflict)


def _saved_cover(report: Report) -> CoverForm:
    saved = CoverForm(formdata=None, obj=report)
    saved.version.data = str(report.version or 0)
    return saved


@bp.route("/manage/<slug>/report/cover", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_cover(event: Event) -> Any:
    report = services.get_report(event)
    form = CoverForm(obj=report)
    if request.method == "GET":
        form.version.data = str(report.version or 0)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            services.update_cover(
                services.ensure_report(event),
                form.data_dict(),
                expected_version=edits.expected_version(form),
                by=current_user,
            )
        if done:
            flash(_("The cover has been saved."), "success")
            return redirect(url_for("reports.workspace", slug=event.slug))
        report = services.get_report(event)
        if done.conflict:
            saved_at = report.updated_at if report.id is not None else None
            conflict = edits.conflict_for(
                done.conflict, form, _saved_cover(report), saved_at=saved_at
            )
    return render_template(
        "reports/cover.html", event=event, report=report, form=form, conflict=conflict
    ), edits.status(form, conflict)


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
    with work() as done:
        services.add_comment(
            report, form.body.data or "", by=current_user,
            section_key=ident if kind == "section" else None, recommendation=rec,
        )  # fmt: skip
    if done:
        flash(_("Your comment has been added."), "success")
        return redirect(back + "#comments")
    return redirect(back)


@bp.post("/manage/<slug>/report/comments/<int:comment_id>/resolve")
@event_route(can_edit_report)
def resolve_comment(event: Event, comment_id: int) -> Response:
    report = services.get_report(event)
    comment = services.get_comment(report, comment_id)
    if comment is None:
        abort(404)
    with work() as done:
        services.resolve_comment(report, comment, by=current_user)
    if done:
        flash(_("The comment is marked as resolved."), "success")
    next_url = request.form.get("next", "")
    if next_url.startswith("/manage/") and "//" not in next_url:
        return redirect(next_url)
    return redirect(url_for("reports.workspace", slug=event.slug) + "#comments")


@bp.post("/manage/<slug>/report/status")
@event_route(can_edit_report)
def change_status(event: Event) -> Response:
    wanted = request.form.get("status", "")
    if wanted not in (ReportStatus.DRAFT.value, ReportStatus.IN_REVIEW.value):
        abort(400)
    with work() as done:
        services.change_status(services.ensure_report(event), ReportStatus(wanted), by=current_user)
    if done and wanted == ReportStatus.IN_REVIEW.value:
        flash(_("The report is now in review. Organizers can comment on it."), "success")
    elif done:
        flash(_("The report is back in draft."), "success")
    return redirect(url_for("reports.workspace", slug=event.slug))


@bp.post("/manage/<slug>/report/finalize")
@event_route(can_manage_event)
def finalize(event: Event) -> Any:
    """Freeze the next version. Notes the report will leave out are named first: the organizer
    finalizes after seeing exactly that list (sent back as ``left_out``)."""
    report = services.get_report(event)
    form = FinalizeForm()
    left_out = sessions.left_out_notes(event)
    untranslated = translations.incomplete(report)
    untranslated_key = translations.incomplete_key(untranslated)
    if not form.validate_on_submit():
        abort(400)
    if (
        form.left_out_ids() != {row.item_id for row in left_out}
        or (form.untranslated.data or "") != untranslated_key
    ):
        form.version.data = str(report.version or 0)
        form.left_out.data = ",".join(str(row.item_id) for row in left_out)
        form.untranslated.data = untranslated_key
        return render_template(
            "reports/finalize.html", event=event, report=report, form=form, left_out=left_out,
            untranslated=untranslated, number=versions.next_number(report),
            language_name=language_name, status_labels=translations.STATUS_LABELS,
        )  # fmt: skip
    # The buttons send the report version they were shown with; a bare POST (scripts) has none.
    expected = edits.expected_version(form) if form.version.data else None
    with work() as done:
        version = versions.finalize(report, by=current_user, expected_version=expected)
    if not done:
        return redirect(url_for("reports.workspace", slug=event.slug))
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
    """The report as HTML: the same template and stylesheets as the PDF (``?lang=``: one of the
    report's languages)."""
    report = services.get_report(event)
    lang = _report_lang(report)
    doc = document.collect_inputs(report, lang=lang)
    toolbar = {
        "label": _("Report preview"),
        "back": _("Back to the workspace"),
        "back_url": url_for("reports.workspace", slug=event.slug),
        "pdf": _("Download the draft as PDF"),
        "pdf_url": url_for("reports.draft_pdf", slug=event.slug, lang=lang),
    }
    return rendering.render_html(doc, toolbar=toolbar)


@bp.get("/manage/<slug>/report/draft.pdf")
@event_route(can_edit_report)
def draft_pdf(event: Event) -> Response:
    """Rendered by a job; the same draft is rendered once, whoever asks for it."""
    report = services.get_report(event)
    lang = _report_lang(report)
    html = rendering.render_html(document.collect_inputs(report, lang=lang))
    return documents.respond(
        "report-draft", html=html, filename=f"{event.slug}-draft-{lang}.pdf", event_id=event.id
    )


def _report_lang(report: Report) -> str:
    """The language asked for with ``?lang=`` if the report is made in it, else its own."""
    wanted = request.args.get("lang", "")
    return wanted if wanted in translations.languages(report) else report.language


from . import (  # noqa: E402, F401  (routes on this blueprint)
    views_front_matter,
    views_recommendations,
    views_translate,
    views_versions,
)
