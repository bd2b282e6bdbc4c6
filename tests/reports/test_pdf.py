"""The report PDF as a reader gets it: checked with poppler (pdftotext, pdfinfo, pdffonts) and pypdf."""

from __future__ import annotations

import io
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pypdf
import pytest

from tests.reports.factories import add_note, add_participants, add_recommendation, make_seminar

TOC_LINE = re.compile(r"^\s*(?P<label>.+?)\s*\.{3,}\s*(?P<page>\d+)\s*$")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    count = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", path)).group(1))
    return [
        _run("pdftotext", "-layout", "-f", str(i), "-l", str(i), path, "-")
        for i in range(1, count + 1)
    ]


def _run(*args: object) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def _report(client, db, login_as, *, language="en"):
    seminar = make_seminar(language=language)
    long_text = "\n\n".join(
        f"Párrafo {n} sobre las políticas migratorias de la región andina, con datos de Argentina, "
        "España y los Estados Unidos, y la protección consular de las personas migrantes."
        for n in range(30)
    )
    add_note(
        seminar, seminar.items[0], summary=long_text, statements="> «La migración es un derecho.»"
    )
    add_note(seminar, seminar.items[2], summary="Las remesas son salario, no ayuda.")
    add_recommendation(
        seminar,
        "Reducir el costo de envío de las remesas por debajo del 3 %.",
        theme=seminar.themes[1],
    )
    add_recommendation(
        seminar, "Crear un sistema nacional de información migratoria.", theme=seminar.themes[0]
    )
    add_participants(seminar)
    login_as("rapporteur", seminar.event)
    slug = seminar.event.slug
    client.get(f"/manage/{slug}/report")  # creates the report with the event's language
    for key, body in (("foreword", "Prólogo."), ("context", long_text)):
        client.post(f"/manage/{slug}/report/sections/{key}", data={"version": "1", "body": body})
    response = client.get(f"/manage/{slug}/report/draft.pdf")
    assert response.mimetype == "application/pdf"
    return seminar, response.data


def test_toc_lists_every_section_with_the_page_it_really_starts_on(client, db, login_as, tmp_path):
    _seminar, pdf = _report(client, db, login_as)
    pages = _pages(pdf, tmp_path)
    toc_index = next(
        i for i, text in enumerate(pages) if text.lstrip().startswith("") and "\nContents" in text
    )
    entries = [
        m.groupdict() for line in pages[toc_index].splitlines() if (m := TOC_LINE.match(line))
    ]
    labels = [_norm(e["label"]) for e in entries]
    for expected in ("Foreword", "Executive summary", "1 Context and background", "2 Analysis of current policies",
                     "2.1 Migración y desarrollo", "3 Session summaries", "3.1 Panel sobre migración y desarrollo",
                     "4 Recommendations", "4.1 Migración y desarrollo", "Annex I. Agenda",
                     "Annex IV. List of participants"):  # fmt: skip
        assert expected in labels, labels
    assert len(entries) >= 14
    for entry in entries:
        heading = _norm(entry["label"])
        start = next(
            i + 1 for i in range(len(pages))  # the imprint, on the back of the cover, comes first
            if i != toc_index and any(_norm(line) == heading for line in pages[i].splitlines())
        )  # fmt: skip
        assert int(entry["page"]) == start, (
            f"{heading}: TOC says {entry['page']}, starts on {start}"
        )


def test_page_count_and_page_x_of_y_footers(client, db, login_as, tmp_path):
    _seminar, pdf = _report(client, db, login_as)
    pages = _pages(pdf, tmp_path)
    total = len(pages)
    assert total >= 10
    assert "Page" not in pages[0]  # the cover has no footer or header
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text
    assert pages[3].splitlines()[0].strip().startswith("Seminar")  # running header: report title


def test_spanish_report_has_spanish_labels_and_footer(client, db, login_as, tmp_path):
    _seminar, pdf = _report(client, db, login_as, language="es,en")
    pages = _pages(pdf, tmp_path)
    text = "\n".join(pages)
    assert f"Página 2 de {len(pages)}" in text
    assert "Recomendaciones" in text
    assert "Anexo III." in text
    assert "diciembre de 2026" in text
    assert "Recommendations" not in text


