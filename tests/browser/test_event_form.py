"""The event form in a real browser: the web address follows the title until edited by hand, and
the error summary's links take the keyboard to each field."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from seminar.events.models import Event
from tests.browser.test_agenda_editor import sign_in
from tests.factories import make_event, make_user

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SEMINAR_SHOTS")  # a folder: save screenshots to look at


@pytest.fixture
def admin(db):
    make_event(slug="taken")
    make_user(email="lucia@example.org", name="Lucía Mamani", is_admin=True)
    db.commit()


def test_address_follows_the_title_until_it_is_edited(page: Page, db, admin):
    sign_in(page)
    page.goto("/manage/new")
    title, address = page.get_by_label("Title", exact=True), page.get_by_label("Web address")
    title.fill("Políticas migratorias: ¿Qué sigue?")
    expect(address).to_have_value("politicas-migratorias-que-sigue")
    address.fill("lapaz-2027")
    title.fill("Políticas migratorias 2027")
    expect(address).to_have_value("lapaz-2027")
    page.get_by_label("First day").fill("2027-03-10")
    page.get_by_label("Last day").fill("2027-03-11")
    expect(page.get_by_label("Time zone")).to_have_value("America/La_Paz")
    page.get_by_role("button", name="Create the event").click()
    expect(page.get_by_role("heading", name="Event settings")).to_be_visible()
    db.expire_all()
    assert db.scalar(select(Event.slug).where(Event.title == "Políticas migratorias 2027")) == (
        "lapaz-2027"
    )


def test_error_summary_is_focused_and_its_links_focus_the_fields(page: Page, db, admin):
    sign_in(page)
    page.goto("/manage/new")
    page.get_by_label("Title", exact=True).fill("Seminario")
    page.get_by_label("Web address").fill("taken")
    page.get_by_label("First day").fill("2027-03-10")
    page.get_by_label("Last day").fill("2027-03-11")
    page.get_by_role("button", name="Create the event").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/event-form-errors-desktop.png")
    summary.get_by_role(
        "link", name="Web address: Another event already uses this address."
    ).click()
    expect(page.get_by_label("Web address")).to_be_focused()

    page.get_by_label("Web address").fill("")
    page.get_by_label("Title", exact=True).fill("")
    page.get_by_role("button", name="Create the event").click()
    if SHOTS:
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/event-form-errors-phone.png")
    page.locator("#form-errors").get_by_role("link", name="Title: This field is required.").click()
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
