"""Writes and reused queries of the report area: notes, sections, recommendations, review.

Every edit of a finalized report starts the next version: the report goes back to draft, while the
finalized versions themselves (see ``versions.py``) never change.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..agenda.models import Theme
from ..audit import ACTION_LABELS, record
from ..dbtypes import utcnow
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from .models import (
    Priority,
    Recommendation,
    RecommendationState,
    Report,
    ReportSection,
    ReportStatus,
    ReviewComment,
    Timeframe,
)

ACTION_LABELS.update(
    {
        "report.cover_updated": _l("Report cover changed"),
        "report.section_saved": _l("Report section saved"),
        "report.note_saved": _l("Session notes saved"),
        "report.recommendation_created": _l("Recommendation added"),
        "report.recommendation_updated": _l("Recommendation changed"),
        "report.recommendations_reordered": _l("Recommendations reordered"),
        "report.comment_added": _l("Review comment added"),
        "report.comment_resolved": _l("Review comment resolved"),
        "report.status_changed": _l("Report status changed"),
        "report.finalized": _l("Report version finalized"),
        "report.published": _l("Report version published"),
    }
)

FIXED_SECTIONS = ("acknowledgements", "foreword", "executive_summary", "context")
SECTION_TITLES: dict[str, Any] = {
    "acknowledgements": _l("Acknowledgements"),
    "foreword": _l("Foreword"),
    "executive_summary": _l("Executive summary"),
    "context": _l("Context and background"),
}
SECTION_HINTS: dict[str, Any] = {
    "acknowledgements": _l(
        "Thanks to the host organizations, the funders, the speakers and everyone who made the "
        "seminar possible. Leave it out of the report on the page “Front and back matter”."
    ),
    "foreword": _l("A short message from the host organizations, signed."),
    "executive_summary": _l(
        "The seminar's purpose, main findings and key recommendations on one page."
    ),
    "context": _l(
        "The migration situation of the region and why the seminar was convened, with figures."
    ),
}
STATUS_LABELS: dict[ReportStatus, Any] = {
    ReportStatus.DRAFT: _l("Draft"),
    ReportStatus.IN_REVIEW: _l("In review"),
    ReportStatus.FINAL: _l("Final"),
}
STATE_LABELS: dict[RecommendationState, Any] = {
    RecommendationState.DRAFT: _l("Draft"),
    RecommendationState.PROPOSED: _l("Proposed"),
    RecommendationState.ADOPTED: _l("Adopted"),
    RecommendationState.WITHDRAWN: _l("Withdrawn"),
}
PRIORITY_LABELS: dict[Priority, Any] = {
    Priority.HIGH: _l("High"),
    Priority.MEDIUM: _l("Medium"),
    Priority.LOW: _l("Low"),
}
TIMEFRAME_LABELS: dict[Timeframe, Any] = {
    Timeframe.IMMEDIATE: _l("Immediate (within 6 months)"),
    Timeframe.SHORT: _l("Short term (within 1 year)"),
    Timeframe.MEDIUM: _l("Medium term (1 to 3 years)"),
    Timeframe.LONG: _l("Long term (more than 3 years)"),
}
MAX_TEXT = 50_000


# --- the report and its sections -----------------------------------------------------------


def find_report(event: Event) -> Report | None:
    """The event's stored report, or None while nobody has written any of it."""
    return db.session.scalar(select(Report).where(Report.event_id == event.id))


def get_report(event: Event) -> Report:
    """The event's report for reading: the stored one, or an unsaved draft with the event's
    language, title and hosts. Reading never writes (two first visits cannot race)."""
    return find_report(event) or _draft_report(event)


def ensure_report(event: Event) -> Report:
    """The event's report for writing: the stored one, or the draft, added to the session now.

    Not flushed here, so its version still reads 0 for the form that loaded the unsaved draft; two
    first saves at the same moment meet the unique event constraint and one of them gets a conflict.
    """
    report = find_report(event)
    if report is None:
        report = _draft_report(event)
        db.session.add(report)
    return report


def _draft_report(event: Event) -> Report:
    language = event.default_language if event.default_language in ("es", "en") else "en"
    return Report(
        event=event,
        language=language,
        title=event.title,
        subtitle=event.subtitle,
        place=", ".join(p for p in (event.city, _country(event.country, language)) if p),
        dates_label="",
        status=ReportStatus.DRAFT,
    )


def _country(code: str, language: str) -> str:
    from ..i18n import country_name

    return country_name(code, language) if code else ""


def themes_of(event: Event) -> list[Theme]:
    return list(
        db.session.scalars(
            select(Theme).where(Theme.event_id == event.id).order_by(Theme.position, Theme.id)
        )
    )


def sections_of(report: Report) -> list[ReportSection]:
    """The written sections in document order (one analysis per theme). Sections nobody has
    written yet are unsaved, empty objects: ``ensure_section`` stores one when it is first saved."""
    existing = (
        {
            s.key: s
            for s in db.session.scalars(
                select(ReportSection)
                .options(selectinload(ReportSection.updated_by))
                .where(ReportSection.report_id == report.id)
            )
        }
        if report.id is not None
        else {}
    )
    ordered = [existing.get(key) or _blank_section(report, key, None) for key in FIXED_SECTIONS]
    for theme in themes_of(report.event):
        key = f"analysis-{theme.id}"
        ordered.append(existing.get(key) or _blank_section(report, key, theme))
    return ordered


def _blank_section(report: Report, key: str, theme: Theme | None) -> ReportSection:
    return ReportSection(
        report_id=report.id, key=key, theme_id=theme.id if theme else None, theme=theme, body=""
    )


