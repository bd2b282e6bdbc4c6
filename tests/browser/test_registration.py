"""A participant registers, receives the e-mail, follows its link, edits, and cancels; an organizer
approves from the desk."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from seminar.registration.models import Registration, RegistrationStatus
from tests.factories import PASSWORD, make_event, make_membership, make_user
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import mail_to, self_service_link

pytestmark = pytest.mark.browser


def test_participant_registers_gets_the_email_edits_and_cancels(page: Page, db, mailbox):
    event = make_event(title="Políticas Migratorias, Desarrollo y Derechos Humanos")
    make_settings(event, capacity=50)
    db.commit()

    page.goto(f"/events/{event.slug}/register")
    page.get_by_role("button", name="Send my registration").click()
    expect(page.get_by_text("Please check these answers:")).to_be_visible()
    expect(page.locator("#form-errors")).to_be_focused()

    page.get_by_label("Title or honorific").fill("Lic.")
    page.get_by_label("Given name(s)").fill("Ana Lucía")
    page.get_by_label("Family name(s)").fill("Mamani Torrez")
    page.get_by_label("E-mail").fill("ana.mamani@example.org")
    page.get_by_label("Español").check()
    page.get_by_label("Position", exact=True).fill("Jefa de Unidad de Política Migratoria")
    page.get_by_label("Institution", exact=True).fill("Dirección General de Migración")
    page.get_by_label("Country", exact=True).select_option("BO")
    page.get_by_label("Thursday, December 3, 2026").uncheck()
    page.get_by_label("I need simultaneous interpretation").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send my registration").click()

    expect(page.get_by_role("heading", name="Thank you, Ana Lucía")).to_be_visible()
    expect(page.get_by_text("Your place is confirmed.")).to_be_visible()

    (message,) = mail_to(mailbox, "ana.mamani@example.org")
    assert message["Subject"] == f"Su lugar está confirmado: {event.title}"
    text = message.get_body(("plain",)).get_content()
    assert "miércoles, 2 de diciembre de 2026" in text
    assert "jueves" not in text
    # The e-mail's link starts with SEMINAR_PUBLIC_URL; the test server listens elsewhere.
    page.goto(urlsplit(self_service_link(text)).path)
    expect(page.get_by_role("heading", name="My registration")).to_be_visible()
    expect(page.get_by_text("Wednesday, December 2, 2026")).to_be_visible()

    page.get_by_role("link", name="Change my details").click()
    page.get_by_label("Thursday, December 3, 2026").check()
    page.get_by_label("Dietary needs").fill("Vegetariana")
    page.get_by_role("button", name="Save my changes").click()
    expect(page.get_by_text("Your changes have been saved.")).to_be_visible()
    expect(page.get_by_text("Vegetariana")).to_be_visible()
    expect(page.get_by_text("Thursday, December 3, 2026")).to_be_visible()

    page.get_by_role("link", name="Cancel my registration").click()
    expect(page.get_by_text("do you really want to cancel")).to_be_visible()
    page.get_by_label("Reason (optional)").fill("Comisión oficial en el exterior")
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    expect(page.get_by_role("link", name="Cancel my registration")).to_have_count(0)

    cancelled = mail_to(mailbox, "ana.mamani@example.org", count=2)[-1]
    assert cancelled["Subject"] == f"Su inscripción ha sido cancelada: {event.title}"
    db.expire_all()
    saved = db.query(Registration).filter_by(email="ana.mamani@example.org").one()
    assert saved.status == RegistrationStatus.CANCELLED
    assert saved.days == ["2026-12-02", "2026-12-03"]
    assert saved.dietary_needs == "Vegetariana"


def test_organizer_approves_selected_registrations_on_the_desk(page: Page, db):
    event = make_event()
    make_settings(event, capacity=10, requires_approval=True)
    user = make_user(email="organizadora@example.org", name="Lucía Quispe")
    make_membership(user, event, "organizer")
    first = make_registration(event, family_name="Aguilar", status=RegistrationStatus.PENDING)
    make_registration(event, family_name="Beltrán", status=RegistrationStatus.PENDING)
    db.commit()

    page.goto("/login")
    page.get_by_label("E-mail address").fill("organizadora@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/manage/{event.slug}/registrations?status=pending")
    page.get_by_label(re.compile(r"Select Juan \d+ Aguilar")).check()
    expect(page.get_by_text("1 selected")).to_be_visible()
    page.get_by_label("With the selected").select_option("confirm")
    page.get_by_label("Message for the e-mail (optional)").fill("Bienvenido.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_text("1 registration changed: Confirmed.")).to_be_visible()
    db.expire_all()
    assert db.get(Registration, first.id).status == RegistrationStatus.CONFIRMED
