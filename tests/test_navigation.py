"""The event's navigation marks where the reader is: the entry's own page, or a page inside it."""

from __future__ import annotations

import re

from tests.factories import make_event


def _marked(page: str) -> dict[str, str]:
    """Each link of the event's two navigation bars that carries aria-current, by its address."""
    bars = re.findall(r'<nav aria-label="Event(?: team)?">(.*?)</nav>', page, re.S)
    assert bars, "the page has the event's navigation"
    return dict(re.findall(r'<a href="([^"]+)" aria-current="([a-z]+)">', "".join(bars)))


def test_a_page_inside_a_section_marks_its_entry_and_an_entry_page_marks_itself(client, db,
                                                                               login_as):  # fmt: skip
    event = make_event()
    db.commit()
    login_as("organizer", event)
    base = f"/manage/{event.slug}"

    log = client.get(f"{base}/messages").get_data(as_text=True)
    assert _marked(log) == {f"{base}/messages": "page"}

    compose = client.get(f"{base}/messages/new").get_data(as_text=True)
    assert _marked(compose) == {f"{base}/messages": "true"}

    rooms = client.get(f"{base}/agenda/rooms").get_data(as_text=True)
    assert _marked(rooms) == {f"{base}/agenda": "true"}

    # The settings are the root of the team's addresses: they hold no section of their own.
    copy = client.get(f"{base}/copy").get_data(as_text=True)
    assert f'href="{base}/" aria-current' not in copy


def test_a_public_page_marks_only_its_own_entry(client, db):
    event = make_event()
    db.commit()
    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert _marked(page) == {f"/events/{event.slug}/agenda": "page"}
