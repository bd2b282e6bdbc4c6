"""“Copy this event”: next year's edition as a draft, its agenda on the new dates at the same
local times, with its team, settings and questions, and without any registration."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from seminar.accounts.models import Membership
from seminar.agenda.models import AgendaItem, ItemPerson
from seminar.content.models import ContentTranslation
from seminar.events.identity import HostOrganization, Signatory
from seminar.events.models import Event, EventStatus
from seminar.extensions import db as _db
from seminar.registration.models import Registration, RegistrationSettings
from seminar.registration.question_services import save_answers, save_question
from seminar.registration.questions import RegistrationAnswer, RegistrationQuestion
from tests.agenda.factories import add_role, local, make_item, make_person, make_room, make_theme
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings


@pytest.fixture
def event(db):
    event = make_event(
        slug="lapaz-2026",
        title="Seminario La Paz 2026",
        starts_on=date(2026, 12, 2),  # a Wednesday
        ends_on=date(2026, 12, 3),
    )
    room, theme = make_room(event), make_theme(event)
    speaker = make_person(event)
    opening = make_item(event, title="Apertura", room=room, theme=theme)
    add_role(opening, speaker, "speaker")
    make_item(
        event,
        title="Clausura",
        starts_at=local(event, "2026-12-03", "17:00"),
        ends_at=local(event, "2026-12-03", "18:00"),
    )
    make_settings(
        event,
        capacity=50,
        opens_at=datetime(2026, 10, 1, 12, tzinfo=UTC),
        closes_at=local(event, "2026-11-30", "23:00"),
    )
    _db.session.add(HostOrganization(event_id=event.id, name="OIM Bolivia", position=0))
    _db.session.add(Signatory(event_id=event.id, name="Elena Vargas", title="Representante"))
    visa = save_question(
        event, None, {"kind": "yes_no", "label": {"es": "¿Requiere visa?"}, "is_required": True}
    )
    registration = make_registration(event)
    save_answers(registration, {visa.id: "yes"})
    _db.session.add(
        ContentTranslation(
            event_id=event.id, owner="agenda_item", owner_id=opening.id, field="title",
            lang="en", value="Opening",
        )
    )  # fmt: skip
    _db.session.flush()
    return event


def copy_of(slug: str) -> Event:
    return _db.session.scalars(select(Event).where(Event.slug == slug)).one()


def test_copy_form_suggests_next_year(client, event, login_as):
    login_as("organizer", event)
    page = client.get("/manage/lapaz-2026/copy").get_data(as_text=True)
    assert 'value="Seminario La Paz 2027"' in page
    assert 'value="lapaz-2027"' in page
    assert 'value="2027-12-01"' in page  # the same weekday (a Wednesday), 52 weeks later
    assert "What is not copied" in page


def test_copy_creates_a_draft_with_the_agenda_on_the_new_dates(client, event, login_as):
    organizer = login_as("organizer", event)
    response = client.post(
        "/manage/lapaz-2026/copy",
        data={"title": "Seminario La Paz 2027", "slug": "lapaz-2027", "starts_on": "2027-12-01"},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert response.request.path == "/manage/lapaz-2027/"
    assert "has been created as a draft" in text
    assert "Copied: 2 agenda items, 1 room, 1 theme, 1 person, 1 host, 1 signatory" in text
    assert "Not copied: registrations" in text
    copy = copy_of("lapaz-2027")
    assert copy.status == EventStatus.DRAFT
    assert (copy.starts_on, copy.ends_on) == (date(2027, 12, 1), date(2027, 12, 2))
    zone = ZoneInfo("America/La_Paz")
    items = _db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == copy.id).order_by(AgendaItem.starts_at)
    ).all()
    assert [(i.title, i.starts_at.astimezone(zone).isoformat()) for i in items] == [
        ("Apertura", "2027-12-01T09:00:00-04:00"),
        ("Clausura", "2027-12-02T17:00:00-04:00"),
    ]
    opening = items[0]
    assert opening.room is not None
    assert opening.room.event_id == copy.id
    assert opening.theme is not None
    assert opening.theme.event_id == copy.id
    role = _db.session.scalars(select(ItemPerson).where(ItemPerson.item_id == opening.id)).one()
    assert role.person.event_id == copy.id
    assert role.person.name == "Ana Quispe Mamani"
    settings = _db.session.scalars(
        select(RegistrationSettings).where(RegistrationSettings.event_id == copy.id)
    ).one()
    assert settings.capacity == 50
    assert settings.closes_at.astimezone(zone).isoformat() == "2027-11-29T23:00:00-04:00"
    question = _db.session.scalars(
        select(RegistrationQuestion).where(RegistrationQuestion.event_id == copy.id)
    ).one()
    assert question.label == {"es": "¿Requiere visa?"}
    team = _db.session.scalars(select(Membership).where(Membership.event_id == copy.id)).all()
    assert [m.user_id for m in team] == [organizer.id]
    hosts = _db.session.scalars(
        select(HostOrganization.name).where(HostOrganization.event_id == copy.id)
    ).all()
    assert hosts == ["OIM Bolivia"]
    translation = _db.session.scalars(
        select(ContentTranslation).where(ContentTranslation.event_id == copy.id)
    ).one()
    assert (translation.owner_id, translation.value) == (opening.id, "Opening")
    # Registrations and their answers stay with the old edition.
    assert (
        _db.session.scalars(select(Registration).where(Registration.event_id == copy.id)).all()
        == []
    )
    assert (
        _db.session.scalars(
            select(RegistrationAnswer).where(RegistrationAnswer.question_id == question.id)
        ).all()
        == []
    )


def test_copy_keeps_local_times_across_a_daylight_saving_change(client, db, login_as):
    madrid = make_event(
        slug="madrid", timezone="Europe/Madrid", starts_on=date(2026, 3, 26),
        ends_on=date(2026, 3, 26),
    )  # fmt: skip
    make_item(
        madrid,
        starts_at=local(madrid, "2026-03-26", "10:00"),
        ends_at=local(madrid, "2026-03-26", "11:00"),
    )
    login_as("organizer", madrid)
    client.post(
        "/manage/madrid/copy",
        data={"title": "Madrid", "slug": "madrid-abril", "starts_on": "2026-04-02"},
    )
    item = _db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == copy_of("madrid-abril").id)
    ).one()
    # Summer time began on 29 March: 10:00 in Madrid is now 08:00 UTC, not 09:00.
    assert item.starts_at.astimezone(UTC).isoformat() == "2026-04-02T08:00:00+00:00"
    assert item.starts_at.astimezone(ZoneInfo("Europe/Madrid")).hour == 10


def test_copy_refuses_an_address_in_use(client, event, login_as):
    login_as("organizer", event)
    make_event(slug="lapaz-2027")
    response = client.post(
        "/manage/lapaz-2026/copy",
        data={"title": "Seminario La Paz 2027", "slug": "lapaz-2027", "starts_on": "2027-12-01"},
    )
    assert response.status_code == 400
    assert "Another event already uses this address." in response.get_data(as_text=True)
    assert (
        _db.session.scalars(select(Event).where(Event.title == "Seminario La Paz 2027")).all() == []
    )


def test_only_the_event_team_can_copy_it(client, event, login_as):
    login_as("user")
    response = client.post(
        "/manage/lapaz-2026/copy",
        data={"title": "Copia", "slug": "copia", "starts_on": "2027-12-01"},
    )
    assert response.status_code == 403
    assert _db.session.scalars(select(Event).where(Event.slug == "copia")).all() == []


def test_demo_has_next_years_edition_as_a_draft_with_its_agenda(app, client, db, login_as):
    assert app.test_cli_runner().invoke(args=["load-demo"]).exit_code == 0
    assert app.test_cli_runner().invoke(args=["load-demo"]).exit_code == 0  # adds nothing
    event = db.scalars(select(Event).order_by(Event.id)).first()
    copies = db.scalars(select(Event).where(Event.slug.like(f"{event.slug}-%"))).all()
    assert len(copies) == 1
    copy = copies[0]
    assert copy.status == EventStatus.DRAFT
    assert copy.title.endswith(str(copy.starts_on.year))
    assert copy.starts_on.weekday() == event.starts_on.weekday()
    zone = ZoneInfo(event.timezone)
    originals = db.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id).order_by(AgendaItem.starts_at)
    ).all()
    copied = db.scalars(
        select(AgendaItem).where(AgendaItem.event_id == copy.id).order_by(AgendaItem.starts_at)
    ).all()
    assert [i.title for i in copied] == [i.title for i in originals]
    assert copied[0].starts_at.astimezone(zone).date() == copy.starts_on
    assert (
        copied[0].starts_at.astimezone(zone).time()
        == originals[0].starts_at.astimezone(zone).time()
    )
    assert db.scalars(select(Registration).where(Registration.event_id == copy.id)).all() == []
    labels = db.scalars(
        select(RegistrationQuestion.label)
        .where(RegistrationQuestion.event_id == copy.id)
        .order_by(RegistrationQuestion.position)
    ).all()
    assert [label["es"] for label in labels] == [
        "¿Requiere carta de invitación para visa?",
        "Área de trabajo",
    ]
    # The translations came along: the copy's English agenda is translated like the original's.
    login_as("admin")
    pages = [
        client.get(f"/manage/{slug}/translations/en/agenda_item").get_data(as_text=True)
        for slug in (event.slug, copy.slug)
    ]
    assert "Opening of the seminar</textarea>" in pages[1]
    assert pages[1].count("Up to date") == pages[0].count("Up to date") > len(originals)
