"""The job queue and rendered documents: requests never render, a document not ready yet answers
with a page that refreshes itself, every render is claimed once, and side effects wait for the
commit."""

from __future__ import annotations

import contextlib
import hashlib
from datetime import timedelta

import pytest
from flask import current_app

from seminar import mail
from seminar.dbtypes import utcnow
from seminar.documents import RenderedDocument, render_document, sweep_documents
from seminar.jobs import huey
from seminar.registration.models import RegistrationStatus
from seminar.reports.models import ReportVersion
from seminar.uow import after_commit, work
from tests.factories import make_event
from tests.registration.factories import make_registration
from tests.reports.factories import add_note, add_recommendation, finalize, make_seminar


@contextlib.contextmanager
def paused_queue():
    """Jobs are queued in memory and wait for ``run_queued()``, as they would for a worker."""
    huey.immediate = False
    try:
        yield
    finally:
        huey.flush()
        huey.immediate = True


def run_queued(app):
    """Act as a worker: take every queued job and run it."""
    ran = 0
    while (task := huey.dequeue()) is not None:
        with app.app_context():
            huey.execute(task)
        ran += 1
    return ran


def _badges_setup(db, login_as):
    event = make_event()
    make_registration(event, given_name="Ana", family_name="Quispe",
                      status=RegistrationStatus.CONFIRMED)  # fmt: skip
    login_as("organizer", event)
    return event


def test_badge_sheet_not_ready_answers_a_self_refreshing_page_then_the_pdf(
    app, client, db, login_as
):
    event = _badges_setup(db, login_as)
    url = f"/manage/{event.slug}/registrations/badges.pdf"
    with paused_queue():
        waiting = client.get(url)
        assert waiting.status_code == 202
        page = waiting.get_data(as_text=True)
        assert "is being prepared" in page
        assert '<meta http-equiv="refresh" content="2">' in page
        assert "<progress" in page
        assert waiting.headers["Retry-After"] == "2"
        # Asking again while it waits queues nothing new: one row, one render.
        assert client.get(url).status_code == 202
        assert db.query(RenderedDocument).count() == 1
        assert run_queued(app) >= 1
    ready = client.get(url)
    assert ready.status_code == 200
    assert ready.mimetype == "application/pdf"
    assert ready.data.startswith(b"%PDF-")
    assert ready.headers["ETag"].strip('"') == hashlib.sha256(ready.data).hexdigest()
    again = client.get(url, headers={"If-None-Match": ready.headers["ETag"]})
    assert again.status_code == 304
    doc = db.query(RenderedDocument).one()
    assert (doc.status, doc.attempts, doc.kind) == ("done", 1, "badges")


def test_the_same_document_is_rendered_once_for_everyone(client, db, login_as):
    event = _badges_setup(db, login_as)
    first = client.get(f"/manage/{event.slug}/registrations/badges.pdf")
    second = client.get(f"/manage/{event.slug}/registrations/badges.pdf")
    assert first.data == second.data
    assert db.query(RenderedDocument).one().attempts == 1


def test_a_render_left_behind_by_a_killed_worker_runs_again_once(app, client, db, login_as):
    event = _badges_setup(db, login_as)
    with paused_queue():
        client.get(f"/manage/{event.slug}/registrations/badges.pdf")
        huey.flush()  # the job is lost with the worker that had taken it
        doc = db.query(RenderedDocument).one()
        doc.status, doc.stage, doc.attempts = "running", "rendering", 1
        doc.lease_until = utcnow() - timedelta(seconds=1)  # its lease ran out
        db.commit()
        with app.app_context():
            assert sweep_documents.call_local() == 1
        assert run_queued(app) == 1
        # A duplicate job for a finished document does nothing.
        render_document(doc.id)
        assert run_queued(app) == 1
    db.expire_all()
    doc = db.query(RenderedDocument).one()
    assert (doc.status, doc.attempts) == ("done", 2)
    assert doc.pdf.startswith(b"%PDF-")


