"""Hostile input: random and malicious values sent to every form and JSON endpoint of the app.

Whatever arrives, the app never answers 500; a refusal says what is wrong (a field error, an alert,
an error page or problem+json ``detail``) and stores nothing; what it does store is shown back
escaped on every page and as literal text in PDFs. Uploads are judged by content, not by name, and
are size-limited.

The form test finds its forms by itself: it opens every HTML page of the demo (the same crawl as the
accessibility tests) as an organizer and as a visitor, and fuzzes each POST form it finds, so a new
form is covered the day it appears.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from flask import current_app
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from seminar.accounts.models import User
from seminar.agenda.models import AgendaItem, Person
from seminar.events.models import Event
from seminar.extensions import db as _db
from seminar.registration.models import Registration
from tests.factories import make_event
from tests.quality.crawl import DEMO_SLUG, page_urls
from tests.quality.strategies import (
    IMG,
    MIN_EXAMPLES,
    SCRIPT,
    TEMPLATE,
    hostile_text,
    unescaped_payload,
    value_for,
    wrong_json,
)
from tests.registration.factories import make_settings

# Every fuzzed form and endpoint: the loaded profile's settings (strategies.py: 25 examples or more).
FUZZ = settings()


def test_fuzzing_tries_at_least_25_examples_per_form_unless_asked_to_be_quick():
    quick = os.environ.get("HYPOTHESIS_PROFILE") == "quick"
    assert FUZZ.max_examples >= (6 if quick else MIN_EXAMPLES)


# Forms that end a session or destroy what the rest of the crawl needs; their refusals are covered
# by the security matrix (CSRF, roles), and they take no free text.
SKIP_ACTIONS = re.compile(
    r"/logout$|/language$|/delete$|/remove$|/finalize$|/publish$|/merge$|/cancel$|/undo$"
)
# Tables a refused request may legitimately write to (sign-in throttling, the activity log).
ALWAYS_WRITTEN = {"login_attempt", "audit_entry", "outbox_message"}


@pytest.fixture(autouse=True)
def _mail_stays_queued(app: Any) -> Any:
    """No background sender: its Message-IDs draw from ``random`` while Hypothesis generates data."""
    previous = app.config["MAIL_DISPATCH"]
    app.config["MAIL_DISPATCH"] = "off"
    yield
    app.config["MAIL_DISPATCH"] = previous


ERROR_MARKERS = ('class="error"', "alert-error", "alert alert-warning", 'role="alert"')


# --- Finding forms ---------------------------------------------------------------------------


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {
                "method": a.get("method", "get").lower(),
                "action": a.get("action", ""),
                "enctype": a.get("enctype", ""),
                "fields": [],
            }
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            self._form["fields"].append(
                {
                    "name": a["name"],
                    "type": a.get("type", "text").lower(),
                    "value": a.get("value", ""),
                    "checked": "checked" in a,
                    "options": [],
                }
            )
        elif tag == "textarea":
            self._form["fields"].append(
                {"name": a["name"], "type": "textarea", "value": "", "options": []}
            )
        elif tag == "select":
            self._select = {
                "name": a["name"],
                "type": "select",
                "value": "",
                "options": [],
                "multiple": "multiple" in a,
            }
            self._form["fields"].append(self._select)
        if tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str, page_url: str) -> list[dict[str, Any]]:
    parser = _FormParser()
    parser.feed(html)
    forms = []
    for form in parser.forms:
        if form["method"] != "post":
            continue
        form["url"] = urlsplit(urljoin("http://localhost" + page_url, form["action"])).path
        if SKIP_ACTIONS.search(form["url"]):
            continue
        forms.append(form)
    return forms


def _field_strategy(field: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = field["type"]
    if field["name"] == "csrf_token" or kind in {"submit", "button", "image", "reset"}:
        return st.just(field["value"])
    if kind == "file":
        return st.just(None)
    keep = st.just(field["value"])
    if kind in {"select", "radio", "checkbox"}:
        options = field["options"] or [field["value"]]
        valid = st.sampled_from(options)
        if field.get("multiple"):
            valid = st.lists(st.sampled_from(options), max_size=3)
        return st.one_of(valid, hostile_text, st.just(None))
    return st.one_of(keep, value_for(kind), value_for(kind), st.just(None))


def form_data(form: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Hostile values for a form's fields; radio/checkbox groups are merged by name."""
    by_name: dict[str, dict[str, Any]] = {}
    for field in form["fields"]:
        if field["name"] in by_name and field["type"] in {"radio", "checkbox"}:
            by_name[field["name"]]["options"].append(field["value"])
            continue
        copy = dict(field, options=list(field["options"]))
        if field["type"] in {"radio", "checkbox"}:
            copy["options"] = [field["value"]]
            copy["multiple"] = field["type"] == "checkbox"
        by_name[field["name"]] = copy
    return st.fixed_dictionaries({name: _field_strategy(f) for name, f in by_name.items()}).map(
        lambda values: {k: v for k, v in values.items() if v is not None}
    )


