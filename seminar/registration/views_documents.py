"""Documents of the registrations: import of a list, CSV/XLSX export, participants' list, name
badges and certificates of attendance (for the organizers, and self-service for participants)."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import BooleanField, HiddenField

from ..accounts.permissions import can_check_in, can_manage_event, event_route, public_event_route
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..forms import attach_error
from . import badges, certificates, exports, imports
from .documents import pdf_response, safe_filename
from .links import registration_from_token
from .models import Registration, RegistrationStatus
from .views import bp


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("List of invited officials (CSV or Excel .xlsx)"),
        validators=[FileRequired(_l("Choose the file to import."))],
        description=_l("At most 2 MB and 2,000 rows. The first row names the columns."),
    )


class ImportConfirmForm(FlaskForm):
    ticket = HiddenField()
    notify = BooleanField(
        _l("E-mail each imported person their confirmation and personal link"),
        default=True,
        description=_l("Leave it unticked to import quietly and write to them later."),
    )


def _desk_url(event: Event) -> str:
    if "registration.desk" in current_app.view_functions:
        return url_for("registration.desk", slug=event.slug)
    return url_for("registration.import_list", slug=event.slug)


def _ids() -> list[int]:
    raw = ",".join(request.args.getlist("ids"))
    return [int(part) for part in raw.split(",") if part.strip().isdigit()][:1000]


def _registration(event: Event, registration_id: int) -> Registration:
    registration = db.get_or_404(Registration, registration_id)
    if registration.event_id != event.id:
        abort(404)
    return registration


# --- Import ----------------------------------------------------------------------------------


@bp.route("/manage/<slug>/registrations/import", methods=["GET", "POST"])
@event_route(can_manage_event)
def import_list(event: Event) -> Response | str | tuple[str, int]:
    upload = ImportUploadForm()
    confirm = ImportConfirmForm()
    if request.method == "POST" and request.form.get("ticket"):
        return _confirm_import(event, upload, confirm)
    if upload.validate_on_submit():
        storage = upload.file.data
        raw = storage.read(imports.MAX_BYTES + 1)
        try:
            preview = imports.check_rows(event, storage.filename or "", raw)
            if preview.is_valid:
                confirm.ticket.data = imports.keep_upload(event, storage.filename or "", raw)
        except DomainError as error:
            attach_error(upload, error)
        else:
            return render_template(
                "registration/import/preview.html",
                event=event,
                preview=preview,
                filename=storage.filename,
                confirm=confirm,
                upload=upload,
                labels=imports.FIELD_LABELS,
            )
    status = 400 if upload.errors else 200
    return render_template(
        "registration/import/upload.html", event=event, upload=upload, labels=imports.FIELD_LABELS
    ), status


def _confirm_import(
    event: Event, upload: ImportUploadForm, confirm: ImportConfirmForm
) -> Response | str | tuple[str, int]:
    if not confirm.validate_on_submit():
        abort(400)
    ticket = confirm.ticket.data or ""
    try:
        filename, raw = imports.load_upload(event, ticket)
        preview = imports.check_rows(event, filename, raw)
        if not preview.is_valid:  # someone registered meanwhile: show the rows again
            return render_template(
                "registration/import/preview.html",
                event=event,
                preview=preview,
                filename=filename,
                confirm=None,
                upload=upload,
                labels=imports.FIELD_LABELS,
            ), 409
        created = imports.import_rows(
            event, preview, notify=bool(confirm.notify.data), by=current_user
        )
    except DomainError as error:
        db.session.rollback()
        attach_error(upload, error)
        return render_template(
            "registration/import/upload.html",
            event=event,
            upload=upload,
            labels=imports.FIELD_LABELS,
        ), 422
    db.session.commit()
    imports.discard_upload(ticket)
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
    sample = "Sra.;Ana María;Quispe Mamani;Directora de Migración;Ministerio de Gobierno;" \
        "Gobierno;Bolivia;ana.quispe@example.org;+591 2 2000000;es\r\n"  # fmt: skip
    response = Response(("\ufeff" + headings + sample).encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="lista-invitados.csv"'
    return response


# --- Export ----------------------------------------------------------------------------------


@bp.get("/manage/<slug>/registrations/export")
@event_route(can_manage_event)
def export_list(event: Event) -> Response:
    kind = request.args.get("format", "csv")
    if kind not in ("csv", "xlsx"):
        abort(400)
    registrations = exports.export_registrations(event, request.args)
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    filename = f"{safe_filename('registrations', event.slug)}-{stamp}.{kind}"
    if kind == "csv":
        response = Response(exports.to_csv(registrations), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    else:
        response = Response(
            exports.to_xlsx(registrations, title=event.title),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- PDFs for the organizers -----------------------------------------------------------------


@bp.get("/manage/<slug>/registrations/participants.pdf")
@event_route(can_manage_event)
def participants_pdf(event: Event) -> Response:
    from .documents import render_document

    groups = exports.participants_by_country(event)
    pdf = render_document(
        "participants.html",
        event=event,
        groups=groups,
        total=sum(len(g.participants) for g in groups),
    )
    return pdf_response(pdf, safe_filename("participants", event.slug) + ".pdf")


@bp.get("/manage/<slug>/registrations/badges.pdf")
@event_route(can_manage_event)
def badges_pdf(event: Event) -> Response:
    registrations = badges.badge_registrations(event, _ids())
    pdf = badges.badges_pdf(event, registrations)
    return pdf_response(pdf, safe_filename("badges", event.slug) + ".pdf")


@bp.get("/manage/<slug>/registrations/<int:registration_id>/badge.pdf")
@event_route(can_check_in)
def badge_pdf(event: Event, registration_id: int) -> Response:
    """One badge: the desk reprints a lost or misspelt one (check-in staff may too)."""
    registration = _registration(event, registration_id)
    pdf = badges.badges_pdf(event, [registration])
    return pdf_response(pdf, safe_filename("badge", registration.full_name) + ".pdf")


@bp.get("/manage/<slug>/registrations/certificates.pdf")
@event_route(can_manage_event)
def certificates_pdf(event: Event) -> Response:
    registrations = certificates.attendees(event, _ids())
    pdf = certificates.certificates_pdf(event, registrations)
    return pdf_response(pdf, safe_filename("certificates", event.slug) + ".pdf")


@bp.get("/manage/<slug>/registrations/<int:registration_id>/certificate.pdf")
@event_route(can_manage_event)
def certificate_pdf(event: Event, registration_id: int) -> Response:
    registration = _registration(event, registration_id)
    if not registration.checkins:
        raise DomainError(
            _("%(name)s has not checked in on any day, so there is no certificate to issue.",
              name=registration.full_name)
        )  # fmt: skip
    pdf = certificates.certificates_pdf(event, [registration])
    return pdf_response(pdf, safe_filename("certificate", registration.full_name) + ".pdf")


# --- Self-service ----------------------------------------------------------------------------


@bp.get("/events/<slug>/registration/<token>/badge.pdf")
@public_event_route
def my_badge(event: Event, token: str) -> Response:
    registration = registration_from_token(event, token)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(_("Your badge will be available once your registration is confirmed."))
    pdf = badges.badges_pdf(event, [registration])
    return pdf_response(pdf, safe_filename("badge", registration.full_name) + ".pdf")


@bp.get("/events/<slug>/registration/<token>/certificate.pdf")
@public_event_route
def my_certificate(event: Event, token: str) -> Response:
    registration = registration_from_token(event, token)
    refusal = certificates.self_service_refusal(registration)
    if refusal:
        raise DomainError(refusal)
    pdf = certificates.certificates_pdf(event, [registration])
    return pdf_response(pdf, safe_filename("certificate", registration.full_name) + ".pdf")
