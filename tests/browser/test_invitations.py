"""An organizer invites two institutions; a focal point follows the e-mailed link and nominates a
delegate, who receives their own link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, make_event, make_membership, make_user
from tests.registration.factories import make_settings
from tests.registration.helpers import mail_to

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+/events/[\w-]+/(?:invitation|nomination)/[A-Za-z0-9_.\-]+")


def _invite(page: Page, institution: str, country: str, email: str) -> None:
    page.get_by_label("Institution", exact=True).fill(institution)
    page.get_by_label("Name of the focal point or invitee").fill("Punto focal")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Country").select_option(country)
    page.get_by_label("Delegates the institution may nominate").fill("2")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(f"Invitation sent to {institution}.")).to_be_visible()


def test_organizer_invites_two_institutions_and_a_focal_point_nominates(page: Page, db, mailbox):
    event = make_event(title="Políticas Migratorias, Desarrollo y Derechos Humanos")
    make_settings(event, capacity=50)
    user = make_user(email="organizadora@example.org", name="Lucía Quispe")
    make_membership(user, event, "organizer")
    db.commit()

    page.goto("/login")
    page.get_by_label("E-mail address").fill("organizadora@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/manage/{event.slug}/invitations")
    _invite(page, "Ministerio de Relaciones Exteriores del Perú", "PE", "focal@rree.gob.pe")
    _invite(page, "Cancillería del Ecuador", "EC", "focal@cancilleria.gob.ec")
    table = page.locator(".invitations-table")
    expect(table.get_by_text("Cancillería del Ecuador", exact=True)).to_be_visible()
    expect(table.get_by_text("No answer yet")).to_have_count(2)

    message = mail_to(mailbox, "focal@rree.gob.pe")[0]
    link = LINK.search(message.get_body(("plain",)).get_content())
    assert link
    page.goto(urlsplit(link.group(0)).path)
    expect(page.get_by_role("heading", name="Your delegates")).to_be_visible()
    page.get_by_label("Given name(s)").fill("Alonso")
    page.get_by_label("Family name(s)").fill("Benavides Ugarte")
    page.get_by_label("E-mail", exact=True).fill("abenavides@rree.gob.pe")
    page.get_by_label("Position").fill("Director General de Comunidades Peruanas en el Exterior")
    page.get_by_role("button", name="Nominate").click()
    expect(page.get_by_text("Alonso Benavides Ugarte is nominated")).to_be_visible()
    expect(page.get_by_text("1 place is left.")).to_be_visible()

    nominee = mail_to(mailbox, "abenavides@rree.gob.pe")[0]
    assert (
        "Ministerio de Relaciones Exteriores del Perú" in nominee.get_body(("plain",)).get_content()
    )
    page.goto(f"/manage/{event.slug}/invitations")
    expect(page.locator(".badge-inv-nominated")).to_have_text("Nominated")
    expect(
        page.locator(".invitations-table").get_by_text("Alonso Benavides Ugarte")
    ).to_be_visible()