def test_fonts_are_embedded_outline_follows_headings_and_metadata_is_set(
    client, db, login_as, tmp_path
):
    seminar, pdf = _report(client, db, login_as)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    fonts = _run("pdffonts", path).splitlines()[2:]
    assert fonts
    for line in fonts:
        assert re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        assert line.split()[-5] == "yes", f"font not embedded: {line}"
    names = " ".join(fonts)
    assert "Noto-Sans" in names  # headings: the PDF font stack of static/css/print-fonts.css
    assert "Noto-Serif" in names

    reader = pypdf.PdfReader(io.BytesIO(pdf))

    def titles(outline, depth=0):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry, depth + 1)
            else:
                yield depth, _norm(entry.title)

    outline = list(titles(reader.outline))
    assert (0, "1 Context and background") in outline
    assert (1, "2.1 Migración y desarrollo") in outline
    assert (1, "3.1 Panel sobre migración y desarrollo") in outline
    assert (0, "Annex IV. List of participants") in outline

    info = _run("pdfinfo", path)
    assert re.search(r"Title:\s+" + re.escape(seminar.event.title), info)
    assert "Author:          Oficina de la Organización en Bolivia" in info
    assert re.search(r"Keywords:\s+Migración y desarrollo, Remesas e inclusión financiera", info)
    assert "Tagged:          yes" in info
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()


def test_participants_annex_lists_only_confirmed_participants_who_consented(
    client, db, login_as, tmp_path
):
    _seminar, pdf = _report(client, db, login_as)
    text = "\n".join(_pages(pdf, tmp_path))
    annex = text[text.rindex("Annex IV. List of participants") :]
    assert "Zoë Peñaranda" in annex
    assert "Óscar Núñez" in annex
    assert "Sinconsentimiento" not in text
    assert "Porconfirmar" not in text
    assert annex.index("Bolivia") < annex.index("Spain")


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_injected_html_local_files_and_remote_urls_leave_no_trace(
    client, db, login_as, tmp_path, listener
):
    seminar = make_seminar(language="en")
    hostile = (
        f'Antes <img src="file:///etc/passwd"> <script>alert("xss")</script> '
        f'<link rel="attachment" href="file:///etc/passwd"> <style>@import url({listener}/css);</style>\n\n'
        f'![foto]({listener}/image.png) [enlace]({listener}/link) <iframe src="{listener}/frame"></iframe> '
        f'<a href="file:///etc/hostname">archivo</a> Después'
    )
    add_note(
        seminar,
        seminar.items[0],
        summary=hostile,
        statements=f'<object data="{listener}/obj"></object>',
    )
    add_recommendation(
        seminar, f'Texto <img src="{listener}/rec.png"> visible', theme=seminar.themes[0]
    )
    login_as("rapporteur", seminar.event)
    response = client.get(f"/manage/{seminar.event.slug}/report/draft.pdf")
    pdf = response.data
    text = "\n".join(_pages(pdf, tmp_path))
    assert "Antes" in text
    assert "Después" in text
    for trace in (
        "passwd",
        "hostname",
        "alert",
        "xss",
        "127.0.0.1",
        "image.png",
        "<img",
        "<script",
        "@import",
    ):
        assert trace not in text, trace
    assert b"127.0.0.1" not in pdf
    assert b"/etc/passwd" not in pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    assert not reader.attachments
    assert _Recorder.hits == []


def test_renderer_refuses_local_files_and_network_even_without_the_sanitizer(
    app, db, listener, tmp_path
):
    """Defence in depth: raw HTML handed straight to the renderer still cannot fetch anything."""
    from seminar.reports.rendering import render_report_pdf

    html = (
        '<!doctype html><html lang="en"><head><title>t</title>'
        f'<link rel="stylesheet" href="{listener}/style.css">'
        '<link rel="attachment" href="file:///etc/passwd"></head><body><p>Body</p>'
        f'<img src="file:///etc/passwd" alt=""><img src="{listener}/x.png" alt="">'
        '<img src="/static/../../../../etc/passwd" alt=""></body></html>'
    )
    with app.test_request_context():
        result = render_report_pdf(html)
    assert any(url.startswith("file:///etc/passwd") for url in result.blocked)
    assert any(url.startswith(listener) for url in result.blocked)
    assert _Recorder.hits == []
    reader = pypdf.PdfReader(io.BytesIO(result.pdf))
    assert not reader.attachments
    assert b"root:x:0:0" not in result.pdf
