"""Every HTML page of the demo, found from the app's URL map, for the accessibility and validity tests.

A route appears here by itself: its URL arguments are filled from the demo data (slug, and sample ids
or tokens from SAMPLES); GET routes that answer with something other than HTML (PDF, iCalendar, JSON,
CSS) are left out by their content type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import select

from seminar.extensions import db

DEMO_SLUG = "lapaz-migration-policies"


def _first_id(model_path: str) -> Callable[[], Any]:
    def sample() -> Any:
        module_name, _, cls_name = model_path.rpartition(".")
        module = __import__(module_name, fromlist=[cls_name])
        model = getattr(module, cls_name)
        return db.session.scalar(select(model.id).order_by(model.id).limit(1))

    return sample


def _confirmed_registration() -> Any:
    from seminar.events.models import Event
    from seminar.registration.models import Registration, RegistrationStatus

    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    return db.session.scalar(
        select(Registration)
        .where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED
        )
        .order_by(Registration.id)
        .limit(1)
    )


def _self_service_token() -> Any:
    from seminar.registration import links

    return links.self_service_token(_confirmed_registration())


def _checkin_token() -> Any:
    from seminar.registration import checkin

    return checkin.checkin_token(_confirmed_registration())


def _public_item_uid() -> Any:
    from seminar.agenda.models import AgendaItem

    return db.session.scalar(
        select(AgendaItem.uid)
        .where(AgendaItem.is_public.is_(True))
        .order_by(AgendaItem.id)
        .limit(1)
    )


def _report_version() -> Any:
    from seminar.reports.models import ReportVersion

    return db.session.scalar(
        select(ReportVersion.number).order_by(ReportVersion.number.desc()).limit(1)
    )


def _demo_event() -> Any:
    from seminar.events.models import Event

    return db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))


def _invitation(*where: Any) -> Any:
    from seminar.outreach.models import Invitation

    return db.session.scalar(
        select(Invitation)
        .where(Invitation.event_id == _demo_event().id, *where)
        .order_by(Invitation.id)
        .limit(1)
    )


def _invitation_id() -> Any:
    invitation = _invitation()
    return invitation.id if invitation is not None else None


def _pending_invitation_token(kind: str) -> Callable[[], Any]:
    """The personal link of an invitation not answered yet: an institution's (to nominate) or a
    person's (to register)."""

    def sample() -> Any:
        from seminar.outreach import tokens
        from seminar.outreach.models import Invitation, InvitationKind, InvitationStatus

        invitation = _invitation(
            Invitation.kind == InvitationKind(kind), Invitation.status == InvitationStatus.PENDING
        )
        return tokens.invitation_token(invitation) if invitation is not None else None

    return sample


def _nomination_token() -> Any:
    """The link of a nominee who has not registered yet."""
    from seminar.outreach import tokens
    from seminar.outreach.models import Invitation, Nomination

    nomination = db.session.scalar(
        select(Nomination)
        .join(Invitation)
        .where(Invitation.event_id == _demo_event().id, Nomination.registration_id.is_(None))
        .order_by(Nomination.id)
        .limit(1)
    )
    return tokens.nomination_token(nomination) if nomination is not None else None


def _issued_letter() -> Any:
    from seminar.outreach.models import Letter, LetterStatus

    return db.session.scalar(
        select(Letter)
        .where(Letter.event_id == _demo_event().id, Letter.status == LetterStatus.ISSUED)
        .order_by(Letter.id)
        .limit(1)
    )


def _issued_letter_attribute(name: str) -> Callable[[], Any]:
    def sample() -> Any:
        letter = _issued_letter()
        return getattr(letter, name) if letter is not None else None

    return sample


def _letter_holder_token() -> Any:
    from seminar.registration import links

    letter = _issued_letter()
    return links.self_service_token(letter.registration) if letter is not None else None


def _question_id() -> Any:
    from seminar.registration.questions import RegistrationQuestion

    return db.session.scalar(
        select(RegistrationQuestion.id)
        .where(RegistrationQuestion.event_id == _demo_event().id)
        .order_by(RegistrationQuestion.position, RegistrationQuestion.id)
        .limit(1)
    )


def _agenda_item_id() -> Any:
    from seminar.agenda.models import AgendaItem

    return db.session.scalar(
        select(AgendaItem.id)
        .where(AgendaItem.event_id == _demo_event().id)
        .order_by(AgendaItem.id)
        .limit(1)
    )


def _participant_message(state: str | None = None) -> Callable[[], Any]:
    """A demo message to participants (of that state: a draft for the edit page)."""

    def find() -> Any:
        from seminar.outreach.models import ParticipantMessage

        query = select(ParticipantMessage.id).where(ParticipantMessage.event_id == _demo_event().id)
        if state is not None:
            query = query.where(ParticipantMessage.state == state)
        return db.session.scalar(query.order_by(ParticipantMessage.id).limit(1))

    return find


