"""Switching an event's main language keeps the texts written before in their language: they stay
the Spanish originals, and English readers and translators see what is really in English."""

from __future__ import annotations

from seminar.agenda.publishing import publish
from seminar.content import services
from tests.agenda.factories import make_item, make_person
from tests.content.test_views import _row
from tests.events.test_events import event_form
from tests.factories import make_event


def _switch_to_english(client, event, **overrides) -> None:
    form = event_form(
        title=event.title, slug=event.slug, subtitle="", description="", status="published",
        starts_on=event.starts_on.isoformat(), ends_on=event.ends_on.isoformat(),
        main_language="en", languages=["es", "en"], version=str(event.version), **overrides,
    )  # fmt: skip
    response = client.post(f"/manage/{event.slug}/", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_texts_written_before_the_switch_stay_spanish_originals(client, db, login_as):
    event = make_event(title="Seminario sobre migración", slug="seminario", languages="es,en")
    opening = make_item(event, title="Apertura", description="")
    closing = make_item(event, title="Clausura", description="")
    services.save(opening, "title", "en", "Opening", version=0, user=None)
    organizer = login_as("organizer", event)
    publish(event, by=organizer)
    db.commit()

    _switch_to_english(client, event)

    english = client.get("/manage/seminario/translations/en/agenda_item").get_data(as_text=True)
    row = _row(english, f"agenda_item-{closing.id}-title")
    assert 'lang="es">Clausura</div>' in row
    assert "Missing" in row
    row = _row(english, f"agenda_item-{opening.id}-title")
    assert "Opening</textarea>" in row
    assert "Up to date" in row
    spanish = client.get("/manage/seminario/translations/es/agenda_item").get_data(as_text=True)
    assert f"agenda_item-{closing.id}-title" not in spanish  # Spanish is its own source
    overview = client.get("/manage/seminario/translations").get_data(as_text=True)
    assert "0 texts missing" in overview[overview.index('id="lang-es"') :]

    agenda_en = client.get("/events/seminario/agenda?lang=en").get_data(as_text=True)
    assert '">Opening</h3>' in agenda_en
    assert '<span lang="es">Clausura</span></h3>' in agenda_en  # marked as Spanish for readers
    assert '<span lang="es">Seminario sobre migración</span>' in agenda_en
    agenda_es = client.get("/events/seminario/agenda?lang=es").get_data(as_text=True)
    assert "Apertura" in agenda_es
    assert "Clausura" in agenda_es
    assert "Opening" not in agenda_es


def test_a_text_written_in_the_new_main_language_needs_no_mark_of_its_own(client, db, login_as):
    event = make_event(slug="seminario", languages="es,en")
    expert = make_person(event, name="Jane Doe", position="Economist")
    services.set_source_language(expert, "position", "en", None)
    login_as("organizer", event)
    db.commit()

    _switch_to_english(client, event)

    english = client.get("/manage/seminario/translations/en/person").get_data(as_text=True)
    assert f"person-{expert.id}-position" not in english  # written in English, now the main one
    spanish = client.get("/manage/seminario/translations/es/person").get_data(as_text=True)
    assert 'lang="en">Economist</div>' in _row(spanish, f"person-{expert.id}-position")
    event_page = client.get("/manage/seminario/translations/en/event").get_data(as_text=True)
    assert "Missing" in _row(event_page, f"event-{event.id}-title")  # the Spanish title
