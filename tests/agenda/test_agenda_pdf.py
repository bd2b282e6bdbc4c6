"""The agenda PDF, checked as a PDF: text, pages, header and footer, embedded fonts."""

from __future__ import annotations

import io
import subprocess

import pytest
from pypdf import PdfReader

from seminar.agenda.demo import load_demo as load_agenda_demo
from seminar.agenda.publishing import publish
from seminar.events.demo import load_demo as load_event_demo


@pytest.fixture
def demo(db):
    event = load_agenda_demo(load_event_demo(None))
    db.commit()
    return event


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "agenda.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_agenda_pdf_has_the_programme_a_header_and_page_numbers(client, demo, tmp_path):
    response = client.get(f"/events/{demo.slug}/agenda.pdf")

    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.data))
    pages = len(reader.pages)
    assert pages >= 2  # one day per page at least
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = _text(response.data, tmp_path)
    assert "Migration Policies, Development and Human Rights" in text
    assert "Inauguración del seminario" in text
    assert "09:00–09:45" in text
    assert "Sr. Javier Moreno Ibáñez" in text
    assert "Director General de Migraciones" in text
    assert "Salón Sajama" in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Version 1" in text
    second_page = text.split("\f")[1]
    assert "Migration Policies, Development and Human Rights" in second_page  # running header


def test_agenda_pdf_embeds_its_fonts(client, demo, tmp_path):
    path = tmp_path / "agenda.pdf"
    path.write_bytes(client.get(f"/events/{demo.slug}/agenda.pdf").data)

    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]

    assert fonts
    for line in fonts:
        emb, sub, uni = line.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line


def test_agenda_pdf_speaks_spanish(client, demo, tmp_path):
    response = client.get(f"/events/{demo.slug}/agenda.pdf", headers={"Accept-Language": "es"})

    text = _text(response.data, tmp_path)
    pages = len(PdfReader(io.BytesIO(response.data)).pages)
    assert "Día 1 · miércoles, 2 de diciembre de 2026" in text
    assert f"Página 1 de {pages}" in text
    assert "Versión 1" in text
    assert "interpretación simultánea" in text.lower()


def test_agenda_pdf_shows_the_published_version_only(client, db, demo, tmp_path):
    first = _text(client.get(f"/events/{demo.slug}/agenda.pdf").data, tmp_path)
    from seminar.agenda.models import AgendaItem

    opening = db.query(AgendaItem).filter_by(title="Inauguración del seminario").one()
    opening.title = "Inauguración solemne del seminario"
    db.flush()
    unpublished = _text(client.get(f"/events/{demo.slug}/agenda.pdf").data, tmp_path)
    publish(demo, by=None)
    republished = _text(client.get(f"/events/{demo.slug}/agenda.pdf").data, tmp_path)

    assert "Inauguración solemne" not in first
    assert "Inauguración solemne" not in unpublished
    assert "Inauguración solemne del seminario" in republished
    assert "Version 2" in republished


def test_agenda_pdf_can_flow_days_without_page_breaks(client, demo):
    per_day = PdfReader(io.BytesIO(client.get(f"/events/{demo.slug}/agenda.pdf").data))
    flowing = PdfReader(io.BytesIO(client.get(f"/events/{demo.slug}/agenda.pdf?layout=flow").data))

    assert len(flowing.pages) <= len(per_day.pages)
    assert "Thursday" in flowing.pages[len(flowing.pages) - 1].extract_text()
