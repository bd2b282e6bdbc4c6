"""Hosts and signatories: logos (PNG or sanitized SVG), order, removal, permissions, stale edits,
and the migration that turned the event's hosts text into rows."""

from __future__ import annotations

import io

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from PIL import Image
from sqlalchemy import text

from seminar import storage
from seminar.events.identity import HostOrganization, Signatory
from seminar.extensions import db as _db
from tests.factories import make_event
from tests.test_migrations import scratch_app  # noqa: F401  (a database of its own)

HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 100 40" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <title>Oficina</title>
  <rect width="100" height="40" fill="#0b5cab" onclick="steal()"/>
  <image xlink:href="https://evil.example/track.png" width="10" height="10"/>
  <use xlink:href="https://evil.example/sprite.svg#a"/>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></foreignObject>
  <circle cx="20" cy="20" r="10" style="fill:url(https://evil.example/x)"/>
  <text x="5" y="30">OB</text>
  <a href="javascript:alert(2)"><text x="50" y="30">clic</text></a>
</svg>"""


def png(color: str = "navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), color).save(buffer, format="PNG")
    return buffer.getvalue()


def add_host(client, event, name, *, logo=None, alt="", filename="logo.png"):
    data = {"host-name": name, "host-short_name": "", "host-logo_alt": alt}
    if logo is not None:
        data["host-logo"] = (io.BytesIO(logo), filename)
    return client.post(
        f"/manage/{event.slug}/identity/hosts", data=data, content_type="multipart/form-data"
    )


@pytest.fixture
def event(db):
    return make_event(slug="lapaz")


def test_organizer_adds_hosts_with_png_and_sanitized_svg_logos(client, db, event, login_as):
    login_as("organizer", event)

    first = add_host(client, event, "Oficina en Bolivia", logo=png(), alt="Oficina en Bolivia")
    second = add_host(
        client, event, "Ministerio", logo=HOSTILE_SVG, alt="Escudo del Ministerio",
        filename="escudo.svg",
    )  # fmt: skip

    assert first.status_code == second.status_code == 302
    db.expire_all()
    bolivia, ministry = event.host_organizations
    assert (bolivia.name, bolivia.position, bolivia.logo.endswith(".png")) == (
        "Oficina en Bolivia", 0, True,
    )  # fmt: skip
    assert event.main_host is bolivia
    svg = storage.read(ministry.logo, public_only=True)
    assert ministry.logo.endswith(".svg")
    assert b"<rect" in svg
    assert b"OB" in svg
    for hostile in (b"script", b"onload", b"onclick", b"evil.example", b"foreignObject",
                    b"javascript", b"iframe", b"<image", b"clic"):  # fmt: skip
        assert hostile not in svg
    page = client.get("/manage/lapaz/identity").get_data(as_text=True)
    assert f'src="/media/{ministry.logo}" alt="Escudo del Ministerio"' in page
    assert client.get(f"/media/{ministry.logo}").mimetype == "image/svg+xml"


def test_a_file_that_is_no_image_is_refused_next_to_the_logo_field(client, db, event, login_as):
    login_as("organizer", event)

    response = add_host(client, event, "Oficina", logo=b"%PDF-1.4 not a logo", alt="Oficina",
                        filename="logo.pdf")  # fmt: skip

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    field = page[page.index('id="host-logo-error"') :][:300]
    assert "Upload a PNG, JPEG, WebP or SVG image." in field
    assert HostOrganization.query.count() == 0


def test_a_logo_needs_a_text_alternative(client, db, event, login_as):
    login_as("organizer", event)

    response = add_host(client, event, "Oficina", logo=png(), alt="")

    assert response.status_code == 400
    assert "Describe the logo for people who cannot see it" in response.get_data(as_text=True)
    assert HostOrganization.query.count() == 0


def test_hosts_are_reordered_with_buttons_and_the_first_is_the_main_host(
    client, db, event, login_as
):
    event.hosts = "Oficina en Bolivia\nOficina Regional\nMinisterio"
    db.flush()
    login_as("organizer", event)
    ministry = event.host_organizations[2]

    client.post(f"/manage/lapaz/identity/hosts/{ministry.id}/up")
    client.post(f"/manage/lapaz/identity/hosts/{ministry.id}/up")

    db.expire_all()
    assert event.host_list == ["Ministerio", "Oficina en Bolivia", "Oficina Regional"]
    assert event.main_host.name == "Ministerio"
    client.post(f"/manage/lapaz/identity/hosts/{ministry.id}/down")
    db.expire_all()
    assert event.host_list == ["Oficina en Bolivia", "Ministerio", "Oficina Regional"]
    page = client.get("/manage/lapaz/identity").get_data(as_text=True)
    assert page.index("Oficina en Bolivia") < page.index("Ministerio") < page.index("Regional")


def test_removing_a_host_keeps_the_others_in_order(client, db, event, login_as):
    event.hosts = "Uno\nDos\nTres"
    db.flush()
    login_as("organizer", event)

    response = client.post(f"/manage/lapaz/identity/hosts/{event.host_organizations[0].id}/remove")

    assert response.status_code == 302
    db.expire_all()
    assert [(h.name, h.position) for h in event.host_organizations] == [("Dos", 0), ("Tres", 1)]


def test_only_organizers_manage_hosts_and_signatories(client, db, event, login_as):
    event.hosts = "Oficina"
    db.flush()
    host_id = event.host_organizations[0].id

    assert client.get("/manage/lapaz/identity").status_code == 302  # sign in first
    login_as("rapporteur", event)
    assert client.get("/manage/lapaz/identity").status_code == 403
    assert client.post(f"/manage/lapaz/identity/hosts/{host_id}/remove").status_code == 403
    assert add_host(client, event, "Intrusa").status_code == 403
    db.expire_all()
    assert event.host_list == ["Oficina"]


def test_a_stale_host_edit_gives_409_with_both_versions(client, db, event, login_as):
    event.hosts = "Oficina en Bolivia"
    db.flush()
    login_as("organizer", event)
    host = event.host_organizations[0]
    url = f"/manage/lapaz/identity/hosts/{host.id}"
    loaded = str(host.version)
    fields = {"short_name": "", "logo_alt": "", "version": loaded}
    assert (
        client.post(url, data={**fields, "name": "Oficina de la OIM en Bolivia"}).status_code == 302
    )

    response = client.post(url, data={**fields, "name": "Oficina País Bolivia"})

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Oficina de la OIM en Bolivia" in page  # theirs
    assert "Oficina País Bolivia" in page  # mine, still in the form
    db.expire_all()
    assert event.host_list == ["Oficina de la OIM en Bolivia"]


def test_signatories_with_signature_images_at_most_three(client, db, event, login_as):
    login_as("organizer", event)
    url = "/manage/lapaz/identity/signatories"
    for n in range(4):
        response = client.post(
            url,
            data={"signatory-name": f"Persona {n}", "signatory-title": "Jefa de Misión",
                  "signatory-organization": "Oficina en Bolivia",
                  "signatory-signature": (io.BytesIO(png("black")), "firma.png")},
            content_type="multipart/form-data",
        )  # fmt: skip

    assert response.status_code == 400
    assert "at most 3 signatures" in response.get_data(as_text=True)
    db.expire_all()
    assert [s.name for s in event.signatories] == ["Persona 0", "Persona 1", "Persona 2"]
    assert all(s.signature and s.title == "Jefa de Misión" for s in event.signatories)


def test_a_signatory_is_edited_on_its_own_page_and_its_image_removed(client, db, event, login_as):
    login_as("organizer", event)
    client.post(
        "/manage/lapaz/identity/signatories",
        data={"signatory-name": "Elena Vargas", "signatory-title": "",
              "signatory-organization": "", "signatory-signature": (io.BytesIO(png()), "f.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    signatory = event.signatories[0]
    url = f"/manage/lapaz/identity/signatories/{signatory.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Elena Vargas"' in page
    assert "Remove the current signature image" in page

    response = client.post(
        url,
        data={"name": "Elena Vargas Rojas", "title": "Jefa de Misión", "organization": "",
              "remove_signature": "y", "version": str(signatory.version)},
        follow_redirects=True,
    )  # fmt: skip

    assert "Your changes have been saved." in response.get_data(as_text=True)
    db.expire_all()
    assert (signatory.name, signatory.title, signatory.signature) == (
        "Elena Vargas Rojas", "Jefa de Misión", None,
    )  # fmt: skip
    other = make_event(slug="otro")
    db.add(Signatory(event_id=other.id, name="Ajena"))
    db.flush()
    foreign = db.scalar(text("SELECT id FROM signatory WHERE name = 'Ajena'"))
    assert client.get(f"/manage/lapaz/identity/signatories/{foreign}").status_code == 404


def test_settings_text_keeps_the_logos_of_hosts_whose_name_stays(db, event):
    event.hosts = "Oficina\nMinisterio"
    db.flush()
    event.host_organizations[1].logo = storage.put(
        png(), media_type="image/png", kind="logos", public=True
    )
    version = event.version
    db.flush()

    event.hosts = "Ministerio\nOficina Regional"
    db.flush()

    assert [(h.name, bool(h.logo)) for h in event.host_organizations] == [
        ("Ministerio", True), ("Oficina Regional", False),
    ]  # fmt: skip
    assert event.version > version  # cached pages showing the hosts change with it
    assert Signatory.query.count() == 0


def test_migration_turns_the_hosts_text_into_rows_and_back(scratch_app):  # noqa: F811
    with scratch_app.app_context():
        script = ScriptDirectory.from_config(scratch_app.extensions["migrate"].migrate.get_config())
        assert script.get_revision("0009").down_revision == "0008"
        upgrade(revision="0008")
        with _db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO event (id, slug, title, subtitle, description, venue, city, country, "
                "timezone, starts_on, ends_on, languages, hosts, contact_email, status, version, "
                "created_at, updated_at) VALUES (1, 'lapaz', 'Seminario', '', '', '', 'La Paz', "
                "'BO', 'America/La_Paz', '2026-12-02', '2026-12-03', 'es,en', "
                "'Oficina en Bolivia\n\n  Ministerio  \n', '', 'published', 1, "
                "'2026-11-01 00:00:00', '2026-11-01 00:00:00')"
            ))  # fmt: skip
            conn.execute(text(
                "INSERT INTO report (id, event_id, language, title, subtitle, place, dates_label, "
                "hosts, logo, status, version, updated_at) VALUES (1, 1, 'es', 'Informe', '', '', "
                "'', 'Otro texto', 'report-logos/abc.png', 'draft', 1, '2026-11-01 00:00:00')"
            ))  # fmt: skip

        upgrade(revision="0009")

        with _db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT position, name, logo, logo_alt FROM host_organization ORDER BY position"
            )).all()  # fmt: skip
        assert [tuple(r) for r in rows] == [
            (0, "Oficina en Bolivia", "report-logos/abc.png", "Oficina en Bolivia"),
            (1, "Ministerio", None, ""),
        ]
        downgrade(revision="0008")
        with _db.engine.connect() as conn:
            hosts = conn.execute(text("SELECT hosts FROM event")).scalar_one()
            logo = conn.execute(text("SELECT logo FROM report")).scalar_one()
        assert (hosts, logo) == ("Oficina en Bolivia\nMinisterio", "report-logos/abc.png")
