"""The report in every language of the event: its texts registered with the content registry
(``seminar.content``), listed side by side for the rapporteur, saved, and checked before a version
freezes all languages at once.

The columns keep each text in its source language (the event's first language unless the
rapporteur chose another for that text); translations live in ``content_translation``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from ..content import services as content
from ..content.diffs import word_diff
from ..content.models import ContentTranslation
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from . import acronyms, front_matter, recommendations, services, sessions
from .models import (
    Licence,
    Recommendation,
    RecommendationState,
    Report,
    ReportAcronym,
    ReportFrontMatter,
    ReportSection,
    SessionNote,
)

content.register(
    "report",
    Report,
    ("title", "subtitle", "place", "dates_label"),
    label=_l("Report cover"),
    query=lambda event: select(Report).where(Report.event_id == event.id),
    endpoint="reports.translations_page",
)
content.register(
    "report_section",
    ReportSection,
    ("body",),
    lambda section: section.report.event_id,
    label=_l("Report sections"),
    query=lambda event: (
        select(ReportSection)
        .join(Report)
        .where(Report.event_id == event.id)
        .order_by(ReportSection.id)
    ),
    endpoint="reports.translations_page",
)
content.register(
    "session_note",
    SessionNote,
    ("summary", "key_points", "statements"),
    label=_l("Session notes"),
    endpoint="reports.translations_page",
)
content.register(
    "recommendation",
    Recommendation,
    ("text", "addressee"),
    label=_l("Recommendations"),
    query=lambda event: (
        select(Recommendation)
        .where(Recommendation.event_id == event.id)
        .order_by(Recommendation.position, Recommendation.id)
    ),
    endpoint="reports.translations_page",
)


def _report_by_id(report_id: int) -> Report:
    """An acronym's report (from the session's identity map when loaded)."""
    return db.session.get_one(Report, report_id)


# The imprint's free texts (the place, year, ISBN and ISSN are the same in every language).
IMPRINT_TEXTS = ("publisher", "citation", "licence_other", "disclaimer")
content.register(
    "report_front_matter",
    ReportFrontMatter,
    IMPRINT_TEXTS,
    lambda front: front.report.event_id,
    label=_l("Imprint"),
    query=lambda event: select(ReportFrontMatter).join(Report).where(Report.event_id == event.id),
    endpoint="reports.translations_page",
)
content.register(
    "report_acronym",
    ReportAcronym,
    ("expansion",),
    lambda acronym: _report_by_id(acronym.report_id).event_id,
    label=_l("List of acronyms"),
    query=lambda event: (
        select(ReportAcronym)
        .join(Report)
        .where(Report.event_id == event.id)
        .order_by(ReportAcronym.position, ReportAcronym.id)
    ),
    endpoint="reports.translations_page",
)

KINDS = (
    "report", "report_section", "session_note", "recommendation", "report_front_matter",
    "report_acronym",
)  # fmt: skip
MODELS: dict[str, type] = {
    "report": Report,
    "report_section": ReportSection,
    "session_note": SessionNote,
    "recommendation": Recommendation,
    "report_front_matter": ReportFrontMatter,
    "report_acronym": ReportAcronym,
}
FIELD_LABELS: dict[tuple[str, str], Any] = {
    ("report", "title"): _l("Title"),
    ("report", "subtitle"): _l("Subtitle"),
    ("report", "place"): _l("Place"),
    ("report", "dates_label"): _l("Dates as printed"),
    ("report_section", "body"): _l("Text"),
    ("session_note", "summary"): _l("Summary"),
    ("session_note", "key_points"): _l("Key points"),
    ("session_note", "statements"): _l("Notable statements"),
    ("recommendation", "text"): _l("Recommendation"),
    ("recommendation", "addressee"): _l("Addressed to"),
    ("report_front_matter", "publisher"): _l("Publisher"),
    ("report_front_matter", "citation"): _l("Suggested citation"),
    ("report_front_matter", "licence_other"): _l("Other licence"),
    ("report_front_matter", "disclaimer"): _l("Disclaimer"),
    ("report_acronym", "expansion"): _l("Meaning"),
}
GROUP_LABELS: dict[str, Any] = {
    "cover": _l("Cover"),
    "imprint": _l("Imprint"),
    "acronyms": _l("List of acronyms"),
    "sections": _l("Sections"),
    "notes": _l("Session notes"),
    "recommendations": _l("Recommendations"),
}
STATUS_LABELS: dict[content.Status, Any] = {
    content.Status.MISSING: _l("Missing"),
    content.Status.CURRENT: _l("Up to date"),
    content.Status.OUTDATED: _l("Outdated"),
}
# Long texts get a large editor; the cover, the addressee, the publisher, the other licence and
# the acronyms' meanings are one line.
SHORT_FIELDS = {
    "title", "subtitle", "place", "dates_label", "addressee", "publisher", "licence_other",
    "expansion",
}  # fmt: skip


def languages(report: Report) -> list[str]:
    """The languages the report is made in: its own language first, then the event's others.
    Every finalized version has one PDF per language."""
    return list(dict.fromkeys([report.language, *report.event.language_list]))


@dataclass(frozen=True)
class Text:
    """One text of the report as the translator sees it, in one target language."""

    group: str
    owner: str
    obj: Any
    field: str
    title: str  # what it is: "Foreword", "Recommendation 3", the session's title
    source: content.Localized
    translation: str
    status: content.Status
    change: content.SourceChange | None
    version: int  # the saved translation's version (0: none yet), for the edit form

    @property
    def label(self) -> str:
        return str(FIELD_LABELS[(self.owner, self.field)])

    @property
    def heading(self) -> str:
        """What the text is: a recommendation's number, a session's title and which of its
        notes ("Panel 1 · Key points")."""
        if self.field in ("body", "text"):
            return self.title
        return f"{self.title} · {self.label}"

    @property
    def is_short(self) -> bool:
        return self.field in SHORT_FIELDS

    @property
    def owner_id(self) -> int:
        return int(self.obj.id)

    @property
    def change_html(self) -> Markup | None:
        """The source's change since the translation was saved: removed and added words marked."""
        return word_diff(self.change.old, self.change.new) if self.change is not None else None


