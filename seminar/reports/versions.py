"""Finalized versions of the report: frozen once, downloadable forever, compared, published."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, undefer

from ..accounts.models import User
from ..audit import record
from ..dbtypes import utcnow
from ..documents import RenderedDocument, on_finished, request_document
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from . import document, recommendations, rendering, services, translations
from .models import Report, ReportStatus, ReportVersion, ReportVersionFile


def versions_of(report: Report) -> list[ReportVersion]:
    """All versions, newest first, without their PDF bytes."""
    return list(
        db.session.scalars(
            select(ReportVersion)
            .options(
                selectinload(ReportVersion.finalized_by),
                selectinload(ReportVersion.published_by),
                selectinload(ReportVersion.files).selectinload(ReportVersionFile.document),
            )
            .where(ReportVersion.report_id == report.id)
            .order_by(ReportVersion.number.desc())
        )
    )


def get_version(report: Report, number: int) -> ReportVersion | None:
    """A version with its files (without their PDF bytes: see ``version_file``)."""
    return db.session.scalar(
        select(ReportVersion)
        .options(selectinload(ReportVersion.files))
        .where(ReportVersion.report_id == report.id, ReportVersion.number == number)
    )


def published_version(event: Event) -> ReportVersion | None:
    """The version the public downloads at /events/<slug>/report.pdf (without its bytes), or None."""
    return db.session.scalar(
        select(ReportVersion)
        .join(Report)
        .options(selectinload(ReportVersion.files))
        .where(Report.event_id == event.id, ReportVersion.is_published.is_(True))
    )


def version_file(version: ReportVersion, lang: str) -> ReportVersionFile | None:
    """One language's file of a version, with its PDF bytes."""
    return db.session.scalar(
        select(ReportVersionFile)
        .options(undefer(ReportVersionFile.pdf))
        .where(ReportVersionFile.version_id == version.id, ReportVersionFile.lang == lang)
    )


def next_number(report: Report) -> int:
    """The number the next finalized version gets."""
    if report.id is None:
        return 1
    latest = db.session.scalar(
        select(func.max(ReportVersion.number)).where(ReportVersion.report_id == report.id)
    )
    return (latest or 0) + 1


def _lock(report: Report) -> None:
    """Serialize finalizing: the second of two simultaneous clicks waits, then sees the first's
    version. PostgreSQL: a row lock on the report; SQLite: ``BEGIN IMMEDIATE`` (the write lock)."""
    db.session.flush()
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        db.session.execute(select(Report.id).where(Report.id == report.id).with_for_update())
    db.session.refresh(report)