# URL argument -> how to find a sample value in the demo data.
SAMPLES: dict[str, Callable[[], Any]] = {
    "item_id": _first_id("seminar.agenda.models.AgendaItem"),
    "person_id": _first_id("seminar.agenda.models.Person"),
    "room_id": _first_id("seminar.agenda.models.Room"),
    "theme_id": _first_id("seminar.agenda.models.Theme"),
    "registration_id": _first_id("seminar.registration.models.Registration"),
    "membership_id": _first_id("seminar.accounts.models.Membership"),
    "rec_id": _first_id("seminar.reports.models.Recommendation"),
    "comment_id": _first_id("seminar.reports.models.ReviewComment"),
    "message_id": _first_id("seminar.mail.OutboxMessage"),
    "host_id": _first_id("seminar.events.identity.HostOrganization"),
    "signatory_id": _first_id("seminar.events.identity.Signatory"),
    "invitation_id": _invitation_id,
    "letter_id": _issued_letter_attribute("id"),
    "question_id": _question_id,
    "number": _report_version,
    "uid": _public_item_uid,
    "key": lambda: "foreword",
    "action": lambda: "up",
    "token": _self_service_token,
    "filename": lambda: "css/app.css",
    "name": lambda: "missing.png",
    "lang": lambda: "es",
}


def _admin() -> Any:
    from seminar.accounts.models import User

    return db.session.scalar(select(User).where(User.email == "admin@example.org"))


def _password_reset_token() -> Any:
    from seminar.accounts.services import password_reset_token

    return password_reset_token(_admin())


def _sign_in_token() -> Any:
    from seminar.accounts.signin import sign_in_token

    return sign_in_token(_admin())


def _invitation_token() -> Any:
    from seminar.accounts.invitations import invitation_token

    return invitation_token(_admin())


# Where one endpoint needs another kind of value for an argument.
ENDPOINT_SAMPLES: dict[str, dict[str, Callable[[], Any]]] = {
    "registration.checkin_scan": {"token": _checkin_token},
    "accounts.reset_password": {"token": _password_reset_token},
    "accounts.sign_in_by_link": {"token": _sign_in_token},
    "accounts.accept_invitation": {"token": _invitation_token},
    **{
        endpoint: {
            "lang": lambda: "en",
            "kind": lambda: "recommendation",
            "owner_id": _first_id("seminar.reports.models.Recommendation"),
            "field": lambda: "text",
        }
        for endpoint in ("reports.translate_text", "reports.set_text_source")
    },
    # The translation of an agenda item's title into the demo's second language.
    **{
        endpoint: {
            "lang": lambda: "en",
            "kind": lambda: "agenda_item",
            "owner_id": _agenda_item_id,
            "name": lambda: "title",
        }
        for endpoint in ("content.translate", "content.save_translation", "content.choose_source")
    },
    "content.export_po": {"lang": lambda: "en"},
    **{
        endpoint: {"token": _pending_invitation_token("institution")}
        for endpoint in ("outreach.invitation", "outreach.nominate", "outreach.decline")
    },
    "outreach.invitee_register": {"token": _pending_invitation_token("person")},
    "outreach.nominee_register": {"token": _nomination_token},
    "outreach.my_letter": {"token": _letter_holder_token, "kind": _issued_letter_attribute("kind")},
    "outreach.show_message": {"message_id": _participant_message()},
    **{
        endpoint: {"message_id": _participant_message("draft")}
        for endpoint in (
            "outreach.edit_message",
            "outreach.send_message",
            "outreach.schedule_message",
            "outreach.cancel_message",
        )
    },  # fmt: skip
}

# The only pages of the demo that answer something else than 200 to everyone, and why.
EXPECTED_STATUS = {
    # A certificate exists once the seminar is over; the demo seminar is ahead.
    "registration.my_certificate": 422,
}


def sample(endpoint: str, argument: str) -> Any:
    """A demo value for one URL argument of one endpoint (KeyError when there is none)."""
    provider = ENDPOINT_SAMPLES.get(endpoint, {}).get(argument) or SAMPLES[argument]
    value = provider()
    if value is None:
        raise LookupError(f"no demo value for {argument}")
    return value


# Routes that are not pages of their own (they redirect or stream files whatever the arguments).
SKIP_ENDPOINTS = {"static", "web.media", "web.healthz", "web.language_link"}


def page_urls(app: Flask) -> list[str]:
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.endpoint in SKIP_ENDPOINTS:
            continue
        values: dict[str, Any] = {}
        for argument in rule.arguments:
            if argument == "slug":
                values[argument] = DEMO_SLUG
            elif argument in SAMPLES or argument in ENDPOINT_SAMPLES.get(rule.endpoint, {}):
                try:
                    values[argument] = sample(rule.endpoint, argument)
                except LookupError:  # no demo data for it
                    values = {}
                    break
            else:
                values = {}
                break
        if rule.arguments and not values:
            continue
        with app.test_request_context():
            from flask import url_for

            urls.append(url_for(rule.endpoint, **values))
    return urls


def answer_problem(
    app: Flask, url: str, status: int, location: str, *, signed_in: bool
) -> str | None:
    """Why a crawled page's answer is wrong (every page answers 200), or None when it is right.

    The exceptions are written down: a visitor is sent to sign in before an organizer page, a
    signed-in user is sent on from the sign-in page, and the pages of EXPECTED_STATUS.
    """
    if status == 200:
        return None
    endpoint = app.url_map.bind("localhost").match(url.split("?")[0])[0]
    if EXPECTED_STATUS.get(endpoint) == status:
        return None
    target = location.replace("http://localhost", "").replace("http://127.0.0.1", "")
    if status == 302 and not signed_in and target.startswith("/login?next="):
        return None
    if status == 302 and signed_in and endpoint == "accounts.login":
        return None
    if status == 400 and signed_in and endpoint == "accounts.sign_in_by_link":
        return None  # the single-use link of the demo admin, used up by signing in for the crawl
    return f"{url} answered {status}{f' -> {location}' if location else ''}"
