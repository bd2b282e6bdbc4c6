"""Browser journeys of the foundation, in a real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, make_event, make_membership, make_user

pytestmark = pytest.mark.browser


def test_organizer_signs_in_creates_an_event_and_switches_to_spanish(page: Page, db):
    seed = make_event(title="Existing seminar")
    user = make_user(email="lucia@example.org", name="Lucía Mamani")
    make_membership(user, seed, "organizer")
    db.commit()

    page.goto("/login")
    page.get_by_label("E-mail address").fill("lucia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome, Lucía Mamani.")).to_be_visible()

    page.get_by_role("link", name="New event").click()
    page.get_by_label("Title", exact=True).fill("Derechos de los connacionales en el exterior")
    page.get_by_label("Web address").fill("connacionales-2027")
    page.get_by_label("First day").fill("2027-05-04")
    page.get_by_label("Last day").fill("2027-05-05")
    page.get_by_label("Time zone").select_option("America/La_Paz")
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Create the event").click()
    expect(page.get_by_text("has been created")).to_be_visible()

    page.goto("/")
    expect(
        page.get_by_role("link", name="Derechos de los connacionales en el exterior").first
    ).to_be_visible()

    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Sus eventos")).to_be_visible()
    expect(page.get_by_text("4–5 de mayo de 2027").first).to_be_visible()


def test_keyboard_user_reaches_main_content_with_the_skip_link(page: Page, db):
    make_event(title="Seminario")
    db.commit()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
