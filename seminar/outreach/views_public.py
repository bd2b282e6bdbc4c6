"""Invitees' pages, reached through their personal links: answer, nominate, register."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..accounts.permissions import public_event_route
from ..events.models import Event
from ..ratelimit import mail_form
from ..registration import capacity, question_services
from ..registration.forms import HONORIFICS, PublicRegistrationForm
from ..registration.links import self_service_token
from ..registration.question_forms import answers_data, registration_form
from ..uow import work
from . import invitations, tokens
from .forms import ConfirmForm, NominateForm
from .models import Invitation, InvitationStatus, Nomination
from .views import bp

T = TypeVar("T")
PersonalView = Callable[[Event, T, str], Response]


def _private(response: Any) -> Response:
    """Pages reached through a personal link are never cached or indexed."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _link_page(event: Event, message: str, status: int) -> Response:
    html = render_template("outreach/link_invalid.html", event=event, message=message)
    return _private((html, status))


@bp.errorhandler(tokens.LinkInvalid)
def _invalid(error: tokens.LinkInvalid) -> Response:
    return _link_page(error.event, error.message, error.status)


def personal_link(
    load: Callable[[Event, str], T],
) -> Callable[[PersonalView[T]], Callable[..., Response]]:
    """A public page of an event reached through a personal link: the view gets what ``load``
    finds for the token (an invitation, a nomination); a link that does not work gets the
    invalid-link page with its reason (``tokens.LinkInvalid``)."""

    def decorate(view: PersonalView[T]) -> Callable[..., Response]:
        @wraps(view)
        @public_event_route
        def wrapper(event: Event, token: str) -> Response:
            return view(event, load(event, token), token)

        return wrapper

    return decorate


def _landing(
    event: Event, invitation: Invitation, token: str, form: NominateForm, status: int = 200
) -> Response:
    html = render_template(
        "outreach/invitation.html",
        event=event,
        invitation=invitation,
        token=token,
        form=form,
        decline_form=ConfirmForm(formdata=None),
    )
    return _private((html, status))


@bp.get("/events/<slug>/invitation/<token>")
@personal_link(tokens.invitation_from_token)
def invitation(event: Event, found: Invitation, token: str) -> Response:
    form = NominateForm(formdata=None, language=found.language)
    return _landing(event, found, token, form)


@bp.post("/events/<slug>/invitation/<token>/nominate")
@mail_form
@personal_link(tokens.invitation_from_token)
def nominate(event: Event, found: Invitation, token: str) -> Response:
    form = NominateForm()
    if form.validate_on_submit():
        with work(form) as done:
            nomination = invitations.nominate(found, form.data_for_service())
            name = nomination.full_name
        if done:
            flash(
                _("%(name)s is nominated: we have sent them a link to complete the registration.",
                  name=name),
                "success",
            )  # fmt: skip
            return redirect(url_for("outreach.invitation", slug=event.slug, token=token))
        if done.conflict:
            form.form_errors.append(done.conflict.message)
    return _landing(event, found, token, form, 400)


@bp.post("/events/<slug>/invitation/<token>/decline")
@personal_link(tokens.invitation_from_token)
def decline(event: Event, found: Invitation, token: str) -> Response:
    if ConfirmForm().validate_on_submit():
        with work() as done:
            invitations.decline(found)
        if done:
            flash(
                _("Thank you for letting us know. We have recorded that you cannot attend."), "info"
            )
    return redirect(url_for("outreach.invitation", slug=event.slug, token=token))


def _register_page(
    event: Event,
    invitation: Invitation,
    nomination: Nomination | None,
) -> Response:
    form = registration_form(PublicRegistrationForm, event)
    if request.method == "GET":
        form.process(data=invitations.prefill(invitation, nomination))
        form.days.data = [day.isoformat() for day in event.days]
    if form.validate_on_submit():
        data = {**form.person_data(), "privacy_accepted": form.privacy_accepted.data}
        with work(form) as done:
            registration = invitations.register_invitee(invitation, data, nomination=nomination)
            question_services.save_answers(registration, answers_data(form), is_new=True)
            personal = self_service_token(registration)
        if done:
            return redirect(url_for("registration.confirmation", slug=event.slug, token=personal))
    settings = capacity.get_settings(event)
    state = capacity.window_state(event, settings=settings)
    context: dict[str, Any] = {
        "settings": settings,
        # Invitees may register before the public form opens.
        "state": "open" if state == "not_yet" else state,
        "seats_left": capacity.seats_left(event, settings),
        "honorifics": HONORIFICS.get(str(get_locale()), HONORIFICS["en"]),
    }
    status = 400 if form.errors or form.form_errors else 200
    html = render_template(
        "outreach/register.html",
        event=event,
        form=form,
        invitation=invitation,
        nomination=nomination,
        **context,
    )
    return _private((html, status))


@bp.route("/events/<slug>/invitation/<token>/register", methods=["GET", "POST"])
@personal_link(tokens.invitation_from_token)
def invitee_register(event: Event, found: Invitation, token: str) -> Response:
    if found.is_institution or found.status in (
        InvitationStatus.DECLINED,
        InvitationStatus.REGISTERED,
    ):
        return redirect(url_for("outreach.invitation", slug=event.slug, token=token))
    return _register_page(event, found, None)


@bp.route("/events/<slug>/nomination/<token>", methods=["GET", "POST"])
@personal_link(tokens.nomination_from_token)
def nominee_register(event: Event, nomination: Nomination, token: str) -> Response:
    if nomination.registration_id is not None:
        message = _(
            "You have already registered. Use the personal link in the confirmation e-mail "
            "to view or change your registration."
        )
        return _link_page(event, message, 200)
    return _register_page(event, nomination.invitation, nomination)
