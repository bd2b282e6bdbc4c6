"""Cached public pages and exports: keys hold every input, and conditional requests get 304."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from seminar.agenda.demo import load_demo as load_agenda_demo
from seminar.events.demo import load_demo as load_event_demo
from seminar.events.models import Event


@pytest.fixture
def demo(db):
    event = load_agenda_demo(load_event_demo(None))
    db.commit()
    return event


def _rename(db, event, title):
    db.get(Event, event.id).title = title
    db.commit()


def test_a_renamed_event_shows_its_new_title_in_every_export(client, db, demo):
    slug = demo.slug
    before = {
        "ics": client.get(f"/events/{slug}/agenda.ics").get_data(as_text=True),
        "json": client.get(f"/events/{slug}/schedule.json").get_json(),
        "pdf": client.get(f"/events/{slug}/agenda.pdf").data,
    }
    assert "Migration Policies" in before["ics"]
    _rename(db, demo, "Seminario Andino de Migraciones 2026")

    ics = client.get(f"/events/{slug}/agenda.ics").get_data(as_text=True)
    schedule = client.get(f"/events/{slug}/schedule.json").get_json()
    pdf = client.get(f"/events/{slug}/agenda.pdf").data
    xml = client.get(f"/events/{slug}/schedule.xml").get_data(as_text=True)
    assert "Seminario Andino de Migraciones 2026" in ics.replace("\r\n ", "")
    assert schedule["schedule"]["conference"]["title"] == "Seminario Andino de Migraciones 2026"
    assert "Seminario Andino de Migraciones 2026" in xml
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Seminario Andino de Migraciones 2026" in text
    assert json.dumps(before["json"]) != json.dumps(schedule)


@pytest.mark.parametrize("path", ["agenda.ics", "schedule.json", "schedule.xml", "agenda.pdf"])
def test_exports_answer_conditional_requests_until_the_event_changes(client, db, demo, path):
    url = f"/events/{demo.slug}/{path}"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.status_code == 200
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    _rename(db, demo, "Otro título")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_agenda_page_answers_304_to_the_same_visitor_and_differs_by_language(client, db, demo):
    url = f"/events/{demo.slug}/agenda"
    page = client.get(url)
    etag = page.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    spanish = client.get(url, headers={"Accept-Language": "es", "If-None-Match": etag})
    assert spanish.status_code == 200
    assert 'lang="es"' in spanish.get_data(as_text=True)
    assert spanish.headers["ETag"] != etag


def test_event_page_answers_304_until_the_event_changes(client, db, demo):
    url = f"/events/{demo.slug}/"
    first = client.get(url)
    assert first.status_code == 200
    assert "Migration Policies" in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    _rename(db, demo, "Seminario renombrado")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Seminario renombrado" in changed.get_data(as_text=True)
