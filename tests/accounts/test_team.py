"""Per-event roles: inviting people and what each role may open."""

from __future__ import annotations

import re

from seminar.accounts.models import Membership, Role
from seminar.audit import AuditEntry
from tests.factories import make_event, make_membership, make_user


def test_anonymous_visitor_on_an_organizer_page_is_sent_to_sign_in(client, db):
    event = make_event()
    response = client.get(f"/manage/{event.slug}/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/login?next=/manage/{event.slug}/")


def test_signed_in_user_without_a_role_gets_403(client, db, login_as):
    event = make_event()
    login_as("user")
    response = client.get(f"/manage/{event.slug}/")
    assert response.status_code == 403
    assert "You do not have permission" in response.get_data(as_text=True)


def test_organizer_of_another_event_gets_403(client, db, login_as):
    event, other = make_event(), make_event()
    login_as("organizer", other)
    assert client.get(f"/manage/{event.slug}/").status_code == 403
    assert client.get(f"/manage/{event.slug}/team").status_code == 403


def test_rapporteur_cannot_edit_the_event(client, db, login_as):
    event = make_event(title="Original")
    login_as("rapporteur", event)
    assert client.get(f"/manage/{event.slug}/").status_code == 403
    response = client.post(f"/manage/{event.slug}/", data={"title": "Changed"})
    assert response.status_code == 403
    db.refresh(event)
    assert event.title == "Original"


def test_checkin_staff_cannot_open_settings_or_team(client, db, login_as):
    event = make_event()
    login_as("checkin", event)
    assert client.get(f"/manage/{event.slug}/").status_code == 403
    assert client.get(f"/manage/{event.slug}/team").status_code == 403


def test_organizer_invites_a_new_rapporteur_who_sets_a_password(client, db, login_as, mailbox):
    event = make_event(title="Seminario de La Paz")
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/team",
        data={"email": "Relatora@Example.org", "name": "María Condori", "role": "rapporteur"},
    )
    assert response.status_code == 302
    membership = db.query(Membership).filter_by(event_id=event.id, role=Role.RAPPORTEUR).one()
    assert membership.user.email == "relatora@example.org"
    [message] = mailbox.wait_for(1)
    assert "Seminario de La Paz" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://localhost:5000(/invitation/\S+)", body).group(1)
    client.post("/logout")
    client.post(link, data={"password": "relatora password", "confirm": "relatora password"})
    client.post("/login", data={"email": "relatora@example.org", "password": "relatora password"})
    assert client.get(f"/manage/{event.slug}/").status_code == 403  # a rapporteur, not an organizer
    audit = db.query(AuditEntry).filter_by(event_id=event.id, action="membership.added").one()
    assert "relatora@example.org" in audit.summary


def test_the_same_role_twice_is_explained_next_to_the_field(client, db, login_as):
    event = make_event()
    user = make_user(email="dup@example.org")
    make_membership(user, event, "checkin")
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/team", data={"email": "dup@example.org", "role": "checkin"}
    )
    assert response.status_code == 400
    assert "dup@example.org already has this role." in response.get_data(as_text=True)


def test_roles_are_per_event(client, db, login_as):
    first, second = make_event(), make_event()
    user = login_as("organizer", first)
    assert client.get(f"/manage/{first.slug}/").status_code == 200
    assert client.get(f"/manage/{second.slug}/").status_code == 403
    make_membership(user, second, "rapporteur")
    assert client.get(f"/manage/{second.slug}/").status_code == 403


def test_organizer_removes_a_member(client, db, login_as):
    event = make_event()
    member_id = make_membership(make_user(email="gone@example.org"), event, "checkin").id
    login_as("organizer", event)
    response = client.post(f"/manage/{event.slug}/team/{member_id}/remove")
    assert response.status_code == 302
    assert db.query(Membership).filter_by(id=member_id).count() == 0


def test_site_admin_can_manage_any_event(client, db, login_as):
    event = make_event()
    login_as("admin")
    assert client.get(f"/manage/{event.slug}/").status_code == 200
    assert client.get(f"/manage/{event.slug}/team").status_code == 200
