"""Public registration: the form, its confirmation, and the participant's self-service pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import edits
from ..accounts.permissions import public_event_route
from ..dbtypes import utcnow
from ..events.models import Event
from ..i18n import format_moment
from ..ratelimit import mail_form
from ..uow import work
from . import capacity, links, question_services, services, states
from .emails import event_ics
from .forms import (
    HONORIFICS,
    INSTITUTION_TYPES,
    STATUS_NAMES,
    CancelForm,
    PublicRegistrationForm,
    ResendLinkForm,
    SelfServiceForm,
)
from .models import InstitutionType, Registration, RegistrationStatus
from .question_forms import answers_data, fill_answers, registration_form
from .views import bp


def _private(response: Any) -> Response:
    """Pages reached through a personal link are never cached or indexed."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _form_context(event: Event) -> dict[str, Any]:
    settings = capacity.get_settings(event)
    return {
        "settings": settings,
        "state": capacity.window_state(event, settings=settings),
        "seats_left": capacity.seats_left(event, settings),
        "honorifics": HONORIFICS.get(str(get_locale()), HONORIFICS["en"]),
    }


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@mail_form
@public_event_route
def register(event: Event) -> Response | tuple[str, int]:
    form = registration_form(PublicRegistrationForm, event)
    if request.method == "GET":
        locale = str(get_locale())
        form.preferred_language.data = locale if locale in current_app.config["LANGUAGES"] else "es"
        form.days.data = [day.isoformat() for day in event.days]
    # The service refuses submissions outside the registration window, so a successful post
    # needs nothing else from the page's context.
    if form.validate_on_submit():
        data = {**form.person_data(), "privacy_accepted": form.privacy_accepted.data}
        with work(form) as done:
            registration = services.register_or_send_link(event, data)
            if registration is not None:
                question_services.save_answers(registration, answers_data(form), is_new=True)
            token = links.self_service_token(registration) if registration else None
        if done and token:
            return redirect(url_for("registration.confirmation", slug=event.slug, token=token))
        if done:
            html = render_template(
                "registration/public/check_email.html", event=event, email=form.email.data
            )
            return _private(html)
    context = _form_context(event)
    status = 400 if form.errors or form.form_errors else 200
    html = render_template("registration/public/register.html", event=event, form=form, **context)
    return _private((html, status))


@bp.route("/events/<slug>/register/link", methods=["GET", "POST"])
@mail_form
@public_event_route
def resend_link(event: Event) -> Response | tuple[str, int]:
    form = ResendLinkForm()
    if form.validate_on_submit():
        with work(form) as done:
            services.send_self_service_link(event, form.email.data or "")
        if done:
            flash(
                _(
                    "If %(email)s is registered for this event, we have sent the link to it. It "
                    "may take a few minutes to arrive; check the spam folder too.",
                    email=form.email.data,
                ),
                "success",
            )
            return redirect(url_for("registration.register", slug=event.slug))
    html = render_template("registration/public/resend.html", event=event, form=form)
    return _private((html, 400 if form.errors else 200))


def _from_token(event: Event, token: str) -> Registration | tuple[str, int]:
    registration, problem = links.check_token(event, token)
    if registration is not None:
        return registration
    html = render_template(
        "registration/public/link_invalid.html",
        event=event,
        message=problem,
        form=ResendLinkForm(formdata=None),
    )
    return html, 404


@bp.get("/events/<slug>/registration/<token>/done")
@public_event_route
def confirmation(event: Event, token: str) -> Response:
    registration = _from_token(event, token)
    if not isinstance(registration, Registration):
        return _private(registration)
    html = render_template(
        "registration/public/done.html", event=event, registration=registration, token=token
    )
    return _private(html)


@bp.get("/events/<slug>/registration/<token>")
@public_event_route
def self_service(event: Event, token: str) -> Response:
    registration = _from_token(event, token)
    if not isinstance(registration, Registration):
        return _private(registration)
    views = current_app.view_functions
    html = render_template(
        "registration/public/self_service.html",
        event=event,
        registration=registration,
        token=token,
        has_badge="registration.my_badge" in views,
        has_certificate="registration.my_certificate" in views,
        event_over=utcnow() >= capacity.event_ends_at(event),
    )
    return _private(html)


@bp.get("/events/<slug>/registration/<token>/calendar.ics")
@public_event_route
def my_calendar(event: Event, token: str) -> Response:
    registration = _from_token(event, token)
    if not isinstance(registration, Registration):
        return _private(registration)
    response = current_app.response_class(event_ics(registration), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return _private(response)


@bp.route("/events/<slug>/registration/<token>/edit", methods=["GET", "POST"])
@public_event_route
def self_service_edit(event: Event, token: str) -> Response:
    registration = _from_token(event, token)
    if not isinstance(registration, Registration):
        return _private(registration)
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
        flash(_("This registration can no longer be changed."), "warning")
        return redirect(url_for("registration.self_service", slug=event.slug, token=token))
    answers = question_services.answers_of(registration)
    form = registration_form(SelfServiceForm, event, previous=answers)
    if request.method == "GET":
        form.fill_from(registration)
        fill_answers(form, answers)
        form.version.data = str(registration.version)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            services.update_registration(
                registration,
                form.person_data(),
                expected_version=edits.expected_version(form),
                by_participant=True,
            )
            question_services.save_answers(registration, answers_data(form), by_participant=True)
        if done:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("registration.self_service", slug=event.slug, token=token))
        if done.conflict:
            saved = SelfServiceForm(event, formdata=None)
            saved.fill_from(registration)
            saved.version.data = str(registration.version)
            conflict = edits.conflict_for(done.conflict, form, saved)
    html = render_template(
        "registration/public/edit.html",
        event=event,
        registration=registration,
        form=form,
        token=token,
        conflict=conflict,
        honorifics=HONORIFICS.get(str(get_locale()), HONORIFICS["en"]),
    )
    return _private((html, edits.status(form, conflict)))


@bp.route("/events/<slug>/registration/<token>/cancel", methods=["GET", "POST"])
@public_event_route
def self_service_cancel(event: Event, token: str) -> Response:
    registration = _from_token(event, token)
    if not isinstance(registration, Registration):
        return _private(registration)
    form = CancelForm()
    if registration.status == RegistrationStatus.CANCELLED:
        flash(_("This registration is already cancelled."), "info")
        return redirect(url_for("registration.self_service", slug=event.slug, token=token))
    if form.validate_on_submit():
        with work(form) as done:
            promoted = states.cancel(
                registration, by_participant=True, reason=form.reason.data or ""
            )
        if done:
            flash(
                _("Your registration has been cancelled. We have sent you a confirmation."),
                "success",
            )
            if promoted:
                flash(_("Your seat has gone to the next person on the waiting list."), "info")
            return redirect(url_for("registration.self_service", slug=event.slug, token=token))
    html = render_template(
        "registration/public/cancel.html",
        event=event,
        registration=registration,
        form=form,
        token=token,
    )
    return _private((html, 400 if form.errors else 200))


@bp.app_template_global()
def registration_status_label(status: RegistrationStatus | str) -> str:
    return str(STATUS_NAMES[RegistrationStatus(status)])


@bp.app_template_global()
def institution_type_label(value: InstitutionType | str) -> str:
    return str(INSTITUTION_TYPES[InstitutionType(value)])


@bp.app_template_filter("when")
def format_when(value: datetime, long: bool = False) -> str:
    """A date and time to the minute in the event's zone: '30 de noviembre de 2026, 19:00'."""
    return format_moment(value, "long" if long else "medium")
