"""`flask report-pdf SLUG OUTPUT.pdf [--version N]`."""

from __future__ import annotations

import hashlib
import subprocess

from tests.reports.factories import add_note, make_seminar


def test_report_pdf_renders_the_draft_and_a_stored_version(app, db, client, login_as, tmp_path):
    seminar = make_seminar(language="en")
    add_note(seminar, seminar.items[0], summary="Resumen para la línea de comandos.")
    slug = seminar.event.slug
    login_as("organizer", seminar.event)
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    client.post(f"/manage/{slug}/report/finalize")
    stored = client.get(f"/manage/{slug}/report/versions/1.pdf").data
    runner = app.test_cli_runner()

    draft = tmp_path / "draft.pdf"
    result = runner.invoke(args=["report-pdf", slug, str(draft)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(draft), "-"], capture_output=True, text=True).stdout
    assert "Resumen para la línea de comandos." in text

    version = tmp_path / "v1.pdf"
    result = runner.invoke(args=["report-pdf", slug, str(version), "--version", "1"])
    assert result.exit_code == 0, result.output
    assert version.read_bytes() == stored
    assert hashlib.sha256(stored).hexdigest() in result.output

    result = runner.invoke(args=["report-pdf", slug, str(version), "--version", "9"])
    assert result.exit_code != 0
    assert "no version 9" in result.output
