"""The translations overview and the side-by-side pages (source left, translation right)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.permissions import can_edit_report, can_manage_event, event_route
from ..edits import expected_version
from ..errors import ConflictError, DomainError, problem
from ..events.models import Event
from ..extensions import db
from ..i18n import language_name
from ..uow import work
from . import services
from .diffs import word_diff
from .forms import SourceLanguageForm, TranslationForm
from .registry import CORE_KINDS
from .views import bp

FIELD_LABELS = {
    "title": _l("Title"),
    "subtitle": _l("Subtitle"),
    "description": _l("Description"),
    "venue": _l("Venue"),
    "name": _l("Name"),
    "position": _l("Position"),
    "bio": _l("Biography"),
    "privacy_notice": _l("Privacy notice"),
}
STATUS_LABELS = {
    services.Status.MISSING: _l("Missing"),
    services.Status.OUTDATED: _l("Outdated"),
    services.Status.CURRENT: _l("Up to date"),
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name.replace("_", " ").capitalize()))


def may_translate(event: Event, kind: str) -> bool:
    """Organizers translate everything; rapporteurs translate the report's texts."""
    if kind in CORE_KINDS:
        return can_manage_event(current_user, event)
    return can_edit_report(current_user, event)


def overview_link(event: Event, entry: services.Owner, lang: str, status: str | None) -> str:
    endpoint = entry.endpoint or "content.translate"
    return url_for(endpoint, slug=event.slug, lang=lang, kind=entry.kind, status=status)


@bp.get("/manage/<slug>/translations")
@event_route(can_edit_report)
def overview(event: Event) -> str:
    summaries = [services.event_statuses(event, lang) for lang in event.language_list]
    for summary in summaries:  # the event and its agenda first, then the report's texts
        summary.owners.sort(key=lambda part: part.owner.kind not in CORE_KINDS)
    return render_template(
        "content/overview.html",
        summaries=summaries,
        link=lambda entry, lang, status=None: overview_link(event, entry, lang, status),
        language_name=language_name,
        Status=services.Status,
        STATUS_LABELS=STATUS_LABELS,
        may_translate=lambda kind: may_translate(event, kind),
    )


@dataclass
class Row:
    """One text on the side-by-side page."""

    obj: Any
    field: str
    anchor: str
    label: str
    source: services.Localized
    status: services.Status
    change: Any
    form: TranslationForm
    source_form: SourceLanguageForm
    theirs: str | None = None  # the other person's text after a conflicting save


def _row(event: Event, obj: Any, name: str, lang: str, state: services.Status) -> Row:
    entry = services.owner_of(obj)
    prefix = f"{entry.kind}-{obj.id}-{name}"
    saved = services.translation(obj, name, lang)
    form = TranslationForm(prefix=prefix, formdata=None)
    form.value.data = saved.value if saved is not None else ""
    form.version.data = str(saved.version if saved is not None else 0)
    form.value.label.text = _("%(language)s translation", language=language_name(lang))
    source_form = SourceLanguageForm(prefix=f"{prefix}-source", formdata=None)
    source_form.lang.choices = [
        (code, language_name(code).capitalize()) for code in event.language_list
    ]
    source_form.lang.data = services.source_language(obj, name)
    change = services.diff_source(obj, name, lang)
    context = getattr(obj, "display_name", None) or getattr(obj, "name", None)
    context = context or getattr(obj, "title", None) or entry.label
    return Row(
        obj=obj,
        field=name,
        anchor=prefix,
        label=f"{context} · {field_label(name)}",
        source=services.text(obj, name, services.source_language(obj, name)),
        status=state,
        change=word_diff(change.old, change.new) if change is not None else None,
        form=form,
        source_form=source_form,
    )


def _page(event: Event, kind: str, lang: str, rows: list[Row], code: int = 200) -> Any:
    status = request.args.get("status")
    return (
        render_template(
            "content/translate.html",
            entry=services.owner(kind),
            kind=kind,
            lang=lang,
            rows=rows,
            status=status,
            language_name=language_name,
            STATUS_LABELS=STATUS_LABELS,
        ),
        code,
    )


