"""Copying a personal or invitation link: a button writes it to the clipboard and says so; without
JavaScript the link is still there as selectable text (Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from seminar.accounts.models import Membership
from seminar.mail import OutboxMessage
from tests.factories import PASSWORD, make_event, make_membership, make_user
from tests.registration.factories import make_registration, make_settings

pytestmark = pytest.mark.browser


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def organizer(db):
    event = make_event(slug="lapaz-copy")
    make_settings(event)
    make_membership(make_user(email="org@example.org", locale="en"), event, "organizer")
    return event


def test_the_desk_copies_a_participants_personal_link(browser: Browser, live_server, db, organizer):
    ana = make_registration(organizer, given_name="Ana", family_name="Quispe")
    db.commit()
    context = browser.new_context(base_url=live_server, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    sign_in(page, "org@example.org")
    page.goto(f"/manage/lapaz-copy/registrations/{ana.id}")

    field = page.get_by_label("Link to view, change or cancel the registration")
    link = field.input_value()
    assert "/events/lapaz-copy/" in link
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    context.close()


def test_the_team_page_offers_the_link_of_an_invitation_that_failed(
    browser: Browser, live_server, db, organizer
):
    invitee = make_user(email="lost@example.org")
    invitee.password_hash = None
    membership = make_membership(invitee, organizer, "rapporteur")
    db.add(
        OutboxMessage(
            to_address="lost@example.org",
            subject="Invitation",
            body_text="...",
            kind="invitation",
            related_type=Membership.__name__,
            related_id=str(membership.id),
            status="failed",
            error_code="refused",
        )
    )
    db.commit()
    context = browser.new_context(base_url=live_server, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    sign_in(page, "org@example.org")
    page.goto("/manage/lapaz-copy/team")
    expect(page.get_by_text("The recipient's mail server refused this address")).to_be_visible()
    field = page.get_by_label("Invitation link")
    link = field.input_value()
    assert "/invitation/" in link
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    context.close()


def test_without_javascript_the_link_is_selectable_text(
    browser: Browser, live_server, db, organizer
):
    ana = make_registration(organizer)
    db.commit()
    context = browser.new_context(java_script_enabled=False, base_url=live_server, locale="en-GB")
    page = context.new_page()
    sign_in(page, "org@example.org")
    page.goto(f"/manage/lapaz-copy/registrations/{ana.id}")
    field = page.get_by_label("Link to view, change or cancel the registration")
    expect(field).to_have_attribute("readonly", "")
    assert "/events/lapaz-copy/" in field.input_value()
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    context.close()
