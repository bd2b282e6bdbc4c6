"""Every redirect to a user-supplied target stays on this site, whatever the encoding trick."""

from __future__ import annotations

import pytest

from seminar.web import safe_next
from tests.factories import PASSWORD, make_user

HOSTILE = [
    "////evil.example/x",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "https://evil.example/",
    "HTTPS:evil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "evil.example",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_never_sends_anyone_off_site(client, db, target):
    make_user(email="ana@example.org")
    response = client.post(
        "/login", data={"email": "ana@example.org", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_signed_in_visit_to_login_with_hostile_next_goes_home(client, db, login_as):
    login_as("user")
    response = client.get("/login", query_string={"next": "////evil.example/x"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_language_switch_never_sends_anyone_off_site(client, db, target):
    response = client.post("/language", data={"lang": "es", "next": target})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/manage/new", "/manage/new"),
        (
            "/events/lapaz/agenda?day=2026-12-02#item-3",
            "/events/lapaz/agenda?day=2026-12-02#item-3",
        ),
        ("/events//lapaz///agenda", "/events/lapaz/agenda"),
        ("/events/lapaz/?next=//elsewhere", "/events/lapaz/?next=//elsewhere"),
    ],
)
def test_paths_on_this_site_are_kept_and_normalized(target, expected):
    assert safe_next(target, "/fallback") == expected


def test_sign_in_returns_to_the_page_asked_for(client, db):
    make_user(email="ana@example.org")
    page = client.get("/manage/new")
    assert "/login?next=/manage/new" in page.headers["Location"]
    response = client.post(
        "/login", data={"email": "ana@example.org", "password": PASSWORD, "next": "/manage/new"}
    )
    assert response.headers["Location"] == "/manage/new"
