"""Front and back matter in the rapporteur workspace: which parts the report includes, the
imprint, the list of acronyms with its suggestions, and the participant statistics.

Routes on the ``reports`` blueprint (imported at the end of ``views.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

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


@dataclass
class _Outcome:
    """After a front-matter form was sent (or not): the redirect after a save, or what the page
    shows again: the report and front matter as saved now, and the conflict when it was stale."""

    form: Any
    report: Report
    front: ReportFrontMatter
    response: Response | None = None
    conflict: Any = None


def _show_or_save(
    event: Event,
    make_form: Callable[[Report, ReportFrontMatter], Any],
    save: Callable[[Any, Report, ReportFrontMatter, int], Any],
    *,
    saved: Callable[[Any], str],
    back: str,
    theirs: Callable[[Report, ReportFrontMatter], Any],
) -> _Outcome:
    """Show or save one of the front-matter forms (``make_form``: from the report and front
    matter as saved), in one unit of work: ``save`` gets the sent form, the stored report and
    front matter (created on the first save) and the version the form was loaded from.

    After a save: the ``saved`` message (about ``save``'s result) and a redirect to ``back``; a
    stale save shows ``theirs`` (a form filled with the saved version) beside the form."""
    report = services.get_report(event)
    front = front_matter.get_front_matter(report)
    form = make_form(report, front)
    if request.method == "GET":
        form.version.data = str(front.version or 0)
    if not form.validate_on_submit():
        return _Outcome(form, report, front)
    with work(form) as done:
        stored = services.ensure_report(event)
        front = front_matter.ensure_front_matter(stored)
        result = save(form, stored, front, edits.expected_version(form))
    if done:
        flash(saved(result), "success")
        return _Outcome(form, report, front, response=redirect(url_for(back, slug=event.slug)))
    report = services.get_report(event)  # as saved now, the failed unit of work rolled back
    front = front_matter.get_front_matter(report)
    conflict = None
    if done.conflict:
        conflict = edits.conflict_for(done.conflict, form, theirs(report, front), **_by(front))
    return _Outcome(form, report, front, conflict=conflict)


def _front_form(
    event: Event,
    form_class: Any,
    save: Callable[..., Any],
    values: Callable[[Any], Any],
    message: str,
) -> _Outcome:
    """A form of the front matter's own fields (the parts, the imprint): ``save`` gets the front
    matter and the form's ``values``; after a save, back to the front and back matter page."""
    return _show_or_save(
        event,
        lambda _report, front: form_class(obj=front),
        lambda form, _report, front, version: save(
            front, values(form), expected_version=version, by=current_user
        ),
        saved=lambda _result: message,
        back="reports.front_matter_page",
        theirs=lambda _report, front: _saved(form_class, front),
    )


@bp.route("/manage/<slug>/report/front-matter", methods=["GET", "POST"])
@event_route(can_edit_report)
def front_matter_page(event: Event) -> Any:
    shown = _front_form(
        event, PartsForm, front_matter.save_parts, PartsForm.included,
        _("The report's parts have been saved."),
    )  # fmt: skip
    return shown.response or (render_template(
        "reports/front_matter.html", event=event, report=shown.report, front=shown.front,
        form=shown.form, conflict=shown.conflict, titles=front_matter.PART_TITLES,
        acronym_count=len(acronyms.acronyms_of(shown.report)),
    ), edits.status(shown.form, shown.conflict))  # fmt: skip


@bp.route("/manage/<slug>/report/imprint", methods=["GET", "POST"])
@event_route(can_edit_report)
def edit_imprint(event: Event) -> Any:
    shown = _front_form(
        event, ImprintForm, front_matter.save_imprint, ImprintForm.data_dict,
        _("The imprint has been saved."),
    )  # fmt: skip
    return shown.response or (render_template(
        "reports/imprint.html", event=event, report=shown.report, form=shown.form,
        conflict=shown.conflict, printed=_printed_imprint(shown.report, shown.front),
    ), edits.status(shown.form, shown.conflict))  # fmt: skip


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
    first_visit = request.method == "GET"
    shown = _show_or_save(
        event,
        lambda report, _front: AcronymsForm(
            data={"rows": _acronym_rows(report)} if first_visit else None
        ),
        lambda form, stored, front, version: acronyms.save_acronyms(
            stored, form.pairs(), expected_version=version, by=current_user, front=front
        ),
        saved=lambda _result: _("The list of acronyms has been saved."),
        back="reports.edit_acronyms",
        theirs=lambda report, front: _saved(
            AcronymsForm, front, data={"rows": _acronym_rows(report)}
        ),
    )  # fmt: skip
    return shown.response or (render_template(
        "reports/acronyms.html", event=event, report=shown.report, form=shown.form,
        conflict=shown.conflict, included=shown.front.include_acronyms,
    ), edits.status(shown.form, shown.conflict))  # fmt: skip


@bp.route("/manage/<slug>/report/acronyms/suggestions", methods=["GET", "POST"])
@event_route(can_edit_report)
def suggest_acronyms(event: Event) -> Any:
    """Acronyms found in the text, for the rapporteur to confirm one by one: nothing is added
    until they tick it and save."""
    found = acronyms.suggest(services.get_report(event))
    rows = [{"acronym": s.acronym, "expansion": s.expansion} for s in found]
    first_visit = request.method == "GET"
    shown = _show_or_save(
        event,
        lambda _report, _front: SuggestionsForm(data={"rows": rows} if first_visit else None),
        lambda form, stored, front, version: acronyms.add_confirmed(
            stored, form.confirmed(), expected_version=version, by=current_user, front=front
        ),
        saved=lambda added: ngettext(
            "%(num)d acronym has been added to the list.",
            "%(num)d acronyms have been added to the list.",
            added,
        ),
        back="reports.edit_acronyms",
        theirs=lambda _report, front: _saved(SuggestionsForm, front),
    )  # fmt: skip
    return shown.response or (render_template(
        "reports/acronym_suggestions.html", event=event, report=shown.report, form=shown.form,
        conflict=shown.conflict, counts={s.acronym: s.count for s in found},
    ), edits.status(shown.form, shown.conflict))  # fmt: skip


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
