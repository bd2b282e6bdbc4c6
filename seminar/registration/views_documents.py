"""Documents of the registrations: CSV/XLSX export, participants' list, name badges and
certificates of attendance (for the organizers, and self-service for participants)."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import documents
from ..accounts.permissions import can_check_in, can_manage_event, event_route, public_event_route
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..validation import db_ints
from . import badges, certificates, exports
from .documents import safe_filename
from .links import registration_from_token
from .models import Registration, RegistrationStatus
from .views import bp


def _ids() -> list[int]:
    return db_ints(request.args.getlist("ids"), field="ids")[:1000]


def _registration(event: Event, registration_id: int) -> Registration:
    registration = db.get_or_404(Registration, registration_id)
    if registration.event_id != event.id:
        abort(404)
    return registration


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


# --- PDFs for the organizers (rendered by a job; see seminar.documents) -----------------------


def _pdf(kind: str, event: Event, html: str, *name: str) -> Response:
    return documents.respond(
        kind, html=html, filename=safe_filename(*name) + ".pdf", event_id=event.id
    )


@bp.get("/manage/<slug>/registrations/participants.pdf")
@event_route(can_manage_event)
def participants_pdf(event: Event) -> Response:
    from .documents import document_html

    groups = exports.participants_by_country(event)
    html = document_html(
        "participants.html",
        event=event,
        groups=groups,
        total=sum(len(g.participants) for g in groups),
    )
    return _pdf("participants", event, html, "participants", event.slug)


@bp.get("/manage/<slug>/registrations/badges.pdf")
@event_route(can_manage_event)
def badges_pdf(event: Event) -> Response:
    registrations = badges.badge_registrations(event, _ids())
    return _pdf("badges", event, badges.badges_html(event, registrations), "badges", event.slug)


@bp.get("/manage/<slug>/registrations/<int:registration_id>/badge.pdf")
@event_route(can_check_in)
def badge_pdf(event: Event, registration_id: int) -> Response:
    """One badge: the desk reprints a lost or misspelt one (check-in staff may too)."""
    registration = _registration(event, registration_id)
    html = badges.badges_html(event, [registration])
    return _pdf("badges", event, html, "badge", registration.full_name)


@bp.get("/manage/<slug>/registrations/certificates.pdf")
@event_route(can_manage_event)
def certificates_pdf(event: Event) -> Response:
    registrations = certificates.attendees(event, _ids())
    html = certificates.certificates_html(event, registrations)
    return _pdf("certificates", event, html, "certificates", event.slug)


@bp.get("/manage/<slug>/registrations/<int:registration_id>/certificate.pdf")
@event_route(can_manage_event)
def certificate_pdf(event: Event, registration_id: int) -> Response:
    registration = _registration(event, registration_id)
    if not registration.checkins:
        raise DomainError(
            _("%(name)s has not checked in on any day, so there is no certificate to issue.",
              name=registration.full_name)
        )  # fmt: skip
    html = certificates.certificates_html(event, [registration])
    return _pdf("certificates", event, html, "certificate", registration.full_name)


# --- Self-service ----------------------------------------------------------------------------


@bp.get("/events/<slug>/registration/<token>/badge.pdf")
@public_event_route
def my_badge(event: Event, token: str) -> Response:
    registration = registration_from_token(event, token)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(_("Your badge will be available once your registration is confirmed."))
    html = badges.badges_html(event, [registration])
    return _pdf("badges", event, html, "badge", registration.full_name)


@bp.get("/events/<slug>/registration/<token>/certificate.pdf")
@public_event_route
def my_certificate(event: Event, token: str) -> Response:
    registration = registration_from_token(event, token)
    refusal = certificates.self_service_refusal(registration)
    if refusal:
        raise DomainError(refusal)
    html = certificates.certificates_html(event, [registration])
    return _pdf("certificates", event, html, "certificate", registration.full_name)
