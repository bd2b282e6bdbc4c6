"""Writes and reused queries of the report area: notes, sections, recommendations, review.

Every edit of a finalized report starts the next version: the report goes back to draft, while the
finalized versions themselves (see ``versions.py``) never change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..agenda.models import AgendaItem, ItemKind, ItemPerson, Theme
from ..audit import ACTION_LABELS, record
from ..dbtypes import utcnow
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from ..uploads import delete_file, save_image
from .models import (
    Priority,
    Recommendation,
    RecommendationState,
    Report,
    ReportSection,
    ReportStatus,
    ReviewComment,
    SessionNote,
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

FIXED_SECTIONS = ("foreword", "executive_summary", "context")
SECTION_TITLES: dict[str, Any] = {
    "foreword": _l("Foreword"),
    "executive_summary": _l("Executive summary"),
    "context": _l("Context and background"),
}
SECTION_HINTS: dict[str, Any] = {
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
# Agenda items that never get notes.
NO_NOTES_KINDS = {ItemKind.BREAK, ItemKind.MEAL}
MAX_TEXT = 50_000


# --- the report and its sections -----------------------------------------------------------


def get_report(event: Event) -> Report:
    """The event's report, created on first use with the event's language, title and hosts."""
    report = db.session.scalar(select(Report).where(Report.event_id == event.id))
    if report is None:
        language = event.default_language if event.default_language in ("es", "en") else "en"
        report = Report(
            event=event,
            language=language,
            title=event.title,
            subtitle=event.subtitle,
            place=", ".join(p for p in (event.city, _country(event.country, language)) if p),
            hosts=event.hosts,
        )
        db.session.add(report)
        db.session.flush()
    return report


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
    """The written sections in document order, creating any that are missing (one per theme)."""
    existing = {
        s.key: s
        for s in db.session.scalars(
            select(ReportSection)
            .options(selectinload(ReportSection.updated_by))
            .where(ReportSection.report_id == report.id)
        )
    }
    ordered = []
    wanted: list[tuple[str, int | None]] = [(key, None) for key in FIXED_SECTIONS]
    wanted += [(f"analysis-{theme.id}", theme.id) for theme in themes_of(report.event)]
    for key, theme_id in wanted:
        section = existing.get(key)
        if section is None:
            section = ReportSection(report=report, key=key, theme_id=theme_id, body="")
            db.session.add(section)
            existing[key] = section
        ordered.append(section)
    db.session.flush()
    return ordered


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
    if expected_version is not None and expected_version != obj.version:
        raise ConflictError(
            _(
                "Someone else saved this text while you were editing it. Both versions are shown "
                "below: merge them and save again."
            )
        )


def check_length(text: str, field_name: str) -> None:
    if len(text) > MAX_TEXT:
        raise DomainError(_("This text is too long (at most 50,000 characters)."), field=field_name)


def reopen_if_final(report: Report) -> None:
    """An edit after finalizing starts work on the next version."""
    if report.status == ReportStatus.FINAL:
        report.status = ReportStatus.DRAFT


def save_section(
    section: ReportSection, body: str, *, expected_version: int | None, by: User
) -> ReportSection:
    check_version(section, expected_version)
    check_length(body, "body")
    if body != section.body:
        section.body = body
        section.updated_by = by
        reopen_if_final(section.report)
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
    logo: IO[bytes] | None = None,
    remove_logo: bool = False,
) -> Report:
    """Change the cover page and the report language; optionally replace or remove the logo."""
    check_version(report, expected_version)
    if data.get("language") not in ("es", "en"):
        raise DomainError(_("Choose English or Spanish."), field="language")
    if not (data.get("title") or "").strip():
        raise DomainError(_("The report needs a title."), field="title")
    new_logo = save_image(logo, folder="report-logos", field="logo", max_side=800) if logo else None
    for key in ("language", "title", "subtitle", "place", "dates_label", "hosts"):
        setattr(report, key, data.get(key) or "")
    if new_logo or remove_logo:
        delete_file(report.logo)
        report.logo = new_logo
    reopen_if_final(report)
    record("report.cover_updated", event=report.event, obj=report, summary=report.title, by=by)
    db.session.flush()
    return report


# --- session notes ---------------------------------------------------------------------------


@dataclass
class SessionRow:
    """An agenda item as the rapporteurs see it: from the published agenda when published."""

    item_id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    room: str
    theme_id: int | None
    is_published: bool
    people: list[dict[str, Any]] = field(default_factory=list)
    note: SessionNote | None = None

    @property
    def has_notes(self) -> bool:
        return self.note is not None and not self.note.is_empty


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def session_rows(event: Event, *, include_all_kinds: bool = False) -> list[SessionRow]:
    """Items of the latest published agenda, plus working-copy items not yet published, in order."""
    from ..agenda.publishing import latest_publication

    publication = latest_publication(event)
    rows: list[SessionRow] = []
    seen: set[int] = set()
    working = {
        item.id: item
        for item in db.session.scalars(
            select(AgendaItem)
            .options(
                selectinload(AgendaItem.room),
                selectinload(AgendaItem.participants).selectinload(ItemPerson.person),
            )
            .where(AgendaItem.event_id == event.id)
        )
    }
    if publication is not None:
        snap = publication.snapshot
        rooms = {r["id"]: r["name"] for r in snap.get("rooms", [])}
        people = {p["id"]: p for p in snap.get("people", [])}
        for item in snap.get("items", []):
            if item["id"] not in working:
                continue  # deleted since publication: notes cannot attach to it
            seen.add(item["id"])
            rows.append(
                SessionRow(
                    item_id=item["id"],
                    title=item["title"],
                    kind=item["kind"],
                    starts_at=_parse(item["starts_at"]),
                    ends_at=_parse(item["ends_at"]),
                    room=rooms.get(item.get("room_id"), ""),
                    theme_id=item.get("theme_id"),
                    is_published=True,
                    people=[
                        {**people[p["person_id"]], "role": p["role"]}
                        for p in sorted(item.get("participants", []), key=lambda p: p["position"])
                        if p["person_id"] in people
                    ],
                )
            )
    for item in working.values():
        if item.id in seen:
            continue
        rows.append(
            SessionRow(
                item_id=item.id,
                title=item.title,
                kind=item.kind.value,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                room=item.room.name if item.room else "",
                theme_id=item.theme_id,
                is_published=False,
                people=[
                    {
                        "id": link.person.id,
                        "honorific": link.person.honorific,
                        "name": link.person.name,
                        "position": link.person.position,
                        "organization": link.person.organization,
                        "country": link.person.country,
                        "role": link.role.value,
                    }
                    for link in item.participants
                ],
            )
        )
    if not include_all_kinds:
        rows = [r for r in rows if r.kind not in {k.value for k in NO_NOTES_KINDS}]
    rows.sort(key=lambda r: (r.starts_at, r.room, r.item_id))
    notes = {
        n.agenda_item_id: n
        for n in db.session.scalars(select(SessionNote).where(SessionNote.event_id == event.id))
    }
    for row in rows:
        row.note = notes.get(row.item_id)
    return rows


def get_item(event: Event, item_id: int) -> AgendaItem | None:
    item = db.session.get(AgendaItem, item_id)
    return item if item is not None and item.event_id == event.id else None


def note_for(event: Event, item: AgendaItem) -> SessionNote | None:
    return db.session.scalar(select(SessionNote).where(SessionNote.agenda_item_id == item.id))


def save_note(
    event: Event,
    item: AgendaItem,
    data: dict[str, str],
    *,
    expected_version: int | None,
    by: User,
) -> SessionNote:
    """Save the notes of one agenda item; a stale version raises ConflictError (nothing saved)."""
    for key in ("summary", "key_points", "statements"):
        check_length(data.get(key, ""), key)
    note = note_for(event, item)
    if note is None:
        if expected_version not in (None, 0):
            # The form was loaded when a note existed; it has been deleted since. Treat as new.
            expected_version = None
        note = SessionNote(event_id=event.id, agenda_item_id=item.id)
        db.session.add(note)
    else:
        check_version(note, expected_version or 0)
    note.summary = data.get("summary", "")
    note.key_points = data.get("key_points", "")
    note.statements = data.get("statements", "")
    note.updated_by_id = by.id
    reopen_if_final(get_report(event))
    record("report.note_saved", event=event, obj=note, summary=item.title, by=by)
    db.session.flush()
    return note


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
    record(
        "report.status_changed",
        event=report.event,
        obj=report,
        changes={"status": [old.value, status.value]},
        by=by,
    )
    db.session.flush()
