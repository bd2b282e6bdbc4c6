"""The report's inputs: everything the document shows, gathered once as plain JSON-able data.

The same dictionary feeds the browser preview and the PDF, and is stored with each finalized
version (so a version can be compared with another and explained years later). Labels, dates and
country names are already in the report's language; user text stays Markdown source and is
sanitized when the template renders it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_interval, format_time
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..i18n import country_name
from ..registration.models import Registration, RegistrationStatus
from . import recommendations, services
from .models import Report
from .sessions import session_rows

ROLE_LABELS: dict[str, Any] = {
    "speaker": _l("Speaker"),
    "moderator": _l("Moderator"),
    "discussant": _l("Discussant"),
    "rapporteur": _l("Rapporteur"),
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _sort_key(text: str) -> str:
    import unicodedata

    return "".join(
        c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c)
    )


def _person_name(person: dict[str, Any]) -> str:
    return f"{person.get('honorific', '')} {person.get('name', '')}".strip()


def _person_line(person: dict[str, Any], lang: str) -> str:
    parts = [person.get("position", ""), person.get("organization", "")]
    country = country_name(person.get("country") or "", lang)
    if country and country not in parts[1]:
        parts.append(country)
    return ", ".join(p for p in parts if p)


def collect_inputs(
    report: Report,
    *,
    version_number: int | None = None,
    finalized_at: datetime | None = None,
) -> dict[str, Any]:
    """The document as data, in the report's language."""
    lang = report.language
    with force_locale(lang):
        return _collect(report, lang, version_number, finalized_at)


def _collect(
    report: Report, lang: str, version_number: int | None, finalized_at: datetime | None
) -> dict[str, Any]:
    event = report.event
    tz = ZoneInfo(event.timezone)
    if event.starts_on == event.ends_on:
        dates = format_date(event.starts_on, "long", locale=lang)
    else:
        dates = format_interval(event.starts_on, event.ends_on, skeleton="yMMMMd", locale=lang)
    themes = services.themes_of(event)
    theme_names = {t.id: t.name for t in themes}
    doc: dict[str, Any] = {
        "language": lang,
        "title": report.title or event.title,
        "subtitle": report.subtitle,
        "place": report.place,
        "dates": report.dates_label or dates,
        "hosts": report.host_list,
        "logo": f"/media/{report.logo}" if report.logo else None,
        "keywords": [t.name for t in themes],
        "version_number": version_number,
        "version_label": (
            _("Version %(number)s", number=version_number) if version_number else _("Draft")
        ),
        "issued_on": format_date(
            (finalized_at or datetime.now(tz)).astimezone(tz), "long", locale=lang
        ),
    }

    # Written sections: unnumbered front matter, then chapter 1 (context), chapter 2 (analysis).
    sections = services.sections_of(report)
    by_key = {s.key: s for s in sections}
    front = []
    for key in ("foreword", "executive_summary"):
        front.append(
            {
                "key": key,
                "anchor": key,
                "number": "",
                "title": str(services.SECTION_TITLES[key]),
                "body": by_key[key].body,
            }
        )
    chapters: list[dict[str, Any]] = []
    chapters.append(
        {
            "key": "context",
            "anchor": "context",
            "number": "1",
            "title": str(services.SECTION_TITLES["context"]),
            "body": by_key["context"].body,
            "children": [],
        }
    )
    analysis_children = []
    for index, theme in enumerate(themes, start=1):
        section = by_key.get(f"analysis-{theme.id}")
        analysis_children.append(
            {
                "key": f"analysis-{theme.id}",
                "anchor": f"analysis-{theme.id}",
                "number": f"2.{index}",
                "title": theme.name,
                "body": section.body if section else "",
            }
        )
    chapters.append(
        {
            "key": "analysis",
            "anchor": "analysis",
            "number": "2",
            "title": _("Analysis of current policies"),
            "body": "",
            "children": analysis_children,
        }
    )

    # Chapter 3: session summaries from the notes, in agenda order. Published means public: only
    # public items of the published agenda, never internal or not yet published ones.
    rows = [row for row in session_rows(event) if row.in_report]
    sessions: list[dict[str, Any]] = []
    for row in rows:
        if not row.has_notes or row.note is None:
            continue
        start = row.starts_at.astimezone(tz)
        end = row.ends_at.astimezone(tz)
        sessions.append(
            {
                "key": f"session-{row.item_id}",
                "anchor": f"session-{row.item_id}",
                "number": f"3.{len(sessions) + 1}",
                "title": row.title,
                "when": "{}, {}–{}".format(
                    format_date(start.date(), "full", locale=lang),
                    format_time(start, "HH:mm", locale=lang),
                    format_time(end, "HH:mm", locale=lang),
                ),
                "room": row.room,
                "people": [
                    {
                        "role": str(ROLE_LABELS.get(p["role"], p["role"])),
                        "name": _person_name(p),
                        "position": _person_line(p, lang),
                    }
                    for p in row.people
                    if p["role"] != "rapporteur"
                ],
                "summary": row.note.summary,
                "key_points": row.note.key_points,
                "statements": row.note.statements,
            }
        )

    # Chapter 4: adopted recommendations, numbered, by theme.
    recs = recommendations.recommendations_of(event)
    numbers = recommendations.numbers_for(recs)
    printed = {row.item_id: row for row in rows}
    groups: list[dict[str, Any]] = []
    flat = []
    for rec in recs:
        if rec.id not in numbers:
            continue
        title = theme_names.get(rec.theme_id or 0) or _("General recommendations")
        if not groups or groups[-1]["theme_id"] != rec.theme_id:
            groups.append(
                {
                    "theme_id": rec.theme_id,
                    "anchor": f"recommendations-{rec.theme_id or 'general'}",
                    "number": f"4.{len(groups) + 1}",
                    "title": title,
                    "items": [],
                }
            )
        entry = {
            "id": rec.id,
            "number": numbers[rec.id],
            "theme": title,
            "text": rec.text,
            "addressee": rec.addressee,
            "priority": str(services.PRIORITY_LABELS[rec.priority]),
            "timeframe": str(services.TIMEFRAME_LABELS[rec.timeframe]),
            "sources": [
                printed[i.id].title
                for i in sorted(rec.items, key=lambda i: i.starts_at)
                if i.id in printed
            ],
        }
        groups[-1]["items"].append(entry)
        flat.append(entry)

    doc.update(
        front=front,
        chapters=chapters,
        sessions=sessions,
        recommendation_groups=groups,
        recommendations=flat,
        recommendation_count=len(flat),
    )
    doc.update(_annexes(report, lang, tz))
    return doc


