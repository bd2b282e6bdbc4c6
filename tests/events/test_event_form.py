"""The event form: a web address made from the title, an error summary that links to each field,
and a time zone list of canonical zones with the event country's first."""

from __future__ import annotations

import re

from lxml import html

from seminar.events.models import Event
from tests.events.test_events import event_form
from tests.factories import make_event


def options(page: str) -> list[tuple[str, str, str]]:
    """(optgroup label, value, text) of each time zone option, in page order."""
    select = html.fromstring(page).get_element_by_id("timezone")
    return [
        (o.getparent().get("label", ""), o.get("value"), o.text_content())
        for o in select.iter("option")
    ]


def test_empty_address_is_made_from_the_title_without_accents(client, db, login_as):
    login_as("admin")
    response = client.post(
        "/manage/new", data=event_form(title="Políticas migratorias: ¿Qué sigue?", slug="")
    )
    assert response.status_code == 302
    event = db.query(Event).filter_by(title="Políticas migratorias: ¿Qué sigue?").one()
    assert event.slug == "politicas-migratorias-que-sigue"
    assert response.headers["Location"].endswith("/manage/politicas-migratorias-que-sigue/")


def test_derived_address_gets_a_number_when_it_is_taken(client, db, login_as):
    login_as("admin")
    make_event(slug="politicas-migratorias")
    make_event(slug="politicas-migratorias-2")
    client.post("/manage/new", data=event_form(title="Políticas Migratorias", slug=""))
    assert db.query(Event).filter_by(title="Políticas Migratorias").one().slug == (
        "politicas-migratorias-3"
    )


def test_an_address_typed_by_hand_is_kept(client, db, login_as):
    login_as("admin")
    client.post("/manage/new", data=event_form(title="Políticas migratorias", slug="lapaz-2027"))
    assert db.query(Event).filter_by(title="Políticas migratorias").one().slug == "lapaz-2027"


def test_clearing_the_address_of_an_event_makes_it_from_the_title_again(client, db, login_as):
    event = make_event(title="Diálogo regional", slug="old")
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post(
        "/manage/old/", data=event_form(title="Diálogo regional", slug="", version=version)
    )
    assert response.status_code == 302
    assert db.get(Event, event.id).slug == "dialogo-regional"


def test_error_summary_links_to_each_field_with_an_error(client, db, login_as):
    login_as("admin")
    make_event(slug="taken")
    response = client.post(
        "/manage/new", data=event_form(slug="taken", title="", languages=[], timezone="Mars/Base")
    )
    assert response.status_code == 400
    summary = html.fromstring(response.get_data(as_text=True)).get_element_by_id("form-errors")
    assert summary.get("tabindex") == "-1"
    assert summary.get("role") == "alert"
    links = {a.get("href"): a.text_content() for a in summary.iter("a")}
    assert links["#title"].startswith("Title: ")
    assert "#timezone" in links
    page = response.get_data(as_text=True)
    assert 'id="title"' in page
    assert 'id="timezone"' in page


def test_service_errors_are_linked_from_the_summary_too(client, db, login_as):
    login_as("admin")
    make_event(slug="taken")
    response = client.post("/manage/new", data=event_form(slug="taken"))
    summary = html.fromstring(response.get_data(as_text=True)).get_element_by_id("form-errors")
    links = {a.get("href"): a.text_content() for a in summary.iter("a")}
    assert links == {"#slug": "Web address: Another event already uses this address."}


def test_time_zones_offer_no_aliases_and_the_event_country_first(client, db, login_as):
    event = make_event(country="BO", timezone="America/La_Paz")
    login_as("organizer", event)
    listed = options(client.get(f"/manage/{event.slug}/").get_data(as_text=True))
    values = [value for _group, value, _text in listed]
    assert listed[0] == ("Bolivia", "America/La_Paz", "La Paz (GMT-04:00)")
    assert "US/Eastern" not in values
    assert "Cuba" not in values
    assert "Etc/GMT+4" not in values
    assert "America/New_York" in values
    assert "UTC" in values
    assert len(values) == len(set(values))
    assert ("Other time zones", "Europe/Madrid", "Spain — Madrid (GMT+01:00)") in listed


def test_time_zones_of_a_country_with_several_come_first_in_spanish(client, db, login_as):
    event = make_event(country="ES", timezone="Europe/Madrid", languages="es")
    login_as("organizer", event)
    client.get("/language/es")
    page = client.get(f"/manage/{event.slug}/", headers={"Accept-Language": "es"})
    listed = options(page.get_data(as_text=True))
    assert [value for group, value, _text in listed if group == "España"] == [
        "Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary",
    ]  # fmt: skip
    assert listed[3][0] == "Otros husos horarios"


def test_new_event_lists_the_default_zones_country_first(client, db, login_as):
    login_as("admin")
    listed = options(client.get("/manage/new").get_data(as_text=True))
    assert listed[0][1] == "America/La_Paz"
    assert [o for o in listed if o[1] == "America/La_Paz"] == [listed[0]]


def test_an_alias_saved_earlier_stays_on_offer_for_that_event_only(client, db, login_as):
    event = make_event(country="US", timezone="US/Eastern")
    login_as("organizer", event)
    values = [
        v for _g, v, _t in options(client.get(f"/manage/{event.slug}/").get_data(as_text=True))
    ]
    assert values[0] == "US/Eastern"
    assert values[1] == "America/New_York"
    response = client.post("/manage/new", data=event_form(timezone="US/Eastern"))
    assert response.status_code == 400
    assert db.query(Event).count() == 1