def _pieces(report: Report, *, printed_only: bool) -> list[tuple[str, str, Any, tuple[str, ...]]]:
    """(group, title, object, fields) for every saved piece of the report, in document order."""
    event = report.event
    pieces: list[tuple[str, str, Any, tuple[str, ...]]] = []
    if report.id is not None:  # nobody has saved the cover or a section yet otherwise
        cover_fields = ("title", "subtitle", "place", "dates_label")
        pieces.append(("cover", str(GROUP_LABELS["cover"]), report, cover_fields))
        for section in services.sections_of(report):
            if section.id is not None:
                pieces.append(("sections", services.section_title(section), section, ("body",)))
        pieces.extend(_front_pieces(report, printed_only=printed_only))
    for row in sessions.session_rows(event):
        if row.has_notes and row.note is not None and (row.in_report or not printed_only):
            pieces.append(("notes", row.title, row.note, ("summary", "key_points", "statements")))
    recs = recommendations.recommendations_of(event)
    numbers = recommendations.numbers_for(recs)
    for rec in recs:
        if rec.id in numbers:
            title = _("Recommendation %(number)s", number=numbers[rec.id])
        elif printed_only or rec.state == RecommendationState.WITHDRAWN:
            continue
        else:
            title = "{} ({})".format(
                _("Recommendation"), str(services.STATE_LABELS[rec.state]).lower()
            )
        pieces.append(("recommendations", title, rec, ("text", "addressee")))
    return pieces


def _front_pieces(
    report: Report, *, printed_only: bool
) -> list[tuple[str, str, Any, tuple[str, ...]]]:
    """The imprint's texts and the acronyms' meanings (``printed_only``: if the report prints
    them; the other licence only when it is the one chosen)."""
    pieces: list[tuple[str, str, Any, tuple[str, ...]]] = []
    front = front_matter.find_front_matter(report)
    if front is not None and (front.include_imprint or not printed_only):
        fields = tuple(
            name
            for name in IMPRINT_TEXTS
            if name != "licence_other" or front.licence == Licence.OTHER or not printed_only
        )
        pieces.append(("imprint", str(GROUP_LABELS["imprint"]), front, fields))
    if front is None or front.include_acronyms or not printed_only:
        pieces.extend(
            ("acronyms", entry.acronym, entry, ("expansion",))
            for entry in acronyms.acronyms_of(report)
        )
    return pieces


