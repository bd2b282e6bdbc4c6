"""The printable participants' list: consenting, confirmed participants grouped by country."""

from __future__ import annotations

import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from seminar.registration.models import RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz", title="Migración y desarrollo")
    make_settings(event)
    return event


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_only_confirmed_participants_who_consented_are_listed_by_country(
    client, db, event, login_as
):
    make_registration(
        event, given_name="Ana", family_name="Quispe", country="BO", consents_to_list=True
    )
    make_registration(
        event, given_name="Lucía", family_name="Vargas", country="PE", consents_to_list=True
    )
    make_registration(
        event, given_name="Íñigo", family_name="Serrano", country="ES", consents_to_list=True
    )
    make_registration(event, given_name="Privado", family_name="Nolist", country="BO")
    make_registration(
        event, given_name="Anulado", family_name="X", consents_to_list=True,
        status=RegistrationStatus.CANCELLED,
    )  # fmt: skip
    login_as("organizer", event)

    response = client.get(
        "/manage/lapaz/registrations/participants.pdf", headers={"Accept-Language": "es"}
    )

    text = pdf_text(response.data)
    assert "Ana Quispe" in text
    assert "Lucía Vargas" in text
    assert "Íñigo Serrano" in text
    assert "Privado" not in text
    assert "Anulado" not in text
    # Countries in the UI language, in that language's alphabetical order.
    assert text.index("Bolivia") < text.index("España") < text.index("Perú")
    assert text.index("España") < text.index("Íñigo Serrano") < text.index("Perú")


def test_a_long_list_runs_over_pages_with_page_numbers(client, db, event, login_as):
    for n in range(80):
        make_registration(
            event, given_name=f"Persona{n:02d}", family_name="Mamani", consents_to_list=True,
            country=["BO", "PE", "EC", "CO"][n % 4],
        )  # fmt: skip
    login_as("organizer", event)
    response = client.get("/manage/lapaz/registrations/participants.pdf")
    reader = PdfReader(BytesIO(response.data))
    count = len(reader.pages)
    assert count >= 2
    text = pdf_text(response.data)
    assert f"Page 1 of {count}" in text
    assert f"Page {count} of {count}" in text
    assert all(f"Persona{n:02d}" in text for n in range(80))
    assert "80 participants from 4 countries" in text


def test_participants_list_is_for_organizers_only(client, db, event, login_as):
    assert client.get("/manage/lapaz/registrations/participants.pdf").status_code == 302
    login_as("checkin", event)
    assert client.get("/manage/lapaz/registrations/participants.pdf").status_code == 403
    login_as("rapporteur", event)
    assert client.get("/manage/lapaz/registrations/participants.pdf").status_code == 403
