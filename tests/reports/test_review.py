"""Review workflow, finalized versions (frozen bytes), comparison, publication, public report."""

from __future__ import annotations

import hashlib

from seminar.reports.models import (
    Recommendation,
    Report,
    ReportStatus,
    ReportVersion,
    ReviewComment,
)
from tests.reports.factories import add_note, add_recommendation, finalize, make_seminar


def _in_review(client, slug):
    return client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})


def test_organizer_comments_rapporteur_resolves_organizer_finalizes(client, db, login_as):
    seminar = make_seminar()
    add_note(seminar, seminar.items[0])
    rec = add_recommendation(seminar, "Crear un sistema de información", theme=seminar.themes[0])
    slug = seminar.event.slug
    login_as("organizer", seminar.event)
    client.get(f"/manage/{slug}/report")
    _in_review(client, slug)
    client.post(f"/manage/{slug}/report/comments",
                data={"comment-target": f"recommendation:{rec.id}", "comment-body": "Precisar el plazo."})  # fmt: skip
    comment = db.query(ReviewComment).one()
    assert comment.is_open
    # Finalizing with an open comment is refused.
    response = finalize(client, slug, follow_redirects=True)
    assert "Resolve every review comment" in response.get_data(as_text=True)
    assert db.query(ReportVersion).count() == 0

    login_as("rapporteur", seminar.event)
    page = client.get(f"/manage/{slug}/report/recommendations/{rec.id}").get_data(as_text=True)
    assert "Precisar el plazo." in page
    client.post(f"/manage/{slug}/report/comments/{comment.id}/resolve")
    db.expire_all()
    assert not db.get(ReviewComment, comment.id).is_open
    # A rapporteur may not finalize.
    assert client.post(f"/manage/{slug}/report/finalize").status_code == 403

    login_as("organizer", seminar.event)
    response = finalize(client, slug, follow_redirects=True)
    assert "Version 1 is final" in response.get_data(as_text=True)
    version = db.query(ReportVersion).one()
    assert db.query(Report).one().status == ReportStatus.FINAL
    pdf = client.get(f"/manage/{slug}/report/versions/1.pdf")
    assert pdf.mimetype == "application/pdf"
    assert hashlib.sha256(pdf.data).hexdigest() == version.file("es").sha256
    assert db.get(Recommendation, rec.id).number == 1


def test_final_version_bytes_never_change_and_edits_start_the_next_version(client, db, login_as):
    seminar = make_seminar()
    add_note(seminar, seminar.items[0])
    rec = add_recommendation(seminar, "Recomendación uno", theme=seminar.themes[0])
    slug = seminar.event.slug
    login_as("organizer", seminar.event)
    _in_review(client, slug)
    finalize(client, slug)
    first = client.get(f"/manage/{slug}/report/versions/1.pdf").data
    stored = db.query(ReportVersion).one().file("es")
    assert hashlib.sha256(first).hexdigest() == stored.sha256
    assert stored.pdf_size == len(first)
    assert stored.page_count >= 8

    # An edit after finalizing reopens the report; version 1 stays byte for byte the same.
    client.post(f"/manage/{slug}/report/sections/foreword",  # never written before: version 0
                data={"version": "0", "body": "Un prólogo nuevo."})  # fmt: skip
    assert db.query(Report).one().status == ReportStatus.DRAFT
    added = add_recommendation(seminar, "Recomendación añadida", theme=seminar.themes[0])
    rec.text = "Recomendación uno, corregida"
    db.flush()
    _in_review(client, slug)
    finalize(client, slug)
    assert client.get(f"/manage/{slug}/report/versions/1.pdf").data == first
    db.expire_all()
    v1, v2 = db.query(ReportVersion).order_by(ReportVersion.number).all()
    assert v1.file("es").sha256 == stored.sha256
    assert v2.file("es").sha256 != v1.file("es").sha256
    # Numbers stay stable: the first keeps 1, the new one gets 2.
    assert db.get(Recommendation, rec.id).number == 1
    assert db.get(Recommendation, added.id).number == 2

    page = client.get(f"/manage/{slug}/report/versions?from=1&to=2").get_data(as_text=True)
    assert "Un prólogo nuevo." in page  # the changed section, both texts available
    assert "Recomendación añadida" in page
    assert "Recomendación uno, corregida" in page
    assert "Changed: Recommendation" in page  # the field is named as the form names it


def test_public_report_is_404_until_published_then_served_from_storage(client, db, login_as):
    seminar = make_seminar()
    add_note(seminar, seminar.items[0])
    slug = seminar.event.slug
    assert client.get(f"/events/{slug}/report.pdf").status_code == 404
    login_as("organizer", seminar.event)
    _in_review(client, slug)
    finalize(client, slug)
    assert client.get(f"/events/{slug}/report.pdf").status_code == 404
    client.post(f"/manage/{slug}/report/versions/1/publish")
    version = db.query(ReportVersion).one()
    assert version.is_published
    client.get("/logout")
    client.post("/logout")
    public = client.get(f"/events/{slug}/report.pdf")
    assert public.status_code == 200
    english = version.file("en")  # the test browser asks for English; the report is bilingual
    assert hashlib.sha256(public.data).hexdigest() == english.sha256
    assert public.headers["ETag"].strip('"') == english.sha256


def test_rapporteur_cannot_publish(client, db, login_as):
    seminar = make_seminar()
    login_as("rapporteur", seminar.event)
    assert client.post(f"/manage/{seminar.event.slug}/report/versions/1/publish").status_code == 403


def test_comment_outside_review_is_refused(client, db, login_as):
    seminar = make_seminar()
    login_as("organizer", seminar.event)
    response = client.post(
        f"/manage/{seminar.event.slug}/report/comments",
        data={"comment-target": "section:foreword", "comment-body": "Comentario"},
        follow_redirects=True,
    )
    assert "Comments can be added while the report is in review." in response.get_data(as_text=True)
    assert db.query(ReviewComment).count() == 0
