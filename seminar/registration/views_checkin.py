"""Check-in at the venue: search and one-tap arrival per day, and the page a badge's QR code opens."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.permissions import can_check_in, event_route
from ..errors import problem, wants_json
from ..events.models import Event
from ..extensions import db
from ..i18n import country_name, format_clock
from ..uow import work
from . import checkin as service
from .models import Registration
from .views import bp


def _arrival_json(event: Event, item: service.Arrival) -> dict[str, Any]:
    r = item.registration
    return {
        "id": r.id,
        "name": r.display_name,
        "position": r.position,
        "institution": r.institution,
        "country": country_name(r.country),
        "status": r.status.value,
        "status_label": status_text(r.status.value),
        "is_expected": item.is_expected,
        "checked_in": item.is_checked_in,
        "checked_in_at": format_clock(item.checkin.at) if item.checkin else None,
        "checked_in_by": item.by_name,
        "action": url_for("registration.checkin_register", slug=event.slug, registration_id=r.id),
    }


def status_text(status: str) -> str:
    labels = {
        "confirmed": _("Confirmed"),
        "pending": _("Awaiting approval"),
        "waitlisted": _("Waiting list"),
        "declined": _("Declined"),
        "cancelled": _("Cancelled"),
    }
    return labels.get(status, status)


def _counts_json(counts: service.DayCounts) -> dict[str, int]:
    return {"checked_in": counts.checked_in, "expected": counts.expected}


@bp.get("/manage/<slug>/checkin")
@event_route(can_check_in)
def checkin(event: Event) -> str:
    day = service.parse_day(event, request.args.get("day"))
    query = request.args.get("q", "").strip()[:100]
    return render_template(
        "registration/checkin/index.html",
        event=event,
        day=day,
        query=query,
        arrivals=service.search(event, day, query),
        counts=service.day_counts(event, day),
        status_text=status_text,
        needs_reason=service.needs_reason(event, day),
        today=service.today_in_event(event),
    )


@bp.get("/manage/<slug>/checkin/search.json")
@event_route(can_check_in)
def checkin_search(event: Event) -> Response:
    day = service.parse_day(event, request.args.get("day"))
    query = request.args.get("q", "").strip()[:100]
    arrivals = service.search(event, day, query)
    return jsonify(
        day=day.isoformat(),
        results=[_arrival_json(event, a) for a in arrivals],
        counts=_counts_json(service.day_counts(event, day)),
    )


@bp.post("/manage/<slug>/checkin/<int:registration_id>")
@event_route(can_check_in)
def checkin_register(
    event: Event, registration_id: int
) -> Response | tuple[Response, int] | tuple[str, int]:
    registration = db.get_or_404(Registration, registration_id)
    if registration.event_id != event.id:
        return problem(404, _("This registration does not belong to this event."))
    body = request.get_json(silent=True) or request.form
    if not isinstance(body, Mapping):
        return problem(400, _("Send the check-in as a JSON object."))
    day = service.parse_day(event, body.get("day"))
    back = body.get("next") or url_for(
        "registration.checkin", slug=event.slug, day=day.isoformat(), q=body.get("q") or None
    )
    reason = str(body.get("reason") or "")
    asks_reason = not wants_json() and service.needs_reason(event, day) and not reason.strip()
    with work(flash_errors=not (wants_json() or asks_reason)) as done:
        checkin, created = service.check_in(registration, day=day, by=current_user, reason=reason)
    if done.failure is not None:
        if wants_json():
            return problem(done.failure.status, done.failure.message, field=done.failure.field)
        if done.failure.field == "reason":  # without JavaScript: ask on the person's own page
            return _scan_page(event, registration, day, reason_error=done.failure.message), 422
        return redirect(_safe(back, event))
    item = service.arrival(registration, day)
    if wants_json():
        return jsonify(
            created=created,
            participant=_arrival_json(event, item),
            counts=_counts_json(service.day_counts(event, day)),
        )
    if created:
        flash(_("%(name)s is checked in.", name=registration.display_name), "success")
    else:
        flash(
            _(
                "%(name)s was already checked in at %(time)s.",
                name=registration.display_name,
                time=format_clock(checkin.at),
            ),
            "warning",
        )
    return redirect(_safe(back, event))


@bp.post("/manage/<slug>/checkin/<int:registration_id>/undo")
@event_route(can_check_in)
def checkin_undo(event: Event, registration_id: int) -> Response:
    registration = db.get_or_404(Registration, registration_id)
    if registration.event_id != event.id:
        return problem(404, _("This registration does not belong to this event."))
    day = service.parse_day(event, request.form.get("day"))
    with work() as done:
        undone = service.undo_check_in(registration, day=day, by=current_user)
    if done and undone:
        flash(_("The check-in of %(name)s was undone.", name=registration.display_name), "info")
    back = request.form.get("next") or url_for(
        "registration.checkin", slug=event.slug, day=day.isoformat()
    )
    return redirect(_safe(back, event))


@bp.route("/manage/<slug>/checkin/scan/<token>", methods=["GET", "POST"])
@event_route(can_check_in)
def checkin_scan(event: Event, token: str) -> tuple[str, int] | str | Response:
    day = service.parse_day(event, request.values.get("day"))
    with work(flash_errors=False) as found:
        registration = service.registration_from_checkin_token(event, token)
    if found.failure is not None:
        return render_template(
            "registration/checkin/scan.html",
            event=event,
            day=day,
            error=found.failure.message,
            item=None,
        ), 404
    error = reason_error = None
    created = False
    if request.method == "POST":
        reason = request.form.get("reason", "")
        with work(flash_errors=False) as done:
            _checkin, created = service.check_in(
                registration, day=day, by=current_user, reason=reason
            )
        if done.failure is not None and done.failure.field == "reason":
            reason_error = done.failure.message
        elif done.failure is not None:
            error = done.failure.message
    else:
        error = service.refusal_reason(registration)
    page = _scan_page(
        event, registration, day, error=error, reason_error=reason_error, created=created
    )
    return page, 422 if error or reason_error else 200


def _scan_page(
    event: Event,
    registration: Registration,
    day: date,
    *,
    error: str | None = None,
    reason_error: str | None = None,
    created: bool = False,
) -> str:
    """One participant's check-in page (a badge's QR code opens it), with the reason field when
    the day is not today."""
    return render_template(
        "registration/checkin/scan.html",
        event=event,
        day=day,
        token=service.checkin_token(registration),
        item=service.arrival(registration, day),
        error=error,
        reason_error=reason_error,
        reason=request.form.get("reason", ""),
        needs_reason=service.needs_reason(event, day),
        today=service.today_in_event(event),
        created=created,
        status_text=status_text,
    )


def _safe(target: str, event: Event) -> str:
    from ..web import safe_next

    return safe_next(target, url_for("registration.checkin", slug=event.slug))
