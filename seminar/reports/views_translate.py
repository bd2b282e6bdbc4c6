"""The report side by side: every text in its source language next to its translation, with a
status (missing, up to date, outdated) and what changed in the source since it was translated."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import edits
from ..accounts.permissions import can_edit_report, event_route
from ..content import services as content
from ..events.models import Event
from ..i18n import language_name
from ..uow import work
from . import services, translations
from .forms import TranslationForm
from .views import bp


def _target(event: Event, lang: str | None) -> tuple[Any, list[str], str]:
    """The report, the languages it is made in, and the language to translate into (``lang``
    if the report is made in it; else its first language after its own)."""
    report = services.get_report(event)
    languages = translations.languages(report)
    if lang not in languages:
        lang = languages[1] if len(languages) > 1 else languages[0]
    return report, languages, lang


@bp.get("/manage/<slug>/report/translations")
@event_route(can_edit_report)
def translations_page(event: Event) -> str:
    """Every text of the report side by side with its translation into ``?lang=``; ``?status=``
    shows only the missing or outdated ones, ``?kind=`` one kind of text."""
    report, languages, lang = _target(event, request.args.get("lang"))
    texts = translations.texts(report, lang)
    counts = {state: sum(1 for t in texts if t.status == state) for state in content.Status}
    status = request.args.get("status")
    kind = request.args.get("kind")
    shown = [
        t
        for t in texts
        if (status not in ("missing", "outdated") or t.status == status)
        and (kind not in translations.KINDS or t.owner == kind)
    ]
    groups = [
        (key, label, [(t, _form(t)) for t in shown if t.group == key])
        for key, label in translations.GROUP_LABELS.items()
    ]
    return render_template(
        "reports/translate/index.html",
        event=event,
        languages=languages,
        lang=lang,
        groups=[g for g in groups if g[2]],
        shown_count=len(shown),
        all_count=len(texts),
        counts=counts,
        statuses=content.Status,
        status=status if status in ("missing", "outdated") else None,
        status_labels=translations.STATUS_LABELS,
        language_name=language_name,
    )


def _form(text: translations.Text) -> TranslationForm:
    form = TranslationForm(formdata=None, data={"value": text.translation})
    form.version.data = str(text.version)
    return form


def _text(event: Event, lang: str, kind: str, owner_id: int, field: str) -> Any:
    obj = translations.find_text(event, kind, owner_id, field)
    report = services.get_report(event)
    if obj is None or lang not in translations.languages(report):
        abort(404)
    return obj


def _saved(obj: Any, field: str, lang: str) -> TranslationForm:
    saved_row = content.translation(obj, field, lang)
    saved = TranslationForm(formdata=None, data={"value": saved_row.value if saved_row else ""})
    saved.version.data = str(saved_row.version if saved_row else 0)
    return saved


@bp.route(
    "/manage/<slug>/report/translations/<lang>/<kind>/<int:owner_id>/<field>",
    methods=["GET", "POST"],
)
@event_route(can_edit_report)
def translate_text(event: Event, lang: str, kind: str, owner_id: int, field: str) -> Any:
    """One text side by side: the source on the left, its translation into ``lang`` on the right."""
    obj = _text(event, lang, kind, owner_id, field)
    report = services.get_report(event)
    row = next(
        (
            t
            for t in translations.texts(report, lang)
            if t.owner == kind and t.owner_id == owner_id and t.field == field
        ),
        None,
    )
    if row is None:  # an empty source, or a text already written in ``lang``
        abort(404)
    form = TranslationForm(data={"value": row.translation})
    if request.method == "GET":
        form.version.data = str(row.version)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            translations.save(
                obj,
                field,
                lang,
                form.value.data or "",
                version=edits.expected_version(form),
                user=current_user,
            )
        if done:
            flash(_("The translation of “%(title)s” has been saved.", title=row.title), "success")
            if request.form.get("next") == "list":
                return redirect(
                    url_for("reports.translations_page", slug=event.slug, lang=lang)
                    + f"#text-{kind}-{owner_id}-{field}"
                )
            return redirect(request.path)
        if done.conflict:
            saved = translations.saved_row(obj, field, lang)
            by = saved.updated_by if saved is not None else None
            conflict = edits.conflict_for(
                done.conflict,
                form,
                _saved(obj, field, lang),
                saved_by=by.display_name if by is not None else None,
                saved_at=saved.updated_at if saved is not None else None,
            )
    return render_template(
        "reports/translate/text.html",
        event=event,
        row=row,
        lang=lang,
        form=form,
        conflict=conflict,
        status_labels=translations.STATUS_LABELS,
        language_name=language_name,
    ), edits.status(form, conflict)


@bp.post("/manage/<slug>/report/translations/<lang>/<kind>/<int:owner_id>/<field>/source")
@event_route(can_edit_report)
def set_text_source(event: Event, lang: str, kind: str, owner_id: int, field: str) -> Response:
    """The rapporteur wrote this text in ``lang`` first: that language becomes its source."""
    obj = _text(event, lang, kind, owner_id, field)
    with work() as done:
        translations.make_source(obj, field, lang, user=current_user)
    if done:
        flash(
            _(
                "The source language of this text is now %(language)s.",
                language=language_name(lang),
            ),
            "success",
        )
    return redirect(url_for("reports.translations_page", slug=event.slug, lang=lang))
