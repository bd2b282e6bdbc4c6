"""Exports of the published agenda: iCalendar, and the frab/C3VOC schedule in XML and JSON."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from icalendar import Calendar
from lxml import etree

from seminar.agenda.demo import load_demo as load_agenda_demo
from seminar.agenda.publishing import latest_publication, publish
from seminar.events.demo import load_demo as load_event_demo
from tests.agenda.factories import add_role, local, make_item, make_person, make_room
from tests.factories import make_event

SCHEMAS = Path(__file__).resolve().parent / "schemas"  # copies of the C3VOC schemas
LA_PAZ = ZoneInfo("America/La_Paz")


@pytest.fixture
def demo(db):
    event = load_agenda_demo(load_event_demo(None))
    db.commit()
    return event


def _public_items(event):
    return [i for i in latest_publication(event).snapshot["items"] if i["is_public"]]


def test_schedule_xml_validates_against_the_c3voc_xsd(client, demo):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))

    response = client.get(f"/events/{demo.slug}/schedule.xml")

    assert response.mimetype == "text/xml"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    document = etree.fromstring(response.data)
    assert schema.validate(document), schema.error_log
    assert len(document.findall("day")) == 2
    events = document.findall("day/room/event")
    assert len(events) == len(_public_items(demo))
    opening = next(e for e in events if e.findtext("title") == "Inauguración del seminario")
    assert opening.findtext("date") == f"{demo.starts_on.isoformat()}T09:00:00-04:00"
    assert opening.findtext("start") == "09:00"
    assert opening.findtext("duration") == "00:45"
    assert opening.findtext("room") == "Salón Illimani"
    assert "Sr. Diego Arce Saavedra" in [p.text for p in opening.findall("persons/person")]


def test_schedule_json_validates_against_the_c3voc_schema(client, demo):
    schema = json.loads((SCHEMAS / "schema.json").read_text())

    response = client.get(f"/events/{demo.slug}/schedule.json")

    assert response.mimetype == "application/json"
    document = response.get_json()
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    conference = document["schedule"]["conference"]
    assert conference["time_zone_name"] == "America/La_Paz"
    assert conference["daysCount"] == 2
    assert {r["name"] for r in conference["rooms"]} == {
        "Salón Illimani",
        "Salón Sajama",
        "All rooms",
    }
    day_rooms = {name for day in conference["days"] for name in day["rooms"]}
    assert day_rooms <= {r["name"] for r in conference["rooms"]}
    sessions = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    assert len(sessions) == len(_public_items(demo))
    keynote = next(s for s in sessions if s["title"].startswith("Conferencia magistral: el Plan"))
    assert keynote["date"] == f"{demo.ends_on.isoformat()}T09:00:00-04:00"
    assert keynote["persons"][0]["name"] == "Sr. Javier Moreno Ibáñez"
    assert "Director General de Migraciones" in keynote["description"]
    assert uuid.UUID(keynote["guid"]).version == 5


def test_agenda_ics_has_one_event_per_public_item_in_la_paz_time(client, demo):
    response = client.get(f"/events/{demo.slug}/agenda.ics")

    assert response.mimetype == "text/calendar"
    assert b"\r\n" in response.data
    calendar = Calendar.from_ical(response.data)
    assert calendar.get_missing_tzids() == set()
    timezones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
    assert timezones == ["America/La_Paz"]
    vevents = calendar.walk("VEVENT")
    items = _public_items(demo)
    assert len(vevents) == len(items)
    assert {str(v["UID"]) for v in vevents} == {i["uid"] for i in items}
    assert all(not getattr(v, "errors", []) for v in vevents)
    opening = next(v for v in vevents if str(v["SUMMARY"]) == "Inauguración del seminario")
    starts = opening.decoded("DTSTART")
    assert starts.tzinfo is not None
    assert starts.astimezone(LA_PAZ).strftime("%H:%M") == "09:00"
    assert starts.astimezone(UTC) == datetime.combine(demo.starts_on, time(13), tzinfo=UTC)
    assert "TZID=America/La_Paz" in opening.content_line("DTSTART", opening["DTSTART"])
    assert opening.decoded("DTSTAMP").tzinfo is not None
    assert str(opening["LOCATION"]) == "Salón Illimani"
    description = str(opening["DESCRIPTION"])
    assert (
        "Sr. Diego Arce Saavedra, Viceministro de Gestión Institucional y Consular" in description
    )


def test_calendar_uids_and_frab_guids_stay_stable_across_versions(client, db, demo):
    ics_v1 = Calendar.from_ical(client.get(f"/events/{demo.slug}/agenda.ics").data)
    json_v1 = client.get(f"/events/{demo.slug}/schedule.json").get_json()
    item = make_item(
        demo,
        title="Visita de campo",
        starts_at=local(demo, demo.ends_on.isoformat(), "07:00"),
        ends_at=local(demo, demo.ends_on.isoformat(), "08:30"),
    )
    publish(demo, by=None)

    ics_v2 = Calendar.from_ical(client.get(f"/events/{demo.slug}/agenda.ics").data)
    json_v2 = client.get(f"/events/{demo.slug}/schedule.json").get_json()

    uids_v1 = {str(v["UID"]) for v in ics_v1.walk("VEVENT")}
    uids_v2 = {str(v["UID"]) for v in ics_v2.walk("VEVENT")}
    assert uids_v2 == uids_v1 | {item.uid}

    def guids(document):
        days = document["schedule"]["conference"]["days"]
        return {e["title"]: e["guid"] for d in days for r in d["rooms"].values() for e in r}

    before, after = guids(json_v1), guids(json_v2)
    assert all(after[title] == guid for title, guid in before.items())
    assert max(int(v["SEQUENCE"]) for v in ics_v2.walk("VEVENT")) == 1


def test_item_ics_holds_just_that_item(client, demo):
    item = _public_items(demo)[1]

    response = client.get(f"/events/{demo.slug}/agenda/{item['uid']}.ics")

    vevents = Calendar.from_ical(response.data).walk("VEVENT")
    assert [str(v["UID"]) for v in vevents] == [item["uid"]]
    assert str(vevents[0]["SUMMARY"]) == item["title"]
    assert client.get(f"/events/{demo.slug}/agenda/not-a-uid.ics").status_code == 404


def test_exports_reflect_the_published_version_only(client, db):
    event = make_event()
    room = make_room(event)
    person = make_person(event, email="private@example.org")
    item = make_item(event, title="Panel publicado", room=room)
    add_role(item, person)
    publish(event, by=None)
    item.title = "Título sin publicar"
    db.flush()

    urls = ["agenda.ics", "schedule.json", "schedule.xml"]
    bodies = {url: client.get(f"/events/{event.slug}/{url}").get_data(as_text=True) for url in urls}

    for url, body in bodies.items():
        assert "Panel publicado" in body, url
        assert "Título sin publicar" not in body, url
        assert "private@example.org" not in body, url
    publish(event, by=None)
    assert "Título sin publicar" in client.get(f"/events/{event.slug}/agenda.ics").get_data(
        as_text=True
    )


@pytest.mark.parametrize("url", ["agenda.ics", "schedule.json", "schedule.xml", "agenda.pdf"])
def test_exports_are_not_found_before_the_first_publication(client, db, url):
    event = make_event()
    make_item(event)

    assert client.get(f"/events/{event.slug}/{url}").status_code == 404