# --- What every answer must satisfy -------------------------------------------------------------


def row_counts() -> dict[str, int]:
    session = _db.session
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in _db.metadata.sorted_tables
        if table.name not in ALWAYS_WRITTEN
    }


def check_answer(response: Any, where: str) -> None:
    textual = response.mimetype.startswith("text/") or response.mimetype.endswith("json")
    body = response.get_data(as_text=True) if textual else ""
    assert response.status_code < 500, f"{where}: {response.status_code}\n{body[:2000]}"
    if response.mimetype == "text/html":
        leak = unescaped_payload(body)
        assert leak is None, f"{where}: unescaped markup in the page: {leak!r}"
    if response.status_code >= 400:
        if response.mimetype in {"application/problem+json", "application/json"}:
            assert (response.get_json() or {}).get("detail"), f"{where}: problem without detail"
        elif response.mimetype == "text/html":
            explained = "<h1" in body or any(m in body for m in ERROR_MARKERS)
            assert "<main" in body, f"{where}: bare error page"
            assert explained, f"{where}: error page without an explanation"


def check_refusal(response: Any, before: dict[str, int], where: str) -> None:
    """A refused form (re-rendered or 4xx) explains why and stores nothing."""
    body = response.get_data(as_text=True)
    refused = response.status_code >= 400 or (
        response.status_code == 200 and any(m in body for m in ERROR_MARKERS)
    )
    if not refused:
        return
    after = row_counts()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not changed, f"{where}: refused ({response.status_code}) but rows changed: {changed}"
    if response.mimetype == "text/html" and response.status_code != 413:
        assert any(m in body for m in ERROR_MARKERS) or "<h1" in body, where


def post_multipart(client: Any, url: str, values: dict[str, Any]) -> Any:
    """POST a multipart body built in memory (the test client would spool big ones to a temporary
    file that it never closes when the app refuses the request before reading it)."""
    fields = MultiDict()
    for key, value in values.items():
        if isinstance(value, tuple):
            fields.add(key, FileStorage(value[0], filename=value[1]))
        elif isinstance(value, list):
            for v in value:
                fields.add(key, v)
        else:
            fields.add(key, value)
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def post_form(client: Any, form: dict[str, Any], values: dict[str, Any]) -> Any:
    return post_multipart(client, form["url"], values)


def sign_in(client: Any, db: Any, email: str) -> User:
    user = db.scalar(select(User).where(User.email == email))
    with client.session_transaction() as sess:
        sess["_user_id"] = user.get_id()
        sess["_fresh"] = True
    return user


def sign_out(client: Any) -> None:
    with client.session_transaction() as sess:
        sess.clear()


