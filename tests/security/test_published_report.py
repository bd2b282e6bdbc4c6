"""Published means public: the report is built from the public items of the published agenda only.

An internal (closed-door) session and a session added after the last agenda publication have notes,
a speaker of their own and a recommendation that came from them. None of it reaches the report (its
preview, which is the PDF's template, and the inputs a finalized version freezes); the workspace
marks those sessions, and finalizing names their notes before anything is frozen.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from seminar.agenda.publishing import publish
from seminar.reports.models import Report, ReportStatus, ReportVersion
from tests.agenda.factories import add_role, local, make_item, make_person
from tests.reports.factories import add_note, add_recommendation, make_seminar
from tests.security.test_lost_edits import read_form

CLOSED_DOOR = "Reunión reservada de cancilleres"
CLOSED_SPEAKER = "Canciller Reservado Secreto"
CLOSED_SUMMARY = "Acuerdos confidenciales de la reunión reservada."
LATE = "Sesión añadida tras la publicación"
LATE_SPEAKER = "Ponente Tardío Sinpublicar"
LATE_SUMMARY = "Resumen de una sesión que el público aún no conoce."
PUBLIC_SUMMARY = "Resumen público del panel."


@pytest.fixture
def seminar(db: Any) -> Any:
    """A seminar whose published agenda has a public panel and an internal session, plus a session
    added to the working copy after that publication; every session has notes."""
    seminar = make_seminar(publish_agenda=False)
    day1 = seminar.event.days[0].isoformat()
    closed = make_item(
        seminar.event, title=CLOSED_DOOR, is_public=False, theme=seminar.themes[0],
        starts_at=local(seminar.event, day1, "15:00"), ends_at=local(seminar.event, day1, "16:00"),
    )  # fmt: skip
    add_role(closed, make_person(seminar.event, name=CLOSED_SPEAKER), "speaker")
    publish(seminar.event, by=seminar.organizer)
    late = make_item(
        seminar.event, title=LATE, theme=seminar.themes[0],
        starts_at=local(seminar.event, day1, "17:00"), ends_at=local(seminar.event, day1, "18:00"),
    )  # fmt: skip
    add_role(late, make_person(seminar.event, name=LATE_SPEAKER), "speaker")
    add_note(seminar, seminar.items[0], summary=PUBLIC_SUMMARY)
    add_note(seminar, closed, summary=CLOSED_SUMMARY)
    add_note(seminar, late, summary=LATE_SUMMARY)
    rec = add_recommendation(seminar, "Recomendación de varias sesiones.", theme=seminar.themes[0])
    rec.items = [seminar.items[0], closed, late]
    db.flush()
    seminar.closed, seminar.late = closed, late
    return seminar


def _hidden(text: str) -> list[str]:
    secrets = (CLOSED_DOOR, CLOSED_SPEAKER, CLOSED_SUMMARY, LATE, LATE_SPEAKER, LATE_SUMMARY)
    return [secret for secret in secrets if secret in text]


def test_report_preview_prints_only_public_sessions_of_the_published_agenda(
    client, db, login_as, seminar
):
    login_as("rapporteur", seminar.event)
    page = client.get(f"/manage/{seminar.event.slug}/report/preview").get_data(as_text=True)
    assert PUBLIC_SUMMARY in page
    assert "Panel sobre migración y desarrollo" in page  # the public panel, also as a source
    assert _hidden(page) == []


def test_workspace_marks_the_sessions_whose_notes_are_not_printed(client, db, login_as, seminar):
    login_as("rapporteur", seminar.event)
    page = client.get(f"/manage/{seminar.event.slug}/report").get_data(as_text=True)
    closed_row = page[page.index(CLOSED_DOOR) :].split("</li>", 1)[0]
    late_row = page[page.index(LATE) :].split("</li>", 1)[0]
    public_row = page[page.index("Panel sobre migración y desarrollo") :].split("</li>", 1)[0]
    assert "Internal session" in closed_row
    assert "Not in the published agenda" in late_row
    for row in (closed_row, late_row):
        assert "Notes not printed in the report" in row
    assert "Notes not printed in the report" not in public_row
    note_page = client.get(f"/manage/{seminar.event.slug}/report/notes/{seminar.closed.id}")
    assert "will not be printed in the report" in note_page.get_data(as_text=True)


def test_finalizing_names_the_notes_left_out_before_freezing_a_version(
    client, db, login_as, seminar
):
    db.add(Report(event=seminar.event, title="Informe final", status=ReportStatus.IN_REVIEW))
    login_as("organizer", seminar.event)
    url = f"/manage/{seminar.event.slug}/report/finalize"
    response = client.post(url, data={"version": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The notes on 2 sessions will be left out of the report." in page
    assert CLOSED_DOOR in page
    assert LATE in page
    assert db.scalar(select(func.count(ReportVersion.id))) == 0  # nothing frozen yet

    # Confirming the list the organizer saw freezes the version, without the left-out sessions.
    response = client.post(url, data=read_form(page))
    assert response.status_code == 302
    db.expire_all()
    version = db.scalars(select(ReportVersion)).one()
    frozen = str(version.snapshot)
    assert PUBLIC_SUMMARY in frozen
    assert _hidden(frozen) == []


def test_finalizing_asks_again_when_the_left_out_notes_changed(client, db, login_as, seminar):
    db.add(Report(event=seminar.event, title="Informe final", status=ReportStatus.IN_REVIEW))
    login_as("organizer", seminar.event)
    url = f"/manage/{seminar.event.slug}/report/finalize"
    # The organizer confirmed only the closed-door session's notes: the late one's are news.
    response = client.post(url, data={"version": "1", "left_out": str(seminar.closed.id)})
    assert response.status_code == 200
    assert LATE in response.get_data(as_text=True)
    assert db.scalar(select(func.count(ReportVersion.id))) == 0
