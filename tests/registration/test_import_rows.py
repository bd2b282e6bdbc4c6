"""Each cell of an imported participants' list is checked: values in Spanish or English become
our choices, an unknown one is a problem of its row, an empty optional one is left out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from seminar.registration.models import InstitutionType, Registration, Sex
from tests.factories import make_event
from tests.registration.factories import make_settings
from tests.registration.test_import import confirm, upload


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz")  # the address ``upload`` posts to
    make_settings(event, capacity=60)
    return event


HEADER = "Nombre;Apellidos;Institución;País;Correo electrónico;Tipo de institución;Sexo;Idioma\n"


def test_spanish_values_become_our_choices_and_empty_cells_are_left_out(
    client, db, event, login_as
):
    login_as("organizer", event)
    rows = (
        "Ana;Quispe;Cancillería;Bolivia;ana@example.org;Sociedad civil;Mujer;inglés\n"
        "José;Pérez;Ministerio de Gobierno;PE;jose@example.org;;;\n"
    )
    page = upload(client, (HEADER + rows).encode("utf-8")).get_data(as_text=True)
    assert "All 2 rows are ready to import." in page
    confirm(client, page)
    ana, jose = db.scalars(select(Registration).order_by(Registration.email)).all()
    assert (ana.institution_type, ana.sex, ana.preferred_language, ana.country) == (
        InstitutionType.CIVIL_SOCIETY, Sex.FEMALE, "en", "BO",
    )  # fmt: skip
    assert (jose.institution_type, jose.sex, jose.preferred_language, jose.country) == (
        InstitutionType.GOVERNMENT, Sex.NOT_STATED, "es", "PE",
    )  # fmt: skip


def test_unknown_values_are_problems_of_their_row(client, db, event, login_as):
    login_as("organizer", event)
    rows = "Ana;Quispe;Cancillería;;ana@example.org;Club;Quizás;quechua\n"
    page = upload(client, (HEADER + rows).encode("utf-8")).get_data(as_text=True)
    assert "1 row has problems." in page
    for problem in (
        "The country is missing.",
        "Unknown type of institution “Club”.",
        "Unknown answer “Quizás” for sex.",
        "Unknown language “quechua”.",
    ):
        assert problem in page
    assert 'name="ticket"' not in page
    assert db.query(Registration).count() == 0
