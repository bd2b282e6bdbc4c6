"""The registration form's examples come from the event's country, not from Bolivia for everyone."""

from __future__ import annotations

from lxml import html

from tests.factories import make_event
from tests.registration.factories import make_settings


def phone_hint(client, slug: str) -> str:
    page = html.fromstring(client.get(f"/events/{slug}/register").get_data(as_text=True))
    return page.get_element_by_id("phone-hint").text_content().strip()


def test_phone_hint_uses_the_calling_code_of_the_events_country(client, db):
    make_settings(make_event(slug="madrid", country="ES", timezone="Europe/Madrid"))
    make_settings(make_event(slug="lapaz", country="BO"))
    assert phone_hint(client, "madrid") == "Optional. For example +34 810 12 34 56."
    assert phone_hint(client, "lapaz") == "Optional. For example +591 2 2123456."


def test_phone_hint_without_a_country_asks_for_the_country_code(client, db):
    make_settings(make_event(slug="online", country=""))
    assert phone_hint(client, "online") == "Optional. Start with + and the country code."


def test_import_sample_row_follows_the_events_country(client, db, login_as):
    event = make_event(slug="madrid", country="ES", timezone="Europe/Madrid")
    make_settings(event)
    login_as("organizer", event)
    sample = client.get("/manage/madrid/registrations/import/template.csv")
    text = sample.data.decode("utf-8-sig")
    assert ";España;" in text
    assert "+34 810 12 34 56" in text
    assert "Bolivia" not in text
    assert "+591" not in text