def finalize(
    report: Report,
    *,
    by: User,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> ReportVersion:
    """Freeze the report as the next numbered version: PDF bytes, SHA-256, time and inputs.

    Only from review, with every review comment resolved. Recommendations are numbered in printed
    order; the snapshot keeps this version's numbers. ``expected_version``: the report's version when the organizer asked; if it
    changed meanwhile (another finalize, an edit), nothing is frozen.
    """
    if report.id is None:
        raise DomainError(_("Send the report for review before finalizing it."))
    _lock(report)
    latest = next_number(report) - 1
    if expected_version is not None and expected_version != report.version:
        if report.status == ReportStatus.FINAL:
            raise ConflictError(
                _(
                    "Someone else finalized the report a moment ago: version %(number)s is final. "
                    "No other version was made.",
                    number=latest,
                )
            )
        raise ConflictError(
            _("The report changed while you were finalizing it. Check it and finalize again.")
        )
    if report.status == ReportStatus.FINAL:
        raise DomainError(
            _(
                "The report is already final as version %(number)s. Send it for review again "
                "to make a new version.",
                number=latest,
            )
        )
    if report.status != ReportStatus.IN_REVIEW:
        raise DomainError(_("Send the report for review before finalizing it."))
    if services.comments_of(report, open_only=True):
        raise DomainError(_("Resolve every review comment before finalizing the report."))
    recommendations.fix_numbers(report.event)
    number = latest + 1
    finalized_at = at or utcnow()  # ``at``: the demo dates its version after its future event
    # Every language is frozen at once, from the same numbers and texts. Each PDF is rendered by
    # a job after the commit (seconds of work that must never hold the write transaction), then
    # attached to its file.
    snapshot: dict[str, Any] = {}
    files = []
    for lang in translations.languages(report):
        inputs = document.collect_inputs(
            report, lang=lang, version_number=number, finalized_at=finalized_at
        )
        snapshot[lang] = inputs
        rendered = request_document(
            "report-version",
            html=rendering.render_html(inputs),
            filename=f"{report.event.slug}-report-v{number}-{lang}.pdf",
            event_id=report.event_id,
        )
        files.append(ReportVersionFile(lang=lang, document=rendered))
    version = ReportVersion(
        report=report,
        number=number,
        language=report.language,
        finalized_at=finalized_at,
        finalized_by_id=by.id,
        snapshot={"languages": snapshot},
        files=files,
    )
    db.session.add(version)
    report.status = ReportStatus.FINAL
    db.session.flush()
    for file in files:
        if file.document is not None and file.document.is_ready:  # the same HTML rendered before
            attach_pdf(file.document)
    record(
        "report.finalized",
        event=report.event,
        obj=version,
        summary=_("Version %(number)s", number=number),
        by=by,
    )
    return version


@on_finished("report-version")
def attach_pdf(rendered: RenderedDocument) -> None:
    """A version's PDF is ready: store its bytes and fingerprint with its file, for good."""
    from .rendering import page_count

    files = db.session.scalars(
        select(ReportVersionFile).where(
            ReportVersionFile.document_id == rendered.id, ReportVersionFile.sha256 == ""
        )
    )
    for file in files:
        file.pdf = rendered.pdf
        file.pdf_size = rendered.size
        file.sha256 = rendered.sha256
        file.page_count = page_count(rendered.pdf or b"")


def publish(report: Report, version: ReportVersion, *, by: User) -> None:
    """Make this version the public report (the previously published one stops being public)."""
    if not version.is_ready:
        raise DomainError(
            _("Version %(number)s is still being prepared. Publish it once all its PDFs are ready.",
              number=version.number)
        )  # fmt: skip
    for other in db.session.scalars(
        select(ReportVersion).where(
            ReportVersion.report_id == report.id, ReportVersion.is_published.is_(True)
        )
    ):
        if other.id != version.id:
            other.is_published = False
    version.is_published = True
    version.published_at = utcnow()
    version.published_by_id = by.id
    record(
        "report.published",
        event=report.event,
        obj=version,
        summary=_("Version %(number)s", number=version.number),
        by=by,
    )
    db.session.flush()


def unpublish(report: Report, *, by: User) -> None:
    for version in db.session.scalars(
        select(ReportVersion).where(
            ReportVersion.report_id == report.id, ReportVersion.is_published.is_(True)
        )
    ):
        version.is_published = False
    db.session.flush()


def snapshot_of(report: Report, number: int, lang: str | None = None) -> dict[str, Any] | None:
    """The inputs a version was made from, in ``lang`` (default: the version's own language);
    None if there is no such version or it was not made in that language."""
    version = db.session.scalar(
        select(ReportVersion)
        .options(undefer(ReportVersion.snapshot))
        .where(ReportVersion.report_id == report.id, ReportVersion.number == number)
    )
    if version is None:
        return None
    lang = lang or version.language
    by_lang = version.snapshot.get("languages")
    if by_lang is None:  # frozen before reports had several languages: one, the version's own
        return version.snapshot if lang == version.language else None
    found: dict[str, Any] | None = by_lang.get(lang)
    return found


def _sections(snapshot: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Every titled piece of text in a snapshot, keyed stably."""
    result: dict[str, dict[str, str]] = {}
    for section in snapshot.get("front", []):
        result[section["key"]] = {"title": section["title"], "text": section["body"]}
    for chapter in snapshot.get("chapters", []):
        if chapter.get("body"):
            result[chapter["key"]] = {"title": chapter["title"], "text": chapter["body"]}
        for child in chapter.get("children", []):
            result[child["key"]] = {"title": child["title"], "text": child["body"]}
    for session in snapshot.get("sessions", []):
        text = "\n\n".join(session[k] for k in ("summary", "key_points", "statements"))
        result[session["key"]] = {"title": session["title"], "text": text}
    result["cover"] = {
        "title": _("Cover"),
        "text": "\n\n".join(  # one paragraph a line: the comparison renders it as Markdown
            [snapshot.get("title", ""), snapshot.get("subtitle", ""), snapshot.get("place", "")]
            + list(snapshot.get("hosts", []))
        ),
    }
    return result


def _recommendations(snapshot: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {rec["id"]: rec for rec in snapshot.get("recommendations", [])}


REC_FIELDS = ("number", "theme", "text", "addressee", "priority", "timeframe", "sources")
# What a reader calls each field when the versions page lists what changed in a recommendation.
REC_FIELD_LABELS = {
    "number": _l("Number"),
    "theme": _l("Theme"),
    "text": _l("Recommendation"),
    "addressee": _l("Addressed to"),
    "priority": _l("Priority"),
    "timeframe": _l("Time frame"),
    "sources": _l("Sessions it came from"),
}


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed from one version's inputs to another's: sections and recommendations."""
    old_sections, new_sections = _sections(old), _sections(new)
    sections: dict[str, list[dict[str, Any]]] = {"added": [], "changed": [], "removed": []}
    for key, section in new_sections.items():
        if key not in old_sections:
            if section["text"].strip():
                sections["added"].append({"title": section["title"], "new": section["text"]})
        elif old_sections[key]["text"] != section["text"]:
            sections["changed"].append(
                {
                    "title": section["title"],
                    "old": old_sections[key]["text"],
                    "new": section["text"],
                }
            )
    for key, section in old_sections.items():
        if key not in new_sections and section["text"].strip():
            sections["removed"].append({"title": section["title"], "old": section["text"]})
    old_recs, new_recs = _recommendations(old), _recommendations(new)
    recs: dict[str, list[dict[str, Any]]] = {"added": [], "changed": [], "removed": []}
    for rec_id, rec in new_recs.items():
        if rec_id not in old_recs:
            recs["added"].append({"new": rec})
        else:
            fields = [
                str(REC_FIELD_LABELS[f])
                for f in REC_FIELDS
                if old_recs[rec_id].get(f) != rec.get(f)
            ]
            if fields:
                recs["changed"].append({"old": old_recs[rec_id], "new": rec, "fields": fields})
    for rec_id, rec in old_recs.items():
        if rec_id not in new_recs:
            recs["removed"].append({"old": rec})
    return {"sections": sections, "recommendations": recs}