def _load(event: Event, lang: str, kind: str) -> services.Owner:
    if lang not in event.language_list:
        abort(404)
    try:
        entry = services.owner(kind)
    except LookupError:
        abort(404)
    if not may_translate(event, kind):
        abort(403)
    return entry


@bp.get("/manage/<slug>/translations/<lang>/<kind>")
@event_route(can_edit_report)
def translate(event: Event, lang: str, kind: str) -> Any:
    entry = _load(event, lang, kind)
    wanted = request.args.get("status")
    rows = [
        _row(event, obj, name, lang, state)
        for obj, name, state in services.owner_texts(event, entry, lang)
        if wanted not in ("missing", "outdated") or state == wanted
    ]
    return _page(event, kind, lang, rows)


def _target(event: Event, entry: services.Owner, owner_id: int, name: str) -> Any:
    obj = db.session.get(entry.model, owner_id)
    if obj is None or entry.event_id(obj) != event.id or name not in entry.fields:
        abort(404)
    return obj


def _back(event: Event, lang: str, kind: str, anchor: str) -> Response:
    status = request.args.get("status")
    url = url_for("content.translate", slug=event.slug, lang=lang, kind=kind, status=status)
    return redirect(f"{url}#{anchor}")


@bp.post("/manage/<slug>/translations/<lang>/<kind>/<int:owner_id>/<name>")
@event_route(can_edit_report)
def save_translation(event: Event, lang: str, kind: str, owner_id: int, name: str) -> Any:
    entry = _load(event, lang, kind)
    obj = _target(event, entry, owner_id, name)
    prefix = f"{kind}-{owner_id}-{name}"
    form = TranslationForm(prefix=prefix)
    conflict: ConflictError | None = None
    error: DomainError | None = None
    if form.validate():
        with work(form) as done:
            services.save(
                obj,
                name,
                lang,
                form.value.data or "",
                version=expected_version(form),
                user=current_user,
            )
        if done and _wants_json():
            return _saved_json(obj, name, lang)
        if done:
            flash(_("Translation saved."), "success")
            return _back(event, lang, kind, prefix)
        conflict, error = done.conflict, done.error
    if _wants_json():  # the page's script shows the message next to the field
        failure = conflict or error
        errors = [message for messages in form.errors.values() for message in messages]
        saved = services.translation(obj, name, lang) if conflict is not None else None
        return problem(
            409 if conflict else 422,
            failure.message if failure else " ".join(map(str, errors)),
            theirs=saved.value if saved is not None else None,
            version=saved.version if saved is not None else None,
        )
    row = _row(event, obj, name, lang, services.status(obj, name, lang))
    row.form = form
    if conflict is None:
        return _page(event, kind, lang, [row], 422)
    # Someone saved first: show their text, keep this person's, and make the next save deliberate.
    saved = services.translation(obj, name, lang)
    row.theirs = saved.value if saved is not None else ""
    form.version.data = str(saved.version if saved is not None else 0)
    return _page(event, kind, lang, [row], 409)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _saved_json(obj: Any, name: str, lang: str) -> Response:
    """What the page's script needs after a save without reloading: the new status and version."""
    state = services.status(obj, name, lang)
    saved = services.translation(obj, name, lang)
    return jsonify(
        status=state.value,
        label=str(STATUS_LABELS[state]),
        version=saved.version if saved is not None else 0,
        message=_("Translation saved."),
    )


@bp.post("/manage/<slug>/translations/<lang>/<kind>/<int:owner_id>/<name>/source")
@event_route(can_edit_report)
def choose_source(event: Event, lang: str, kind: str, owner_id: int, name: str) -> Response:
    entry = _load(event, lang, kind)
    obj = _target(event, entry, owner_id, name)
    form = SourceLanguageForm(prefix=f"{kind}-{owner_id}-{name}-source")
    form.lang.choices = [(code, language_name(code).capitalize()) for code in event.language_list]
    if form.validate():
        with work() as done:
            services.set_source_language(obj, name, form.lang.data, current_user)
        if done:
            flash(_("Source language changed."), "success")
    return _back(event, lang, kind, f"{kind}-{owner_id}-{name}")
