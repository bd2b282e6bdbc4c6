"""Team invitations: an honest "queued", the status of each invitation e-mail with a human reason,
resending (rate-limited), the invitee's language, a 7-day link, and a link to copy when mail fails."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from seminar.accounts.models import Membership, User
from seminar.audit import AuditEntry
from seminar.mail import OutboxMessage
from tests.conftest import free_port
from tests.factories import make_event, make_membership, make_user

PUBLIC = "http://localhost:5000"


class RefusingServer:
    """A mail server that refuses every recipient, as a real one does for an unknown mailbox."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:  # noqa: N802,E501
        return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address  # noqa: UP031


@pytest.fixture
def refusing_mail_server(app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    port = free_port()
    controller = Controller(RefusingServer(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    yield
    controller.stop()


def _invite(client: Any, event: Any, **data: str) -> Any:
    return client.post(
        f"/manage/{event.slug}/team",
        data={
            "email": "relatora@example.org",
            "name": "María Condori",
            "role": "rapporteur",
            **data,
        },
        follow_redirects=True,
    )


def _membership(db: Any, event: Any) -> Membership:
    return (
        db.query(Membership)
        .filter_by(event_id=event.id)
        .join(User)
        .filter(User.email == "relatora@example.org")
        .one()
    )


def test_inviting_says_queued_and_the_team_page_shows_the_mail_sent(client, db, login_as, mailbox):
    event = make_event(languages="es,en")
    login_as("organizer", event)
    page = _invite(client, event).get_data(as_text=True)
    assert "The invitation e-mail is queued" in page
    assert "notified" not in page
    mailbox.wait_for(1)
    page = client.get(f"/manage/{event.slug}/team").get_data(as_text=True)
    assert "Invitation sent" in page
    assert "Language: Español" in page
    assert "link valid until" in page


def test_a_refused_invitation_shows_a_human_reason_and_a_link_to_copy(
    client, db, login_as, refusing_mail_server
):
    event = make_event()
    login_as("organizer", event)
    _invite(client, event)
    page = client.get(f"/manage/{event.slug}/team").get_data(as_text=True)
    assert "Invitation not delivered" in page
    assert "The recipient&#39;s mail server refused this address or message." in page
    assert "SMTPRecipientsRefused" not in page
    assert "550" not in page
    link = re.search(rf'value="{PUBLIC}(/invitation/[^"]+)" readonly', page).group(1)
    client.post("/logout")
    chosen = client.get(link)
    assert chosen.status_code == 200
    assert "relatora@example.org" in chosen.get_data(as_text=True)


def test_the_invitation_is_written_in_the_language_chosen_for_the_invitee(
    client, db, login_as, mailbox
):
    event = make_event(title="Seminario de La Paz", languages="es,en")
    login_as("organizer", event)
    form = client.get(f"/manage/{event.slug}/team").get_data(as_text=True)
    assert re.search(r'<option selected value="es">|<option value="es" selected>', form)
    _invite(client, event, language="en")
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "You have been invited to Seminario de La Paz"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "valid for 7 days" in body
    assert db.query(User).filter_by(email="relatora@example.org").one().locale == "en"

    mailbox.clear()
    client.post(
        f"/manage/{event.slug}/team",
        data={"email": "checkin@example.org", "role": "checkin"},
    )
    [spanish] = mailbox.wait_for(1)
    assert spanish["Subject"] == "Ha sido invitado/a a Seminario de La Paz"
    assert "válido durante 7 días" in spanish.get_body(preferencelist=("plain",)).get_content()


def test_resending_queues_a_new_invitation_and_is_rate_limited(client, db, login_as, mailbox):
    event = make_event()
    login_as("organizer", event)
    _invite(client, event)
    mailbox.wait_for(1)
    membership = _membership(db, event)
    url = f"/manage/{event.slug}/team/{membership.id}/resend"
    page = client.post(url, data={"email": "relatora@example.org"}, follow_redirects=True)
    assert "The invitation to relatora@example.org is queued again." in page.get_data(as_text=True)
    assert len(mailbox.wait_for(2)) == 2
    assert db.query(OutboxMessage).filter_by(kind="invitation").count() == 2
    assert db.query(AuditEntry).filter_by(action="membership.invitation_resent").count() == 1
    statuses = [
        client.post(url, data={"email": "relatora@example.org"}).status_code for _ in range(5)
    ]
    assert statuses[-1] == 429


def test_members_who_have_signed_in_get_no_resend_button(client, db, login_as):
    event = make_event()
    from seminar.dbtypes import utcnow

    seasoned = make_user(email="seasoned@example.org", last_login_at=utcnow())
    membership = make_membership(seasoned, event, "checkin")
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/team").get_data(as_text=True)
    assert f"/team/{membership.id}/resend" not in page
    refused = client.post(
        f"/manage/{event.slug}/team/{membership.id}/resend",
        data={"email": "seasoned@example.org"},
        follow_redirects=True,
    )
    assert "has already signed in" in refused.get_data(as_text=True)


def test_only_organizers_resend_invitations(client, db, login_as, mailbox):
    event = make_event()
    membership = make_membership(make_user(email="x@example.org"), event, "checkin")
    login_as("rapporteur", event)
    response = client.post(f"/manage/{event.slug}/team/{membership.id}/resend")
    assert response.status_code == 403
    assert db.query(OutboxMessage).filter_by(kind="invitation").count() == 0


def test_the_link_lasts_seven_days_then_asks_for_a_new_invitation(
    app, client, db, login_as, mailbox, monkeypatch
):
    assert app.config["INVITATION_MAX_AGE"] == 7 * 24 * 60 * 60
    event = make_event()
    login_as("organizer", event)
    _invite(client, event)
    body = mailbox.wait_for(1)[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(rf"{PUBLIC}(/invitation/\S+)", body).group(1)
    client.post("/logout")
    monkeypatch.setitem(app.config, "INVITATION_MAX_AGE", -1)  # seven days have passed
    expired = client.get(link)
    assert expired.status_code == 400
    assert "Please ask the organizers for a new invitation." in expired.get_data(as_text=True)


def test_the_invitee_chooses_a_password_once_and_is_signed_in(client, db, login_as, mailbox):
    event = make_event()
    login_as("organizer", event)
    _invite(client, event, language="en")  # the invitee's pages are in English from then on
    body = mailbox.wait_for(1)[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(rf"{PUBLIC}(/invitation/\S+)", body).group(1)
    client.post("/logout")
    done = client.post(
        link,
        data={"password": "relatora password", "confirm": "relatora password"},
        follow_redirects=True,
    )
    assert "Your password is set." in done.get_data(as_text=True)
    assert client.get(f"/manage/{event.slug}/report").status_code == 200
    client.post("/logout")
    again = client.get(link)
    assert again.status_code == 400
    assert "This invitation has already been used." in again.get_data(as_text=True)