def texts(report: Report, lang: str, *, printed_only: bool = False) -> list[Text]:
    """Every non-empty text of the report whose source is not ``lang``, with its translation
    into ``lang`` and its status. ``printed_only``: only what the report prints."""
    pieces = _pieces(report, printed_only=printed_only)
    by_kind: dict[type, list[Any]] = {}
    for _group, _title, obj, _fields in pieces:
        by_kind.setdefault(type(obj), []).append(obj)
    for objs in by_kind.values():
        content.preload(objs, lang)
    found = []
    for group, title, obj, fields in pieces:
        kind = content.owner_of(obj).kind
        for name in fields:
            if not (getattr(obj, name) or "").strip():
                continue
            source_lang = content.source_language(obj, name)
            if source_lang == lang:
                continue
            saved = content.translation(obj, name, lang)
            found.append(
                Text(
                    group=group,
                    owner=kind,
                    obj=obj,
                    field=name,
                    title=title,
                    source=content.text(obj, name, source_lang),
                    translation=saved.value if saved is not None else "",
                    status=content.status(obj, name, lang),
                    change=content.diff_source(obj, name, lang),
                    version=saved.version if saved is not None else 0,
                )
            )
    return found


def incomplete(report: Report) -> list[tuple[str, Text]]:
    """(language, text) for every printed text whose translation is missing or outdated, in
    every language of the report: what finalizing asks the organizer to confirm."""
    return [
        (lang, text)
        for lang in languages(report)
        for text in texts(report, lang, printed_only=True)
        if text.status != content.Status.CURRENT
    ]


def incomplete_key(found: Iterable[tuple[str, Text]]) -> str:
    """A short fingerprint of that list: the confirmation is for exactly the list shown."""
    parts = sorted(f"{lang}:{t.owner}:{t.owner_id}:{t.field}:{t.status}" for lang, t in found)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16] if parts else ""


def find_text(event: Event, kind: str, owner_id: int, field: str) -> Any | None:
    """The report object that holds this text, if it is one of this event's report texts."""
    if kind not in KINDS or field not in content.owner(kind).fields:
        return None
    obj = db.session.get(MODELS[kind], owner_id)
    if obj is None or content.owner(kind).event_id(obj) != event.id:
        return None
    return obj


def saved_row(obj: Any, field: str, lang: str) -> ContentTranslation | None:
    """The stored translation with who saved it and when (for the conflict page)."""
    return db.session.scalar(
        select(ContentTranslation).where(
            ContentTranslation.owner == content.owner_of(obj).kind,
            ContentTranslation.owner_id == obj.id,
            ContentTranslation.field == field,
            ContentTranslation.lang == lang,
        )
    )


def _report_of(obj: Any) -> Report | None:
    if isinstance(obj, Report):
        return obj
    if isinstance(obj, ReportSection | ReportFrontMatter):
        return obj.report
    if isinstance(obj, ReportAcronym):
        return _report_by_id(obj.report_id)
    return db.session.scalar(select(Report).where(Report.event_id == obj.event_id))


def save(obj: Any, field: str, lang: str, value: str, *, version: int | None, user: Any) -> None:
    """Save a translation of a report text; the report's next version will carry it."""
    services.check_length(value, "value")
    content.save(obj, field, lang, value, version=version, user=user)
    services.reopen_if_final(_report_of(obj))


def make_source(obj: Any, field: str, lang: str, *, user: Any) -> None:
    """The rapporteur drafted this text in ``lang``: make that language its source."""
    if lang == content.source_language(obj, field):
        raise DomainError(_("This text is already written in that language."))
    content.set_source_language(obj, field, lang, user)
    services.reopen_if_final(_report_of(obj))
