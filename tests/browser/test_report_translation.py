"""The report side by side in Chromium: a rapporteur translates a recommendation into English and
sees its status go from missing to up to date, then to outdated with the change shown when the
Spanish source is corrected."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, make_membership, make_user
from tests.reports.factories import add_recommendation, make_seminar

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/seminar-shots/twinreports")
SOURCE = "Crear un sistema nacional de información migratoria."
ENGLISH = "Create a national migration information system."


def test_rapporteur_translates_a_recommendation_side_by_side(page: Page, db):
    seminar = make_seminar()  # Spanish first, then English
    rec = add_recommendation(seminar, SOURCE, theme=seminar.themes[0])
    make_membership(make_user(email="andres@example.org"), seminar.event, "rapporteur")
    db.commit()
    slug = seminar.event.slug
    page.goto("/login")
    page.get_by_label("E-mail address").fill("andres@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"/manage/{slug}/report")
    page.get_by_role("link", name="Translate the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The report in English")
    row = page.locator(f"#text-recommendation-{rec.id}-text")
    expect(row.locator(".tr-text")).to_have_text(SOURCE)  # the Spanish source, on the left
    expect(row.locator(".badge")).to_contain_text("Missing")

    row.get_by_label("Translation into English").fill(ENGLISH)
    row.get_by_role("button", name="Save translation").click()
    expect(page.get_by_text("has been saved")).to_be_visible()
    row = page.locator(f"#text-recommendation-{rec.id}-text")
    expect(row.locator(".badge")).to_contain_text("Up to date")
    expect(row.get_by_label("Translation into English")).to_have_value(ENGLISH)
    SHOTS.mkdir(parents=True, exist_ok=True)
    row.screenshot(path=str(SHOTS / "row-current.png"))

    # The rapporteur corrects the Spanish recommendation: the translation is now outdated.
    page.goto(f"/manage/{slug}/report/recommendations/{rec.id}")
    page.get_by_label("Recommendation", exact=True).fill(SOURCE + " Con datos abiertos.")
    page.get_by_role("button", name="Save").first.click()
    page.goto(f"/manage/{slug}/report/translations?lang=en")
    row = page.locator(f"#text-recommendation-{rec.id}-text")
    expect(row.locator(".badge")).to_contain_text("Outdated")
    expect(row.locator(".tr-change")).to_contain_text("The source changed after the translation")
    expect(row.locator(".tr-diff ins")).to_contain_text("Con datos abiertos.")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "translations-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "translations-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
