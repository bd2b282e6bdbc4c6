"""The timetable editor in a real Chromium: pointer, keyboard, conflicts, stale edits, reloads."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from seminar.agenda.models import AgendaItem
from tests.agenda.factories import add_role, local, make_item, make_person, make_room
from tests.factories import PASSWORD, make_event, make_membership, make_user

pytestmark = pytest.mark.browser

PX = 1.8  # pixels per minute in the editor
DAY_START = 8 * 60  # the grid starts at 08:00
WEDNESDAY = "Wednesday, December 2, 2026"


@pytest.fixture
def browser_context_args(browser_context_args):
    # Tall enough to show the day from 08:00 to 15:00 without scrolling while dragging.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 1600}}


def arrange(db):
    event = make_event(slug="lapaz-editor")
    illimani = make_room(event, name="Salón Illimani", capacity=120)
    sajama = make_room(event, name="Salón Sajama", capacity=40)
    ana = make_person(event)
    keynote = make_item(
        event,
        title="Conferencia magistral",
        kind="keynote",
        room=illimani,
        starts_at=local(event, "2026-12-02", "09:00"),
        ends_at=local(event, "2026-12-02", "10:00"),
    )
    panel = make_item(
        event,
        title="Panel de remesas",
        room=sajama,
        starts_at=local(event, "2026-12-02", "14:00"),
        ends_at=local(event, "2026-12-02", "15:00"),
    )
    add_role(keynote, ana)
    add_role(panel, ana)
    user = make_user(email="lucia@example.org", name="Lucía Mamani")
    make_membership(user, event, "organizer")
    db.commit()
    return event


def sign_in(page: Page, email: str = "lucia@example.org") -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome")).to_be_visible()


def item_button(page: Page, title: str):
    """The item's button: its accessible name starts with its time, then its title."""
    return page.get_by_role(
        "button", name=re.compile(rf"^[\d:\s]+(AM|PM)?–[\d:\s]+(AM|PM)? {re.escape(title)}")
    )


def column(page: Page, room: str, day: str = WEDNESDAY):
    return page.get_by_role("group", name=f"{room}, {day}")


def y_of(minutes: int) -> float:
    return (minutes - DAY_START) * PX


def drag(page: Page, source, target_column, minutes: int, *, release: bool = True) -> None:
    """Drag an item by its top edge so that it starts at ``minutes`` in the target column."""
    box = source.bounding_box()
    target = target_column.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 4)
    page.mouse.down()
    page.mouse.move(target["x"] + 30, target["y"] + y_of(minutes) + 4, steps=12)
    if release:
        page.mouse.up()


def saved(page: Page) -> None:
    expect(page.locator("#ed-status")).to_have_text("All changes saved")


def test_organizer_builds_the_timetable_with_the_mouse_and_finds_it_after_a_reload(page: Page, db):
    event = arrange(db)
    sign_in(page)
    page.goto(f"/manage/{event.slug}/agenda")

    # Create: click a free slot at 11:00 in Salón Illimani.
    column(page, "Salón Illimani").click(position={"x": 40, "y": y_of(11 * 60) + 10})
    dialog = page.get_by_role("dialog", name="New agenda item")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Starts")).to_have_value("11:00")
    expect(dialog.get_by_label("Room")).to_have_value(re.compile(r"\d+"))
    dialog.get_by_label("Title").fill("Grupo de trabajo 1")
    dialog.get_by_role("button", name="Add to the agenda").click()
    created = item_button(page, "Grupo de trabajo 1")
    expect(created).to_contain_text(re.compile(r"11:00\sAM–12:00\sPM"))
    expect(page.locator("#ed-status")).to_contain_text("has been added to the agenda")

    # Move: drag it to 12:00 in Salón Sajama.
    drag(page, created, column(page, "Salón Sajama"), 12 * 60)
    saved(page)
    expect(created).to_contain_text(re.compile(r"12:00\sPM–1:00\sPM"))
    expect(
        column(page, "Salón Sajama").get_by_role("button", name=re.compile("Grupo de trabajo 1"))
    ).to_be_visible()

    # Resize: drag its lower edge down by 30 minutes.
    box = created.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 3 + 30 * PX, steps=8)
    page.mouse.up()
    saved(page)
    expect(created).to_contain_text(re.compile(r"12:00\sPM–1:30\sPM"))

    # Conflict: drag the speaker's panel onto her keynote's time (in the other room).
    panel = item_button(page, "Panel de remesas")
    drag(page, panel, column(page, "Salón Sajama"), 9 * 60 + 30, release=False)
    tip = page.locator(".ed-live-tip")
    expect(tip).to_contain_text(
        "Sra. Ana Quispe Mamani is in “Panel de remesas” and in “Conferencia magistral”"
    )
    page.mouse.up()
    saved(page)
    conflicts = page.locator("#ed-conflicts")
    expect(conflicts).to_contain_text("1 conflict to look at")
    expect(conflicts).to_contain_text("Sra. Ana Quispe Mamani is in")
    expect(panel).to_contain_text("Warning")

    page.reload()
    reloaded = item_button(page, "Grupo de trabajo 1")
    expect(reloaded).to_contain_text(re.compile(r"12:00\sPM–1:30\sPM"))
    expect(reloaded).to_have_accessible_name(re.compile(f"Salón Sajama, {WEDNESDAY}"))
    expect(item_button(page, "Panel de remesas")).to_contain_text(re.compile(r"9:30\sAM–10:30\sAM"))
    expect(page.locator("#ed-conflicts")).to_contain_text("Sra. Ana Quispe Mamani is in")

    db.expire_all()
    item = db.scalar(select(AgendaItem).where(AgendaItem.title == "Grupo de trabajo 1"))
    assert item.starts_at == local(event, "2026-12-02", "12:00")
    assert item.ends_at == local(event, "2026-12-02", "13:30")
    assert item.room.name == "Salón Sajama"