def test_a_render_past_its_time_limit_fails_with_a_message_and_can_be_asked_again(
    app, client, db, login_as
):
    event = _badges_setup(db, login_as)
    previous = current_app.config["RENDER_TIMEOUT"]
    app.config["RENDER_TIMEOUT"] = 0.01
    try:
        response = client.get(f"/manage/{event.slug}/registrations/badges.pdf")
    finally:
        app.config["RENDER_TIMEOUT"] = previous
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The document could not be prepared" in page
    assert "took too long to prepare" in page
    doc = db.query(RenderedDocument).one()
    assert doc.status == "failed"
    assert doc.attempts == 3  # retried, then given up
    # A minute later, asking again renders it.
    doc.finished_at = utcnow() - timedelta(minutes=2)
    db.commit()
    retried = client.get(f"/manage/{event.slug}/registrations/badges.pdf")
    assert retried.status_code == 200
    assert retried.data.startswith(b"%PDF-")


def test_finalizing_commits_first_and_the_version_pdf_follows_from_a_job(app, client, db, login_as):
    seminar = make_seminar()
    add_note(seminar, seminar.items[0])
    add_recommendation(seminar, "Crear un sistema de información", theme=seminar.themes[0])
    slug = seminar.event.slug
    login_as("organizer", seminar.event)
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    with paused_queue():
        response = finalize(client, slug, follow_redirects=True)
        assert "Version 1 is final" in response.get_data(as_text=True)
        version = db.query(ReportVersion).one()
        assert [f.sha256 for f in version.files] == ["", ""]  # Spanish and English
        assert not version.is_ready
        page = client.get(f"/manage/{slug}/report/versions").get_data(as_text=True)
        assert "being prepared" in page
        waiting = client.get(f"/manage/{slug}/report/versions/1.pdf")
        assert waiting.status_code == 202
        run_queued(app)
    db.expire_all()
    version = db.query(ReportVersion).one()
    pdf = client.get(f"/manage/{slug}/report/versions/1.pdf")
    assert pdf.status_code == 200
    assert hashlib.sha256(pdf.data).hexdigest() == version.file("es").sha256
    assert version.file("en").page_count >= 8
    assert db.query(ReportVersion).count() == 1


def test_publishing_a_version_still_being_prepared_is_refused(app, client, db, login_as):
    seminar = make_seminar()
    add_note(seminar, seminar.items[0])
    slug = seminar.event.slug
    login_as("organizer", seminar.event)
    client.post(f"/manage/{slug}/report/status", data={"status": "in_review"})
    with paused_queue():
        finalize(client, slug)
        response = client.post(f"/manage/{slug}/report/versions/1/publish", follow_redirects=True)
        assert "still being prepared" in response.get_data(as_text=True)
        assert not db.query(ReportVersion).one().is_published
        run_queued(app)


def test_effects_run_after_the_commit_and_never_after_a_rollback(app, db):
    seen = []
    with app.test_request_context():
        with work() as done:
            after_commit(seen.append, "kept")
        assert done
        assert seen == ["kept"]
        with work():
            after_commit(seen.append, "dropped")
            raise_domain_error()
        assert seen == ["kept"]


def raise_domain_error():
    from seminar.errors import DomainError

    raise DomainError("No.")


def test_mail_queued_in_a_rolled_back_transaction_is_never_sent(app, db, mailbox):
    with app.test_request_context():
        with work() as done:
            mail.queue(to="x@example.org", subject="No", text="T", kind="test")
            raise_domain_error()
        assert not done
    with pytest.raises(AssertionError):
        mailbox.wait_for(1, timeout=0.5)


def test_housekeeping_purges_expired_uploads_and_old_sign_in_failures(app, db):
    from seminar import storage
    from seminar.housekeeping import purge_expired_files

    expired = storage.put(b"Nombre;Apellidos\n", media_type="text/csv", kind="imports",
                          expires_at=utcnow() - timedelta(minutes=1))  # fmt: skip
    kept = storage.put(b"Nombre;Correo\n", media_type="text/csv", kind="imports",
                       expires_at=utcnow() + timedelta(hours=1))  # fmt: skip
    db.commit()
    with app.app_context():
        assert purge_expired_files.call_local() == 1
    db.expire_all()
    assert storage.get(expired) is None
    assert storage.get(kept) is not None
