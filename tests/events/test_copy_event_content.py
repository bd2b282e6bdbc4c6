"""“Copy this event” carries each edition's stable settings along: the translations (and source
languages) of every copied text, the invitation and letter settings and the report's list of
acronyms; never what belongs to one edition (registrations, notes, the report, messages)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from seminar import mail
from seminar.agenda.models import AgendaItem, Person, Room
from seminar.content import services as content
from seminar.events.models import Event
from seminar.extensions import db as _db
from seminar.outreach.models import Invitation, OutreachSettings, ParticipantMessage
from seminar.outreach.settings import get_settings
from seminar.registration.models import Registration
from seminar.reports import front_matter
from seminar.reports.models import (
    Recommendation,
    Report,
    ReportAcronym,
    ReportSection,
    SessionNote,
)
from seminar.reports.services import ensure_report, ensure_section
from tests.agenda.factories import make_person
from tests.content.test_views import _row
from tests.registration.factories import make_registration
from tests.reports.factories import add_note, add_recommendation, make_seminar

COPY = {"title": "Seminario La Paz 2027", "slug": "lapaz-2027", "starts_on": "2027-12-01"}


@pytest.fixture
def seminar(db):
    seminar = make_seminar(
        slug="lapaz-2026", title="Seminario La Paz 2026", starts_on=date(2026, 12, 2),
        ends_on=date(2026, 12, 3),
    )  # fmt: skip
    event = seminar.event
    panel = seminar.items[0]
    content.save(panel, "title", "en", "Panel on migration and development", version=0, user=None)
    content.save(panel.room, "name", "en", "Illimani Hall", version=0, user=None)
    content.save(seminar.themes[0], "name", "en", "Migration and development", version=0, user=None)
    expert = make_person(event, name="Jane Doe", bio="Economist who studies remittances.")
    content.set_source_language(expert, "bio", "en", None)  # written in English
    settings = get_settings(event)
    settings.reminder_max, settings.reminder_days = 4, 5
    settings.passport_retention_days = 60
    settings.reference_prefix = "LPZ"
    settings.signatory_name = "María Elena Vargas Rojas"
    settings.signatory_title = "Jefa de Misión"
    settings.is_event_reminder_on, settings.event_reminder_days = True, 3
    report = ensure_report(event)
    report.title = "Informe final de La Paz 2026"
    _db.session.flush()
    for position, (acronym, expansion) in enumerate(
        [("OIM", "Organización Internacional para las Migraciones"), ("ODS", "Objetivos")]
    ):
        _db.session.add(
            ReportAcronym(
                report_id=report.id, acronym=acronym, expansion=expansion, position=position
            )
        )
    _db.session.flush()
    oim = _db.session.scalars(select(ReportAcronym).where(ReportAcronym.acronym == "OIM")).one()
    content.save(
        oim, "expansion", "en", "International Organization for Migration", version=0, user=None
    )
    imprint = front_matter.ensure_front_matter(report)
    imprint.publisher = "Editorial del Seminario 2026"
    ensure_section(report, "foreword").body = "Prólogo de la edición 2026."
    add_note(seminar, panel, "Resumen del panel de 2026.")
    add_recommendation(seminar, "Fortalecer los registros consulares.")
    make_registration(event, given_name="Rosa", family_name="Condori")
    _db.session.add(Invitation(event_id=event.id, email="focal@example.org", institution="MRE"))
    _db.session.add(
        ParticipantMessage(
            event_id=event.id, subjects={"es": "Bienvenida"}, bodies={"es": "Hola"}, audience={}
        )
    )
    mail.queue(to="rosa@example.org", subject="Confirmación", text="Hola", event_id=event.id)
    _db.session.flush()
    return seminar


def copy_event(client, login_as, seminar) -> Event:
    login_as("organizer", seminar.event)
    response = client.post("/manage/lapaz-2026/copy", data=COPY, follow_redirects=True)
    assert response.request.path == "/manage/lapaz-2027/"
    text = response.get_data(as_text=True)
    assert (
        "2 acronyms, 4 translations, the registration settings and the invitation and letter"
        in (text)
    )
    return _db.session.scalars(select(Event).where(Event.slug == "lapaz-2027")).one()


def _copied(model, copy: Event, **where):
    query = select(model).where(model.event_id == copy.id).filter_by(**where)
    return _db.session.scalars(query).one()


def test_copy_takes_the_translations_of_sessions_rooms_and_themes(client, seminar, login_as):
    copy = copy_event(client, login_as, seminar)
    panel = _copied(AgendaItem, copy, title="Panel sobre migración y desarrollo")
    room = _copied(Room, copy)

    sessions = client.get("/manage/lapaz-2027/translations/en/agenda_item").get_data(as_text=True)
    row = _row(sessions, f"agenda_item-{panel.id}-title")
    assert 'lang="es">Panel sobre migración y desarrollo</div>' in row
    assert "Panel on migration and development</textarea>" in row
    assert "Up to date" in row
    rooms = client.get("/manage/lapaz-2027/translations/en/room").get_data(as_text=True)
    assert "Illimani Hall</textarea>" in _row(rooms, f"room-{room.id}-name")
    # The copy's own texts: the old edition's translations still point at the old edition.
    old = client.get("/manage/lapaz-2026/translations/en/room").get_data(as_text=True)
    assert f"room-{room.id}-name" not in old


def test_copy_keeps_each_texts_source_language(client, seminar, login_as):
    copy = copy_event(client, login_as, seminar)
    expert = _copied(Person, copy, name="Jane Doe")

    spanish = client.get("/manage/lapaz-2027/translations/es/person").get_data(as_text=True)
    row = _row(spanish, f"person-{expert.id}-bio")
    assert 'lang="en">Economist who studies remittances.</div>' in row
    assert "Missing" in row
    english = client.get("/manage/lapaz-2027/translations/en/person").get_data(as_text=True)
    assert f"person-{expert.id}-bio" not in english  # nothing to translate into its own language


def test_copy_takes_the_invitation_and_letter_settings(client, seminar, login_as):
    copy = copy_event(client, login_as, seminar)

    page = client.get("/manage/lapaz-2027/invitations/settings").get_data(as_text=True)
    assert 'value="LPZ"' in page
    assert 'value="María Elena Vargas Rojas"' in page
    assert 'value="60"' in page
    settings = _copied(OutreachSettings, copy)
    old = _copied(OutreachSettings, seminar.event)
    assert settings.id != old.id
    columns = [
        c.key
        for c in OutreachSettings.__table__.columns
        if c.key not in {"id", "event_id", "version"}
    ]
    assert {c: getattr(settings, c) for c in columns} == {c: getattr(old, c) for c in columns}
    assert (settings.is_event_reminder_on, settings.event_reminder_days) == (True, 3)


def test_copy_takes_the_list_of_acronyms_with_translations_but_not_the_report(
    client, seminar, login_as
):
    copy = copy_event(client, login_as, seminar)

    page = client.get("/manage/lapaz-2027/report/acronyms").get_data(as_text=True)
    assert 'value="OIM"' in page
    assert 'value="Organización Internacional para las Migraciones"' in page
    assert page.index('value="OIM"') < page.index('value="ODS"')
    english = client.get("/manage/lapaz-2027/report/translations?lang=en").get_data(as_text=True)
    assert "International Organization for Migration" in english
    imprint = client.get("/manage/lapaz-2027/report/imprint").get_data(as_text=True)
    assert "Editorial del Seminario 2026" not in imprint
    report = _db.session.scalars(select(Report).where(Report.event_id == copy.id)).one()
    assert report.title == "Seminario La Paz 2027"  # a new draft cover, not last year's
    assert (
        _db.session.scalar(
            select(func.count())
            .select_from(ReportSection)
            .where(ReportSection.report_id == report.id)
        )
        == 0
    )


def test_copy_leaves_registrations_notes_messages_and_invitations_behind(client, seminar, login_as):
    copy = copy_event(client, login_as, seminar)

    desk = client.get("/manage/lapaz-2027/registrations").get_data(as_text=True)
    assert "Condori" not in desk
    for model in (
        Registration, SessionNote, Recommendation, Invitation, ParticipantMessage,
        mail.OutboxMessage,
    ):  # fmt: skip
        count = select(func.count()).select_from(model).where(model.event_id == copy.id)
        assert _db.session.scalar(count) == 0, model.__name__
    workspace = client.get("/manage/lapaz-2027/report").get_data(as_text=True)
    assert "Resumen del panel de 2026." not in workspace
    assert "Fortalecer los registros consulares." not in workspace
