"""The organizer's agenda journey in Chromium: the item dialog's Delete button, the editor's key,
a theme colour too light to read, and what publishing the agenda or the event says beforehand."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from seminar.agenda.models import AgendaItem, AgendaPublication, Theme
from seminar.events.models import EventStatus
from tests.agenda.factories import local, make_item, make_room
from tests.factories import PASSWORD, make_event, make_membership, make_user
from tests.registration.factories import make_settings

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 1400}}


def arrange(db, **event_fields):
    event = make_event(slug="lapaz-publish", **event_fields)
    room = make_room(event, name="Salón Illimani", capacity=120)
    day = event.starts_on.isoformat()
    make_item(
        event,
        title="Conferencia magistral",
        kind="keynote",
        room=room,
        starts_at=local(event, day, "09:00"),
        ends_at=local(event, day, "10:00"),
    )
    make_item(
        event,
        title="Panel de remesas",
        room=room,
        starts_at=local(event, day, "09:30"),
        ends_at=local(event, day, "11:00"),
    )
    user = make_user(email="lucia@example.org", name="Lucía Mamani")
    make_membership(user, event, "organizer")
    db.commit()
    return event  # fmt: skip


def sign_in(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill("lucia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome")).to_be_visible()


def test_new_item_dialog_has_no_delete_button(page: Page, db):
    arrange(db)
    sign_in(page)
    page.goto("/manage/lapaz-publish/agenda")

    page.get_by_role("link", name="Add an item").click()

    dialog = page.get_by_role("dialog", name="New agenda item")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Delete")).to_be_hidden()
    expect(dialog.get_by_role("button", name="Add to the agenda")).to_be_visible()


def test_delete_button_of_an_existing_item_asks_then_deletes_it(page: Page, db):
    event = arrange(db)
    sign_in(page)
    page.goto("/manage/lapaz-publish/agenda")
    panel = page.locator(".ed-item").filter(
        has=page.locator(".ed-item-title", has_text="Panel de remesas")
    )
    panel.click()
    dialog = page.get_by_role("dialog", name="Edit agenda item")
    questions = []

    def dismiss(confirm):
        questions.append(confirm.message)
        confirm.dismiss()

    page.once("dialog", dismiss)
    dialog.get_by_role("button", name="Delete").click()
    assert questions == [
        "Delete “Panel de remesas”? The public agenda changes when you next publish."
    ]
    expect(dialog).to_be_visible()  # "Cancel" keeps the item

    page.once("dialog", lambda confirm: confirm.accept())
    dialog.get_by_role("button", name="Delete").click()

    expect(dialog).to_be_hidden()
    expect(page.get_by_text("“Panel de remesas” has been deleted.")).to_be_attached()
    expect(panel).to_have_count(0)
    db.expire_all()
    titles = db.scalars(select(AgendaItem.title).where(AgendaItem.event_id == event.id)).all()
    assert titles == ["Conferencia magistral"]


def test_publishing_the_agenda_warns_of_open_clashes_and_a_draft_event(page: Page, db):
    event = arrange(db, status=EventStatus.DRAFT)
    sign_in(page)

    page.goto("/manage/lapaz-publish/agenda/publish")

    draft = page.locator("#publish-event-draft")
    expect(draft).to_contain_text("The event itself is still a draft.")
    expect(draft).to_contain_text("Visitors get “page not found” on the agenda")
    clashes = page.locator("#publish-clashes")
    expect(clashes).to_contain_text("1 clash is still open in the agenda.")
    expect(clashes).to_contain_text("Conferencia magistral")
    expect(clashes).to_contain_text("Panel de remesas")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Version 1 of the agenda is now public.")).to_be_visible()
    db.expire_all()
    assert (
        db.scalar(select(AgendaPublication.number).where(AgendaPublication.event_id == event.id))
        == 1
    )

    page.goto("/manage/lapaz-publish/agenda/publish")
    expect(page.locator(".publish-check")).to_have_count(0)  # nothing left to publish


def test_publishing_a_clean_agenda_of_a_published_event_warns_of_nothing(page: Page, db):
    event = arrange(db)
    db.delete(db.scalar(select(AgendaItem).where(AgendaItem.title == "Panel de remesas")))
    db.commit()
    sign_in(page)

    page.goto(f"/manage/{event.slug}/agenda/publish")

    expect(page.get_by_role("button", name="Publish version 1")).to_be_visible()
    expect(page.locator(".publish-check")).to_have_count(0)


def test_event_settings_warn_that_publishing_opens_unlimited_registration(page: Page, db):
    event = arrange(db, status=EventStatus.DRAFT)
    sign_in(page)

    page.goto(f"/manage/{event.slug}/")

    note = page.locator("#publish-registration-note")
    expect(note).to_contain_text(
        "Publishing the event opens its registration at once: anyone can register, "
        "with no limit on seats and no approval."
    )
    note.get_by_role("link", name="Registration settings").click()
    expect(page).to_have_url(f"/manage/{event.slug}/registrations/settings")

    make_settings(event, capacity=60)
    db.commit()
    page.goto(f"/manage/{event.slug}/")
    expect(page.get_by_label("Status")).to_be_visible()
    expect(page.locator("#publish-registration-note")).to_have_count(0)


def test_editor_key_names_the_flags_the_items_show(page: Page, db):
    arrange(db)
    sign_in(page)
    page.goto("/manage/lapaz-publish/agenda")

    flags = page.locator("#ed-board .ed-flag")
    expect(flags.first).to_be_visible()
    key = page.get_by_role("list", name="Key to the timetable")
    for label in set(flags.all_inner_texts()):
        expect(key.locator(".ed-flag", has_text=label)).to_have_count(1)
    expect(key).to_contain_text("Hatched: internal, not on the public agenda")


def test_a_too_light_theme_colour_offers_a_darker_shade_to_use(page: Page, db):
    event = arrange(db)
    sign_in(page)
    page.goto(f"/manage/{event.slug}/agenda/themes")

    page.get_by_label("Name").fill("Remesas")
    page.get_by_label("Colour").fill("#ffcc00")
    page.get_by_role("button", name="Use the darker shade #8f7200").click()
    expect(page.get_by_label("Colour")).to_have_value("#8f7200")
    expect(page.get_by_role("button", name="Use the darker shade #8f7200")).to_be_hidden()
    page.get_by_role("button", name="Add the theme").click()

    expect(page.get_by_text("The theme “Remesas” has been added.")).to_be_visible()
    db.expire_all()
    assert db.scalar(select(Theme.color).where(Theme.event_id == event.id)) == "#8f7200"


def test_a_refused_theme_colour_keeps_the_button_to_use_the_darker_shade(page: Page, db):
    event = arrange(db)
    sign_in(page)
    page.goto(f"/manage/{event.slug}/agenda/themes")
    page.get_by_label("Name").fill("Remesas")
    page.get_by_label("Colour").fill("#ffcc00")
    page.evaluate("document.querySelector('[data-theme-colour] .theme-colour-advice').remove()")
    page.get_by_role("button", name="Add the theme").click()  # as if no script had run

    expect(
        page.locator("#color-error").get_by_text("Choose a darker colour, for example #8f7200.")
    ).to_be_visible()
    page.get_by_role("button", name="Use the darker shade #8f7200").click()
    page.get_by_role("button", name="Add the theme").click()

    expect(page.get_by_text("The theme “Remesas” has been added.")).to_be_visible()
