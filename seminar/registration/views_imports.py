"""Importing a list of invited officials: upload, preview every row, confirm (all or nothing).

Between the preview and the confirmation the file waits in the database store for two hours at
most, named by a signed ticket valid for this event and this organizer, so any web node can
confirm it and no URL ever serves it. It is deleted when the import commits.
"""

from __future__ import annotations

from functools import partial

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import BooleanField, HiddenField, RadioField
from wtforms.validators import Optional

from ..accounts.permissions import can_manage_event, event_route
from ..events.models import Event
from ..forms import attach_error, choices
from ..i18n import country_name
from ..uow import work
from . import capacity, import_pipeline, imports
from .forms import STATUS_NAMES
from .hints import example_phone
from .import_pipeline import ImportPreview
from .models import RegistrationStatus
from .views import bp


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("List of invited officials (CSV or Excel .xlsx)"),
        validators=[FileRequired(_l("Choose the file to import."))],
        description=_l("At most 2 MB and 2,000 rows. The first row names the columns."),
    )


class ImportConfirmForm(FlaskForm):
    ticket = HiddenField()
    state = RadioField(
        _l("State of the imported registrations"),
        choices=choices((s.value, STATUS_NAMES[s]) for s in imports.IMPORT_STATES),
        description=_l("Confirmed registrations take the free seats in the order of the list."),
        validators=[Optional()],
    )
    notify = BooleanField(
        _l("E-mail each imported person their confirmation and personal link"),
        default=True,
        description=_l("Leave it unticked to import quietly and write to them later."),
    )


def _desk_url(event: Event) -> str:
    if "registration.desk" in current_app.view_functions:
        return url_for("registration.desk", slug=event.slug)
    return url_for("registration.import_list", slug=event.slug)


def _upload_page(event: Event, upload: ImportUploadForm, status: int) -> tuple[str, int]:
    return render_template(
        "registration/import/upload.html", event=event, upload=upload, labels=imports.FIELD_LABELS
    ), status


def _preview_page(
    event: Event,
    preview: ImportPreview,
    filename: str,
    upload: ImportUploadForm,
    confirm: ImportConfirmForm | None,
) -> str:
    if confirm is not None and not confirm.state.data:
        # The event's own rule until the organizer chooses: approval first if it asks for it.
        pending = capacity.get_settings(event).requires_approval
        confirm.state.data = (
            RegistrationStatus.PENDING if pending else RegistrationStatus.CONFIRMED
        ).value
    return render_template(
        "registration/import/preview.html",
        event=event,
        preview=preview,
        filename=filename,
        confirm=confirm,
        upload=upload,
        labels=imports.FIELD_LABELS,
        seats_warning=imports.seats_warning(event, preview),
    )


@bp.route("/manage/<slug>/registrations/import", methods=["GET", "POST"])
@event_route(can_manage_event)
def import_list(event: Event) -> Response | str | tuple[str, int]:
    upload = ImportUploadForm()
    confirm = ImportConfirmForm()
    if request.method == "POST" and request.form.get("ticket"):
        return _confirm_import(event, upload, confirm)
    if upload.validate_on_submit():
        filename = upload.file.data.filename or ""
        raw = upload.file.data.read(import_pipeline.MAX_BYTES + 1)
        with work(upload) as done:
            preview, confirm.ticket.data = import_pipeline.preview_upload(
                imports.RegistrationRows(event), filename, raw, by=current_user
            )
        if done:
            return _preview_page(event, preview, filename, upload, confirm)
    return _upload_page(event, upload, 400 if upload.errors else 200)


def _confirm_import(
    event: Event, upload: ImportUploadForm, confirm: ImportConfirmForm
) -> Response | str | tuple[str, int]:
    if not confirm.validate_on_submit():
        abort(400)
    status = RegistrationStatus(confirm.state.data) if confirm.state.data else None
    with work(upload) as done:
        preview, filename, created = import_pipeline.confirm_upload(
            imports.RegistrationRows(event),
            confirm.ticket.data or "",
            partial(
                imports.import_rows,
                event,
                notify=bool(confirm.notify.data),
                status=status,
                by=current_user,
            ),
            by=current_user,
        )
    if done.conflict:  # someone registered one of these addresses at the same moment
        attach_error(upload, done.conflict)
        return _upload_page(event, upload, 409)
    if not done:
        return _upload_page(event, upload, 422)
    if not preview.is_valid:  # someone registered meanwhile: show the rows again
        return _preview_page(event, preview, filename, upload, None), 409
    counts = {s: sum(1 for r in created if r.status == s) for s in RegistrationStatus}
    flash(
        _(
            "%(n)d registrations imported: %(confirmed)d confirmed, %(pending)d awaiting "
            "approval, %(waitlisted)d on the waiting list.",
            n=len(created),
            confirmed=counts[RegistrationStatus.CONFIRMED],
            pending=counts[RegistrationStatus.PENDING],
            waitlisted=counts[RegistrationStatus.WAITLISTED],
        ),
        "success",
    )
    return redirect(_desk_url(event))


@bp.get("/manage/<slug>/registrations/import/template.csv")
@event_route(can_manage_event)
def import_template(event: Event) -> Response:
    """An empty list with the column headings we understand, in Spanish (the ministries' language)."""
    headings = "Tratamiento;Nombre;Apellidos;Cargo;Institución;Tipo de institución;País;" \
        "Correo electrónico;Teléfono;Idioma\r\n"  # fmt: skip
    country = event.country or "BO"  # an example row in the event's country
    sample = "Sra.;Ana María;García López;Directora de Migración;Ministerio de Relaciones " \
        f"Exteriores;Gobierno;{country_name(country, 'es')};ana.garcia@example.org;" \
        f"{example_phone(country) or ''};es\r\n"  # fmt: skip
    response = Response(("\ufeff" + headings + sample).encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="lista-invitados.csv"'
    return response
