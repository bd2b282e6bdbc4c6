"""Cached public pages and exports: keys hold every input, and conditional requests get 304."""

from __future__ import annotations

import html
import io
import json

import pytest
from pypdf import PdfReader

from seminar import cache
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
    assert "Políticas Migratorias" in before["ics"]
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
    assert "Políticas Migratorias" in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    _rename(db, demo, "Seminario renombrado")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Seminario renombrado" in changed.get_data(as_text=True)


def _statements(app, send):
    from sqlalchemy import event as sa_event

    from seminar.extensions import db as _db

    with app.app_context():
        engine = _db.engine
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        response = send()
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    return response, statements


@pytest.mark.parametrize("path", ["", "agenda"])
def test_visitors_get_public_pages_without_a_session_or_a_csrf_token(client, db, demo, path):
    """The same page for every visitor who reads that language: a proxy may keep it."""
    response = client.get(f"/events/{demo.slug}/{path}")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "csrf" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "public, no-cache"
    assert set(response.headers["Vary"].split(", ")) == {"Accept-Language", "Cookie"}


@pytest.mark.parametrize("path", ["", "agenda", "agenda.ics", "schedule.json", "schedule.xml"])
def test_a_conditional_request_needs_no_query_once_the_event_is_known(app, client, db, demo, path):
    """Right after a change, a 304 reads the event's id, version and status (and the latest
    publication) as small rows, never the event object or a snapshot; once known, it reads
    nothing at all (what a reverse proxy revalidating a page costs)."""
    url = f"/events/{demo.slug}/{path}"
    etag = client.get(url).headers["ETag"]
    response, statements = _statements(
        app, lambda: client.get(url, headers={"If-None-Match": etag})
    )
    assert response.status_code == 304
    assert 1 <= len(statements) <= 2, statements  # the event just changed: read, not trusted
    assert not any(
        "snapshot" in statement or "description" in statement for statement in statements
    )

    with app.app_context():
        cache.clear()  # as when the "just changed" marker has expired
    client.get(url, headers={"If-None-Match": etag})
    response, statements = _statements(
        app, lambda: client.get(url, headers={"If-None-Match": etag})
    )
    assert response.status_code == 304
    assert statements == []


def test_a_visitors_page_is_served_from_the_cache_and_follows_a_rename(app, client, db, demo):
    url = f"/events/{demo.slug}/"
    with app.app_context():
        cache.clear()
    client.get(url)
    response, statements = _statements(app, lambda: client.get(url))
    assert response.status_code == 200
    assert statements == []
    assert html.escape(demo.title) in response.get_data(as_text=True)
    _rename(db, demo, "Seminario Andino 2026")  # the commit marks the event as changed
    renamed = client.get(url).get_data(as_text=True)
    assert "Seminario Andino 2026" in renamed


def test_a_state_read_before_a_change_never_hides_it(app, db, demo):
    """A request that read the event just before another one's commit cannot put the old state
    back: readers only add where nothing (not even the "changed" marker) is stored."""
    from seminar.events import public_state as states

    with app.test_request_context():
        cache.clear()
        old = states.public_state(demo.slug)  # read and stored
        cache.clear()
        states.forget(demo.slug)  # another request's commit lands in between
        cache.add(("public-state", demo.slug), old, timeout=60)  # the late reader stores
        assert cache.peek(("public-state", demo.slug)) == states.CHANGED
    _rename(db, demo, "Otro nombre")
    with app.test_request_context():
        assert states.public_state(demo.slug).version > old.version


def test_the_visitors_language_link_sets_a_cookie_and_the_page_follows_it(client, db, demo):
    url = f"/events/{demo.slug}/agenda"
    english = client.get(url, headers={"Accept-Language": "en"})
    etag = english.headers["ETag"]
    switched = client.get(f"/language/es?next={url}")
    assert switched.status_code == 302
    assert switched.headers["Location"].endswith(url)
    assert "lang=es" in switched.headers["Set-Cookie"]
    page = client.get(url, headers={"Accept-Language": "en", "If-None-Match": etag})
    assert page.status_code == 200  # not the English page the browser holds
    assert '<html lang="es">' in page.get_data(as_text=True)
    assert page.headers["ETag"] != etag
    again = client.get(
        url, headers={"Accept-Language": "en", "If-None-Match": page.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_language_link_does_not_leave_the_site(client, db, demo):
    response = client.get("/language/es?next=//evil.example/x")
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_a_draft_events_pages_are_never_answered_from_a_visitors_validator(client, db, demo):
    url = f"/events/{demo.slug}/"
    etag = client.get(url).headers["ETag"]
    event = db.get(Event, demo.id)
    from seminar.events.models import EventStatus

    event.status = EventStatus.DRAFT
    db.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 404
