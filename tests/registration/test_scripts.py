"""Names in any script print on badges, the participants' list and certificates: no empty boxes."""

from __future__ import annotations

import pytest

from seminar.events.demo import load_demo as load_event_demo
from seminar.registration import badges, certificates, exports
from seminar.registration.demo import load_demo as load_registration_demo
from seminar.registration.documents import render_document
from seminar.registration.models import CheckIn
from tests.factories import make_event
from tests.pdfcheck import WORLD_NAMES, assert_prints, pdf_text
from tests.registration.factories import make_registration, make_settings


@pytest.fixture
def world(twin_app, db):
    """A seminar whose participants are named in every script, all checked in on day one."""
    event = make_event(slug="world", title="Migración y desarrollo: diálogo interregional")
    make_settings(event)
    people = [
        make_registration(
            event,
            given_name=given,
            family_name=family,
            position="Consejera de Asuntos Migratorios",
            consents_to_list=True,
            preferred_language=("es", "en")[n % 2],
        )
        for n, (given, family) in enumerate(WORLD_NAMES)
    ]
    for person in people:
        db.add(CheckIn(registration=person, day=event.starts_on))
    db.flush()
    with twin_app.test_request_context("/"):
        yield event, people


def _names() -> list[str]:
    return [f"{given} {family}" for given, family in WORLD_NAMES]


def test_badges_print_names_in_every_script(world):
    event, people = world

    pdf = badges.badges_pdf(event, people)

    assert_prints(pdf, _names())  # given and family name on two lines; spacing is ignored


def test_participants_list_prints_names_in_every_script(world):
    event, _people = world
    groups = exports.participants_by_country(event)

    pdf = render_document(
        "participants.html",
        event=event,
        groups=groups,
        total=sum(len(g.participants) for g in groups),
    )

    assert_prints(pdf, _names())


def test_certificates_print_names_in_every_script(world):
    event, people = world

    pdf = certificates.certificates_pdf(event, people)

    assert_prints(pdf, _names())
    assert "CERTIFICADO DE ASISTENCIA" in pdf_text(pdf)


def test_demo_participants_list_prints_the_guests_names_in_their_scripts(twin_app, db):
    event = load_registration_demo(load_event_demo(None))
    db.flush()
    groups = exports.participants_by_country(event)
    with twin_app.test_request_context("/"):
        pdf = render_document(
            "participants.html",
            event=event,
            groups=groups,
            total=sum(len(g.participants) for g in groups),
        )

    assert_prints(pdf, ["Дмитрий Соколов", "सुनील कुमार", "丽华 陈", "فاطمة الزهراء بن علي"])
