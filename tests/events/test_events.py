"""Creating, editing, publishing and showing events, in both languages."""

from __future__ import annotations

import re
from datetime import date

from flask import current_app

from seminar.accounts.models import Membership, Role
from seminar.audit import AuditEntry
from seminar.content.services import text
from seminar.events.models import Event, EventStatus
from tests.factories import make_event, make_membership, make_user


def event_form(**overrides):
    data = {
        "title": "Políticas migratorias y desarrollo",
        "slug": "politicas-2027",
        "subtitle": "Seminario regional",
        "description": "Dos días de **diálogo**.",
        "venue": "Centro de convenciones",
        "city": "La Paz",
        "country": "BO",
        "timezone": "America/La_Paz",
        "starts_on": "2027-03-10",
        "ends_on": "2027-03-11",
        "main_language": "es",
        "languages": ["es", "en"],
        "hosts": "Oficina en Bolivia\nMinisterio de Relaciones Exteriores",
        "contact_email": "info@example.org",
        "status": "draft",
    }
    data.update(overrides)
    return data


def test_organizer_creates_an_event_and_becomes_its_organizer(client, db, login_as):
    seed = make_event()
    user = login_as("organizer", seed)
    response = client.post("/manage/new", data=event_form())
    assert response.status_code == 302
    event = db.query(Event).filter_by(slug="politicas-2027").one()
    assert event.starts_on == date(2027, 3, 10)
    assert event.host_list == ["Oficina en Bolivia", "Ministerio de Relaciones Exteriores"]
    assert event.language_list == ["es", "en"]
    assert (
        db.query(Membership)
        .filter_by(event_id=event.id, user_id=user.id, role=Role.ORGANIZER)
        .count()
        == 1
    )
    assert db.query(AuditEntry).filter_by(event_id=event.id, action="event.created").count() == 1


def test_a_user_without_any_organizer_role_cannot_create_events(client, db, login_as):
    login_as("user")
    assert client.get("/manage/new").status_code == 403


