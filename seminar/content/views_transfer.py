"""Translations out to a translator and back: PO export per language, all-or-nothing import."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.permissions import can_edit_report, event_route
from ..events.models import Event
from ..i18n import language_name
from ..uow import work
from . import po
from .forms import ImportForm
from .views import bp
from .views_translate import may_translate


@bp.get("/manage/<slug>/translations/transfer")
@event_route(can_edit_report)
def transfer(event: Event) -> str:
    return render_template(
        "content/transfer.html", form=ImportForm(), language_name=language_name, mismatches=[]
    )


@bp.get("/manage/<slug>/translations/<lang>.po")
@event_route(can_edit_report)
def export_po(event: Event, lang: str) -> Response:
    if lang not in event.language_list:
        abort(404)
    body = po.export_po(event, lang, allowed=lambda kind: may_translate(event, kind))
    response = Response(body, mimetype="text/x-gettext-translation")
    filename = f"{event.slug}-{lang}.po"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/manage/<slug>/translations/transfer")
@event_route(can_edit_report)
def import_po(event: Event) -> Any:
    form = ImportForm()
    mismatches: list[po.Mismatch] = []
    if form.validate():
        with work(form) as done:
            result = po.import_po(
                event,
                form.file.data.read(),
                user=current_user,
                allowed=lambda kind: may_translate(event, kind),
            )
        if done:
            flash(
                ngettext(
                    "%(num)d translation imported.", "%(num)d translations imported.", result.saved
                ),
                "success",
            )
            if result.skipped_fuzzy:
                flash(
                    ngettext(
                        "%(num)d translation is still marked as needing review (fuzzy) and was "
                        "not imported.",
                        "%(num)d translations are still marked as needing review (fuzzy) and were "
                        "not imported.",
                        len(result.skipped_fuzzy),
                    ),
                    "warning",
                )
            return redirect(url_for("content.overview", slug=event.slug))
        mismatches = getattr(done.error, "mismatches", [])
    page = render_template(
        "content/transfer.html", form=form, language_name=language_name, mismatches=mismatches
    )
    return page, 409 if mismatches else 422