def _annexes(report: Report, lang: str, tz: ZoneInfo) -> dict[str, Any]:
    from ..agenda.publishing import latest_publication

    event = report.event
    publication = latest_publication(event)
    agenda_days: list[dict[str, Any]] = []
    speakers: list[dict[str, Any]] = []
    if publication is not None:
        snap = publication.snapshot
        rooms = {r["id"]: r["name"] for r in snap.get("rooms", [])}
        people = {p["id"]: p for p in snap.get("people", [])}
        by_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
        speaking: set[int] = set()
        for item in snap.get("items", []):
            if not item.get("is_public", True):
                continue
            start = datetime.fromisoformat(item["starts_at"]).astimezone(tz)
            end = datetime.fromisoformat(item["ends_at"]).astimezone(tz)
            names = []
            for link in sorted(item.get("participants", []), key=lambda p: p["position"]):
                person = people.get(link["person_id"])
                if person is None:
                    continue
                if link["role"] != "rapporteur":
                    speaking.add(person["id"])
                names.append(f"{_person_name(person)} ({ROLE_LABELS.get(link['role'], '')})")
            by_day[start.date().isoformat()].append(
                {
                    "time": "{}–{}".format(
                        format_time(start, "HH:mm", locale=lang),
                        format_time(end, "HH:mm", locale=lang),
                    ),
                    "title": item["title"],
                    "room": rooms.get(item.get("room_id"), ""),
                    "people": "; ".join(names),
                    "kind": item["kind"],
                }
            )
        for day, items in sorted(by_day.items()):
            agenda_days.append(
                {
                    "label": format_date(datetime.fromisoformat(day).date(), "full", locale=lang),
                    "items": items,
                }
            )
        speakers = sorted(
            (
                {
                    "name": _person_name(people[pid]),
                    "sort": _sort_key(people[pid]["name"]),
                    "position": people[pid].get("position", ""),
                    "organization": people[pid].get("organization", ""),
                    "country": country_name(people[pid].get("country") or "", lang),
                }
                for pid in speaking
            ),
            key=lambda p: p["sort"],
        )
        for speaker in speakers:
            speaker.pop("sort")

    registrations = db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.consents_to_list.is_(True),
        )
    )
    by_country: dict[str, list[dict[str, str]]] = defaultdict(list)
    count = 0
    for reg in registrations:
        country = country_name(reg.country, lang) if reg.country else _("Other")
        by_country[country].append(
            {
                "name": reg.display_name,
                "sort": _sort_key(f"{reg.institution} {reg.family_name} {reg.given_name}"),
                "position": reg.position,
                "institution": reg.institution,
            }
        )
        count += 1
    participant_groups = []
    for country in sorted(by_country, key=_sort_key):
        people_list = sorted(by_country[country], key=lambda p: p["sort"])
        for person in people_list:
            person.pop("sort")
        participant_groups.append({"country": country, "people": people_list})
    annexes = [
        {"anchor": "annex-agenda", "number": ROMAN[0], "title": _("Agenda")},
        {"anchor": "annex-speakers", "number": ROMAN[1], "title": _("Speakers and moderators")},
        {"anchor": "annex-participants", "number": ROMAN[2], "title": _("List of participants")},
    ]
    return {
        "agenda_days": agenda_days,
        "agenda_version": publication.number if publication is not None else None,
        "speakers": speakers,
        "participant_groups": participant_groups,
        "participant_count": count,
        "annexes": annexes,
    }
