"""Rendered documents: every PDF is made by a job, stored in the database, and served from there.

A view builds the document's HTML (milliseconds: the database work happens here, in the request)
and asks for it with :func:`respond`. The HTML is the document's whole input -- uploaded images
are referred to by content-addressed names -- so its SHA-256 is the cache key: the same agenda,
badge sheet or report draft is rendered once, by whichever worker takes the job, and served by
every web node. A document that is not ready yet answers with a page that refreshes itself.

Rows are claimed atomically before rendering, with a lease: a worker killed mid-render leaves a
row whose lease runs out, and the periodic sweep queues it again. WeasyPrint runs in a child
process with a time limit (``seminar.render``), so a stuck render never blocks a worker for long
and never outlives it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .dbtypes import UTCDateTime, utcnow
from .extensions import db
from .jobs import enqueue, every_minute, job, periodic, send_now

log = logging.getLogger("seminar.documents")

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
MAX_ATTEMPTS = 3


class RenderedDocument(db.Model):  # type: ignore[name-defined]
    """One PDF: its HTML input, its render state and, once done, its bytes."""

    __tablename__ = "rendered_document"
    __table_args__ = (Index("ix_rendered_document_status_lease", "status", "lease_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    variant: Mapped[str] = mapped_column(String(20), default="")
    html: Mapped[str] = mapped_column(Text, deferred=True)
    status: Mapped[str] = mapped_column(String(12), default=QUEUED)
    # What the render is doing now, for the progress shown while it is being prepared.
    stage: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str] = mapped_column(String(300), default="")
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    size: Mapped[int] = mapped_column(default=0)
    page_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_ready(self) -> bool:
        return self.status == DONE

    @property
    def progress(self) -> int:
        """A percentage for the progress bar: queued, building, rendering, storing, done."""
        return {"queued": 5, "rendering": 40, "storing": 90, "done": 100}.get(self.stage, 5)


# Called with the finished document in the job's transaction (e.g. to attach a report version).
_finishers: dict[str, Callable[[RenderedDocument], None]] = {}


def on_finished(kind: str) -> Callable[[Callable[[RenderedDocument], None]], Any]:
    def register(fn: Callable[[RenderedDocument], None]) -> Callable[[RenderedDocument], None]:
        _finishers[kind] = fn
        return fn

    return register


def document_key(kind: str, variant: str, html: str) -> str:
    return hashlib.sha256(f"{kind}\n{variant}\n{html}".encode()).hexdigest()


def request_document(
    kind: str, *, html: str, filename: str, event_id: int | None, variant: str | None = None
) -> RenderedDocument:
    """The document for this HTML: the stored one, or a new row queued for rendering.

    Safe when two requests ask for the same new document at once: one row, one render.
    """
    from .pdf import DEFAULT_VARIANT

    variant = DEFAULT_VARIANT if variant is None else variant
    key = document_key(kind, variant, html)
    doc = db.session.scalar(select(RenderedDocument).where(RenderedDocument.key == key))
    if doc is not None:
        if (
            doc.status == FAILED
            and doc.finished_at
            and doc.finished_at < utcnow() - timedelta(minutes=1)
        ):
            # Asked for again after a failure: give it another chance.
            doc.status, doc.stage, doc.attempts, doc.error = QUEUED, "queued", 0, ""
            enqueue(render_document, doc.id)
        return doc
    doc = RenderedDocument(
        key=key, kind=kind, event_id=event_id, filename=filename, variant=variant, html=html
    )
    try:
        with db.session.begin_nested():
            db.session.add(doc)
    except IntegrityError:  # the same document was asked for at the same moment
        return db.session.execute(
            select(RenderedDocument).where(RenderedDocument.key == key)
        ).scalar_one()
    enqueue(render_document, doc.id)
    return doc


def retry(doc: RenderedDocument) -> None:
    """Render a failed document again (after the caller's commit)."""
    if doc.status == FAILED:
        doc.status, doc.stage, doc.attempts, doc.error = QUEUED, "queued", 0, ""
        doc.finished_at = None
        enqueue(render_document, doc.id)


def respond(
    kind: str,
    *,
    html: str,
    filename: str,
    event_id: int | None,
    variant: str | None = None,
    public: bool = False,
) -> Response:
    """The PDF when it is ready, else a page that refreshes itself until it is."""
    doc = request_document(kind, html=html, filename=filename, event_id=event_id, variant=variant)
    doc_id = doc.id
    db.session.commit()  # in immediate mode the render runs here, after the commit
    doc = db.session.execute(
        select(RenderedDocument).where(RenderedDocument.id == doc_id)
    ).scalar_one()
    db.session.refresh(doc)
    if doc.is_ready:
        return pdf_response(doc, public=public)
    return preparing_response(doc)


def pdf_response(doc: RenderedDocument, *, public: bool = False) -> Response:
    etag = doc.sha256
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(doc.pdf or b"", mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="{doc.filename}"'
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


def preparing_response(doc: RenderedDocument) -> Response:
    failed = doc.status == FAILED
    response = Response(
        render_template("documents/preparing.html", doc=doc, failed=failed),
        status=503 if failed else 202,
    )
    response.headers["Retry-After"] = "60" if failed else "2"
    response.headers["Cache-Control"] = "no-store"
    return response


# --- The render job ----------------------------------------------------------------------------


def _lease_seconds() -> float:
    """How long a claimed render is left alone before the sweep takes it back."""
    config = current_app.config
    return float(config.get("RENDER_TIMEOUT", 60)) + float(config.get("RENDER_LEASE_MARGIN", 30))


def _claim(doc_id: int) -> bool:
    """Take the row for this worker: queued, or running under a lease that ran out."""
    now = utcnow()
    result = db.session.execute(
        update(RenderedDocument)
        .where(
            RenderedDocument.id == doc_id,
            or_(
                RenderedDocument.status == QUEUED,
                (RenderedDocument.status == RUNNING) & (RenderedDocument.lease_until < now),
            ),
        )
        .values(
            status=RUNNING,
            stage="rendering",
            attempts=RenderedDocument.attempts + 1,
            lease_until=now + timedelta(seconds=_lease_seconds()),
        )
    )
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


@job(retries=0)
def render_document(doc_id: int) -> None:
    """Render one document, if nobody else is rendering it."""
    from .render import RenderFailed, render

    if not _claim(doc_id):
        return
    row = db.session.execute(
        select(RenderedDocument.html, RenderedDocument.variant).where(RenderedDocument.id == doc_id)
    ).first()
    db.session.rollback()  # no transaction stays open while WeasyPrint works
    if row is None:
        return
    try:
        result = render(row.html, variant=row.variant or None)
    except RenderFailed as failure:
        doc = db.session.get(RenderedDocument, doc_id)
        if doc is None:
            return
        doc.error = failure.message[:300]
        doc.lease_until = None
        if doc.attempts >= MAX_ATTEMPTS or failure.final:
            doc.status, doc.stage, doc.finished_at = FAILED, "failed", utcnow()
        else:
            doc.status, doc.stage = QUEUED, "queued"
        db.session.commit()
        log.warning("render of document %s failed: %s", doc_id, failure.message)
        if doc.status == QUEUED:
            send_now(render_document, doc_id)
        return
    doc = db.session.get(RenderedDocument, doc_id)
    if doc is None:  # the event was deleted meanwhile
        return
    doc.pdf = result.pdf
    doc.sha256 = hashlib.sha256(result.pdf).hexdigest()
    doc.size = len(result.pdf)
    doc.page_count = result.page_count
    doc.status, doc.stage, doc.finished_at, doc.lease_until = DONE, "done", utcnow(), None
    doc.error = ""
    finisher = _finishers.get(doc.kind)
    if finisher is not None:
        finisher(doc)
    db.session.commit()


def render_now(doc_id: int | None) -> None:
    """Render a committed document in this process (the command line, the demo loader)."""
    if doc_id is not None:
        render_document.call_local(doc_id)


@periodic(every_minute())
def sweep_documents() -> int:
    """Queue again what a lost job or a killed worker left behind; forget old unused drafts."""
    now = utcnow()
    stale = db.session.scalars(
        select(RenderedDocument.id).where(
            or_(
                (RenderedDocument.status == RUNNING) & (RenderedDocument.lease_until < now),
                (RenderedDocument.status == QUEUED)
                & (RenderedDocument.created_at < now - timedelta(seconds=30)),
            )
        )
    ).all()
    for doc_id in stale:
        send_now(render_document, doc_id)
    keep_days = int(current_app.config.get("RENDERED_DOCUMENT_DAYS", 7))
    old = db.session.execute(
        RenderedDocument.__table__.delete().where(
            RenderedDocument.created_at < now - timedelta(days=keep_days)
        )
    )
    db.session.commit()
    if old.rowcount:  # type: ignore[attr-defined]
        log.info("forgot %s old rendered documents", old.rowcount)  # type: ignore[attr-defined]
    return len(stale)


def status_payload(doc: RenderedDocument) -> dict[str, Any]:
    return {
        "status": doc.status,
        "stage": doc.stage,
        "progress": doc.progress,
        "error": doc.error,
        "message": stage_label(doc),
    }


def stage_label(doc: RenderedDocument) -> str:
    if doc.status == FAILED:
        return _("The document could not be prepared.")
    return {
        "queued": _("Waiting for a free renderer…"),
        "rendering": _("Laying out the pages…"),
        "storing": _("Storing the document…"),
        "done": _("Ready."),
    }.get(doc.stage, _("Waiting for a free renderer…"))
