"""Messages to participants through the HTTP interface and the SMTP sink: a filtered group reached
exactly, each in their language, the log matching the sink; the other filters; validation next to
the fields; preview per language; permissions; the stale draft edit."""

from __future__ import annotations

from datetime import date

from seminar.outreach.models import (
    Invitation,
    InvitationStatus,
    MessageRecipient,
    MessageState,
    ParticipantMessage,
)
from seminar.registration.models import CheckIn, RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration
from tests.registration.helpers import mail_to

LOGISTICS = {
    "group": "confirmed",
    "country": "BO",
    "institution_type": "",
    "subject_es": "Traslado desde el aeropuerto",
    "body_es": "Estimado/a {name}:\n\nEl **traslado** sale del aeropuerto El Alto a las 8:00.",
    "subject_en": "Airport transfer",
    "body_en": "Dear {name},\n\nThe **shuttle** leaves El Alto airport at 8:00.",
}


def _compose(client, event, **overrides):
    return client.post(f"/manage/{event.slug}/messages/new", data={**LOGISTICS, **overrides})


def _draft(db) -> ParticipantMessage:
    db.expire_all()
    return db.query(ParticipantMessage).order_by(ParticipantMessage.id.desc()).first()


def _plain(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_message_reaches_exactly_the_filtered_group_each_in_their_language(
    client, db, login_as, mailbox
):
    event = make_event(title="Políticas Migratorias, Desarrollo y Derechos Humanos")
    make_registration(event, given_name="Rosa", family_name="Mamani", country="BO",
                             email="rosa@migracion.gob.bo", preferred_language="es")  # fmt: skip
    make_registration(event, given_name="John", family_name="Smith", country="BO",
                             email="john@iom.int", preferred_language="en", honorific="")  # fmt: skip
    make_registration(event, country="PE", email="peru@rree.gob.pe")  # another country
    make_registration(event, country="BO", email="waiting@example.org",
                      status=RegistrationStatus.WAITLISTED)  # fmt: skip
    make_registration(event, country="BO", email="gone@example.org",
                      status=RegistrationStatus.CANCELLED)  # fmt: skip
    login_as("organizer", event)

    response = _compose(client, event)
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This message will go to 2 people." in preview
    assert "Traslado desde el aeropuerto" in preview
    assert "Airport transfer" in preview
    assert "<strong>traslado</strong>" in preview
    assert "<strong>shuttle</strong>" in preview
    assert "rosa@migracion.gob.bo" in preview
    assert "john@iom.int" in preview
    assert "peru@rree.gob.pe" not in preview
    assert "waiting@example.org" not in preview

    message = _draft(db)
    sent = client.post(f"/manage/{event.slug}/messages/{message.id}/send",
                       data={"version": message.version})  # fmt: skip
    assert sent.status_code == 302
    spanish = mail_to(mailbox, "rosa@migracion.gob.bo")[0]
    english = mail_to(mailbox, "john@iom.int")[0]
    assert spanish["Subject"] == "Traslado desde el aeropuerto"
    assert "Estimado/a Sr. Rosa Mamani:" in _plain(spanish)
    assert "<strong>traslado</strong>" in _html(spanish)
    assert english["Subject"] == "Airport transfer"
    assert "Dear John Smith," in _plain(english)
    delivered = {m["To"].addresses[0].addr_spec for m in mailbox.messages}
    assert delivered == {"rosa@migracion.gob.bo", "john@iom.int"}

    db.expire_all()
    assert _draft(db).state == MessageState.SENT
    log = client.get(f"/manage/{event.slug}/messages").get_data(as_text=True)
    assert "Traslado desde el aeropuerto" in log
    assert "Confirmed participants · Bolivia" in log
    page = client.get(f"/manage/{event.slug}/messages/{message.id}").get_data(as_text=True)
    assert "Delivered: 2 · Not delivered: 0 · Waiting: 0" in page
    for row in db.query(MessageRecipient).filter_by(message_id=message.id):
        assert row.outbox.status == "sent"
        assert row.email in page
    assert {r.language for r in db.query(MessageRecipient)} == {"es", "en"}


def test_waiting_list_checked_in_and_invitees_filters(client, db, login_as, mailbox):
    event = make_event()
    make_registration(event, email="confirmed@example.org")
    make_registration(event, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)
    came = make_registration(event, email="came@example.org")
    late = make_registration(event, email="late@example.org")
    db.add_all([CheckIn(registration=came, day=event.starts_on),
                CheckIn(registration=late, day=date(2026, 12, 3))])  # fmt: skip
    db.add_all([
        Invitation(event=event, email="pending@cancilleria.gob.pe", contact_name="Ana Ruiz",
                   language="en", status=InvitationStatus.PENDING),
        Invitation(event=event, email="answered@cancilleria.gob.pe", contact_name="Luis",
                   status=InvitationStatus.DECLINED),
    ])  # fmt: skip
    login_as("organizer", event)

    expected = {
        "waitlisted": {"waiting@example.org"},
        "checked_in_first_day": {"came@example.org"},
        "invitees_pending": {"pending@cancilleria.gob.pe"},
    }
    for group, addresses in expected.items():
        mailbox.clear()
        response = _compose(client, event, group=group, country="")
        assert response.status_code == 302, group
        message = _draft(db)
        client.post(f"/manage/{event.slug}/messages/{message.id}/send",
                    data={"version": message.version})  # fmt: skip
        for address in addresses:
            mail_to(mailbox, address)
        assert {m["To"].addresses[0].addr_spec for m in mailbox.messages} == addresses, group
    invitee = mailbox.to("pending@cancilleria.gob.pe")[0]
    assert invitee["Subject"] == "Airport transfer"  # the invitation's language
    assert "Dear Ana Ruiz," in _plain(invitee)


def test_validation_errors_are_shown_next_to_the_fields(client, db, login_as, mailbox):
    event = make_event()
    make_registration(event)
    login_as("organizer", event)

    missing = _compose(client, event, subject_es="", body_es="")
    assert missing.status_code == 400
    assert 'id="subject_es-error"' in missing.get_data(as_text=True)
    assert "Write the subject in this language." in missing.get_data(as_text=True)

    half = _compose(client, event, subject_en="Only a subject", body_en="")
    assert 'id="body_en-error"' in half.get_data(as_text=True)
    assert "Write the message in this language." in half.get_data(as_text=True)

    unknown = _compose(client, event, body_es="Hola {nombre}")
    body = unknown.get_data(as_text=True)
    assert 'id="body_es-error"' in body
    assert "{nombre} is not a placeholder" in body
    assert db.query(ParticipantMessage).count() == 0

    nobody = _compose(client, event, country="AR")
    message = _draft(db)
    page = client.get(nobody.headers["Location"]).get_data(as_text=True)
    assert "Nobody matches this filter" in page
    refused = client.post(f"/manage/{event.slug}/messages/{message.id}/send",
                          data={"version": message.version}, follow_redirects=True)  # fmt: skip
    assert "Nobody matches this filter" in refused.get_data(as_text=True)
    assert _draft(db).state == MessageState.DRAFT
    assert mailbox.messages == []


def test_markup_and_names_are_escaped(client, db, login_as, mailbox):
    event = make_event()
    make_registration(event, given_name="<b>Eve</b>", family_name="X", email="eve@example.org")
    login_as("organizer", event)
    _compose(client, event, country="", body_es="Hola {name} <script>alert(1)</script>")
    message = _draft(db)
    client.post(f"/manage/{event.slug}/messages/{message.id}/send",
                data={"version": message.version})  # fmt: skip
    html = _html(mail_to(mailbox, "eve@example.org")[0])
    assert "<script>" not in html
    assert "<b>Eve</b>" not in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html


def test_only_the_events_organizers_may_write_messages(client, db, login_as):
    event = make_event()
    other = make_event()
    make_registration(event)
    login_as("rapporteur", event)
    assert client.get(f"/manage/{event.slug}/messages").status_code == 403
    assert _compose(client, event).status_code == 403
    login_as("organizer", other)
    assert client.get(f"/manage/{event.slug}/messages").status_code == 403
    assert _compose(client, event).status_code == 403
    assert db.query(ParticipantMessage).count() == 0


def test_a_stale_draft_edit_gets_the_conflict_page(client, db, login_as):
    event = make_event()
    make_registration(event)
    login_as("organizer", event)
    _compose(client, event)
    message = _draft(db)
    stale = message.version
    edit = f"/manage/{event.slug}/messages/{message.id}/edit"
    first = client.post(edit, data={**LOGISTICS, "subject_es": "Traslado (cambio de hora)",
                                    "version": stale})  # fmt: skip
    assert first.status_code == 302
    second = client.post(edit, data={**LOGISTICS, "subject_es": "Otro asunto", "version": stale})
    assert second.status_code == 409
    body = second.get_data(as_text=True)
    assert "Traslado (cambio de hora)" in body
    assert "Otro asunto" in body
    assert _draft(db).subjects["es"] == "Traslado (cambio de hora)"