def ensure_section(report: Report, key: str) -> ReportSection:
    """The section to save, stored now if nobody has written it yet."""
    section = get_section(report, key)
    if section is None:
        raise DomainError(_("This section is no longer part of the report."))
    if section.id is None:
        if report.id is None:
            db.session.flush()  # the report is new too
        section.report = report
        db.session.add(section)
    return section


def section_title(section: ReportSection) -> str:
    if section.key in SECTION_TITLES:
        return str(SECTION_TITLES[section.key])
    if section.theme is not None:
        return section.theme.name
    return section.key


def get_section(report: Report, key: str) -> ReportSection | None:
    for section in sections_of(report):
        if section.key == key:
            return section
    return None


def check_version(obj: Any, expected_version: int | None) -> None:
    """Refuse a save based on another version than the stored one (0: the unsaved object)."""
    if expected_version is not None and expected_version != (obj.version or 0):
        raise ConflictError(
            _(
                "Someone else saved this text while you were editing it. Both versions are shown "
                "below: merge them and save again."
            )
        )


def check_length(text: str, field_name: str) -> None:
    if len(text) > MAX_TEXT:
        raise DomainError(_("This text is too long (at most 50,000 characters)."), field=field_name)


def reopen_if_final(report: Report | None) -> None:
    """An edit after finalizing starts work on the next version."""
    if report is not None and report.status == ReportStatus.FINAL:
        report.status = ReportStatus.DRAFT


def save_section(
    section: ReportSection, body: str, *, expected_version: int | None, by: User
) -> ReportSection:
    check_version(section, expected_version)
    check_length(body, "body")
    if body != section.body or section.id is None:
        section.body = body
        section.updated_by = by
        reopen_if_final(section.report)
        db.session.flush()  # a section saved for the first time gets its id for the audit entry
        record(
            "report.section_saved",
            event=section.report.event,
            obj=section,
            summary=section_title(section),
            by=by,
        )
    db.session.flush()
    return section


def update_cover(
    report: Report,
    data: dict[str, Any],
    *,
    expected_version: int | None,
    by: User,
) -> Report:
    """Change the cover page and the report language (the hosts and their logos are the
    event's: see ``seminar.events.hosts``)."""
    check_version(report, expected_version)
    if data.get("language") not in ("es", "en"):
        raise DomainError(_("Choose English or Spanish."), field="language")
    if not (data.get("title") or "").strip():
        raise DomainError(_("The report needs a title."), field="title")
    for key in ("language", "title", "subtitle", "place", "dates_label"):
        setattr(report, key, data.get(key) or "")
    reopen_if_final(report)
    db.session.flush()  # a report saved for the first time gets its id for the audit entry
    record("report.cover_updated", event=report.event, obj=report, summary=report.title, by=by)
    db.session.flush()
    return report


# --- review ----------------------------------------------------------------------------------


def comments_of(report: Report, *, open_only: bool = False) -> list[ReviewComment]:
    query = (
        select(ReviewComment)
        .options(
            selectinload(ReviewComment.author),
            selectinload(ReviewComment.resolved_by),
            selectinload(ReviewComment.recommendation),
        )
        .where(ReviewComment.report_id == report.id)
        .order_by(ReviewComment.created_at, ReviewComment.id)
    )
    if open_only:
        query = query.where(ReviewComment.resolved_at.is_(None))
    return list(db.session.scalars(query))


def add_comment(
    report: Report,
    body: str,
    *,
    by: User,
    section_key: str | None = None,
    recommendation: Recommendation | None = None,
) -> ReviewComment:
    body = body.strip()
    if not body:
        raise DomainError(_("Write your comment."), field="body")
    check_length(body, "body")
    if report.status != ReportStatus.IN_REVIEW:
        raise DomainError(_("Comments can be added while the report is in review."))
    if section_key is None and recommendation is None:
        raise DomainError(_("Say which section or recommendation the comment is about."))
    comment = ReviewComment(
        report_id=report.id,
        section_key=section_key,
        recommendation=recommendation,
        body=body,
        author_id=by.id,
    )
    db.session.add(comment)
    db.session.flush()
    record("report.comment_added", event=report.event, obj=comment, summary=body[:200], by=by)
    return comment


def get_comment(report: Report, comment_id: int) -> ReviewComment | None:
    comment = db.session.get(ReviewComment, comment_id)
    return comment if comment is not None and comment.report_id == report.id else None


def resolve_comment(report: Report, comment: ReviewComment, *, by: User) -> None:
    if comment.resolved_at is None:
        comment.resolved_at = utcnow()
        comment.resolved_by_id = by.id
        record(
            "report.comment_resolved",
            event=report.event,
            obj=comment,
            summary=comment.body[:200],
            by=by,
        )
    db.session.flush()


def change_status(report: Report, status: ReportStatus, *, by: User) -> None:
    """Draft <-> in review. Finalizing is ``versions.finalize``."""
    allowed = {
        (ReportStatus.DRAFT, ReportStatus.IN_REVIEW),
        (ReportStatus.FINAL, ReportStatus.IN_REVIEW),
        (ReportStatus.IN_REVIEW, ReportStatus.DRAFT),
    }
    if (report.status, status) not in allowed:
        raise DomainError(_("The report cannot go from this state to that one."))
    old = report.status
    report.status = status
    db.session.flush()  # a report stored by this change gets its id for the audit entry
    record(
        "report.status_changed",
        event=report.event,
        obj=report,
        changes={"status": [old.value, status.value]},
        by=by,
    )
    db.session.flush()
