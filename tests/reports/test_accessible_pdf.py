"""The tagged structure of the PDFs: table headers tied to their cells, decoration as artifacts."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pypdf import PdfReader

from seminar.agenda import agenda_pdf, publishing
from seminar.content.snapshots import localized_programme
from seminar.pdf import render_pdf
from seminar.reports import document, front_matter, rendering, services
from tests.reports.factories import make_seminar

TABLE = "| País | Remesas (millones USD) |\n|---|---:|\n| Bolivia | 1.400 |\n| Perú | 4.000 |"


def _struct_elements(pdf: bytes) -> list[dict[str, Any]]:
    """Every element of the PDF's structure tree, depth first."""
    reader = PdfReader(BytesIO(pdf))
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid, "get_object"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_report_table_cells_are_tied_to_their_column_headers(twin_app, db):
    seminar = make_seminar()
    report = services.ensure_report(seminar.event)
    db.flush()
    services.ensure_section(report, "context").body = "Remesas recibidas en 2025:\n\n" + TABLE
    # Only this Markdown table (the statistics annex has tables of its own: test_statistics.py).
    front_matter.ensure_front_matter(report).include_statistics = False
    db.flush()
    with twin_app.test_request_context("/"):
        html = rendering.render_html(document.collect_inputs(report))
        pdf = render_pdf(html).pdf

    assert '<th scope="col">País</th>' in html
    elements = _struct_elements(pdf)
    headers = {str(e["/ID"]) for e in elements if e["/S"] == "/TH"}
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert len(headers) == 2
    assert len(cells) == 4
    for cell in cells:
        linked = [str(h) for h in cell["/A"]["/Headers"]]
        assert len(linked) == 1
        assert set(linked) <= headers


def test_rules_and_backgrounds_are_artifacts_and_foreign_titles_carry_their_language(twin_app, db):
    seminar = make_seminar()
    with twin_app.test_request_context("/"):
        publication = publishing.latest_publication(seminar.event)
        args = {
            "event": seminar.event,
            "number": publication.number,
            "published_at": publication.published_at,
        }
        # As the public agenda.pdf gets it: each text knows its language (seminar/content).
        programme = localized_programme(seminar.event, publication, "en")
        html = agenda_pdf.agenda_html(programme, **args)
        pdf = agenda_pdf.agenda_pdf(programme, **args)

    # The agenda is in English here; its Spanish session titles are marked as Spanish.
    assert '<html lang="en">' in html
    assert '<h3 class="title" lang="es">Panel sobre migración y desarrollo</h3>' in html
    # Theme swatches are decoration: hidden from assistive technology.
    assert 'class="swatch theme-' in html
    assert 'aria-hidden="true"' in html
    reader = PdfReader(BytesIO(pdf))
    day_page = reader.pages[1].get_contents().get_data()
    assert b"/Artifact\nBMC" in day_page  # rules and the break rows' shading
