"""Capacity is never exceeded, even when many people submit the form at the same moment."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from seminar.errors import DomainError
from seminar.registration import states
from seminar.registration.models import Registration, RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import form_data

SUBMISSIONS = 200
SEATS = 50


class Browser:
    """One participant's browser: its own cookies, and the CSRF token of the form it loaded."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""

    def open_form(self, path: str) -> None:
        with self.opener.open(self.base + path, timeout=60) as response:
            page = response.read().decode()
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert match, "the form has no CSRF token"
        self.token = match.group(1)

    def submit(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrf_token": self.token}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")  # noqa: S310
        request.add_header("Accept-Language", "en")
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_200_simultaneous_submissions_for_50_seats_fill_exactly_50(
    app, live_server, db, monkeypatch
):
    # 200 officials register from one test address here; real limits stay in force elsewhere.
    monkeypatch.setitem(app.config, "MAIL_FORM_LIMIT_PER_ADDRESS", "1000 per hour")
    event = make_event()
    make_settings(event, capacity=SEATS)
    db.commit()
    path = f"/events/{event.slug}/register"
    browsers = [Browser(live_server) for _ in range(SUBMISSIONS)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(lambda b: b.open_form(path), browsers))

    start = threading.Barrier(SUBMISSIONS)

    def submit(index: int) -> tuple[int, str]:
        data = form_data(
            event, email=f"official{index}@example.org", given_name=f"Funcionario {index}"
        )
        start.wait()  # every submission leaves at the same moment
        return browsers[index].submit(path, data)

    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        results = list(pool.map(submit, range(SUBMISSIONS)))

    statuses = [status for status, _page in results]
    assert statuses == [200] * SUBMISSIONS  # each followed its redirect to the confirmation
    confirmed_pages = sum("Your place is confirmed." in page for _s, page in results)
    waiting_pages = sum("You are on the waiting list." in page for _s, page in results)
    assert (confirmed_pages, waiting_pages) == (SEATS, SUBMISSIONS - SEATS)

    db.expire_all()
    registrations = db.query(Registration).filter_by(event_id=event.id).all()
    assert len(registrations) == SUBMISSIONS  # no submission lost
    assert {r.email for r in registrations} == {
        f"official{i}@example.org" for i in range(SUBMISSIONS)
    }
    by_status = {s: sum(r.status == s for r in registrations) for s in RegistrationStatus}
    assert by_status[RegistrationStatus.CONFIRMED] == SEATS
    assert by_status[RegistrationStatus.WAITLISTED] == SUBMISSIONS - SEATS


def test_confirming_beyond_capacity_is_refused(client, db):
    event = make_event()
    make_settings(event, capacity=1)
    make_registration(event)
    waiting = make_registration(event, status=RegistrationStatus.WAITLISTED)
    db.commit()
    with pytest.raises(DomainError, match="The only seat is taken"):
        states.change_status(waiting, RegistrationStatus.CONFIRMED, notify=False)
    db.rollback()
    assert db.get(Registration, waiting.id).status == RegistrationStatus.WAITLISTED


def test_bulk_confirmation_is_all_or_nothing_when_seats_run_out(client, db, login_as):
    event = make_event()
    make_settings(event, capacity=3, requires_approval=True)
    make_registration(event)
    pending = [make_registration(event, status=RegistrationStatus.PENDING) for _ in range(3)]
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/registrations/status",
        data={"ids": [str(r.id) for r in pending], "action": "confirm", "notify": "y"},
        follow_redirects=True,
    )
    assert "Only 2 seats are free, and 3 registrations would need one." in response.get_data(
        as_text=True
    )
    db.expire_all()
    assert all(db.get(Registration, r.id).status == RegistrationStatus.PENDING for r in pending)


def test_capacity_cannot_drop_below_the_confirmed_participants(client, db, login_as):
    event = make_event()
    settings = make_settings(event, capacity=10)
    make_registration(event)
    make_registration(event)
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/registrations/settings",
        data={"capacity": "1", "version": str(settings.version)},
    )
    assert response.status_code == 400
    assert "2 participants are already confirmed" in response.get_data(as_text=True)
