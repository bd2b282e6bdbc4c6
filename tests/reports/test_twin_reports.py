"""Twin reports: one PDF per language with the same structure and numbers, frozen together,
published together, compared per language."""

from __future__ import annotations

import hashlib
import io
import re

import pypdf
import pytest

from seminar.content import services as content
from seminar.errors import DomainError
from seminar.reports import versions
from seminar.reports.models import Report, ReportStatus, ReportVersion
from tests.factories import make_event
from tests.reports.factories import add_note, add_recommendation, finalize, make_seminar
from tests.reports.test_pdf import TOC_LINE, _norm, _pages

REMITTANCES_ES = "Reducir el costo de envío de las remesas por debajo del 3 %."
REMITTANCES_EN = "Bring the cost of sending remittances below 3%."
DATA_ES = "Crear un sistema nacional de información migratoria."
DATA_EN = "Create a national migration information system."


def _bilingual(db, login_as):
    """A Spanish report with its recommendations translated into English, in review."""
    seminar = make_seminar()  # languages "es,en": Spanish is the source
    add_note(seminar, seminar.items[0], summary="Resumen del panel.")
    remittances = add_recommendation(seminar, REMITTANCES_ES, theme=seminar.themes[1])
    data = add_recommendation(seminar, DATA_ES, theme=seminar.themes[0])
    db.add(Report(event=seminar.event, title="Informe final", subtitle="Seminario internacional"))
    db.flush()
    report = db.query(Report).one()
    user = login_as("organizer", seminar.event)
    content.save(report, "title", "en", "Final report", version=None, user=user)
    content.save(remittances, "text", "en", REMITTANCES_EN, version=None, user=user)
    content.save(data, "text", "en", DATA_EN, version=None, user=user)
    content.save(data, "addressee", "en", "Governments of the region", version=None, user=user)
    db.commit()
    return seminar, report


def _numbered(text: str) -> dict[int, str]:
    """Recommendation number -> the start of its text, from a PDF's text."""
    found = {}
    for match in re.finditer(r"(?:Recommendation|Recomendación) (\d+)\s+(\S+ \S+)", text, re.I):
        found.setdefault(int(match.group(1)), match.group(2))
    return found


def test_both_pdfs_number_the_same_recommendations_on_the_same_topics(
    client, db, login_as, tmp_path
):
    seminar, _report = _bilingual(db, login_as)
    slug = seminar.event.slug
    spanish = client.get(f"/manage/{slug}/report/draft.pdf?lang=es")
    english = client.get(f"/manage/{slug}/report/draft.pdf?lang=en")
    assert spanish.mimetype == english.mimetype == "application/pdf"
    es_pages, en_pages = _pages(spanish.data, tmp_path), _pages(english.data, tmp_path)
    es_text, en_text = _norm("\n".join(es_pages)), _norm("\n".join(en_pages))

    # The data system (theme 1) is number 1, remittances (theme 2) number 2, in both languages.
    assert _numbered(es_text) == {1: "Crear un", 2: "Reducir el"}
    assert _numbered(en_text) == {1: "Create a", 2: "Bring the"}
    assert "Governments of the region" in en_text
    # The same chapters, numbered alike, start on the same pages.
    es_toc = [TOC_LINE.match(line) for page in es_pages for line in page.splitlines()]
    en_toc = [TOC_LINE.match(line) for page in en_pages for line in page.splitlines()]
    es_entries = [(m["label"].split()[0], m["page"]) for m in es_toc if m]
    en_entries = [(m["label"].split()[0], m["page"]) for m in en_toc if m]
    numbered = [e for e in es_entries if e[0][0].isdigit()]
    assert numbered == [e for e in en_entries if e[0][0].isdigit()]
    assert {"1", "2.1", "2.2", "3.1", "4.1", "4.2"} <= {number for number, _page in numbered}


@pytest.mark.parametrize(("lang", "contents", "other"), [
    ("es", "Índice", "También disponible en inglés: Final report"),
    ("en", "Contents", "Also available in Spanish: Informe final"),
])  # fmt: skip
def test_each_language_pdf_declares_its_language_has_an_outline_and_names_its_twin(
    client, db, login_as, tmp_path, lang, contents, other
):
    seminar, _report = _bilingual(db, login_as)
    pdf = client.get(f"/manage/{seminar.event.slug}/report/draft.pdf?lang={lang}").data
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == lang
    titles = [_norm(entry.title) for entry in reader.outline if not isinstance(entry, list)]
    assert any(t.startswith("4 ") for t in titles)  # the recommendations chapter
    text = _norm("\n".join(_pages(pdf, tmp_path)))
    assert contents in text
    assert other in text


