"""Name badges: A4 sheets of eight, the right names, and a QR code that checks the person in."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from seminar.registration.links import self_service_token
from seminar.registration.models import CheckIn, RegistrationStatus
from tests.events.identity_factories import give_identity, images, use_png_logos
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz", title="Políticas migratorias y desarrollo")
    make_settings(event)
    return event


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def pages(data: bytes) -> int:
    return len(PdfReader(BytesIO(data)).pages)


def test_badges_pdf_puts_eight_confirmed_participants_per_a4_sheet(client, db, event, login_as):
    for n in range(10):
        make_registration(event, given_name=f"Nombre{n:02d}", family_name="Quispe Ñuflo")
    make_registration(event, given_name="Cancelada", status=RegistrationStatus.CANCELLED)
    make_registration(event, given_name="Pendiente", status=RegistrationStatus.PENDING)
    login_as("organizer", event)

    response = client.get("/manage/lapaz/registrations/badges.pdf")

    assert response.mimetype == "application/pdf"
    assert pages(response.data) == 2
    text = pdf_text(response.data)
    for n in range(10):
        assert f"Nombre{n:02d}" in text
    assert "Quispe Ñuflo" in text
    assert "Director de Migración" in text
    assert "BOLIVIA" in text
    assert "Políticas migratorias y desarrollo" in text
    assert "Cancelada" not in text
    assert "Pendiente" not in text
    page = PdfReader(BytesIO(response.data)).pages[0]
    assert round(float(page.mediabox.width)) == 595
    assert round(float(page.mediabox.height)) == 842


def test_badges_for_chosen_registrations_only(client, db, event, login_as):
    ana = make_registration(event, given_name="Ana")
    beto = make_registration(event, given_name="Beto")
    make_registration(event, given_name="Carla")
    login_as("organizer", event)
    response = client.get(f"/manage/lapaz/registrations/badges.pdf?ids={ana.id},{beto.id}")
    text = pdf_text(response.data)
    assert "Ana" in text
    assert "Beto" in text
    assert "Carla" not in text
    assert pages(response.data) == 1


def test_badge_qr_code_decodes_to_a_check_in_link_that_works(client, db, event, login_as, tmp_path):
    import zxingcpp
    from PIL import Image

    ana = make_registration(event, given_name="Ana María", family_name="Quispe")
    login_as("checkin", event)
    pdf = client.get(f"/manage/lapaz/registrations/{ana.id}/badge.pdf").data
    target = tmp_path / "pdf"
    target.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", str(target), str(tmp_path / "p")],
        check=True,
    )
    [png] = Path(tmp_path).glob("p*.png")
    [code] = zxingcpp.read_barcodes(Image.open(png))
    url = code.text
    assert "/manage/lapaz/checkin/scan/" in url

    path = url.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}?day=2026-12-02").get_data(as_text=True)
    assert "Ana María Quispe" in page
    # Badges are tested before the seminar: another day than today asks for a reason.
    client.post(f"/{path}", data={"day": "2026-12-02", "reason": "Prueba de credenciales"})
    arrivals = db.scalars(select(CheckIn).where(CheckIn.registration_id == ana.id)).all()
    assert [a.day.isoformat() for a in arrivals] == ["2026-12-02"]


def test_participants_download_their_own_badge_from_the_self_service_link(client, db, app, event):
    ana = make_registration(event, given_name="Ana", family_name="Quispe")
    with app.test_request_context():
        token = self_service_token(ana)
    response = client.get(f"/events/lapaz/registration/{token}/badge.pdf")
    assert response.mimetype == "application/pdf"
    assert "Ana" in pdf_text(response.data)
    assert pages(response.data) == 1


def test_no_self_service_badge_before_confirmation(client, db, app, event):
    ana = make_registration(event, status=RegistrationStatus.PENDING)
    with app.test_request_context():
        token = self_service_token(ana)
    response = client.get(f"/events/lapaz/registration/{token}/badge.pdf")
    assert response.status_code == 422
    assert "once your registration is confirmed" in response.get_data(as_text=True)


def test_a_forged_self_service_link_gets_no_badge(client, db, event):
    make_registration(event)
    response = client.get("/events/lapaz/registration/not-a-token/badge.pdf")
    assert response.status_code == 422
    assert response.mimetype != "application/pdf"


def test_badge_permissions(client, db, event, login_as):
    ana = make_registration(event)
    assert "/login" in client.get("/manage/lapaz/registrations/badges.pdf").headers["Location"]
    login_as("checkin", event)
    assert client.get("/manage/lapaz/registrations/badges.pdf").status_code == 403
    assert client.get(f"/manage/lapaz/registrations/{ana.id}/badge.pdf").status_code == 200
    login_as("rapporteur", event)
    assert client.get(f"/manage/lapaz/registrations/{ana.id}/badge.pdf").status_code == 403
    login_as("user")
    assert client.get("/manage/lapaz/registrations/badges.pdf").status_code == 403


def test_badges_carry_the_main_hosts_logo_in_their_header(client, db, event, login_as):
    give_identity(event)
    use_png_logos(event, "navy")  # the main host's logo, as a countable raster image
    make_registration(event, given_name="Ana", family_name="Quispe")
    make_registration(event, given_name="Luis", family_name="Mamani")
    login_as("organizer", event)

    response = client.get("/manage/lapaz/registrations/badges.pdf")

    assert pages(response.data) == 1
    assert images(response.data) == 2  # one logo per badge
    assert "Ana" in pdf_text(response.data)
