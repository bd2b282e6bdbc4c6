"""Importing a list of invitations: upload, preview every row, confirm (all or nothing)."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.permissions import can_manage_event, event_route
from ..events.models import Event
from ..forms import attach_error
from ..registration import import_pipeline
from ..uow import work
from . import imports
from .forms import ImportConfirmForm, ImportUploadForm
from .views import bp


def _page(
    event: Event,
    upload: ImportUploadForm,
    preview: import_pipeline.ImportPreview | None = None,
    confirm: ImportConfirmForm | None = None,
    filename: str = "",
) -> str:
    return render_template(
        "outreach/import.html",
        event=event,
        upload=upload,
        preview=preview,
        confirm=confirm,
        filename=filename,
        labels=imports.FIELD_LABELS,
    )


@bp.route("/manage/<slug>/invitations/import", methods=["GET", "POST"])
@event_route(can_manage_event)
def import_invitations(event: Event) -> Response | str | tuple[str, int]:
    upload = ImportUploadForm()
    confirm = ImportConfirmForm()
    if request.method == "POST" and request.form.get("ticket"):
        return _confirm(event, upload, confirm)
    if upload.validate_on_submit():
        filename = upload.file.data.filename or ""
        raw = upload.file.data.read(import_pipeline.MAX_BYTES + 1)
        with work(upload) as done:
            preview, confirm.ticket.data = import_pipeline.preview_upload(
                imports.InvitationRows(event), filename, raw, by=current_user
            )
        if done:
            return _page(event, upload, preview, confirm if preview.is_valid else None, filename)
    return _page(event, upload), 400 if upload.errors else 200


def _confirm(
    event: Event, upload: ImportUploadForm, confirm: ImportConfirmForm
) -> Response | str | tuple[str, int]:
    if not confirm.validate_on_submit():
        abort(400)
    with work(upload) as done:
        preview, filename, created = import_pipeline.confirm_upload(
            imports.InvitationRows(event),
            confirm.ticket.data or "",
            partial(imports.import_rows, event, send=bool(confirm.send.data), by=current_user),
            by=current_user,
        )
    if done.conflict:
        attach_error(upload, done.conflict)
        return _page(event, upload), 409
    if not done:
        return _page(event, upload), 422
    if not preview.is_valid:  # someone invited one of these addresses meanwhile
        return _page(event, upload, preview, None, filename), 409
    flash(
        ngettext("%(num)d invitation imported.", "%(num)d invitations imported.", len(created)),
        "success",
    )
    return redirect(url_for("outreach.invitations_desk", slug=event.slug))
