"""Translating side by side in Chromium: an organizer translates an agenda item and sees its
status change, from missing to up to date, and to outdated when the Spanish source changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from seminar.agenda.models import AgendaItem
from seminar.extensions import db as _db
from tests.agenda.factories import make_item
from tests.factories import PASSWORD, make_event, make_membership, make_user

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/seminar-shots/content")


def _arrange(db):
    event = make_event(slug="lapaz-translate", title="Políticas migratorias")
    item = make_item(
        event,
        title="Panel 2: Remesas, inclusión financiera y desarrollo local",
        description="Costos de envío y uso productivo de las remesas.",
    )
    make_membership(make_user(email="lucia@example.org"), event, "organizer")
    db.commit()
    return event, item


def _sign_in(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill("lucia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome")).to_be_visible()


def test_an_organizer_translates_an_agenda_item_and_sees_its_status_change(page: Page, db):
    event, item = _arrange(db)
    _sign_in(page)

    page.goto(f"/manage/{event.slug}/translations")
    page.locator("#lang-en + p + .table-wrap").get_by_role(
        "link", name="Agenda items", exact=True
    ).click()
    row = page.locator(f"#agenda_item-{item.id}-title")
    expect(row.locator(".badge")).to_contain_text("Missing")
    expect(row.locator(".tr-text")).to_have_text(
        "Panel 2: Remesas, inclusión financiera y desarrollo local"
    )

    row.get_by_label("English translation").fill(
        "Panel 2: Remittances, financial inclusion and local development"
    )
    row.get_by_role("button", name="Save translation").click()

    # Saved in place (the page's script), without losing the reader's position.
    expect(row.locator(".tr-feedback")).to_have_text("Translation saved.")
    expect(row.locator(".badge")).to_contain_text("Up to date")
    page.reload()
    row = page.locator(f"#agenda_item-{item.id}-title")
    expect(row.locator(".badge")).to_contain_text("Up to date")
    expect(row.get_by_label("English translation")).to_have_value(
        "Panel 2: Remittances, financial inclusion and local development"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "translate-desktop.png"), full_page=True)

    # The Spanish source changes: the translation is outdated and the change is shown.
    _db.session.get(AgendaItem, item.id).title = "Panel 2: Remesas e inclusión financiera"
    _db.session.commit()
    page.reload()
    row = page.locator(f"#agenda_item-{item.id}-title")
    expect(row.locator(".badge")).to_contain_text("Outdated")
    expect(row.locator(".tr-diff del")).to_have_text(["Remesas,", " y desarrollo local"])
    expect(row.locator(".tr-diff ins")).to_have_text(["Remesas e"])
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=str(SHOTS / "translate-phone.png"), full_page=True)

    row.get_by_label("English translation").fill("Panel 2: Remittances and financial inclusion")
    row.get_by_role("button", name="Save translation").click()
    expect(row.locator(".badge")).to_contain_text("Up to date")
    expect(row.locator(".tr-change")).to_have_count(0)
    page.goto(f"/manage/{event.slug}/translations")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)


def test_the_transfer_page_offers_each_language_and_refuses_a_broken_file(page: Page, db):
    event, _item = _arrange(db)
    _sign_in(page)
    page.goto(f"/manage/{event.slug}/translations")
    page.get_by_role("link", name="Export for a translator or import a translated file").click()
    expect(page.get_by_role("link", name="Texts to translate into English (.po)")).to_be_visible()

    page.get_by_label("Translated file (.po)").set_input_files(
        files=[{"name": "broken.po", "mimeType": "text/plain", "buffer": b'msgid "x\n'}]
    )
    page.get_by_role("button", name="Import translations").click()

    expect(page.get_by_text("This is not a readable PO file.").first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=str(SHOTS / "transfer-phone.png"), full_page=True)


def test_without_javascript_a_row_saves_as_a_plain_form(browser, base_url, db):
    event, item = _arrange(db)
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    _sign_in(page)
    page.goto(f"/manage/{event.slug}/translations/en/agenda_item")
    row = page.locator(f"#agenda_item-{item.id}-title")
    row.get_by_label("English translation").fill("Panel 2")
    row.get_by_role("button", name="Save translation").click()

    expect(page.locator(".alert-success")).to_have_text("Translation saved.")
    expect(page.locator(f"#agenda_item-{item.id}-title .badge")).to_contain_text("Up to date")
    context.close()
