"""Translating the report side by side: status per text, the source's change, conflicts, the
source language per text, and what the document in each language shows."""

from __future__ import annotations

import re

from seminar.content import services as content
from seminar.content.models import ContentTranslation
from seminar.reports import document, rendering, services, translations
from seminar.reports.models import Recommendation, Report, ReportStatus
from tests.reports.factories import add_note, add_recommendation, make_seminar

REC_ES = "Crear un sistema nacional de información migratoria."
REC_EN = "Create a national migration information system."


def _report(db):
    seminar = make_seminar()
    add_note(seminar, seminar.items[0], summary="Resumen del panel.")
    rec = add_recommendation(seminar, REC_ES, theme=seminar.themes[0])
    report = services.ensure_report(seminar.event)
    services.ensure_section(report, "context").body = "Contexto regional."
    db.commit()
    return seminar, report, rec


def _url(seminar, rec, field="text", lang="en"):
    return (
        f"/manage/{seminar.event.slug}/report/translations/{lang}/recommendation/{rec.id}/{field}"
    )


def _row(html: str, rec, field="text") -> str:
    """The side-by-side row of one text on the page."""
    start = html.index(f'id="text-recommendation-{rec.id}-{field}"')
    return html[start : html.index("</li>", start)]


def test_page_lists_every_report_text_with_its_source_and_status(client, db, login_as):
    seminar, _report_obj, rec = _report(db)
    login_as("rapporteur", seminar.event)
    page = client.get(f"/manage/{seminar.event.slug}/report/translations?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "The report in English" in html
    for heading in ("Cover", "Sections", "Session notes", "Recommendations"):
        assert f">{heading}</h2>" in html
    row = _row(html, rec)
    assert ">Recommendation 1</h3>" in row
    assert f'<div class="tr-text" lang="es">{REC_ES}</div>' in row
    assert "Missing" in row
    assert 'lang="en"' in row  # the translation field is marked as English
    assert "Contexto regional." in html
    assert "Resumen del panel." in html


def test_saving_a_translation_makes_it_up_to_date_and_a_source_change_outdates_it(
    client, db, login_as
):
    seminar, _report_obj, rec = _report(db)
    login_as("rapporteur", seminar.event)
    response = client.post(_url(seminar, rec), data={"version": "0", "value": REC_EN})
    assert response.status_code == 302
    db.expire_all()
    saved = db.query(ContentTranslation).one()
    assert (saved.owner, saved.field, saved.lang, saved.value) == (
        "recommendation",
        "text",
        "en",
        REC_EN,
    )
    html = client.get(f"/manage/{seminar.event.slug}/report/translations?lang=en").get_data(
        as_text=True
    )
    assert "Up to date" in _row(html, rec)

    # The rapporteur corrects the Spanish source: the translation is now outdated, with the change.
    client.post(
        f"/manage/{seminar.event.slug}/report/recommendations/{rec.id}",
        data={**_rec_form(rec), "text": REC_ES + " Con datos abiertos."},
    )
    db.expire_all()
    assert db.get(Recommendation, rec.id).text.endswith("Con datos abiertos.")
    html = client.get(f"/manage/{seminar.event.slug}/report/translations?lang=en&status=outdated")
    row = _row(html.get_data(as_text=True), rec)
    assert "Outdated" in row
    assert "The source changed after the translation was saved:" in row
    assert re.search(r"<ins>\s*Con\s*</ins>|<ins>[^<]*Con datos abiertos\.[^<]*</ins>", row)


def _rec_form(rec) -> dict[str, str]:
    return {
        "version": str(rec.version),
        "text": rec.text,
        "theme_id": str(rec.theme_id or ""),
        "addressee": rec.addressee,
        "priority": rec.priority.value,
        "timeframe": rec.timeframe.value,
        "state": rec.state.value,
    }


def test_a_stale_translation_save_shows_both_versions(client, db, login_as):
    seminar, _report_obj, rec = _report(db)
    user = login_as("rapporteur", seminar.event)
    content.save(rec, "text", "en", "Their translation.", version=None, user=user)
    db.commit()
    response = client.post(_url(seminar, rec), data={"version": "0", "value": "My translation."})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in html
    assert "Their translation." in html
    assert "My translation." in html
    db.expire_all()
    assert db.query(ContentTranslation).one().value == "Their translation."


def test_the_rapporteur_can_make_the_translation_the_source(client, db, login_as):
    seminar, _report_obj, rec = _report(db)
    user = login_as("rapporteur", seminar.event)
    content.save(rec, "text", "en", REC_EN, version=None, user=user)
    db.commit()
    response = client.post(_url(seminar, rec) + "/source", follow_redirects=True)
    assert "The source language of this text is now English." in response.get_data(as_text=True)
    db.expire_all()
    rec = db.get(Recommendation, rec.id)
    assert rec.text == REC_EN
    assert content.source_language(rec, "text") == "en"
    assert str(content.text(rec, "text", "es")) == REC_ES  # the Spanish text is kept


def test_saving_a_translation_after_finalizing_starts_the_next_version(client, db, login_as):
    seminar, report, rec = _report(db)
    report.status = ReportStatus.FINAL
    db.commit()
    login_as("rapporteur", seminar.event)
    client.post(_url(seminar, rec), data={"version": "0", "value": REC_EN})
    db.expire_all()
    assert db.query(Report).one().status == ReportStatus.DRAFT


def test_translation_pages_are_for_the_report_team_only(client, db, login_as):
    seminar, _report_obj, rec = _report(db)
    slug = seminar.event.slug
    assert client.get(f"/manage/{slug}/report/translations").status_code == 302  # sign in first
    login_as("checkin", seminar.event)
    assert client.get(f"/manage/{slug}/report/translations").status_code == 403
    assert client.post(_url(seminar, rec), data={"version": "0", "value": "x"}).status_code == 403
    assert db.query(ContentTranslation).count() == 0


def test_texts_of_another_event_or_language_are_not_found(client, db, login_as):
    seminar, _report_obj, rec = _report(db)
    other = make_seminar()
    stranger = add_recommendation(other, "Otra recomendación.")
    db.commit()
    login_as("rapporteur", seminar.event)
    assert client.get(_url(seminar, stranger)).status_code == 404
    assert client.get(_url(seminar, rec, lang="fr")).status_code == 404
    assert client.get(_url(seminar, rec, field="priority")).status_code == 404


def test_the_english_document_uses_translations_and_marks_untranslated_texts_spanish(
    app, db, login_as
):
    seminar, report, rec = _report(db)
    user = login_as("rapporteur", seminar.event)
    translations.save(rec, "text", "en", REC_EN, version=None, user=user)
    db.commit()
    with app.test_request_context("/"):
        doc = document.collect_inputs(report, lang="en")
        html = rendering.render_html(doc)
    assert doc["language"] == "en"
    assert doc["recommendations"][0]["text"] == REC_EN
    assert "text_lang" not in doc["recommendations"][0]
    context = doc["chapters"][0]
    assert (context["body"], context["body_lang"]) == ("Contexto regional.", "es")
    assert '<html lang="en">' in html
    assert '<div class="prose" lang="es"><p>Contexto regional.</p>' in html
    assert "Recommendations" in html  # fixed labels follow the document's language


def test_finalizing_checks_only_printed_texts(db, login_as):
    seminar, report, rec = _report(db)
    draft = add_recommendation(seminar, "Borrador sin adoptar.", state="draft")
    db.commit()
    listed = {(t.owner, t.owner_id, t.field) for _lang, t in translations.incomplete(report)}
    assert ("recommendation", rec.id, "text") in listed
    assert ("recommendation", draft.id, "text") not in listed  # not printed: not asked for
    page_texts = {(t.owner, t.owner_id) for t in translations.texts(report, "en")}
    assert ("recommendation", draft.id) in page_texts  # but it can be translated ahead
