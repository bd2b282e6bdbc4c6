"""Invitees' and nominees' personal links that do not work: every page reached through one
answers with the invalid-link page, its reason, and headers that keep it out of caches."""

from __future__ import annotations

import pytest

from seminar.outreach import invitations, tokens
from seminar.outreach.models import Nomination
from tests.factories import make_event
from tests.registration.factories import make_registration

INVITATION_PAGES = [
    ("get", ""),
    ("post", "/nominate"),
    ("post", "/decline"),
    ("get", "/register"),
    ("post", "/register"),
]


def _institution(event):
    data = {"kind": "institution", "institution": "Cancillería de Bolivia",
            "email": "focal@rree.gob.bo", "language": "es", "quota": "2"}  # fmt: skip
    return invitations.invite(event, data, send=False)


def _assert_invalid(response, reason: str, status: int = 404) -> None:
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert "This link does not work" in page
    assert reason in page
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(("method", "page"), INVITATION_PAGES)
def test_every_invitation_page_refuses_a_forged_link(client, db, method, page):
    event = make_event()
    response = getattr(client, method)(f"/events/{event.slug}/invitation/forged{page}")
    _assert_invalid(response, "This invitation link is not valid")


@pytest.mark.parametrize(("method", "page"), INVITATION_PAGES)
def test_every_invitation_page_refuses_a_replaced_link(client, db, method, page):
    event = make_event()
    invitation = _institution(event)
    old = tokens.invitation_token(invitation)
    invitation.token_salt = "renewed"
    db.flush()
    response = getattr(client, method)(f"/events/{event.slug}/invitation/{old}{page}")
    _assert_invalid(response, "This invitation link has been replaced by a newer one.")
    assert invitation.status.value == "pending"


def test_a_link_of_another_event_is_refused(client, db):
    event, other = make_event(), make_event(slug="otro-seminario")
    token = tokens.invitation_token(_institution(event))
    _assert_invalid(
        client.get(f"/events/{other.slug}/invitation/{token}"), "This invitation link is not valid"
    )


def test_a_withdrawn_nomination_link_is_refused(client, db):
    event = make_event()
    nomination = invitations.nominate(
        _institution(event),
        {"given_name": "Ana", "family_name": "Mamani", "email": "ana@rree.gob.bo"},
    )
    token = tokens.nomination_token(nomination)
    nomination.status = "withdrawn"
    db.flush()
    _assert_invalid(
        client.get(f"/events/{event.slug}/nomination/{token}"),
        "This nomination is no longer valid. Please write to your focal point.",
    )


def test_a_nominee_who_registered_is_sent_to_the_confirmation_mail(client, db):
    event = make_event()
    nomination = invitations.nominate(
        _institution(event),
        {"given_name": "Ana", "family_name": "Mamani", "email": "ana@rree.gob.bo"},
    )
    nomination.registration = make_registration(event, email="ana@rree.gob.bo")
    db.flush()
    response = client.get(f"/events/{event.slug}/nomination/{tokens.nomination_token(nomination)}")
    _assert_invalid(response, "You have already registered.", status=200)
    assert db.get(Nomination, nomination.id).registration_id is not None


def test_a_refused_nomination_shows_the_landing_page_with_the_error(client, db):
    event = make_event()
    token = tokens.invitation_token(_institution(event))
    response = client.post(
        f"/events/{event.slug}/invitation/{token}/nominate",
        data={"given_name": "", "family_name": "Mamani", "email": "ana@rree.gob.bo"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Cancillería de Bolivia" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert db.query(Nomination).count() == 0
