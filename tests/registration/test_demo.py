"""The registration demo: plausible officials of the region, states with history, day-one arrivals."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from seminar.accounts import demo as accounts_demo
from seminar.events import demo as events_demo
from seminar.registration import demo
from seminar.registration.capacity import window_state
from seminar.registration.models import CheckIn, Registration, RegistrationSettings
from seminar.registration.question_services import questions_for
from tests.registration.helpers import form_data


def load(db):
    event = events_demo.load_demo(accounts_demo.load_demo(None))
    demo.load_demo(event)
    db.commit()
    return event


def test_demo_registers_more_than_55_officials_in_every_state_with_history(db):
    event = load(db)
    people = db.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    assert len(people) >= 55
    states = Counter(p.status.value for p in people)
    assert states["pending"] >= 2
    assert states["waitlisted"] >= 2
    assert states["confirmed"] > len(people) / 2
    settings = db.scalar(
        select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)
    )
    assert settings.capacity == states["confirmed"]  # full: that is why some wait
    assert all(p.history for p in people)
    assert all(p.history[-1].to_status == p.status.value for p in people)
    assert len({p.country for p in people}) >= 9
    assert sum(p.consents_to_list for p in people) > len(people) / 2
    assert len({p.email for p in people}) == len(people)


def test_demo_has_check_ins_on_day_one_only_for_confirmed_participants(db):
    event = load(db)
    arrivals = db.scalars(
        select(CheckIn).join(Registration).where(Registration.event_id == event.id)
    ).all()
    assert len(arrivals) > 30
    assert {a.day for a in arrivals} == {event.starts_on}
    assert {a.registration.status.value for a in arrivals} == {"confirmed"}


def test_loading_the_demo_twice_changes_nothing(db):
    event = load(db)
    before = db.scalar(select(func.count(Registration.id)))
    checkins = db.scalar(select(func.count(CheckIn.id)))
    demo.load_demo(event)
    db.commit()
    assert db.scalar(select(func.count(Registration.id))) == before
    assert db.scalar(select(func.count(CheckIn.id))) == checkins
    # One for the seminar (next year's draft edition, copied by the demo, has its own).
    count = select(func.count(RegistrationSettings.id))
    assert db.scalar(count.where(RegistrationSettings.event_id == event.id)) == 1


def test_demo_seminar_starts_about_a_week_after_loading_with_registration_open(db):
    event = load(db)
    today = date.today()

    assert 7 <= (event.starts_on - today).days <= 10
    assert [day.weekday() < 5 for day in event.days] == [True, True]
    assert window_state(event) == "open"
    people = db.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    assert max(p.created_at for p in people) < datetime.now(UTC)


def test_a_newcomer_can_register_for_the_demo_seminar(client, db):
    event = load(db)
    # The demo asks two required questions (a visa letter; the area of work of government staff).
    visa, area = questions_for(event)
    answers = {visa.field_name: "no", area.field_name: area.choices[0].key}

    response = client.post(f"/events/{event.slug}/register", data=form_data(event, **answers))

    assert response.status_code == 302
    newcomer = db.scalar(select(Registration).where(Registration.email == "mj.choque@example.org"))
    assert newcomer.status.value == "pending"  # the demo requires approval
    assert newcomer.days == [day.isoformat() for day in event.days]
