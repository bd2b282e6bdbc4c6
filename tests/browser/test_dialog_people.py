"""People are assigned in the timetable editor's dialog: add, choose, change the role, remove."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from seminar.agenda.models import AgendaItem
from tests.agenda.factories import add_role, local, make_item, make_person, make_room
from tests.browser.test_agenda_editor import item_button, sign_in
from tests.factories import make_event, make_membership, make_user

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SEMINAR_SHOTS")  # a folder: save screenshots to look at


def arrange(db):
    event = make_event(slug="lapaz-people")
    room = make_room(event, name="Salón Illimani")
    ana = make_person(event)
    make_person(event, honorific="Sr.", name="Luis Rojas", position="Cónsul", organization="")
    carmen = make_person(event, honorific="Dra.", name="Carmen Rosa Villanueva Ñáñez")
    panel = make_item(
        event,
        title="Panel de remesas",
        room=room,
        starts_at=local(event, "2026-12-02", "09:00"),
        ends_at=local(event, "2026-12-02", "10:00"),
    )
    add_role(panel, ana)
    make_membership(make_user(email="lucia@example.org", name="Lucía Mamani"), event, "organizer")
    db.commit()
    return ana.id, carmen.id


def test_people_are_assigned_in_the_dialog_with_the_keyboard(page: Page, db):
    ana, carmen = arrange(db)
    sign_in(page)
    page.goto("/manage/lapaz-people/agenda")
    panel = item_button(page, "Panel de remesas")
    panel.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Edit agenda item")
    expect(dialog.get_by_label("Person 1", exact=True)).to_have_value(str(ana))
    dialog.get_by_role("button", name="Add a person").click()
    second = dialog.get_by_label("Person 2", exact=True)
    expect(second).to_be_focused()
    page.keyboard.type("Dra. Carmen")  # a native list finds a name by its first letters
    dialog.get_by_label("Role of person 2").select_option(label="Moderator")
    dialog.get_by_role("button", name="Add a person").click()
    dialog.get_by_label("Person 3", exact=True).select_option(label="Sr. Luis Rojas (Cónsul)")
    if SHOTS:
        dialog.screenshot(path=f"{SHOTS}/dialog-people-desktop.png")
    dialog.get_by_role("button", name="Remove person 1").click()
    expect(dialog.get_by_label("Person 1", exact=True)).to_have_value(str(carmen))
    expect(dialog.get_by_label("Person 3", exact=True)).to_have_count(0)
    dialog.get_by_role("button", name="Save changes").click()
    expect(dialog).to_be_hidden()
    expect(panel).to_contain_text("Dra. Carmen Rosa Villanueva Ñáñez, Sr. Luis Rojas")

    db.expire_all()
    item = db.scalar(select(AgendaItem))
    assert [(link.person.name, link.role.value) for link in item.participants] == [
        ("Carmen Rosa Villanueva Ñáñez", "moderator"),
        ("Luis Rojas", "speaker"),
    ]


def test_dialog_people_fit_a_phone(page: Page, db):
    arrange(db)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page)
    page.goto("/manage/lapaz-people/agenda")
    item_button(page, "Panel de remesas").click()
    dialog = page.get_by_role("dialog", name="Edit agenda item")
    dialog.get_by_role("button", name="Add a person").click()
    box = dialog.bounding_box()
    assert box is not None
    assert box["width"] <= 390
    person = dialog.get_by_label("Person 2", exact=True).bounding_box()
    assert person is not None
    assert person["x"] + person["width"] <= box["x"] + box["width"]
    if SHOTS:
        dialog.screenshot(path=f"{SHOTS}/dialog-people-phone.png")
