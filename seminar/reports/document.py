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

from ..content import services as content
from ..events.held import cover_identity
from ..extensions import db
from ..i18n import TIME_PATTERNS, country_name, language_name
from ..registration.models import Registration, RegistrationStatus, Sex
from . import front_matter, recommendations, services, translations
from .collation import person_sort_key, sort_key, translate_honorific
from .models import Report
from .sessions import session_rows

ROLE_LABELS: dict[str, Any] = {
    "speaker": _l("Speaker"),
    "moderator": _l("Moderator"),
    "discussant": _l("Discussant"),
    "rapporteur": _l("Rapporteur"),
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _person_name(person: dict[str, Any], lang: str) -> str:
    honorific = translate_honorific(person.get("honorific", ""), lang)
    return f"{honorific} {person.get('name', '')}".strip()


def _family_first(name: str) -> tuple[str, str]:
    """A speaker's name has one field: the first word is taken as the given name."""
    given, _sep, family = name.strip().partition(" ")
    return (family, given) if family else (given, "")


def _person_line(person: dict[str, Any], lang: str) -> str:
    parts = [person.get("position", ""), person.get("organization", "")]
    country = country_name(person.get("country") or "", lang)
    if country and country not in parts[1]:
        parts.append(country)
    return ", ".join(p for p in parts if p)


def collect_inputs(
    report: Report,
    *,
    lang: str | None = None,
    version_number: int | None = None,
    finalized_at: datetime | None = None,
) -> dict[str, Any]:
    """The document as data, in ``lang`` (default: the report's language).

    Every language gets the same structure and numbers; texts not translated yet stay in their
    source language, marked with it (``<key>_lang``) so the document can say so to screen readers.
    """
    lang = lang or report.language
    with force_locale(lang):
        return _collect(report, lang, version_number, finalized_at)


def _texts(obj: Any, fields: tuple[str, ...], lang: str) -> dict[str, str]:
    """``obj``'s texts in ``lang``; for a text shown in another language, that language under
    ``<field>_lang``."""
    found: dict[str, str] = {}
    for name in fields:
        value = content.text(obj, name, lang)
        found[name] = str(value)
        if value and value.lang != lang:
            found[f"{name}_lang"] = value.lang
    return found


def _other_editions(report: Report, lang: str) -> list[dict[str, str]]:
    """The same report in the event's other languages, for the imprint: "Also available in ..."."""
    editions = []
    for other in translations.languages(report):
        if other == lang:
            continue
        content.preload_event(report.event.id, other)
        title = (
            content.text(report, "title", other)
            if report.id is not None and report.title
            else content.text(report.event, "title", other)
        )
        editions.append(
            {
                "lang": other,
                "language": language_name(other, lang),
                "title": str(title),
                "title_lang": title.lang,
            }
        )
    return editions


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
    content.preload_event(event.id, lang)  # every translation of the event, in two queries
    theme_names = {t.id: str(content.text(t, "name", lang)) for t in themes}
    if report.id is not None:
        cover = _texts(report, ("title", "subtitle", "place", "dates_label"), lang)
    else:  # nobody has saved the report yet: the event's title and subtitle
        cover = _texts(event, ("title", "subtitle"), lang)
        cover.update(place=report.place, dates_label=report.dates_label)
    if not cover["title"]:
        cover.update(_texts(event, ("title",), lang))
    doc: dict[str, Any] = {
        "language": lang,
        "title": cover["title"],
        "title_lang": cover.get("title_lang", ""),
        "subtitle": cover["subtitle"],
        "subtitle_lang": cover.get("subtitle_lang", ""),
        "place": cover["place"],
        "dates": cover["dates_label"] or dates,
        "other_editions": _other_editions(report, lang),
        "hosts": event.host_list,
        **cover_identity(
            event,
            issued_at=finalized_at or datetime.now(tz),
            is_version=bool(version_number),
            place=event.city or cover["place"],
            dates=cover["dates_label"],
        ),
        "keywords": list(theme_names.values()),
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
    by_key = {
        s.key: _texts(s, ("body",), lang) if s.id is not None else {"body": ""} for s in sections
    }
    parts = front_matter.collect(report, lang, title=doc["title"], subtitle=doc["subtitle"])
    front = []
    keys = ("acknowledgements", "foreword", "executive_summary")
    for key in keys if parts.pop("include_acknowledgements") else keys[1:]:
        front.append(
            {
                "key": key,
                "anchor": key,
                "number": "",
                "title": str(services.SECTION_TITLES[key]),
                **by_key[key],
            }
        )
    chapters: list[dict[str, Any]] = []
    chapters.append(
        {
            "key": "context",
            "anchor": "context",
            "number": "1",
            "title": str(services.SECTION_TITLES["context"]),
            **by_key["context"],
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
                "title": theme_names[theme.id],
                **(section or {"body": ""}),
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
    titles = {
        row.item_id: content.resolve("agenda_item", row.item_id, event.id, "title", row.title, lang)
        for row in rows
    }
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
                "title": str(titles[row.item_id]),
                "title_lang": titles[row.item_id].lang if titles[row.item_id].lang != lang else "",
                "when": "{}, {}–{}".format(
                    format_date(start.date(), "full", locale=lang),
                    format_time(start, TIME_PATTERNS.get(lang, "short"), locale=lang),
                    format_time(end, TIME_PATTERNS.get(lang, "short"), locale=lang),
                ),
                "room": row.room,
                "people": [
                    {
                        "role": str(ROLE_LABELS.get(p["role"], p["role"])),
                        "name": _person_name(p, lang),
                        "position": _person_line(p, lang),
                    }
                    for p in row.people
                    if p["role"] != "rapporteur"
                ],
                **_texts(row.note, ("summary", "key_points", "statements"), lang),
            }
        )

    # Chapter 4: adopted recommendations, numbered, by theme.
    recs = recommendations.recommendations_of(event)
    numbers = recommendations.numbers_for(recs)
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
            **_texts(rec, ("text", "addressee"), lang),
            "priority": str(services.PRIORITY_LABELS[rec.priority]),
            "timeframe": str(services.TIMEFRAME_LABELS[rec.timeframe]),
            "sources": [
                str(titles[i.id])
                for i in sorted(rec.items, key=lambda i: i.starts_at)
                if i.id in titles
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
    doc.update(parts)
    doc.update(_annexes(report, lang, tz, with_statistics=parts["statistics"] is not None))
    return doc


def _annexes(report: Report, lang: str, tz: ZoneInfo, *, with_statistics: bool) -> dict[str, Any]:
    from ..agenda.publishing import latest_publication

    event = report.event
    publication = latest_publication(event)
    agenda_days: list[dict[str, Any]] = []
    speakers: list[dict[str, Any]] = []
    if publication is not None:
        snap = publication.snapshot
        rooms = {
            r["id"]: str(content.resolve("room", r["id"], event.id, "name", r["name"], lang))
            for r in snap.get("rooms", [])
        }
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
                names.append(f"{_person_name(person, lang)} ({ROLE_LABELS.get(link['role'], '')})")
            by_day[start.date().isoformat()].append(
                {
                    "time": "{}–{}".format(
                        format_time(start, TIME_PATTERNS.get(lang, "short"), locale=lang),
                        format_time(end, TIME_PATTERNS.get(lang, "short"), locale=lang),
                    ),
                    "title": str(
                        content.resolve(
                            "agenda_item", item["id"], event.id, "title", item["title"], lang
                        )
                    ),
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
                    "name": _person_name(people[pid], lang),
                    "sort": person_sort_key(*_family_first(people[pid]["name"]), lang),
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
    count = 0
    sortable: dict[str, list[tuple[bytes, dict[str, str]]]] = defaultdict(list)
    for reg in registrations:
        country = country_name(reg.country, lang) if reg.country else _("Other")
        honorific = translate_honorific(
            reg.honorific, lang, is_female={Sex.FEMALE: True, Sex.MALE: False}.get(reg.sex)
        )
        sortable[country].append(
            (
                person_sort_key(reg.family_name, reg.given_name, lang),
                {
                    "name": f"{honorific} {reg.full_name}".strip(),
                    "position": reg.position,
                    "institution": reg.institution,
                },
            )
        )
        count += 1
    # By country, then family name, with the collation of the document's language.
    participant_groups = [
        {
            "country": country,
            "people": [p for _key, p in sorted(sortable[country], key=lambda t: t[0])],
        }
        for country in sorted(sortable, key=lambda c: sort_key(c, lang))
    ]
    annexes = [
        {"key": "agenda", "anchor": "annex-agenda", "title": _("Agenda")},
        {"key": "speakers", "anchor": "annex-speakers", "title": _("Speakers and moderators")},
    ]
    if with_statistics:
        annexes.append(
            {
                "key": "statistics",
                "anchor": "annex-statistics",
                "title": _("Participants in figures"),
            }
        )
    annexes.append(
        {"key": "participants", "anchor": "annex-participants", "title": _("List of participants")}
    )
    for number, annex in enumerate(annexes):
        annex["number"] = ROMAN[number]
    return {
        "agenda_days": agenda_days,
        "agenda_version": publication.number if publication is not None else None,
        "speakers": speakers,
        "participant_groups": participant_groups,
        "participant_count": count,
        "annexes": annexes,
        "annex": {annex["key"]: annex for annex in annexes},
    }
