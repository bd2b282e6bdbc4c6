"""Invitations through the HTTP interface and the mail sink: inviting, nominating within a quota,
nominees' registration, named invitees' held seats, reminders and lapsed reservations."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

from seminar.audit import AuditEntry
from seminar.dbtypes import utcnow
from seminar.outreach import schedule, settings
from seminar.outreach.models import Invitation, InvitationStatus, Nomination
from seminar.registration.models import Registration, RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import form_data, mail_to

LINK = re.compile(r"https?://\S+/events/[\w-]+/(?:invitation|nomination)/[A-Za-z0-9_.\-]+")


def _link(message) -> str:
    match = LINK.search(message.get_body(preferencelist=("plain",)).get_content())
    assert match, "no personal link in the e-mail"
    return urlsplit(match.group(0)).path


def _invite(client, event, **fields):
    data = {
        "kind": "institution",
        "institution": "Ministerio de Relaciones Exteriores del Perú",
        "institution_type": "government",
        "country": "PE",
        "contact_name": "Lucía Paredes",
        "email": "focal@rree.gob.pe",
        "language": "es",
        "quota": "2",
        **fields,
    }
    return client.post(f"/manage/{event.slug}/invitations", data=data)


def _delegate(n: int) -> dict[str, str]:
    return {
        "given_name": f"Delegado {n}",
        "family_name": "Quispe",
        "email": f"delegado{n}@rree.gob.pe",
        "position": "Director de Migraciones",
        "language": "es",
    }


def test_nomination_round_trip_within_the_quota(client, db, login_as, mailbox):
    event = make_event()
    make_settings(event, capacity=40)
    login_as("organizer", event)
    response = _invite(client, event)
    assert response.status_code == 302
    invitation_mail = mail_to(mailbox, "focal@rree.gob.pe")[0]
    assert "Invitación" in invitation_mail["Subject"]
    landing = _link(invitation_mail)

    client.get("/logout")
    page = client.get(landing).get_data(as_text=True)
    assert "Ministerio de Relaciones Exteriores del Perú" in page
    for n in (1, 2):
        response = client.post(landing + "/nominate", data=_delegate(n))
        assert response.status_code == 302
    refused = client.post(landing + "/nominate", data=_delegate(3))
    assert refused.status_code == 400
    assert "may nominate 2 delegates, and all places are taken" in refused.get_data(as_text=True)
    assert db.query(Nomination).count() == 2
    assert not mailbox.to("delegado3@rree.gob.pe")

    nominee_mail = mail_to(mailbox, "delegado1@rree.gob.pe")[0]
    assert "nominad" in nominee_mail["Subject"]  # Spanish: "Ha sido nominado/a"
    form_page = client.get(_link(nominee_mail))
    text = form_page.get_data(as_text=True)
    assert 'value="Delegado 1"' in text
    assert 'value="Ministerio de Relaciones Exteriores del Perú"' in text
    response = client.post(
        _link(nominee_mail),
        data=form_data(
            event,
            given_name="Delegado 1",
            family_name="Quispe",
            email="delegado1@rree.gob.pe",
            institution="Ministerio de Relaciones Exteriores del Perú",
            country="PE",
        ),
    )
    assert response.status_code == 302
    registration = db.query(Registration).filter_by(email="delegado1@rree.gob.pe").one()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.source == "invitation"

    login_as("organizer", event)
    desk = client.get(f"/manage/{event.slug}/invitations").get_data(as_text=True)
    assert "Delegado 1 Quispe" in desk
    assert re.search(r"Delegates nominated</span>\s*<span class=\"stat-value\">2<", desk)
    assert re.search(r"Now registered</span>\s*<span class=\"stat-value\">1<", desk)


def test_invitations_desk_is_for_organizers_only(client, db, login_as):
    event = make_event()
    login_as("checkin", event)
    assert client.get(f"/manage/{event.slug}/invitations").status_code == 403
    assert _invite(client, event).status_code == 403
    assert db.query(Invitation).count() == 0


def test_a_forged_invitation_link_shows_a_readable_refusal(client, db):
    event = make_event()
    response = client.get(f"/events/{event.slug}/invitation/not-a-real-token")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.get_data(as_text=True)


def _upcoming_event(**overrides):
    today = date.today()
    return make_event(starts_on=today + timedelta(days=20), ends_on=today + timedelta(days=21),
                      **overrides)  # fmt: skip


def test_a_named_invitee_registers_in_the_seat_held_for_them(client, db, login_as, mailbox):
    event = _upcoming_event()
    make_settings(event, capacity=2)
    make_registration(event)
    login_as("organizer", event)
    response = _invite(
        client,
        event,
        kind="person",
        institution="AECID",
        institution_type="international",
        country="ES",
        contact_name="Carmen Ruiz",
        email="carmen.ruiz@aecid.es",
        seat_reserved_until=(date.today() + timedelta(days=3)).isoformat(),
    )
    assert response.status_code == 302
    # The last seat is held: a stranger joins the waiting list.
    client.get("/logout")
    client.post(f"/events/{event.slug}/register", data=form_data(event, email="otra@example.org"))
    stranger = db.query(Registration).filter_by(email="otra@example.org").one()
    assert stranger.status == RegistrationStatus.WAITLISTED
    link = _link(mail_to(mailbox, "carmen.ruiz@aecid.es")[0])
    register = client.get(link + "/register").get_data(as_text=True)
    assert 'value="Carmen"' in register
    assert 'value="Ruiz"' in register
    response = client.post(
        link + "/register",
        data=form_data(event, given_name="Carmen", family_name="Ruiz",
                       email="carmen.ruiz@aecid.es", country="ES", institution="AECID"),
    )  # fmt: skip
    assert response.status_code == 302
    carmen = db.query(Registration).filter_by(email="carmen.ruiz@aecid.es").one()
    assert carmen.status == RegistrationStatus.CONFIRMED
    assert db.query(Invitation).one().status == InvitationStatus.REGISTERED


def test_a_reservation_lapses_and_frees_the_seat_for_the_waiting_list(app, client, db, login_as):
    event = _upcoming_event()
    make_settings(event, capacity=1)
    login_as("organizer", event)
    tomorrow = date.today() + timedelta(days=1)
    _invite(client, event, kind="person", contact_name="Jorge Silva", email="jorge@consulado.cl",
            seat_reserved_until=tomorrow.isoformat())  # fmt: skip
    client.get("/logout")
    client.post(f"/events/{event.slug}/register", data=form_data(event, email="espera@example.org"))
    waiting = db.query(Registration).filter_by(email="espera@example.org").one()
    assert waiting.status == RegistrationStatus.WAITLISTED

    with app.app_context():
        from seminar.extensions import db as app_db

        assert schedule.lapse_reservations(utcnow() + timedelta(days=3)) == 1
        app_db.session.commit()
    db.expire_all()
    assert db.query(Invitation).one().status == InvitationStatus.EXPIRED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert db.query(AuditEntry).filter_by(action="invitation.lapsed").count() == 1


def test_reminders_go_only_to_non_responders_within_the_limit_in_their_language(
    app, client, db, login_as, mailbox
):
    event = make_event(starts_on=date.today() + timedelta(days=60),
                       ends_on=date.today() + timedelta(days=61))  # fmt: skip
    login_as("organizer", event)
    client.post(f"/manage/{event.slug}/invitations/settings",
                data={"reminder_max": "2", "reminder_days": "7", "passport_retention_days": "30",
                      "version": "1"})  # fmt: skip
    _invite(client, event, email="focal@cancilleria.gov.co", institution="Cancillería de Colombia",
            country="CO", language="es")  # fmt: skip
    _invite(client, event, email="focal@state.example", institution="Consulate of Canada",
            country="CA", language="en")  # fmt: skip
    _invite(client, event, email="focal@mreh.gob.ec", institution="Cancillería del Ecuador",
            country="EC")  # fmt: skip
    answered = _link(mail_to(mailbox, "focal@mreh.gob.ec")[0])
    client.post(answered + "/decline")
    mailbox.clear()

    def remind(days: int) -> int:
        with app.app_context():
            from seminar.extensions import db as app_db

            sent = schedule.send_reminders(utcnow() + timedelta(days=days))
            app_db.session.commit()
            return sent

    assert remind(3) == 0  # too soon
    assert remind(8) == 2
    assert remind(10) == 0  # less than 7 days since the first reminder
    assert remind(16) == 2
    assert remind(30) == 0  # at most two reminders each
    spanish = mail_to(mailbox, "focal@cancilleria.gov.co", count=2)
    english = mail_to(mailbox, "focal@state.example", count=2)
    assert all(m["Subject"].startswith("Recordatorio") for m in spanish)
    assert all(m["Subject"].startswith("Reminder") for m in english)
    assert not mailbox.to("focal@mreh.gob.ec")
    desk = client.get(f"/manage/{event.slug}/invitations").get_data(as_text=True)
    assert "2 reminders sent" in desk


def test_invite_form_errors_appear_next_to_the_field(client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    _invite(client, event)
    response = _invite(client, event)
    assert response.status_code == 400
    assert "This address has already been invited to this event." in response.get_data(as_text=True)
    response = _invite(client, event, email="x@example.org", kind="person", contact_name="")
    assert "Enter the name of the person you invite." in response.get_data(as_text=True)


def test_settings_are_saved_and_a_stale_save_gets_the_conflict_page(client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    url = f"/manage/{event.slug}/invitations/settings"
    assert 'value="30"' in client.get(url).get_data(as_text=True)  # the default retention
    data = {"reminder_max": "3", "reminder_days": "5", "passport_retention_days": "15",
            "reference_prefix": "lpz", "version": "1"}  # fmt: skip
    assert client.post(url, data=data).status_code == 302
    saved = settings.get_settings(event)
    assert (saved.reminder_max, saved.passport_retention_days) == (3, 15)
    assert saved.reference_prefix == "LPZ"
    stale = client.post(url, data={**data, "reminder_max": "1"})
    assert stale.status_code == 409
    assert "Someone else changed these settings" in stale.get_data(as_text=True)
