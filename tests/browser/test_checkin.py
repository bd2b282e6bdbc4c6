"""Check-in staff find a participant by typing part of the name and check them in (Chromium)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from seminar.registration import checkin as service
from tests.factories import PASSWORD, make_event, make_membership, make_user
from tests.registration.factories import make_registration, make_settings

pytestmark = pytest.mark.browser

# Check-in happens on the day (another day asks for a reason): the events start today in La Paz.
TODAY = datetime.now(ZoneInfo("America/La_Paz")).date()


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_check_in_staff_find_a_participant_as_they_type_and_check_them_in(page: Page, db):
    event = make_event(slug="lapaz-checkin", starts_on=TODAY, ends_on=TODAY)
    make_settings(event)
    staff = make_user(email="carmen@example.org", name="Carmen Choque")
    make_membership(staff, event, "checkin")
    make_registration(event, honorific="Sra.", given_name="Ximena", family_name="Condori Apaza")
    make_registration(event, honorific="Sr.", given_name="Rodrigo", family_name="Mendoza Quiroga")
    twice = make_registration(event, honorific="Dr.", given_name="Marcelo", family_name="Arze")
    db.commit()

    sign_in(page, "carmen@example.org")
    page.goto(f"/manage/lapaz-checkin/checkin?day={TODAY.isoformat()}")
    expect(page.locator("[data-count=checked_in]")).to_have_text("0")

    page.get_by_label("Find a participant").press_sequentially("condo", delay=40)
    results = page.locator("#ci-results li")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Sra. Ximena Condori Apaza")
    page.get_by_role("button", name="Check in Sra. Ximena Condori Apaza").click()

    expect(page.get_by_role("status")).to_contain_text("Sra. Ximena Condori Apaza is checked in.")
    expect(results.first).to_contain_text("Checked in at")
    expect(results.first).to_contain_text("by Carmen Choque")
    expect(page.locator("[data-count=checked_in]")).to_have_text("1")

    # Another desk checks Marcelo in while this screen still shows his button.
    page.get_by_label("Find a participant").fill("arze")
    expect(results).to_have_count(1)
    expect(page.get_by_role("button", name="Check in Dr. Marcelo Arze")).to_be_visible()
    service.check_in(twice, day=event.starts_on, by=staff)
    db.commit()
    page.get_by_role("button", name="Check in Dr. Marcelo Arze").click()
    expect(page.get_by_role("status")).to_contain_text("Dr. Marcelo Arze was already checked in at")
    expect(results.first).to_contain_text("Checked in at")
    expect(page.locator("[data-count=checked_in]")).to_have_text("2")


def test_check_in_works_without_javascript(browser, live_server, db):
    event = make_event(slug="lapaz-nojs", starts_on=TODAY, ends_on=TODAY)
    make_settings(event)
    staff = make_user(email="desk@example.org")
    make_membership(staff, event, "checkin")
    make_registration(event, given_name="Paola", family_name="Rojas Mamani")
    db.commit()

    context = browser.new_context(java_script_enabled=False, base_url=live_server, locale="en-GB")
    page = context.new_page()
    sign_in(page, "desk@example.org")
    page.goto(f"/manage/lapaz-nojs/checkin?day={TODAY.isoformat()}")
    page.get_by_label("Find a participant").fill("rojas")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Check in Sr. Paola Rojas Mamani").click()
    expect(page.get_by_text("Sr. Paola Rojas Mamani is checked in.")).to_be_visible()
    expect(page.locator("[data-count=checked_in]")).to_have_text("1")
    context.close()
