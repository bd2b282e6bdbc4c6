"""Names in any script print in the report and the agenda: no empty boxes, text extracts back."""

from __future__ import annotations

import pytest

from seminar.agenda import agenda_pdf, publishing
from seminar.agenda.programme import programme_for
from seminar.pdf import render_pdf
from seminar.reports import document, rendering, services
from tests.agenda.factories import add_role, make_person
from tests.pdfcheck import WORLD_NAMES, assert_prints, empty_boxes, pdf_text
from tests.registration.factories import make_registration
from tests.reports.factories import add_note, make_seminar

# Justified, hyphenated paragraphs: with their starts shifted, long Spanish words fall at line ends
# and break there with U+2010.
LONG_TEXT = "\n\n".join(
    "En la región " * n + "las internacionalizaciones de los procedimientos interinstitucionales "
    "de regularización migratoria requieren corresponsabilidad intergubernamental."
    for n in range(12)
)


@pytest.fixture
def world(twin_app, db):
    """A seminar whose speakers and participants are named in every script."""
    seminar = make_seminar(publish_agenda=False)
    for n, (given, family) in enumerate(WORLD_NAMES, start=2):
        person = make_person(
            seminar.event, honorific="", name=f"{given} {family}", position="Consejera"
        )
        add_role(seminar.items[0], person, "speaker", position=n)
        make_registration(
            seminar.event, given_name=given, family_name=family, consents_to_list=True
        )
    publishing.publish(seminar.event, by=seminar.organizer)
    add_note(seminar, seminar.items[0], summary=LONG_TEXT)
    with twin_app.test_request_context("/"):
        yield seminar


def _names() -> list[str]:
    return [f"{given} {family}" for given, family in WORLD_NAMES]


def test_report_prints_names_in_every_script_and_its_hyphens(world):
    report = services.ensure_report(world.event)
    html = rendering.render_html(document.collect_inputs(report))

    pdf = render_pdf(html).pdf

    assert_prints(pdf, _names())
    assert "\u2010" in pdf_text(pdf)  # lines really broke inside words, with a printed hyphen


def test_agenda_prints_names_in_every_script(world):
    publication = publishing.latest_publication(world.event)

    pdf = agenda_pdf.agenda_pdf(
        programme_for(publication),
        event=world.event,
        number=publication.number,
        published_at=publication.published_at,
    )

    assert_prints(pdf, _names())


def test_the_missing_glyph_check_sees_empty_boxes(world):
    """The check itself: a character no font has is reported, so a pass means something."""
    pdf = render_pdf(
        '<html lang="es"><body><p style="font-family: \'Noto Sans\'">Privado: \ue000</p>'
        "</body></html>"
    ).pdf

    assert [char for _font, char in empty_boxes(pdf)] == ["\ue000"]
