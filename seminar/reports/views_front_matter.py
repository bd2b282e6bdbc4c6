"""Front and back matter in the rapporteur workspace: which parts the report includes, the
imprint, the list of acronyms with its suggestions, and the participant statistics.

Routes on the ``reports`` blueprint (imported at the end of ``views.py``).
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from .. import edits
from ..accounts.permissions import can_edit_report, event_route
from ..events.models import Event
from ..uow import work
from . import acronyms, front_matter, services, statistics
from .forms_front_matter import AcronymsForm, ImprintForm, PartsForm, SuggestionsForm
from .models import Report, ReportFrontMatter
from .views import bp

BLANK_ROWS = 3


def _saved(form_class: type, front: ReportFrontMatter, **data: Any) -> Any:
    saved = form_class(formdata=None, obj=front, **data)
    saved.version.data = str(front.version or 0)
    return saved


def _by(front: ReportFrontMatter) -> dict[str, Any]:
    if front.id is None:
        return {}
    return {
        "saved_by": front.updated_by.display_name if front.updated_by else None,
        "saved_at": front.updated_at,
    }


@bp.route("/manage/<slug>/report/front-matter", methods=["GET", "POST"])
@event_route(can_edit_report)
def front_matter_page(event: Event) -> Any:
    report = services.get_report(event)
    front = front_matter.get_front_matter(report)
    form = PartsForm(obj=front)
    if request.method == "GET":
        form.version.data = str(front.version or 0)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            front_matter.save_parts(
                front_matter.ensure_front_matter(services.ensure_report(event)),
                form.included(),
                expected_version=edits.expected_version(form),
                by=current_user,
            )
        if done:
            flash(_("The report's parts have been saved."), "success")
            return redirect(url_for("reports.front_matter_page", slug=event.slug))
        front = front_matter.get_front_matter(services.get_report(event))
        if done.conflict:
            conflict = edits.conflict_for(
                done.conflict, form, _saved(PartsForm, front), **_by(front)
            )
    return render_template(
        "reports/front_matter.html", event=event, report=report, front=front, form=form,
        conflict=conflict, titles=front_matter.PART_TITLES,
        acronym_count=len(acronyms.acronyms_of(report)),
    ), edits.status(form, conflict)  # fmt: skip


@bp.route("/manage/<slug>/report/imprint", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_imprint(event: Event) -> Any:
    report = services.get_report(event)
    front = front_matter.get_front_matter(report)
    form = ImprintForm(obj=front)
    if request.method == "GET":
        form.version.data = str(front.version or 0)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            front_matter.save_imprint(
                front_matter.ensure_front_matter(services.ensure_report(event)),
                form.data_dict(),
                expected_version=edits.expected_version(form),
                by=current_user,
            )
        if done:
            flash(_("The imprint has been saved."), "success")
            return redirect(url_for("reports.front_matter_page", slug=event.slug))
        front = front_matter.get_front_matter(services.get_report(event))
        if done.conflict:
            conflict = edits.conflict_for(
                done.conflict, form, _saved(ImprintForm, front), **_by(front)
            )
    return render_template(
        "reports/imprint.html", event=event, report=report, form=form, conflict=conflict,
        printed=_printed_imprint(report, front),
    ), edits.status(form, conflict)  # fmt: skip


def _printed_imprint(report: Report, front: ReportFrontMatter) -> dict[str, Any]:
    """The imprint as the report prints it now (defaults where fields are empty)."""
    with force_locale(report.language):
        return front_matter.imprint(report, front)


def _acronym_rows(report: Report) -> list[dict[str, str]]:
    rows = [{"acronym": a.acronym, "expansion": a.expansion} for a in acronyms.acronyms_of(report)]
    return rows + [{"acronym": "", "expansion": ""}] * BLANK_ROWS


@bp.route("/manage/<slug>/report/acronyms", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_acronyms(event: Event) -> Any:
    report = services.get_report(event)
    front = front_matter.get_front_matter(report)
    form = AcronymsForm(data={"rows": _acronym_rows(report)} if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(front.version or 0)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            stored = services.ensure_report(event)
            acronyms.save_acronyms(
                stored,
                form.pairs(),
                expected_version=edits.expected_version(form),
                by=current_user,
                front=front_matter.ensure_front_matter(stored),
            )
        if done:
            flash(_("The list of acronyms has been saved."), "success")
            return redirect(url_for("reports.edit_acronyms", slug=event.slug))
        report = services.get_report(event)
        front = front_matter.get_front_matter(report)
        if done.conflict:
            theirs = _saved(AcronymsForm, front, data={"rows": _acronym_rows(report)})
            conflict = edits.conflict_for(done.conflict, form, theirs, **_by(front))
    return render_template(
        "reports/acronyms.html", event=event, report=report, form=form, conflict=conflict,
        included=front.include_acronyms,
    ), edits.status(form, conflict)  # fmt: skip


@bp.route("/manage/<slug>/report/acronyms/suggestions", methods=["GET", "POST"])
@event_route(can_edit_report)
def suggest_acronyms(event: Event) -> Any:
    """Acronyms found in the text, for the rapporteur to confirm one by one: nothing is added
    until they tick it and save."""
    report = services.get_report(event)
    front = front_matter.get_front_matter(report)
    found = acronyms.suggest(report)
    form = SuggestionsForm(
        data={"rows": [{"acronym": s.acronym, "expansion": s.expansion} for s in found]}
        if request.method == "GET"
        else None
    )
    if request.method == "GET":
        form.version.data = str(front.version or 0)
    counts = {s.acronym: s.count for s in found}
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            stored = services.ensure_report(event)
            added = acronyms.add_confirmed(
                stored,
                form.confirmed(),
                expected_version=edits.expected_version(form),
                by=current_user,
                front=front_matter.ensure_front_matter(stored),
            )
        if done:
            flash(
                ngettext(
                    "%(num)d acronym has been added to the list.",
                    "%(num)d acronyms have been added to the list.",
                    added,
                ),
                "success",
            )
            return redirect(url_for("reports.edit_acronyms", slug=event.slug))
        if done.conflict:
            front = front_matter.get_front_matter(services.get_report(event))
            conflict = edits.conflict_for(
                done.conflict, form, _saved(SuggestionsForm, front), **_by(front)
            )
    return render_template(
        "reports/acronym_suggestions.html", event=event, report=report, form=form,
        conflict=conflict, counts=counts,
    ), edits.status(form, conflict)  # fmt: skip


@bp.get("/manage/<slug>/report/statistics")
@event_route(can_edit_report)
def statistics_page(event: Event) -> str:
    """The figures the report prints now, from today's registrations and check-ins."""
    report = services.get_report(event)
    stats = statistics.participant_statistics(event, str(get_locale()))
    return render_template(
        "reports/statistics.html",
        event=event,
        report=report,
        stats=stats,
        included=front_matter.get_front_matter(report).include_statistics,
    )
