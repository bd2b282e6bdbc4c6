"""One page per room or theme to edit it, at the address of the list plus its id: it shows the
saved values, keeps the "Rooms"/"Themes" tab current, saves, and shows errors on itself."""

from __future__ import annotations

from seminar.agenda.models import Theme
from tests.agenda.factories import make_room, make_theme
from tests.factories import make_event


def test_a_theme_is_edited_on_its_own_page(client, db, login_as):
    event = make_event()
    theme = make_theme(event, name="Remesas", color="#6b3fa0")
    login_as("organizer", event)
    url = f"/manage/{event.slug}/agenda/themes/{theme.id}"

    page = client.get(url).get_data(as_text=True)
    assert 'value="Remesas"' in page
    assert f'href="/manage/{event.slug}/agenda/themes" aria-current="page"' in page

    refused = client.post(url, data={"name": "Remesas", "color": "#ffd700"})
    assert refused.status_code == 422
    assert 'value="Remesas"' in refused.get_data(as_text=True)  # the edit page, not the list
    saved = client.post(
        url, data={"name": "Remesas y desarrollo", "color": "#0b5cab"}, follow_redirects=True
    )
    assert "Your changes have been saved." in saved.get_data(as_text=True)
    assert saved.request.path == f"/manage/{event.slug}/agenda/themes"
    db.refresh(theme)
    assert (theme.name, theme.color) == ("Remesas y desarrollo", "#0b5cab")
    assert db.query(Theme).count() == 1


def test_rooms_and_themes_of_another_event_are_not_found(client, db, login_as):
    event, other = make_event(), make_event()
    room, theme = make_room(other), make_theme(other)
    login_as("organizer", event)
    assert client.get(f"/manage/{event.slug}/agenda/rooms/{room.id}").status_code == 404
    assert client.get(f"/manage/{event.slug}/agenda/themes/{theme.id}").status_code == 404
    page = client.get(f"/manage/{event.slug}/agenda/rooms").get_data(as_text=True)
    assert f'href="/manage/{event.slug}/agenda/rooms" aria-current="page"' in page
