"""The demo's invitations and letters: ministries, an agency and a consulate invited, some
nominated, a few letters whose references verify; loading it twice changes nothing."""

from __future__ import annotations

from seminar.accounts import demo as accounts_demo
from seminar.events import demo as events_demo
from seminar.outreach import demo, letters
from seminar.outreach.models import Invitation, InvitationStatus, Letter
from seminar.registration import demo as registration_demo


def _load(db):
    event = events_demo.load_demo(accounts_demo.load_demo(None))
    registration_demo.load_demo(event)
    demo.load_demo(event)
    db.commit()
    return event


def test_demo_invites_ministries_an_agency_and_a_consulate(db):
    event = _load(db)
    invitations = db.query(Invitation).filter_by(event_id=event.id).all()
    names = " ".join(i.institution for i in invitations)
    for expected in ("Perú", "Ecuador", "Colombia", "AECID", "Consulado"):
        assert expected in names
    statuses = {i.status for i in invitations}
    assert {
        InvitationStatus.NOMINATED,
        InvitationStatus.PENDING,
        InvitationStatus.DECLINED,
    } <= statuses
    assert sum(len(i.nominations) for i in invitations) >= 4
    issued = [letter for letter in db.query(Letter).all() if letter.is_issued]
    assert len(issued) == 2
    assert all(letters.verify(letter.reference) is not None for letter in issued)


def test_loading_the_outreach_demo_twice_changes_nothing(db):
    event = _load(db)
    before = (db.query(Invitation).count(), db.query(Letter).count())
    demo.load_demo(event)
    db.commit()
    assert (db.query(Invitation).count(), db.query(Letter).count()) == before
