"""No lost edits, anywhere: two people saving the same thing get one save and one 409 page that shows
both versions and keeps the second person's text, never a 500 or a silent overwrite. Finalizing
twice at once makes one version. Opening a page never writes.

Each edit form is driven as a browser would: load the page, read the form as rendered, change one
field, send the whole form back. "At the same moment" is real: two clients post from two threads,
held at their first database write until both have read the same version.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask, has_request_context, request
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from seminar.events.models import Event
from seminar.registration.links import self_service_token
from seminar.registration.models import Registration
from seminar.reports.models import (
    Recommendation,
    Report,
    ReportSection,
    ReportStatus,
    ReportVersion,
    SessionNote,
)
from tests.factories import make_membership, make_user
from tests.registration.factories import make_registration, make_settings
from tests.reports.factories import add_note, add_recommendation, make_seminar

CONFLICT_TITLE = "Someone else saved this while you were editing"
RENDER_CACHE = "rendered_document"

# --- reading a form as the browser would send it ---------------------------------------------


class _EditForm(HTMLParser):
    """The values of the page's form that carries a ``version`` field, as a browser submits them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[list[str]]] = []
        self._form: list[list[str]] | None = None
        self._textarea: list[str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = []
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("file", "submit", "button"):
                self._form.append([a["name"], a.get("value", "y" if kind == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self._form.append(self._textarea)
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self._form.append([self._select, a.get("value", "")])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            if self._textarea is not None:  # HTML drops the newline that opens a textarea
                self._textarea[1] = self._textarea[1].removeprefix("\r").removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def read_form(html: str) -> dict[str, Any]:
    parser = _EditForm()
    parser.feed(html)
    for form in parser.forms:
        names = [name for name, _value in form]
        if "version" in names:
            data: dict[str, Any] = {}
            for name, value in form:
                if name in data:
                    data[name] = [*([data[name]] if isinstance(data[name], str) else data[name])]
                    data[name].append(value)
                else:
                    data[name] = value
            return data
    raise AssertionError("no edit form with a version field on the page")


# --- the edit forms ----------------------------------------------------------------------------


@dataclass
class EditCase:
    """One edit form: where it is, which field the two people change, how to read what is saved."""

    url: str
    field: str
    saved: Callable[[Any], str]
    signed_in: bool = True


def _seminar_case(db: Any, kind: str) -> tuple[EditCase, Any]:
    seminar = make_seminar()
    event = seminar.event
    slug = event.slug
    if kind == "event":
        case = EditCase(f"/manage/{slug}/", "title", lambda s: s.get(Event, event.id).title)
    elif kind == "cover":
        case = EditCase(
            f"/manage/{slug}/report/cover",
            "title",
            lambda s: s.scalars(select(Report.title).where(Report.event_id == event.id)).one(),
        )
    elif kind == "section":
        case = EditCase(
            f"/manage/{slug}/report/sections/context",
            "body",
            lambda s: s.scalars(
                select(ReportSection.body).where(ReportSection.key == "context")
            ).one(),
        )
    elif kind == "note":
        item = seminar.items[0]
        add_note(seminar, item, summary="Resumen inicial.")
        case = EditCase(
            f"/manage/{slug}/report/notes/{item.id}",
            "summary",
            lambda s: s.scalars(
                select(SessionNote.summary).where(SessionNote.agenda_item_id == item.id)
            ).one(),
        )
    elif kind == "first-note":
        item = seminar.items[2]
        case = EditCase(
            f"/manage/{slug}/report/notes/{item.id}",
            "summary",
            lambda s: s.scalars(
                select(SessionNote.summary).where(SessionNote.agenda_item_id == item.id)
            ).one(),
        )
    elif kind == "recommendation":
        rec = add_recommendation(seminar, "Texto inicial.", theme=seminar.themes[0])
        case = EditCase(
            f"/manage/{slug}/report/recommendations/{rec.id}",
            "text",
            lambda s: s.get(Recommendation, rec.id).text,
        )
    elif kind == "desk":
        make_settings(event)
        registration = make_registration(event)
        case = EditCase(
            f"/manage/{slug}/registrations/{registration.id}",
            "position",
            lambda s: s.get(Registration, registration.id).position,
        )
    else:
        make_settings(event)
        registration = make_registration(event)
        token = self_service_token(registration)
        case = EditCase(
            f"/events/{slug}/registration/{token}/edit",
            "position",
            lambda s: s.get(Registration, registration.id).position,
            signed_in=False,
        )
    return case, seminar


KINDS = [
    "event",
    "cover",
    "section",
    "note",
    "first-note",
    "recommendation",
    "desk",
    "self-service",
]


def _client(app: Flask, db: Any, user: Any) -> Any:
    """A browser of its own (cookies, CSRF token), signed in as ``user`` when given (the ``client``
    fixture has made the app's test clients commit the test's work before each request)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    client.csrf_token()
    return client


@pytest.fixture
def two_people(app: Flask, client: Any, db: Any) -> Callable[[str], tuple[EditCase, Any, Any]]:
    """``two_people(kind)``: an edit form and two browsers (organizers, or the participant's link
    opened twice) that are about to edit it."""

    def _make(kind: str) -> tuple[EditCase, Any, Any]:
        case, seminar = _seminar_case(db, kind)
        users = [None, None]
        if case.signed_in:
            users = [make_user(name="Ana Organizadora"), make_user(name="Bruno Organizador")]
            for user in users:
                make_membership(user, seminar.event, "organizer")
        db.commit()
        return case, _client(app, db, users[0]), _client(app, db, users[1])

    return _make


def _load(browser: Any, case: EditCase) -> dict[str, Any]:
    response = browser.get(case.url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return read_form(response.get_data(as_text=True))


def _assert_conflict_page(response: Any, theirs: str, mine: str, version: str) -> dict[str, Any]:
    page = response.get_data(as_text=True)
    assert response.status_code == 409, page[:2000]
    assert CONFLICT_TITLE in page
    assert theirs in page  # their saved version is shown...
    assert page.count(mine) >= 2  # ...next to mine, which is also still in the form
    form = read_form(page)
    assert form["version"] == version  # the next save is a deliberate overwrite
    return form


# --- two people, one after the other -----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_stale_save_gets_409_with_both_versions_and_keeps_the_text(db, two_people, kind):
    case, ana, bruno = two_people(kind)
    form_a, form_b = _load(ana, case), _load(bruno, case)
    assert form_a["version"] == form_b["version"]
    mine_a, mine_b = "Versión de Ana, guardada primero.", "Versión de Bruno, escrita a la vez."

    assert ana.post(case.url, data={**form_a, case.field: mine_a}).status_code == 302
    response = bruno.post(case.url, data={**form_b, case.field: mine_b})

    db.expire_all()
    assert case.saved(db) == mine_a  # Bruno's stale save changed nothing
    version = _current_version(db, case, ana)
    form = _assert_conflict_page(response, mine_a, mine_b, version)
    assert form[case.field] == mine_b

    # Bruno has seen Ana's version: saving the form as it came back is his deliberate choice.
    assert bruno.post(case.url, data=form).status_code == 302
    db.expire_all()
    assert case.saved(db) == mine_b


def _current_version(db: Any, case: EditCase, browser: Any) -> str:
    return str(read_form(browser.get(case.url).get_data(as_text=True))["version"])


# --- two people at the same moment -------------------------------------------------------------


@pytest.fixture
def held_at_first_write() -> Iterator[Callable[[int], None]]:
    """``hold(n)``: from now on, the first database write of each of ``n`` racing requests waits
    until all have got there (at most a few seconds), so they have all read the same version."""
    state: dict[str, Any] = {}

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        barrier = state.get("barrier")
        if barrier is None or not has_request_context() or request.method != "POST":
            return
        if getattr(_local, "held", False):
            return
        _local.held = True
        # Broken after the timeout: the other request waits for a lock this one holds.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)

    def hold(n: int) -> None:
        state["barrier"] = threading.Barrier(n)

    sa_event.listen(Session, "before_flush", before_flush)
    yield hold
    sa_event.remove(Session, "before_flush", before_flush)


_local = threading.local()


def _post_together(requests: list[tuple[Any, str, dict[str, Any]]]) -> list[Any]:
    start = threading.Barrier(len(requests))
    responses: list[Any] = [None] * len(requests)

    def run(index: int, browser: Any, url: str, data: dict[str, Any]) -> None:
        _local.held = False
        start.wait(timeout=10)
        responses[index] = browser.post(url, data=data)

    threads = [
        threading.Thread(target=run, args=(i, *r), name=f"racer-{i}")
        for i, r in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in responses), "a request did not finish"
    return responses


def _get_together(requests: list[tuple[Any, str]]) -> list[Any]:
    start = threading.Barrier(len(requests))
    responses: list[Any] = [None] * len(requests)

    def run(index: int, browser: Any, url: str) -> None:
        start.wait(timeout=10)
        responses[index] = browser.get(url)

    threads = [threading.Thread(target=run, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.mark.parametrize("kind", KINDS)
def test_two_saves_at_the_same_moment_give_one_save_and_one_409(
    db, two_people, held_at_first_write, kind
):
    case, ana, bruno = two_people(kind)
    form_a, form_b = _load(ana, case), _load(bruno, case)
    mine = {"ana": "Texto de Ana al mismo tiempo.", "bruno": "Texto de Bruno al mismo tiempo."}
    held_at_first_write(2)
    responses = _post_together(
        [
            (ana, case.url, {**form_a, case.field: mine["ana"]}),
            (bruno, case.url, {**form_b, case.field: mine["bruno"]}),
        ]
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409], [r.get_data(as_text=True)[:1500] for r in responses]

    db.expire_all()
    winner, loser = ("ana", "bruno") if responses[0].status_code == 302 else ("bruno", "ana")
    assert case.saved(db) == mine[winner]
    lost = responses[1] if winner == "ana" else responses[0]
    browser = ana if winner == "ana" else bruno
    _assert_conflict_page(lost, mine[winner], mine[loser], _current_version(db, case, browser))


# --- finalizing twice at once ------------------------------------------------------------------


def test_two_finalize_clicks_at_once_make_one_version_and_tell_the_other(
    app, client, db, held_at_first_write
):
    seminar = make_seminar()
    add_note(seminar, seminar.items[0])
    report = Report(event=seminar.event, title="Informe", status=ReportStatus.IN_REVIEW)
    db.add(report)
    second = make_user()
    make_membership(second, seminar.event, "organizer")
    db.commit()
    ana, bruno = _client(app, db, seminar.organizer), _client(app, db, second)
    url = f"/manage/{seminar.event.slug}/report/finalize"
    # Each clicks Finalize on the workspace and sees what the version will leave untranslated
    # (the report is bilingual): the clicks that race are the confirmations.
    forms = []
    for browser in (ana, bruno):
        shown = read_form(
            browser.get(f"/manage/{seminar.event.slug}/report").get_data(as_text=True)
        )
        forms.append(read_form(browser.post(url, data=shown).get_data(as_text=True)))
    held_at_first_write(2)
    responses = _post_together([(ana, url, forms[0]), (bruno, url, forms[1])])
    assert sorted(r.status_code for r in responses) == [302, 302]
    db.expire_all()
    assert db.scalar(select(func.count(ReportVersion.id))) == 1
    pages = sorted(
        browser.get(r.headers["Location"]).get_data(as_text=True)
        for browser, r in zip((ana, bruno), responses, strict=True)
    )
    assert sum("Version 1 is final" in page for page in pages) == 1
    assert sum("Someone else finalized the report a moment ago" in page for page in pages) == 1


# --- reading never writes ----------------------------------------------------------------------


def test_first_visits_to_a_new_events_report_pages_store_nothing_and_never_fail(app, client, db):
    seminar = make_seminar()
    rapporteur = make_user()
    make_membership(rapporteur, seminar.event, "rapporteur")
    db.commit()
    slug = seminar.event.slug
    ana, bruno = _client(app, db, seminar.organizer), _client(app, db, rapporteur)
    pages = ["report", "report/cover", "report/sections/foreword", "report/recommendations"]
    for page in pages:
        responses = _get_together(
            [(ana, f"/manage/{slug}/{page}"), (bruno, f"/manage/{slug}/{page}")]
        )
        assert [r.status_code for r in responses] == [200, 200], page
    db.expire_all()
    assert db.scalar(select(func.count(Report.id))) == 0
    assert db.scalar(select(func.count(ReportSection.id))) == 0


def test_no_page_of_the_demo_writes_when_it_is_opened(app, client, db, login_as):
    """Every GET page (public and organizer, the report included) reads only."""
    from flask import current_app

    from seminar.extensions import db as _db
    from tests.quality.crawl import page_urls

    result = current_app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    urls = page_urls(current_app)
    writes: list[str] = []

    def spy(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        words = statement.split()
        verb = words[0].upper() if words else ""
        if verb not in ("INSERT", "UPDATE", "DELETE") or not has_request_context():
            return
        # A PDF download asks the job queue for its rendering: a cache keyed by the document's
        # content, written once however often the file is requested (seminar/documents.py).
        if request.method == "GET" and RENDER_CACHE not in statement:
            writes.append(f"GET {request.path}: {' '.join(words[:6])}")

    with app.app_context():
        engine = _db.engine
    sa_event.listen(engine, "before_cursor_execute", spy)
    try:
        for url in urls:
            client.get(url)
        login_as("admin")
        for url in urls:
            client.get(url)
    finally:
        sa_event.remove(engine, "before_cursor_execute", spy)
    assert writes == [], "\n".join(sorted(set(writes)))