def test_a_room_overlap_is_refused_and_the_item_goes_back(page: Page, db):
    event = arrange(db)
    sign_in(page)
    page.goto(f"/manage/{event.slug}/agenda")
    panel = item_button(page, "Panel de remesas")
    drag(page, panel, column(page, "Salón Illimani"), 9 * 60 + 30, release=False)
    expect(page.locator(".ed-live-tip")).to_contain_text("overlap in Salón Illimani")
    page.mouse.up()
    expect(page.locator("#ed-alert")).to_contain_text(
        "“Panel de remesas” and “Conferencia magistral”"
    )
    expect(panel).to_contain_text(re.compile(r"2:00\sPM–3:00\sPM"))
    expect(panel).to_have_accessible_name(re.compile("Salón Sajama"))


def test_keyboard_moves_an_item_by_five_minutes_and_to_another_room(page: Page, db):
    event = arrange(db)
    sign_in(page)
    page.goto(f"/manage/{event.slug}/agenda")
    keynote = item_button(page, "Conferencia magistral")
    keynote.focus()
    page.keyboard.press("ArrowDown")
    expect(keynote).to_contain_text(re.compile(r"9:05\sAM–10:05\sAM"))
    page.keyboard.press("ArrowRight")
    expect(keynote).to_have_accessible_name(re.compile("Salón Sajama"))
    page.keyboard.press("Shift+ArrowDown")
    expect(keynote).to_contain_text(re.compile(r"9:05\sAM–10:10\sAM"))
    expect(keynote).to_be_focused()
    saved(page)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Edit agenda item")
    expect(dialog.get_by_label("Title")).to_have_value("Conferencia magistral")
    expect(dialog.get_by_label("Starts")).to_have_value("09:05")
    page.keyboard.press("Escape")
    expect(keynote).to_be_focused()

    db.expire_all()
    item = db.scalar(select(AgendaItem).where(AgendaItem.title == "Conferencia magistral"))
    assert item.starts_at == local(event, "2026-12-02", "09:05")
    assert item.ends_at == local(event, "2026-12-02", "10:10")
    assert item.room.name == "Salón Sajama"


def test_a_stale_edit_from_a_second_session_is_refused_with_the_other_version(
    page: Page, browser: Browser, db, base_url
):
    event = arrange(db)
    sign_in(page)
    page.goto(f"/manage/{event.slug}/agenda")
    mine = item_button(page, "Conferencia magistral")
    expect(mine).to_contain_text(re.compile(r"9:00\sAM"))

    other_context = browser.new_context(
        base_url=base_url, locale="en-GB", viewport={"width": 1280, "height": 1600}
    )
    other = other_context.new_page()
    sign_in(other)
    other.goto(f"/manage/{event.slug}/agenda")
    theirs = item_button(other, "Conferencia magistral")
    drag(other, theirs, column(other, "Salón Illimani"), 11 * 60)
    saved(other)
    other_context.close()

    # This page still holds version 1: its change must not overwrite theirs.
    mine.focus()
    page.keyboard.press("ArrowDown")
    alert = page.locator("#ed-alert")
    expect(alert).to_contain_text("Someone else changed this item since you loaded it.")
    expect(alert).to_contain_text(re.compile(r"11:00\sAM–12:00\sPM, Salón Illimani"))
    expect(mine).to_contain_text(re.compile(r"11:00\sAM–12:00\sPM"))

    db.expire_all()
    item = db.scalar(select(AgendaItem).where(AgendaItem.title == "Conferencia magistral"))
    assert item.starts_at == local(event, "2026-12-02", "11:00")
    assert item.version == 2