def _collect_forms(client: Any, urls: list[str]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
    for url in urls:
        response = client.get(url)
        check_answer(response, f"GET {url}")
        if response.mimetype != "text/html":
            continue
        for form in post_forms(response.get_data(as_text=True), url):
            key = (re.sub(r"/\d+", "/N", form["url"]), tuple(f["name"] for f in form["fields"]))
            seen.setdefault(key, form)
    return list(seen.values())


def _form_fuzzer(client: Any, form: dict[str, Any]) -> Any:
    @FUZZ
    @given(values=form_data(form))
    def fuzz(values: dict[str, Any]) -> None:
        before = row_counts()
        response = post_form(client, form, values)
        where = f"POST {form['url']} {sorted(values)}"
        check_answer(response, where)
        check_refusal(response, before, where)

    return fuzz


def _fuzz_forms(client: Any, forms: list[dict[str, Any]]) -> None:
    for form in forms:
        _form_fuzzer(client, form)()


def _report_pages(db: Any) -> list[str]:
    """Report pages whose URL arguments the crawl cannot guess (section keys, recommendations)."""
    from seminar.reports.models import Recommendation
    from seminar.reports.services import FIXED_SECTIONS

    base = f"/manage/{DEMO_SLUG}/report"
    urls = [f"{base}/sections/{key}" for key in FIXED_SECTIONS]
    rec = db.scalar(select(Recommendation.id).order_by(Recommendation.id).limit(1))
    if rec is not None:
        urls.append(f"{base}/recommendations/{rec}")
    return urls


def test_every_form_of_the_demo_survives_hostile_values(
    client: Any, db: Any, demo: list[str]
) -> None:
    # Visitors' forms first (registration, sign-in, password reset, self-service), then the
    # organizer's (settings, team, agenda, rooms, themes, people, desk, report...).
    public = [u for u in demo if not u.startswith("/manage/")] + ["/password/forgot"]
    visitor_forms = _collect_forms(client, public)
    organizer = sign_in(client, db, "organizer@example.org")
    organizer_forms = _collect_forms(
        client, [u for u in demo if u.startswith("/manage/")] + _report_pages(db)
    )
    assert len(organizer_forms) >= 15, [f["url"] for f in organizer_forms]
    assert {f"/events/{DEMO_SLUG}/register", "/login"} <= {f["url"] for f in visitor_forms}

    sign_out(client)
    _fuzz_forms(client, visitor_forms)
    sign_in(client, db, organizer.email)
    _fuzz_forms(client, organizer_forms)

    # Whatever was stored is shown escaped on every page (and nothing broke them).
    for url in page_urls(current_app):
        check_answer(client.get(url), f"GET {url} after fuzzing")
    sign_out(client)
    for url in [u for u in demo if not u.startswith("/manage/")]:
        check_answer(client.get(url), f"GET {url} after fuzzing (anonymous)")


# --- The public registration form, field by field --------------------------------------------


@pytest.fixture
def open_event(db: Any) -> Event:
    event = make_event(title="Seminario", languages="es,en")
    make_settings(event, capacity=500)
    db.commit()
    return event


def _registration_values(event: Event, **changes: Any) -> dict[str, Any]:
    values = {
        "honorific": "Sra.",
        "given_name": "Ana",
        "family_name": "Quispe",
        "email": "ana@example.org",
        "phone": "",
        "preferred_language": "es",
        "position": "Directora",
        "institution": "Ministerio",
        "institution_type": "government",
        "country": "BO",
        "days": [d.isoformat() for d in event.days],
        "dietary_needs": "",
        "accessibility_needs": "",
        "privacy_accepted": "y",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


TEXT_FIELDS = (
    "honorific",
    "given_name",
    "family_name",
    "position",
    "institution",
    "phone",
    "dietary_needs",
    "accessibility_needs",
    "email",
)


def test_registration_form_refuses_or_stores_escaped(
    client: Any, db: Any, open_event: Event, login_as: Any
) -> None:
    url = f"/events/{open_event.slug}/register"
    counter = iter(range(10_000))

    @FUZZ
    @given(
        field=st.sampled_from(TEXT_FIELDS + ("country", "days", "institution_type")),
        value=hostile_text,
    )
    def fuzz(field: str, value: str) -> None:
        before = row_counts()
        email = f"p{next(counter)}@example.org"
        values = _registration_values(open_event, email=email)
        values[field] = value
        response = client.post(url, data=values)
        check_answer(response, f"register {field}={value!r}")
        if response.status_code == 302:
            stored = db.scalar(
                select(Registration).where(
                    Registration.email == (value if field == "email" else email)
                )
            )
            assert stored is not None
            assert "\x00" not in (getattr(stored, field, "") or "")
        else:
            assert response.status_code in (200, 400, 422)
            check_refusal(response, before, f"register {field}")
            assert any(m in response.get_data(as_text=True) for m in ERROR_MARKERS)
            assert row_counts() == before

    fuzz()

    # Markup that was accepted as a name is shown as text to organizers.
    client.post(
        url,
        data=_registration_values(
            open_event,
            email="marked@example.org",
            given_name=SCRIPT,
            family_name=IMG,
            institution=TEMPLATE,
        ),
    )
    stored = db.scalar(select(Registration).where(Registration.email == "marked@example.org"))
    if stored is not None:
        login_as("organizer", open_event)
        desk = client.get(f"/manage/{open_event.slug}/registrations").get_data(as_text=True)
        assert unescaped_payload(desk) is None
        assert "&lt;script&gt;alert" in desk
        assert "{{7*7}}" in desk
        assert ">49<" not in desk


# --- The agenda JSON API --------------------------------------------------------------------


@pytest.fixture
def organizer_event(db: Any, login_as: Any) -> Event:
    from tests.agenda.factories import local, make_item, make_room

    event = make_event()
    room = make_room(event)
    make_item(
        event,
        room=room,
        starts_at=local(event, "2026-12-02", "09:00"),
        ends_at=local(event, "2026-12-02", "10:00"),
    )
    db.commit()
    login_as("organizer", event)
    return event


JSON_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "description",
    "language",
    "has_interpretation",
    "is_public",
    "room_id",
    "theme_id",
    "version",
)


def test_agenda_json_api_answers_wrong_types_with_problem_details(
    client: Any, db: Any, organizer_event: Event
) -> None:
    base = f"/manage/{organizer_event.slug}/agenda/items"
    item_id = db.scalar(select(AgendaItem.id).where(AgendaItem.event_id == organizer_event.id))

    @FUZZ
    @given(
        payload=st.one_of(
            st.dictionaries(st.sampled_from(JSON_FIELDS), wrong_json, max_size=6),
            wrong_json,
        ),
        method=st.sampled_from(["POST", "PATCH", "DELETE"]),
    )
    @example(payload={"title": True}, method="POST")  # was a 500: a boolean reached .strip()
    @example(payload={"starts_at": 1, "title": "x"}, method="POST")
    def fuzz(payload: Any, method: str) -> None:
        before = row_counts()
        url = base if method == "POST" else f"{base}/{item_id}"
        response = client.open(url, method=method, json=payload)
        where = f"{method} {url} {payload!r}"[:500]
        check_answer(response, where)
        if response.status_code >= 400:
            assert response.mimetype == "application/problem+json", where
            assert response.get_json()["detail"], where
            assert row_counts() == before, where
        elif method == "DELETE":
            pytest.fail(f"{where}: deleted with a hostile version")

    fuzz()

    # Raw bodies that are not JSON at all.
    for body in (
        b"\x00\xff",
        b"{",
        b"[]",
        b'"x"',
        b"null",
        '{"title": "\ud800"}'.encode("utf-8", "surrogatepass"),
    ):
        response = client.post(base, data=body, content_type="application/json")
        check_answer(response, f"POST {body!r}")
        assert response.status_code in (400, 422)
        assert response.get_json()["detail"]


def test_agenda_item_title_with_markup_is_text_in_pages_and_json(
    client: Any, db: Any, organizer_event: Event
) -> None:
    response = client.post(
        f"/manage/{organizer_event.slug}/agenda/items",
        json={
            "title": f"Panel {SCRIPT} {TEMPLATE}",
            "kind": "panel",
            "starts_at": "2026-12-02T11:00",
            "ends_at": "2026-12-02T12:00",
            "description": f"Texto {IMG}\n\n<b>negrita</b>",
            "is_public": True,
        },
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["item"]["title"].startswith("Panel <script>")
    for url in (
        f"/manage/{organizer_event.slug}/agenda/list",
        f"/manage/{organizer_event.slug}/agenda",
    ):
        page = client.get(url).get_data(as_text=True)
        assert unescaped_payload(page) is None, url
        assert "Panel &lt;script&gt;" in page or "Panel \\u003cscript" in page, url


def test_markup_in_a_name_is_literal_text_in_the_badge_pdf(
    client: Any, db: Any, event_with_registration: tuple[Event, Registration], login_as: Any
) -> None:
    event, registration = event_with_registration
    registration.given_name = "<b>Ana</b> {{7*7}}"
    registration.family_name = "<i>Quispe</i>"
    db.commit()
    login_as("organizer", event)
    pdf = client.get(f"/manage/{event.slug}/registrations/{registration.id}/badge.pdf")
    assert pdf.mimetype == "application/pdf", pdf.status_code
    text = " ".join(_pdf_text(pdf.data).split())
    assert "<b>Ana</b>" in text
    assert "{{7*7}}" in text
    assert "<i>Quispe</i>" in text


def _pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


# --- Uploads: judged by content, size-limited -----------------------------------------------


def _png(size: tuple[int, int] = (4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.txt", "hello")
    return buffer.getvalue()


def _bomb_png() -> bytes:
    """A tiny PNG whose header claims 100 000 x 100 000 pixels (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


DISGUISED = {
    "pdf renamed .jpg": ("photo.jpg", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"),
    "zip renamed .png": ("photo.png", _zip()),
    "executable renamed .jpg": ("photo.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200 + b"PE\x00\x00"),
    "elf renamed .png": ("photo.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
    "html renamed .png": ("photo.png", f"<html>{SCRIPT}</html>".encode()),
    "svg renamed .png": (
        "photo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ),
    "empty file": ("photo.jpg", b""),
    "image bomb header": ("photo.png", _bomb_png()),
    "image over 5 MB": ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (5 * 1024 * 1024 + 10)),
}


def _media_files() -> set[Path]:
    root = Path(current_app.config["UPLOAD_FOLDER"])
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.parametrize("case", sorted(DISGUISED))
def test_person_photo_refuses_files_that_are_not_images(
    client: Any, db: Any, organizer_event: Event, case: str
) -> None:
    from tests.agenda.factories import make_person

    person = make_person(organizer_event, name="Lucía Mamani")
    db.commit()
    name, content = DISGUISED[case]
    files_before, rows_before = _media_files(), row_counts()
    page = client.get(f"/manage/{organizer_event.slug}/people/{person.id}")
    form = next(
        f
        for f in post_forms(page.get_data(as_text=True), page.request.path)
        if any(x["type"] == "file" for x in f["fields"])
    )
    data = {
        f["name"]: f["value"]
        for f in form["fields"]
        if f["type"] not in {"file", "checkbox", "submit"}
    }
    data["photo"] = (io.BytesIO(content), name)
    response = post_multipart(client, form["url"], data)
    check_answer(response, case)
    body = response.get_data(as_text=True)
    assert response.status_code in (200, 400, 413, 422), (case, response.status_code)
    assert any(m in body for m in ERROR_MARKERS) or response.status_code == 413, case
    assert re.search(r"(JPEG, PNG or WebP|5 MB|empty|too many pixels|too large)", body), body[:3000]
    assert _media_files() == files_before, case
    assert db.scalar(select(Person.photo).where(Person.id == person.id)) in (None, "")
    assert row_counts() == rows_before


def test_a_real_image_is_stored_and_served(client: Any, db: Any, organizer_event: Event) -> None:
    """The control case of the refusals above: a true PNG named .jpg is accepted by content."""
    from tests.agenda.factories import make_person

    person = make_person(organizer_event, name="Lucía Mamani")
    db.commit()
    page = client.get(f"/manage/{organizer_event.slug}/people/{person.id}")
    form = next(
        f
        for f in post_forms(page.get_data(as_text=True), page.request.path)
        if any(x["type"] == "file" for x in f["fields"])
    )
    data = {
        f["name"]: f["value"]
        for f in form["fields"]
        if f["type"] not in {"file", "checkbox", "submit"}
    }
    data["photo"] = (io.BytesIO(_png((40, 40))), "named-wrongly.jpg")
    response = post_multipart(client, form["url"], data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    photo = db.scalar(select(Person.photo).where(Person.id == person.id))
    assert photo
    assert photo.endswith(".png")
    with client.get(f"/media/{photo}") as served:
        assert served.data.startswith(b"\x89PNG")


def test_request_larger_than_16_mb_gets_a_friendly_413_page(
    client: Any, db: Any, organizer_event: Event
) -> None:
    rows_before = row_counts()
    response = post_multipart(
        client,
        f"/manage/{organizer_event.slug}/registrations/import",
        {"file": (io.BytesIO(b"a" * (17 * 1024 * 1024)), "huge.csv")},
    )
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "too large" in body
    assert "<main" in body
    assert row_counts() == rows_before


IMPORT_FILES = {
    "pdf renamed .csv": ("list.csv", b"%PDF-1.7\n%%EOF"),
    "zip renamed .xlsx": ("list.xlsx", _zip()),
    "executable renamed .xlsx": ("list.xlsx", b"MZ\x90\x00" + b"\x00" * 100),
    "png renamed .csv": ("list.csv", _png()),
    "empty csv": ("list.csv", b""),
    "binary garbage csv": ("list.csv", bytes(range(256)) * 10),
    "csv with hostile cells": (
        "list.csv",
        (
            "given_name,family_name,email\n"
            f"{SCRIPT},=cmd|' /C calc'!A0,x@\n"
            "\x00,\u202e,not-an-email\n"
        ).encode(),
    ),
    "executable renamed .exe": ("list.exe", b"MZ\x90\x00"),
}


@pytest.mark.parametrize("case", sorted(IMPORT_FILES))
def test_import_refuses_files_that_are_not_lists(
    client: Any, db: Any, organizer_event: Event, case: str
) -> None:
    make_settings(organizer_event)
    db.commit()
    name, content = IMPORT_FILES[case]
    rows_before = row_counts()
    response = post_multipart(
        client,
        f"/manage/{organizer_event.slug}/registrations/import",
        {"file": (io.BytesIO(content), name)},
    )
    check_answer(response, case)
    body = response.get_data(as_text=True)
    assert response.status_code in (200, 400, 422), (case, response.status_code)
    assert any(m in body for m in ERROR_MARKERS), body[:3000]
    assert row_counts() == rows_before


# --- Sign-in and password reset ----------------------------------------------------------------


def test_login_and_password_reset_refuse_hostile_values(client: Any, db: Any) -> None:
    @FUZZ
    @given(email=hostile_text, password=hostile_text, reset_email=hostile_text)
    def fuzz(email: str, password: str, reset_email: str) -> None:
        users = db.scalar(select(func.count(User.id)))
        response = client.post("/login", data={"email": email, "password": password})
        check_answer(response, f"login {email!r}")
        assert response.status_code in (200, 400, 429)
        response = client.post("/password/forgot", data={"email": reset_email})
        check_answer(response, f"forgot {reset_email!r}")
        response = client.get(
            f"/password/reset/{reset_email[:200]}".replace("?", "%3F").replace("#", "%23")
        )
        check_answer(response, f"reset {reset_email!r}")
        assert db.scalar(select(func.count(User.id))) == users

    fuzz()


def test_event_settings_refuse_invalid_dates_and_keep_the_event(
    client: Any, db: Any, organizer_event: Event
) -> None:
    url = f"/manage/{organizer_event.slug}/"
    page = client.get(url)
    form = next(f for f in post_forms(page.get_data(as_text=True), url) if f["url"] == url)
    original = {f["name"]: f["value"] for f in form["fields"] if f["type"] not in {"submit"}}

    @FUZZ
    @given(
        starts=st.sampled_from(["2026-02-30", "2026-13-01", "x", "", "9999-99-99", "2026-12-04"]),
        ends=st.sampled_from(["2026-12-01", "0000-00-00", "", "2026-12-0\x00"]),
    )
    def fuzz(starts: str, ends: str) -> None:
        response = client.post(url, data={**original, "starts_on": starts, "ends_on": ends})
        check_answer(response, f"settings {starts!r} {ends!r}")
        assert response.status_code in (200, 400, 422)
        assert any(m in response.get_data(as_text=True) for m in ERROR_MARKERS)
        event = db.get(Event, organizer_event.id)
        assert (event.starts_on.isoformat(), event.ends_on.isoformat()) == (
            "2026-12-02",
            "2026-12-03",
        )

    fuzz()


def test_team_invite_refuses_hostile_addresses(
    client: Any, db: Any, organizer_event: Event
) -> None:
    url = f"/manage/{organizer_event.slug}/team"
    page = client.get(url)
    form = next(
        f
        for f in post_forms(page.get_data(as_text=True), url)
        if any(x["type"] == "email" for x in f["fields"])
    )
    email_field = next(x["name"] for x in form["fields"] if x["type"] == "email")
    base = {f["name"]: f["value"] for f in form["fields"] if f["type"] not in {"submit", "radio"}}

    @FUZZ
    @given(
        address=st.one_of(
            hostile_text,
            st.sampled_from(
                [
                    "a@b",
                    "@example.org",
                    "x@example.org\r\nBcc: victim@example.org",
                    "x@exa mple.org",
                    "x" * 300 + "@example.org",
                    "<script>@example.org",
                    "x@example.org\x00",
                ]
            ),
        )
    )
    def fuzz(address: str) -> None:
        before = row_counts()
        response = client.post(form["url"], data={**base, email_field: address})
        check_answer(response, f"invite {address!r}")
        if response.status_code != 302:
            check_refusal(response, before, "invite")
            assert row_counts() == before

    fuzz()
    users = db.scalars(select(User.email)).all()
    assert not [u for u in users if "\n" in u or "\x00" in u or "<" in u]


def test_wrong_types_for_route_ids_are_404_not_500(
    client: Any, db: Any, organizer_event: Event
) -> None:
    slug = organizer_event.slug
    for url in (
        f"/manage/{slug}/agenda/items/99999999999999999999999/edit",
        f"/manage/{slug}/people/-1",
        f"/manage/{slug}/registrations/0",
        f"/manage/{slug}/report/notes/2147483648",
        f"/manage/{slug}/report/sections/%00",
        f"/manage/{slug}/report/sections/{'x' * 5000}",
        f"/manage/{slug}/report/versions/99999999999999999999.pdf",
        f"/events/{slug}/registration/{'A' * 3000}",
        f"/events/{slug}/registration/%3Cscript%3E/edit",
        "/events/%00/agenda",
        f"/events/{'x' * 3000}/",
        f"/manage/{slug}/checkin/scan/%E2%80%AE",
        f"/manage/{slug}/registrations?page=-1&status=%3Cscript%3E&q=%00",
        f"/manage/{slug}/registrations?page=99999999999999999999",
        f"/manage/{slug}/activity?page=99999999999999999999",
        f"/manage/{slug}/report/versions?from=99999999999999999999&to=-1",
        f"/manage/{slug}/checkin/search.json?q=%00%27%3B",
    ):
        response = client.get(url)
        check_answer(response, url)
        assert response.status_code in (200, 302, 400, 404), (url, response.status_code)


@pytest.fixture
def event_with_registration(db: Any) -> tuple[Event, Registration]:
    from tests.registration.factories import make_registration

    event = make_event()
    make_settings(event)
    registration = make_registration(event)
    db.commit()
    return event, registration


def test_self_service_edit_refuses_or_stores_escaped(
    client: Any, db: Any, event_with_registration: tuple[Event, Registration]
) -> None:
    from seminar.registration import links

    event, registration = event_with_registration
    with current_app.test_request_context():
        token = links.self_service_token(registration)
    url = f"/events/{event.slug}/registration/{token}/edit"
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    forms = post_forms(page.get_data(as_text=True), url)
    form = next(f for f in forms if f["url"] == url)
    _fuzz_forms(client, [form])
    view = client.get(f"/events/{event.slug}/registration/{token}")
    check_answer(view, "self-service page")


def test_bulk_status_action_refuses_hostile_ids_and_actions(
    client: Any, db: Any, event_with_registration: tuple[Event, Registration], login_as: Any
) -> None:
    event, registration = event_with_registration
    login_as("organizer", event)

    @FUZZ
    @given(
        action=st.one_of(hostile_text, st.sampled_from(["confirm", "cancel", "approve"])),
        ids=st.lists(st.one_of(hostile_text, st.integers(-(2**70), 2**70).map(str)), max_size=4),
        message=hostile_text,
    )
    def fuzz(action: str, ids: list[str], message: str) -> None:
        response = client.post(
            f"/manage/{event.slug}/registrations/status",
            data={"action": action, "ids": ids, "message": message, "next": "//evil.example/"},
        )
        check_answer(response, f"bulk {action!r} {ids!r}")
        assert response.status_code in (200, 302, 400, 422)
        if response.status_code == 302:
            assert not response.location.startswith(("//", "http://evil", "https://evil"))

    fuzz()
    assert db.get(Registration, registration.id).status is not None


def test_control_characters_never_reach_the_database(
    client: Any, db: Any, open_event: Event, login_as: Any
) -> None:
    """NUL and other C0 controls are dropped at the door (PostgreSQL refuses NUL in text; no page
    needs them); tabs and line breaks stay."""
    response = client.post(
        f"/events/{open_event.slug}/register",
        data=_registration_values(
            open_event,
            email="nul@example.org",
            given_name="Ana\x00\x1b[31m",
            accessibility_needs="Silla\tde ruedas\r\nRampa\x07",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    stored = db.scalar(select(Registration).where(Registration.email == "nul@example.org"))
    assert stored.given_name == "Ana[31m"
    assert "\x07" not in stored.accessibility_needs
    assert "Rampa" in stored.accessibility_needs

    login_as("organizer", open_event)
    from tests.agenda.factories import make_room

    make_room(open_event)
    db.commit()
    response = client.post(
        f"/manage/{open_event.slug}/agenda/items",
        json={
            "title": "Apertura\x00\ud800",
            "kind": "opening",
            "starts_at": "2026-12-02T09:00",
            "ends_at": "2026-12-02T09:30",
        },
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    title = db.scalar(select(AgendaItem.title).where(AgendaItem.event_id == open_event.id))
    assert title == "Apertura\ufffd"
    search = client.get(f"/manage/{open_event.slug}/registrations?q=Ana%00&status=%00")
    assert search.status_code == 200
    assert "Ana[31m" in search.get_data(as_text=True)
