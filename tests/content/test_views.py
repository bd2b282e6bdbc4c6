"""The translations overview and the side-by-side pages: statuses, saving, conflicts, roles."""

from __future__ import annotations

from seminar.content import services
from tests.agenda.factories import make_item, make_person
from tests.factories import make_event


def _row(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</li>", start)]


def test_overview_counts_missing_outdated_and_current_per_language(client, db, login_as):
    event = make_event(title="Seminario", languages="es,en")
    opening = make_item(event, title="Apertura", description="")
    closing = make_item(event, title="Clausura", description="")
    services.save(opening, "title", "en", "Opening", version=0, user=None)
    services.save(closing, "title", "en", "Closing", version=0, user=None)
    closing.title = "Clausura oficial"
    login_as("organizer", event)

    page = client.get(f"/manage/{event.slug}/translations").get_data(as_text=True)

    english = page[page.index('id="lang-en"') :]
    assert "1 text missing" in english  # the event's title
    assert "1 text outdated" in english
    assert "1 text up to date" in english
    spanish = page[page.index('id="lang-es"') : page.index('id="lang-en"')]
    assert "0 texts missing" in spanish  # everything is written in Spanish
    assert f"/manage/{event.slug}/translations/en/agenda_item?status=outdated" in page


def test_side_by_side_page_shows_source_status_and_the_change_of_an_outdated_source(
    client, db, login_as
):
    event = make_event()
    item = make_item(event, title="Panel sobre remesas", description="")
    services.save(item, "title", "en", "Panel on remittances", version=0, user=None)
    item.title = "Panel sobre remesas y desarrollo"
    login_as("organizer", event)

    page = client.get(f"/manage/{event.slug}/translations/en/agenda_item").get_data(as_text=True)

    row = _row(page, f"agenda_item-{item.id}-title")
    assert 'lang="es">Panel sobre remesas y desarrollo</div>' in row
    assert "Outdated" in row
    assert "<ins> y desarrollo</ins>" in row
    assert 'lang="en"' in row
    assert "Panel on remittances</textarea>" in row


def test_saving_a_row_updates_the_translation_and_its_status(client, db, login_as):
    event = make_event()
    item = make_item(event, title="Almuerzo", description="")
    login_as("organizer", event)
    prefix = f"agenda_item-{item.id}-title"
    url = f"/manage/{event.slug}/translations/en/agenda_item"
    assert "Missing" in _row(client.get(url).get_data(as_text=True), prefix)

    response = client.post(
        f"{url}/{item.id}/title", data={f"{prefix}-value": "Lunch", f"{prefix}-version": "0"}
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#{prefix}")
    page = client.get(url).get_data(as_text=True)
    assert "Up to date" in _row(page, prefix)
    assert "Translation saved." in page
    db.expire_all()
    assert services.text(db.merge(item), "title", "en") == "Lunch"


def test_a_stale_save_answers_409_with_both_texts(client, db, login_as):
    event = make_event()
    item = make_item(event, title="Almuerzo", description="")
    services.save(item, "title", "en", "Lunch", version=0, user=None)
    login_as("organizer", event)
    prefix = f"agenda_item-{item.id}-title"

    response = client.post(
        f"/manage/{event.slug}/translations/en/agenda_item/{item.id}/title",
        data={f"{prefix}-value": "Luncheon", f"{prefix}-version": "0"},
    )

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this translation" in page
    assert "Lunch</blockquote>" in page
    assert "Luncheon</textarea>" in page
    db.expire_all()
    assert services.text(db.merge(item), "title", "en") == "Lunch"


def test_the_status_filter_lists_only_missing_texts(client, db, login_as):
    event = make_event()
    person = make_person(event, position="Jefa de Misión", bio="")
    other = make_person(event, name="Otra Persona", position="Investigadora", bio="")
    services.save(person, "position", "en", "Chief of Mission", version=0, user=None)
    login_as("organizer", event)

    page = client.get(f"/manage/{event.slug}/translations/en/person?status=missing").get_data(
        as_text=True
    )

    assert f"person-{other.id}-position" in page
    assert f"person-{person.id}-position" not in page


def test_choosing_english_as_the_source_of_a_text_drafted_in_english(client, db, login_as):
    event = make_event()
    item = make_item(event, title="Remittances panel", description="")
    login_as("organizer", event)
    prefix = f"agenda_item-{item.id}-title"

    client.post(
        f"/manage/{event.slug}/translations/es/agenda_item/{item.id}/title/source",
        data={f"{prefix}-source-lang": "en"},
    )

    db.expire_all()
    item = db.merge(item)
    assert services.source_language(item, "title") == "en"
    page = client.get(f"/manage/{event.slug}/translations/es/agenda_item").get_data(as_text=True)
    assert 'lang="en">Remittances panel</div>' in _row(page, prefix)


def test_rapporteurs_may_not_translate_the_agenda_and_visitors_must_sign_in(client, db, login_as):
    event = make_event()
    make_item(event)
    url = f"/manage/{event.slug}/translations/en/agenda_item"
    assert client.get(url).status_code == 302
    login_as("rapporteur", event)
    assert client.get(url).status_code == 403
    assert client.get(f"/manage/{event.slug}/translations").status_code == 200
    login_as("checkin", event)
    assert client.get(f"/manage/{event.slug}/translations").status_code == 403


def test_a_language_the_event_does_not_have_is_not_found(client, db, login_as):
    event = make_event(languages="es,en")
    login_as("organizer", event)
    assert client.get(f"/manage/{event.slug}/translations/fr/agenda_item").status_code == 404
    assert client.get(f"/manage/{event.slug}/translations/en/nothing").status_code == 404


def test_the_page_script_saves_a_row_as_json_and_gets_conflicts_as_problems(client, db, login_as):
    event = make_event()
    item = make_item(event, title="Almuerzo", description="")
    login_as("organizer", event)
    prefix = f"agenda_item-{item.id}-title"
    url = f"/manage/{event.slug}/translations/en/agenda_item/{item.id}/title"
    headers = {"Accept": "application/json"}

    saved = client.post(
        url, data={f"{prefix}-value": "Lunch", f"{prefix}-version": "0"}, headers=headers
    )
    assert saved.get_json() == {
        "status": "current",
        "label": "Up to date",
        "version": 1,
        "message": "Translation saved.",
    }

    stale = client.post(
        url, data={f"{prefix}-value": "Luncheon", f"{prefix}-version": "0"}, headers=headers
    )
    assert stale.status_code == 409
    assert stale.get_json()["theirs"] == "Lunch"
    assert stale.get_json()["version"] == 1
