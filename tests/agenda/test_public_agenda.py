"""The public agenda and speakers pages: the latest published version only, in the event's zone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event

from seminar.agenda.publishing import publish
from seminar.content import services as content
from seminar.events.models import EventStatus
from seminar.extensions import db as _db
from tests.agenda.factories import add_role, local, make_item, make_person, make_room, make_theme
from tests.factories import make_event


def _agenda(db, **event_fields):
    event = make_event(slug=event_fields.pop("slug", "lapaz-public"), **event_fields)
    illimani = make_room(event, name="Salón Illimani")
    sajama = make_room(event, name="Salón Sajama", capacity=40, position=1)
    remesas = make_theme(event, name="Remesas", color="#1d6b36")
    derechos = make_theme(event, name="Derechos de los connacionales", color="#a0401a", position=1)
    chief = make_person(event, email="ana.quispe@example.org", bio="Economista **andina**.")
    moderator = make_person(
        event,
        honorific="Lic.",
        name="Rosa Condori Apaza",
        position="Directora General de Asuntos Consulares",
        organization="Cancillería de Bolivia",
        country="BO",
    )
    panel = make_item(event, title="Panel: remesas y desarrollo", room=illimani, theme=remesas)
    add_role(panel, moderator, "moderator")
    add_role(panel, chief, "speaker")
    group = make_item(
        event,
        title="Grupo de trabajo: protección consular",
        kind="working_group",
        starts_at=local(event, "2026-12-03", "14:30"),
        ends_at=local(event, "2026-12-03", "16:00"),
        room=sajama,
        theme=derechos,
    )
    lunch = make_item(
        event,
        title="Almuerzo",
        kind="meal",
        starts_at=local(event, "2026-12-03", "13:00"),
        ends_at=local(event, "2026-12-03", "14:30"),
    )
    internal = make_item(event, title="Reunión interna de la relatoría", is_public=False)
    return event, {"panel": panel, "group": group, "lunch": lunch, "internal": internal}


def test_agenda_shows_the_programme_by_day_with_local_times_rooms_themes_and_speakers(client, db):
    event, _items = _agenda(db)
    publish(event, by=None)

    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)

    assert "Wednesday, December 2, 2026" in page
    assert "Thursday, December 3, 2026" in page
    assert "09:00" in page  # stored as 13:00 UTC
    assert "10:30" in page
    assert "Panel: remesas y desarrollo" in page
    assert "Salón Illimani" in page
    assert "Remesas" in page
    assert "Moderator" in page
    assert "Lic. Rosa Condori Apaza" in page
    assert "Directora General de Asuntos Consulares, Cancillería de Bolivia" in page
    assert "Sra. Ana Quispe Mamani" in page
    assert "Jefa de Misión, OIM Ecuador" in page
    assert "Version 1" in page
    assert "America/La_Paz" not in page or "La Paz" in page
    assert "(UTC−04:00)" in page
    assert "Reunión interna de la relatoría" not in page
    assert "ana.quispe@example.org" not in page


def test_unpublished_edits_stay_invisible_until_the_next_publication(client, db):
    event, items = _agenda(db)
    publish(event, by=None)
    items["panel"].title = "Panel renombrado"
    items["panel"].starts_at = local(event, "2026-12-02", "15:00")
    items["panel"].ends_at = local(event, "2026-12-02", "16:00")
    db.flush()

    before = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    publish(event, by=None)
    after = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)

    assert "Panel: remesas y desarrollo" in before
    assert "Panel renombrado" not in before
    assert "Panel renombrado" in after
    assert "Version 2" in after


def test_agenda_shows_what_changed_since_the_previous_version(client, db):
    event, items = _agenda(db)
    publish(event, by=None)
    items["panel"].starts_at = items["panel"].starts_at + timedelta(hours=1)
    items["panel"].ends_at = items["panel"].ends_at + timedelta(hours=1)
    db.delete(items["group"])
    make_item(
        event,
        title="Clausura y adopción de recomendaciones",
        kind="closing",
        starts_at=local(event, "2026-12-03", "17:00"),
        ends_at=local(event, "2026-12-03", "17:45"),
    )
    db.flush()
    publish(event, by=None, note="Se reprograma el panel")

    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)

    assert "What changed since version 1" in page
    changes = page[page.index("What changed since version 1") : page.index("agenda-filters")]
    assert "Added sessions" in changes
    assert "Clausura y adopción de recomendaciones" in changes
    assert "Moved sessions" in changes
    assert "Panel: remesas y desarrollo" in changes
    assert "10:00\u202fAM–11:30\u202fAM" in changes  # new time, in English's one time pattern
    assert "9:00\u202fAM–10:30\u202fAM" in changes  # previous time
    assert "Cancelled sessions" in changes
    assert "Grupo de trabajo: protección consular" in changes
    assert "Se reprograma el panel" in page


def test_filters_by_day_and_theme_work_without_javascript(client, db):
    event, items = _agenda(db)
    themes = {i.theme.name: i.theme.id for i in items.values() if i.theme}
    publish(event, by=None)

    day_two = client.get(f"/events/{event.slug}/agenda?day=2").get_data(as_text=True)
    remesas = client.get(f"/events/{event.slug}/agenda?theme={themes['Remesas']}").get_data(
        as_text=True
    )
    nonsense = client.get(f"/events/{event.slug}/agenda?day=9&theme=abc").get_data(as_text=True)

    assert "Grupo de trabajo: protección consular" in day_two
    assert "Panel: remesas y desarrollo" not in day_two
    assert "Panel: remesas y desarrollo" in remesas
    assert "Grupo de trabajo: protección consular" not in remesas
    assert "Almuerzo" in remesas  # meals frame the day in every theme's view
    assert "Panel: remesas y desarrollo" in nonsense
    assert "Grupo de trabajo: protección consular" in nonsense


def test_agenda_page_says_when_nothing_is_published_yet(client, db):
    event, _items = _agenda(db)

    page = client.get(f"/events/{event.slug}/agenda")

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "The programme has not been published yet" in text
    assert "Panel: remesas y desarrollo" not in text


def test_agenda_of_a_draft_event_is_hidden_from_the_public(client, db):
    event, _items = _agenda(db, status=EventStatus.DRAFT)
    publish(event, by=None)

    assert client.get(f"/events/{event.slug}/agenda").status_code == 404
    assert client.get(f"/events/{event.slug}/agenda.ics").status_code == 404


def test_agenda_renders_in_spanish(client, db):
    event, _items = _agenda(db)
    publish(event, by=None)

    page = client.get(f"/events/{event.slug}/agenda", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )

    assert "miércoles, 2 de diciembre de 2026" in page
    assert "Versión 1" in page
    assert "Día 1" in page
    assert "Moderación" in page or "Moderadora" in page or "Moderador" in page
    assert "Todos los días" in page
    assert "Descargar PDF" in page


def test_agenda_page_has_no_inline_styles_or_scripts(client, db):
    event, _items = _agenda(db)
    publish(event, by=None)

    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)

    assert " style=" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None
    assert f"/events/{event.slug}/themes.css" in page


def test_speakers_page_shows_bios_and_sessions_but_never_emails(client, db):
    event, _items = _agenda(db)
    publish(event, by=None)

    page = client.get(f"/events/{event.slug}/speakers").get_data(as_text=True)

    assert "Sra. Ana Quispe Mamani" in page
    assert "Economista <strong>andina</strong>." in page
    assert "Panel: remesas y desarrollo" in page
    assert "Ecuador" in page
    assert "ana.quispe@example.org" not in page
    assert "mailto:ana" not in page


def _count_queries(app, client, url):
    with app.app_context():
        engine = _db.engine
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return statements


@pytest.mark.parametrize("logged_in", [False, True])
def test_agenda_page_issues_a_fixed_number_of_queries_for_10_or_300_items(
    app, client, db, login_as, logged_in
):
    counts = {}
    for size in (10, 300):
        event = make_event(slug=f"size-{size}")
        rooms = [make_room(event, name=f"Sala {n}", position=n) for n in range(3)]
        themes = [make_theme(event, name=f"Tema {n}", position=n) for n in range(4)]
        people = [make_person(event, name=f"Persona {n}") for n in range(20)]
        for n in range(size):
            start = local(event, "2026-12-02", "08:00") + timedelta(minutes=5 * (n // 3))
            item = make_item(
                event,
                title=f"Sesión {n}",
                starts_at=start,
                ends_at=start + timedelta(minutes=5),
                room=rooms[n % 3],
                theme=themes[n % 4],
            )
            add_role(item, people[n % 20])
            content.save(item, "title", "en", f"Session {n}", version=None, user=None)
        for n, obj in enumerate([*rooms, *themes]):  # every text in two languages
            content.save(obj, "name", "en", f"Name {n}", version=None, user=None)
        for person in people:
            content.save(person, "position", "en", "Head of Mission", version=None, user=None)
        publish(event, by=None)
        if logged_in:
            login_as("user")
        first = _count_queries(app, client, f"/events/{event.slug}/agenda")
        again = _count_queries(app, client, f"/events/{event.slug}/agenda")
        page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
        assert f"Session {size - 1}" in page  # the English page shows the translations
        assert f"Sesión {size - 1}" not in page
        counts[size] = (len(first), len(again))

    assert counts[10] == counts[300]
    assert max(counts[10]) <= 6


def test_an_empty_day_without_filters_says_nothing_is_scheduled_not_that_filters_hide_it(
    client, db
):
    event = make_event(slug="lapaz-one-day")
    make_item(event, title="Inauguración", room=make_room(event))  # on the first day only
    publish(event, by=None)

    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)

    assert "Nothing is scheduled on this day yet." in page
    assert "No sessions match these filters" not in page