def test_invalid_event_form_keeps_the_input_and_explains_each_field(client, db, login_as):
    login_as("admin")
    make_event(slug="taken")
    response = client.post(
        "/manage/new",
        data=event_form(slug="taken", ends_on="2027-03-01", title="Título con ñ"),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Another event already uses this address." in page
    assert 'value="Título con ñ"' in page
    response = client.post("/manage/new", data=event_form(slug="Bad Slug!"))
    assert "Use lowercase letters, digits and single hyphens" in response.get_data(as_text=True)
    response = client.post("/manage/new", data=event_form(ends_on="2027-03-01"))
    assert "The event cannot end before it starts." in response.get_data(as_text=True)
    assert db.query(Event).count() == 1


def test_edit_is_saved_and_recorded_in_the_activity_log(client, db, login_as):
    event = make_event(title="Old title")
    login_as("organizer", event, name="Lucía Mamani")
    form = event_form(
        title="New title", slug=event.slug, status="published", version=str(event.version)
    )
    response = client.post(f"/manage/{event.slug}/", data=form)
    assert response.status_code == 302
    db.refresh(event)
    assert event.title == "New title"
    log = client.get(f"/manage/{event.slug}/activity").get_data(as_text=True)
    assert "Event settings changed" in log
    assert "Lucía Mamani" in log


def test_stale_edit_is_refused_and_shows_the_other_version(client, db, login_as):
    event = make_event(title="Base")
    login_as("organizer", event)
    loaded_version = str(event.version)
    client.post(
        f"/manage/{event.slug}/",
        data=event_form(
            title="Saved first", slug=event.slug, status="published", version=loaded_version
        ),
    )
    response = client.post(
        f"/manage/{event.slug}/",
        data=event_form(
            title="Saved second", slug=event.slug, status="published", version=loaded_version
        ),
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed this event" in page
    assert "Saved first" in page  # their value is shown
    assert 'value="Saved second"' in page  # nothing typed is lost
    db.refresh(event)
    assert event.title == "Saved first"


def test_draft_events_are_visible_only_to_their_team(client, db, login_as):
    draft = make_event(title="Borrador secreto", status=EventStatus.DRAFT)
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    assert "Borrador secreto" not in client.get("/").get_data(as_text=True)
    login_as("rapporteur", draft)
    assert client.get(f"/events/{draft.slug}/").status_code == 200


def test_home_lists_published_events_only(client, db):
    make_event(title="Published one")
    make_event(title="Archived one", status=EventStatus.ARCHIVED)
    make_event(title="Draft one", status=EventStatus.DRAFT)
    page = client.get("/").get_data(as_text=True)
    assert "Published one" in page
    assert "Draft one" not in page


def test_public_event_page_in_spanish_with_localized_dates(client, db):
    event = make_event(title="Seminario", starts_on=date(2026, 12, 2), ends_on=date(2026, 12, 3))
    page = client.get(
        f"/events/{event.slug}/", headers={"Accept-Language": "es-BO,es;q=0.9"}
    ).get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "2–3 de diciembre de 2026" in page
    assert "Fechas" in page
    assert "Bolivia" in page
    english = client.get(f"/events/{event.slug}/", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "Dec 2 – 3, 2026" in re.sub(r"\s", " ", english)  # Babel uses thin spaces


def test_sign_in_page_in_spanish(client, db):
    page = client.get("/login", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Iniciar sesión" in page
    assert "Contraseña" in page


def test_language_choice_beats_the_browser_and_is_kept(client, db):
    event = make_event()
    client.post("/language", data={"lang": "es", "next": f"/events/{event.slug}/"})
    page = client.get(f"/events/{event.slug}/", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert '<html lang="es">' in page


def test_event_language_is_used_when_the_browser_states_none(client, db):
    event = make_event(languages="es,en")
    page = client.get(f"/events/{event.slug}/", headers={"Accept-Language": ""}).get_data(
        as_text=True
    )
    assert '<html lang="es">' in page


def test_description_markdown_is_rendered_and_sanitized(client, db):
    event = make_event(
        description="**Bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert 'href="javascript:' not in page
    assert "<img src=x" not in page


def test_user_text_is_escaped(client, db):
    event = make_event(title="<b>Injected</b>", subtitle='"quotes" & <i>tags</i>')
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "<b>Injected</b>" not in page
    assert "&lt;b&gt;Injected&lt;/b&gt;" in page


def test_activity_log_is_for_organizers_only(client, db, login_as):
    event = make_event()
    make_membership(make_user(), event, "organizer")
    login_as("rapporteur", event)
    assert client.get(f"/manage/{event.slug}/activity").status_code == 403


def test_load_demo_is_idempotent_and_creates_the_la_paz_seminar(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    db.expire_all()
    event = db.query(Event).filter_by(slug="lapaz-migration-policies").one()
    assert event.title == "Políticas Migratorias, Desarrollo y Derechos Humanos"  # Spanish source
    assert text(event, "title", "en") == "Migration Policies, Development and Human Rights"
    assert event.timezone == "America/La_Paz"
    assert (event.ends_on - event.starts_on).days == 1
    assert event.city == "La Paz"
    assert any("Lima" in host for host in event.host_list)
    roles = {(m.user.email, m.role.value) for m in event.memberships}
    assert ("organizer@example.org", "organizer") in roles
    assert ("rapporteur@example.org", "rapporteur") in roles
    assert ("checkin@example.org", "checkin") in roles


def test_load_demo_refuses_in_production_unless_forced(app, db):
    app = current_app  # the CLI runs in the test's application context
    app.config["ENV_NAME"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["load-demo"])
        assert result.exit_code != 0
        assert "production" in result.output
        forced = app.test_cli_runner().invoke(args=["load-demo", "--allow-production"])
        assert forced.exit_code == 0
    finally:
        app.config["ENV_NAME"] = "development"
