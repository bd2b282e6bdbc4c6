"""The rapporteur workspace: permissions, notes, sections, stale saves, cover, preview."""

from __future__ import annotations

import pytest

from seminar.reports.models import ReportSection, SessionNote
from tests.factories import make_event, make_membership, make_user
from tests.reports.factories import add_note, make_seminar


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    seminar = make_seminar()
    response = client.get(f"/manage/{seminar.event.slug}/report")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["user", "checkin"])
def test_non_members_and_checkin_staff_are_refused(client, db, login_as, role):
    seminar = make_seminar()
    login_as(role, seminar.event)
    assert client.get(f"/manage/{seminar.event.slug}/report").status_code == 403
    assert client.post(f"/manage/{seminar.event.slug}/report/finalize").status_code == 403


def test_member_of_another_event_is_refused(client, db, login_as):
    seminar = make_seminar()
    other = make_event()
    login_as("rapporteur", other)
    assert client.get(f"/manage/{seminar.event.slug}/report").status_code == 403


def test_rapporteur_sees_sessions_from_the_published_agenda_without_breaks(client, db, login_as):
    seminar = make_seminar()
    login_as("rapporteur", seminar.event)
    page = client.get(f"/manage/{seminar.event.slug}/report").get_data(as_text=True)
    assert "Panel sobre migración y desarrollo" in page
    assert "Remesas y costos de envío" in page
    assert "Pausa café" not in page
    assert "Report sections" in page
    assert "Analysis: Migración y desarrollo" in page


def test_unpublished_item_is_listed_for_notes_and_marked(client, db, login_as):
    from tests.agenda.factories import make_item

    seminar = make_seminar()
    make_item(seminar.event, title="Sesión añadida después de publicar")
    login_as("rapporteur", seminar.event)
    page = client.get(f"/manage/{seminar.event.slug}/report").get_data(as_text=True)
    assert "Sesión añadida después de publicar" in page
    assert "Not in the published agenda" in page


def test_rapporteur_writes_session_notes(client, db, login_as):
    seminar = make_seminar()
    user = login_as("rapporteur", seminar.event)
    item = seminar.items[0]
    url = f"/manage/{seminar.event.slug}/report/notes/{item.id}"
    assert "Panel sobre migración y desarrollo" in client.get(url).get_data(as_text=True)
    response = client.post(
        url,
        data={"version": "0", "summary": "El panel **acordó** prioridades.", "key_points": "- Datos",
              "statements": "> «Cita»"},
    )  # fmt: skip
    assert response.status_code == 302
    note = db.query(SessionNote).filter_by(agenda_item_id=item.id).one()
    assert note.summary == "El panel **acordó** prioridades."
    assert note.updated_by_id == user.id
    page = client.get(f"/manage/{seminar.event.slug}/report").get_data(as_text=True)
    assert "Notes written" in page


def test_second_rapporteur_saving_stale_notes_sees_both_texts_and_loses_nothing(
    client, db, login_as
):
    seminar = make_seminar()
    item = seminar.items[0]
    add_note(seminar, item, summary="Texto guardado por Andrés.")
    note = db.query(SessionNote).filter_by(agenda_item_id=item.id).one()
    loaded_version = note.version
    note.summary = "Texto guardado por Carmen."  # the first rapporteur saves meanwhile
    db.flush()
    login_as("rapporteur", seminar.event)
    url = f"/manage/{seminar.event.slug}/report/notes/{item.id}"
    response = client.post(
        url,
        data={"version": str(loaded_version), "summary": "Mi texto, escrito a la vez.",
              "key_points": "", "statements": ""},
    )  # fmt: skip
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this text" in page
    assert "Texto guardado por Carmen." in page  # theirs
    assert page.count("Mi texto, escrito a la vez.") >= 2  # kept in the form and shown for merging
    db.expire_all()
    assert db.get(SessionNote, note.id).summary == "Texto guardado por Carmen."
    # The next save is deliberate: it carries the version the person has now seen.
    current = db.get(SessionNote, note.id).version
    response = client.post(
        url,
        data={"version": str(current), "summary": "Carmen y Andrés, fusionado.", "key_points": "",
              "statements": ""},
    )  # fmt: skip
    assert response.status_code == 302
    db.expire_all()
    assert db.get(SessionNote, note.id).summary == "Carmen y Andrés, fusionado."


def test_stale_section_save_is_refused_with_both_texts(client, db, login_as):
    seminar = make_seminar()
    login_as("rapporteur", seminar.event)
    url = f"/manage/{seminar.event.slug}/report/sections/foreword"
    # Two people open the unwritten section (version 0); opening it stores nothing.
    assert 'name="version" type="hidden" value="0"' in client.get(url).get_data(as_text=True)
    assert db.query(ReportSection).count() == 0
    client.post(url, data={"version": "0", "body": "Prólogo de la primera persona."})
    response = client.post(url, data={"version": "0", "body": "Prólogo de la segunda."})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Prólogo de la primera persona." in page
    assert "Prólogo de la segunda." in page
    db.expire_all()
    assert db.query(ReportSection).filter_by(key="foreword").one().body == (
        "Prólogo de la primera persona."
    )


def test_markdown_preview_returns_the_sanitized_html_the_report_uses(client, db, login_as):
    seminar = make_seminar()
    login_as("rapporteur", seminar.event)
    response = client.post(
        f"/manage/{seminar.event.slug}/report/markdown-preview",
        json={"text": '**Sí** <script>alert(1)</script> <img src="file:///etc/passwd">'},
    )
    html = response.get_json()["html"]
    assert "<strong>Sí</strong>" in html
    assert "<script" not in html
    assert "<img" not in html


def test_cover_changes_language_and_title(client, db, login_as):
    seminar = make_seminar()
    login_as("organizer", seminar.event)
    url = f"/manage/{seminar.event.slug}/report/cover"
    from seminar.reports.models import Report

    # The cover form opens on the event's defaults; nothing is stored until the first save.
    assert seminar.event.title in client.get(url).get_data(as_text=True)
    assert db.query(Report).count() == 0
    response = client.post(
        url,
        data={"version": "0", "title": "Informe final", "subtitle": "La Paz",
              "place": "La Paz, Bolivia", "dates_label": "", "language": "en"},
    )  # fmt: skip
    assert response.status_code == 302
    db.expire_all()
    report = db.query(Report).one()
    assert (report.title, report.language) == ("Informe final", "en")
    assert report.place == "La Paz, Bolivia"


def test_preview_is_the_report_document_with_its_stylesheets(client, db, login_as):
    seminar = make_seminar()
    add_note(seminar, seminar.items[0], summary="Resumen visible en la vista previa.")
    login_as("rapporteur", seminar.event)
    response = client.get(f"/manage/{seminar.event.slug}/report/preview")
    page = response.get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "/static/css/report.css" in page
    assert "/static/css/report-es.css" in page
    assert "Resumen visible en la vista previa." in page
    assert "style=" not in page
    assert "<script" not in page


def test_notes_of_an_item_of_another_event_are_not_found(client, db, login_as):
    seminar = make_seminar()
    other = make_seminar()
    user = make_user()
    make_membership(user, seminar.event, "rapporteur")
    login_as("rapporteur", seminar.event)
    response = client.get(f"/manage/{seminar.event.slug}/report/notes/{other.items[0].id}")
    assert response.status_code == 404
