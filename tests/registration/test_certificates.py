"""Certificates of attendance: one page per participant who attended, in their own language."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from seminar.registration.links import self_service_token
from seminar.registration.models import CheckIn
from tests.events.identity_factories import give_identity, images, use_png_logos
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz", title="Migration Policies", city="La Paz", country="BO")
    make_settings(event)
    return event


def pdf_pages(data: bytes) -> list[str]:
    reader = PdfReader(BytesIO(data))
    texts = []
    for number in range(1, len(reader.pages) + 1):
        texts.append(
            subprocess.run(
                ["pdftotext", "-f", str(number), "-l", str(number), "-", "-"],
                input=data, capture_output=True, check=True,
            ).stdout.decode()
        )  # fmt: skip
    return texts


def attended(db, registration, *days):
    for day in days:
        db.add(CheckIn(registration=registration, day=day))
    db.flush()


def test_one_certificate_per_attendee_each_in_their_language(client, db, event, login_as):
    ana = make_registration(
        event, honorific="Sra.", given_name="Ana", family_name="Quispe", preferred_language="es",
        position="Directora General de Migración", institution="Ministerio de Gobierno",
    )  # fmt: skip
    helen = make_registration(
        event, honorific="Ms", given_name="Helen", family_name="Whitfield", preferred_language="en",
        country="GB",
    )  # fmt: skip
    make_registration(event, given_name="Nunca", family_name="Vino")
    attended(db, ana, date(2026, 12, 2), date(2026, 12, 3))
    attended(db, helen, date(2026, 12, 3))
    login_as("organizer", event)

    response = client.get("/manage/lapaz/registrations/certificates.pdf")

    pages = pdf_pages(response.data)
    assert len(pages) == 2
    first, second = pages
    assert "Sra. Ana Quispe" in first
    assert "CERTIFICADO DE ASISTENCIA" in first
    assert "Directora General de Migración, Ministerio de Gobierno" in first
    assert "Asistió a todos los días del seminario." in first
    assert "Ms Helen Whitfield" in second
    assert "CERTIFICATE OF ATTENDANCE" in second
    assert "This is to certify that" in second
    assert "Day attended: December 3, 2026" in second
    assert "Nunca" not in "".join(pages)
    box = PdfReader(BytesIO(response.data)).pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape


def test_one_participants_certificate_needs_a_check_in(client, db, event, login_as):
    ana = make_registration(event, given_name="Ana", preferred_language="en")
    absent = make_registration(event, given_name="Absent")
    attended(db, ana, date(2026, 12, 2))
    login_as("organizer", event)
    ok = client.get(f"/manage/lapaz/registrations/{ana.id}/certificate.pdf")
    assert len(pdf_pages(ok.data)) == 1
    assert "Ana" in pdf_pages(ok.data)[0]
    refused = client.get(f"/manage/lapaz/registrations/{absent.id}/certificate.pdf")
    assert refused.status_code == 422
    assert "has not checked in on any day" in refused.get_data(as_text=True)


def test_self_service_certificate_only_after_the_event_and_only_for_attendees(client, db, app):
    past = make_event(
        slug="past", starts_on=date.today() - timedelta(days=10),
        ends_on=date.today() - timedelta(days=9),
    )  # fmt: skip
    future = make_event(slug="future")
    came = make_registration(past, given_name="Vino", preferred_language="es")
    attended(db, came, past.starts_on)
    stayed_home = make_registration(past, given_name="Faltó")
    early = make_registration(future, given_name="Pronto")
    attended(db, early, future.starts_on)
    with app.test_request_context():
        tokens = [self_service_token(r) for r in (came, stayed_home, early)]

    ok = client.get(f"/events/past/registration/{tokens[0]}/certificate.pdf")
    assert ok.mimetype == "application/pdf"
    assert "Vino" in pdf_pages(ok.data)[0]
    assert "CERTIFICADO" in pdf_pages(ok.data)[0]
    no_show = client.get(f"/events/past/registration/{tokens[1]}/certificate.pdf")
    assert no_show.status_code == 422
    assert "no record of your attendance" in no_show.get_data(as_text=True)
    too_soon = client.get(f"/events/future/registration/{tokens[2]}/certificate.pdf")
    assert too_soon.status_code == 422
    assert "available here after the event" in too_soon.get_data(as_text=True)
    wrong_event = client.get(f"/events/future/registration/{tokens[0]}/certificate.pdf")
    assert wrong_event.status_code == 422


def test_certificates_are_for_organizers_only(client, db, event, login_as):
    login_as("checkin", event)
    assert client.get("/manage/lapaz/registrations/certificates.pdf").status_code == 403


def test_certificate_carries_the_hosts_logos_and_the_signatures(client, db, event, login_as):
    give_identity(event)  # three hosts with logos, two signatories with signature images
    use_png_logos(event, "navy", "darkgreen", "maroon")
    ana = make_registration(event, given_name="Ana", family_name="Quispe", preferred_language="es")
    attended(db, ana, date(2026, 12, 2))
    login_as("organizer", event)

    response = client.get("/manage/lapaz/registrations/certificates.pdf")

    [page] = pdf_pages(response.data)
    text = " ".join(page.split())
    assert "Mariana Céspedes Rojas Jefa de Misión Oficina de la Organización en Bolivia" in text
    assert "Jorge Alberto Villca Mamani Director General de Asuntos Consulares" in text
    assert "Por los organizadores" not in text  # the people who sign replace the generic line
    assert images(response.data) == 3  # the hosts' logos at the top