def test_finalizing_lists_missing_translations_and_freezes_every_language_once_confirmed(
    client, db, login_as
):
    seminar, report = _bilingual(db, login_as)
    slug = seminar.event.slug
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})

    page = client.post(f"/manage/{slug}/report/finalize", data={"version": "2"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "translations are missing or outdated." in html
    assert "Resumen del panel." not in html  # the list names the texts, not their content
    assert "Panel sobre migración y desarrollo · Summary" in html  # the note is untranslated
    assert db.query(ReportVersion).count() == 0  # nothing frozen before confirming

    response = finalize(client, slug, follow_redirects=True)
    assert "Version 1 is final" in response.get_data(as_text=True)
    db.expire_all()
    version = db.query(ReportVersion).one()
    assert [f.lang for f in version.files] == ["es", "en"]
    for file in version.files:
        stored = client.get(f"/manage/{slug}/report/versions/1.pdf?lang={file.lang}")
        assert hashlib.sha256(stored.data).hexdigest() == file.sha256
        assert file.pdf_size == len(stored.data)
        assert pypdf.PdfReader(io.BytesIO(stored.data)).trailer["/Root"]["/Lang"] == file.lang
    assert version.snapshot["languages"]["en"]["recommendations"][0]["text"] == DATA_EN
    assert version.snapshot["languages"]["es"]["recommendations"][0]["text"] == DATA_ES

    listing = client.get(f"/manage/{slug}/report/versions").get_data(as_text=True)
    for file in version.files:
        assert file.sha256 in listing
        assert f'hreflang="{file.lang}"' in listing


def test_finalizing_asks_again_when_a_translation_became_outdated(client, db, login_as):
    seminar, _report = _bilingual(db, login_as)
    slug = seminar.event.slug
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    page = client.post(f"/manage/{slug}/report/finalize").get_data(as_text=True)
    seen = re.search(r'name="untranslated"[^>]*value="([^"]*)"', page).group(1)
    # Meanwhile the Spanish source of a translated recommendation changes.
    seminar.recs[1].text = DATA_ES + " Con datos abiertos."
    db.commit()
    again = client.post(f"/manage/{slug}/report/finalize", data={"untranslated": seen})
    assert again.status_code == 200
    assert "English: Recommendation 1</a> — Outdated" in again.get_data(as_text=True)
    assert db.query(ReportVersion).count() == 0


def test_publishing_waits_for_every_language(client, db, login_as):
    seminar, report = _bilingual(db, login_as)
    slug = seminar.event.slug
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    finalize(client, slug)
    db.expire_all()
    version = db.query(ReportVersion).one()
    version.file("en").sha256 = ""  # as while its render job is still running
    with pytest.raises(DomainError, match="all its PDFs are ready"):
        versions.publish(db.query(Report).one(), version, by=seminar.organizer)


def test_public_pdf_in_each_language_and_published_page_lists_both(client, db, login_as):
    seminar, _report = _bilingual(db, login_as)
    slug = seminar.event.slug
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    finalize(client, slug)
    client.post(f"/manage/{slug}/report/versions/1/publish")
    client.post("/logout")
    db.expire_all()
    version = db.query(ReportVersion).one()

    for lang in ("es", "en"):
        response = client.get(f"/events/{slug}/report.pdf?lang={lang}")
        assert response.status_code == 200
        assert response.headers["Content-Language"] == lang
        assert response.headers["ETag"].strip('"') == version.file(lang).sha256
        cached = client.get(
            f"/events/{slug}/report.pdf?lang={lang}",
            headers={"If-None-Match": response.headers["ETag"]},
        )
        assert cached.status_code == 304
    assert client.get(f"/events/{slug}/report.pdf?lang=fr").status_code == 404
    # Without ?lang=: the visitor's language, else the report's own.
    english = client.get(f"/events/{slug}/report.pdf", headers={"Accept-Language": "en"})
    assert english.headers["Content-Language"] == "en"
    assert "Accept-Language" in english.headers["Vary"]
    spanish = client.get(f"/events/{slug}/report.pdf", headers={"Accept-Language": "es"})
    assert spanish.headers["Content-Language"] == "es"

    page = client.get(f"/events/{slug}/report", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert "Final report" in html  # the English title of the published version
    for file in version.files:
        assert f'hreflang="{file.lang}"' in html
        assert f"/events/{slug}/report.pdf?lang={file.lang}" in html
        assert file.sha256 in html
        assert f"{round(file.pdf_size / 1024)} KB" in html
    assert '<span lang="es">Español</span>' in html
    assert '<span lang="en">English</span>' in html


def test_published_page_says_so_before_anything_is_published(client, db):
    seminar = make_seminar()
    db.commit()
    page = client.get(f"/events/{seminar.event.slug}/report").get_data(as_text=True)
    assert "The final report has not been published yet." in page


def test_versions_are_compared_in_the_chosen_language(client, db, login_as):
    seminar, _report = _bilingual(db, login_as)
    slug = seminar.event.slug
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    finalize(client, slug)
    # Only the English text of recommendation 1 changes for version 2.
    user = seminar.organizer
    content.save(seminar.recs[1], "text", "en", DATA_EN + " With open data.", version=1, user=user)
    db.commit()
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    finalize(client, slug)
    assert db.query(ReportVersion).count() == 2

    english = client.get(f"/manage/{slug}/report/versions?from=1&to=2&lang=en")
    html = english.get_data(as_text=True)
    assert "With open data." in html
    assert '<option value="en" lang="en" selected>' in html
    spanish = client.get(f"/manage/{slug}/report/versions?from=1&to=2&lang=es")
    assert "No recommendation changed." in spanish.get_data(as_text=True)


def test_the_command_line_writes_a_version_in_each_language(app, client, db, login_as, tmp_path):
    seminar, _report = _bilingual(db, login_as)
    slug = seminar.event.slug
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    finalize(client, slug)
    db.expire_all()
    version = db.query(ReportVersion).one()
    runner = app.test_cli_runner()
    for lang in ("es", "en"):
        out = tmp_path / f"v1-{lang}.pdf"
        result = runner.invoke(
            args=["report-pdf", slug, str(out), "--version", "1", "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        assert hashlib.sha256(out.read_bytes()).hexdigest() == version.file(lang).sha256
    result = runner.invoke(args=["report-pdf", slug, str(tmp_path / "x.pdf"), "--lang", "fr"])
    assert result.exit_code != 0
    assert "not made in 'fr'" in result.output


def test_migration_keeps_each_frozen_pdf_as_the_file_in_its_language(app_config, tmp_path):
    """0012 moves a version's one PDF to its language's file, and back on downgrade."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from seminar import create_app
    from seminar.extensions import db as _db

    migrated = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.db"})
    with migrated.app_context():
        upgrade()
        report = Report(
            event=make_event(languages="es"), title="Informe", status=ReportStatus.FINAL
        )
        _db.session.add(report)
        _db.session.commit()
        report_id = report.id
        _db.session.remove()
        downgrade(revision="0011")  # a database as it was before reports had languages
        _db.session.execute(
            text(
                "INSERT INTO report_version (report_id, number, language, finalized_at, pdf, "
                "pdf_size, sha256, page_count, snapshot, is_published) VALUES (:r, 1, 'es', "
                "'2026-12-04 10:00:00', :pdf, 9, :sha, 1, '{}', 1)"
            ),
            {"r": report_id, "pdf": b"%PDF-1.7", "sha": "a" * 64},
        )
        _db.session.commit()
        _db.session.remove()

        upgrade(revision="0012")
        rows = _db.session.execute(
            text("SELECT lang, pdf, pdf_size, sha256, page_count FROM report_version_file")
        ).all()
        assert [tuple(r) for r in rows] == [("es", b"%PDF-1.7", 9, "a" * 64, 1)]
        _db.session.remove()

        downgrade(revision="0011")
        rows = _db.session.execute(
            text("SELECT language, pdf, sha256 FROM report_version WHERE number = 1")
        ).all()
        assert [tuple(r) for r in rows] == [("es", b"%PDF-1.7", "a" * 64)]
        _db.session.remove()
        _db.engine.dispose()
