"""Exports of a published agenda: iCalendar (RFC 5545) and the frab/C3VOC schedule (XML, JSON).

Each function takes a publication's ``Programme`` (public items only) and absolute URLs, and
returns bytes. Identifiers are stable across versions, so calendar clients and conference apps
(Giggity, ConfClerk, EventFahrplan) update sessions instead of duplicating them: the iCalendar UID
is the item's uid, and frab ``guid``s are UUIDv5 of it in a fixed namespace.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from datetime import datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - we only build XML, never parse it

from flask_babel import get_locale
from flask_babel import gettext as _
from icalendar import Calendar, vText
from icalendar import Event as VEvent

from .programme import Programme, ProgrammeItem, kind_label, person_line, person_name, role_label

GENERATOR = "seminar"
GENERATOR_VERSION = "0.1.0"
PRODID = "-//seminar//Published agenda//EN"
# Fixed namespace for UUIDv5 identifiers: never change it, or apps see every session as new.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/seminar/seminar/agenda")
FRAB_TYPES = {"working_group": "workshop", "plenary": "discussion", "panel": "discussion"}
TZ_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def item_guid(uid: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"item:{uid}"))


def room_guid(event_slug: str, room_id: int | None) -> str:
    return str(uuid.uuid5(NAMESPACE, f"room:{event_slug}:{room_id or 0}"))


def person_guid(event_slug: str, person_id: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"person:{event_slug}:{person_id}"))


def ascii_slug(text: str, *, sep: str = "-", limit: int = 60) -> str:
    """'Análisis de políticas' -> 'analisis-de-politicas' (accents dropped, like pretalx)."""
    plain = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", sep, plain).strip(sep)
    return slug[:limit].rstrip(sep)


def acronym_for(event_slug: str) -> str:
    """frab acronym: lowercase, at least 4 characters, no inner hyphen."""
    acronym = ascii_slug(event_slug, sep="_")
    return acronym if len(acronym) >= 4 else (acronym + "_sem")[:4].ljust(4, "_")


def item_slug(acronym: str, item: ProgrammeItem) -> str:
    return f"{acronym}-{item.id}-{ascii_slug(item.title, limit=50) or 'item'}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _room_name(item: ProgrammeItem) -> str:
    return item.room["name"] if item.room else _("All rooms")


def describe(item: ProgrammeItem) -> str:
    """Plain-text description: people with their positions, language, then the item's text."""
    lines: list[str] = []
    for role, people in item.roles:
        label = role_label(role, len(people))
        if len(people) == 1:
            lines.append(f"{label}: {person_line(people[0])}")
        else:
            lines.append(f"{label}:")
            lines.extend(f"- {person_line(p)}" for p in people)
    if item.has_interpretation:
        lines.append(_("Simultaneous interpretation provided."))
    if item.description:
        if lines:
            lines.append("")
        lines.append(item.description.strip())
    return "\n".join(lines)


# --- iCalendar ---------------------------------------------------------------------------------


def _language(value: Any) -> dict[str, str]:
    """RFC 5545 LANGUAGE parameter: the language a text is in (a fallback keeps its own), else
    the document's language."""
    lang = getattr(value, "lang", None) if value else None
    return {"LANGUAGE": lang or document_language()}


def document_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "en"


def icalendar(
    programme: Programme,
    *,
    title: str,
    published_at: datetime,
    sequence: int,
    agenda_url: str,
    items: list[ProgrammeItem] | None = None,
) -> bytes:
    """An RFC 5545 calendar: one VEVENT per public item, VTIMEZONE for the event's zone.

    DTSTAMP is the publication time (no METHOD, so it means "last revision"): the same version
    always exports the same bytes, and SEQUENCE grows with each version.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", title, parameters=_language(title))
    cal.add("x-wr-calname", title, parameters=_language(title))
    cal.add("x-wr-timezone", programme.event["timezone"])
    for item in programme.items if items is None else items:
        vevent = VEvent()
        vevent.add("uid", item.uid)
        vevent.add("dtstamp", published_at)
        vevent.add("last-modified", published_at)
        vevent.add("sequence", sequence)
        vevent.add("dtstart", item.starts_at)
        vevent.add("dtend", item.ends_at)
        vevent.add("summary", item.title, parameters=_language(item.title))
        vevent.add("location", _room_name(item), parameters=_language(_room_name(item)))
        description = describe(item)
        if description:
            vevent.add("description", description, parameters=_language(item.description))
        categories = [kind_label(item.kind)]
        if item.theme:
            categories.append(item.theme["name"])
        vevent.add("categories", categories, parameters=_language(None))
        vevent.add("url", f"{agenda_url}#item-{item.uid}")
        vevent.add("status", "CONFIRMED")
        vevent.add("transp", "TRANSPARENT" if item.is_pause else "OPAQUE")
        if item.language:
            vevent["x-seminar-language"] = vText(item.language)
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


# --- frab / C3VOC schedule -----------------------------------------------------------------------


def _day_bounds(programme: Programme, day_date: Any) -> tuple[datetime, datetime]:
    start = datetime.combine(day_date, datetime.min.time()).replace(hour=4, tzinfo=programme.zone)
    return start, start + timedelta(days=1, minutes=-1)


def _conference(programme: Programme, *, title: str, event_slug: str, url: str) -> dict[str, Any]:
    conference: dict[str, Any] = {
        "acronym": acronym_for(event_slug),
        "title": title,
        "start": programme.event["starts_on"],
        "end": programme.event["ends_on"],
        "daysCount": len(programme.days),
        "timeslot_duration": "00:05",
        "url": url,
    }
    if TZ_NAME.match(programme.event["timezone"]):
        conference["time_zone_name"] = programme.event["timezone"]
    return conference


def schedule_json(
    programme: Programme,
    *,
    title: str,
    event_slug: str,
    version: str,
    agenda_url: str,
    base_url: str,
) -> bytes:
    """frab ``schedule.json`` as pretalx emits it (validates against C3VOC's schema.json)."""
    acronym = acronym_for(event_slug)
    conference = _conference(programme, title=title, event_slug=event_slug, url=agenda_url)
    conference["rooms"] = [
        {
            "name": r["name"],
            "guid": room_guid(event_slug, r["id"]),
            "capacity": r["capacity"],
        }
        for r in programme.used_rooms
    ]
    if any(item.room is None for item in programme.items):
        conference["rooms"].append(
            {"name": _("All rooms"), "guid": room_guid(event_slug, None), "capacity": None}
        )
    conference["tracks"] = [
        {
            "name": t["name"],
            "slug": ascii_slug(t["name"]) or f"track-{t['id']}",
            "color": t["color"],
        }
        for t in programme.themes
    ]
    days = []
    for day in programme.days:
        day_start, day_end = _day_bounds(programme, day.date)
        rooms: dict[str, list[dict[str, Any]]] = {r["name"]: [] for r in programme.used_rooms}
        for item in day.items:
            rooms.setdefault(_room_name(item), []).append(
                {
                    "guid": item_guid(item.uid),
                    "id": item.id,
                    "date": item.starts_at.isoformat(),
                    "start": item.starts_at.strftime("%H:%M"),
                    "duration": _hhmm(item.minutes),
                    "room": _room_name(item),
                    "slug": item_slug(acronym, item),
                    "url": f"{agenda_url}#item-{item.uid}",
                    "title": item.title,
                    "subtitle": "",
                    "track": item.theme["name"] if item.theme else None,
                    "type": FRAB_TYPES.get(item.kind, item.kind),
                    "language": item.language or None,
                    "abstract": item.description or "",
                    "description": describe(item),
                    "persons": [
                        {
                            "guid": person_guid(event_slug, p["id"]),
                            "name": person_name(p),
                            "biography": p.get("bio") or None,
                            "avatar": f"{base_url}media/{p['photo']}" if p.get("photo") else None,
                        }
                        for p in item.people
                    ],
                    "links": [],
                }
            )
        days.append(
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day_start.isoformat(),
                "day_end": day_end.isoformat(),
                "rooms": rooms,
            }
        )
    conference["days"] = days
    conference["meta"] = {"language": document_language()}  # the language of the texts
    document = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": GENERATOR, "version": GENERATOR_VERSION},
        "schedule": {"version": version, "base_url": base_url, "conference": conference},
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def schedule_xml(
    programme: Programme,
    *,
    title: str,
    event_slug: str,
    version: str,
    agenda_url: str,
    base_url: str,
    xml_url: str,
) -> bytes:
    """frab/pentabarf ``schedule.xml`` (validates against C3VOC's schedule.xml.xsd)."""
    acronym = acronym_for(event_slug)
    root = ET.Element("schedule")
    _sub(root, "generator", name=GENERATOR, version=GENERATOR_VERSION)
    _sub(root, "url", xml_url)
    _sub(root, "version", version)
    conf = _sub(root, "conference")
    for key, value in _conference(
        programme, title=title, event_slug=event_slug, url=agenda_url
    ).items():
        _sub(conf, "days" if key == "daysCount" else key, str(value))
    _sub(conf, "base_url", base_url)
    for theme in programme.themes:
        _sub(conf, "track", theme["name"], name=theme["name"], color=theme["color"].lower())
    for day in programme.days:
        day_start, day_end = _day_bounds(programme, day.date)
        day_el = _sub(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day_start.isoformat(),
            end=day_end.isoformat(),
        )
        by_room: dict[str, tuple[str, list[ProgrammeItem]]] = {
            r["name"]: (room_guid(event_slug, r["id"]), []) for r in programme.used_rooms
        }
        for item in day.items:
            name = _room_name(item)
            by_room.setdefault(name, (room_guid(event_slug, None), []))[1].append(item)
        for room_name, (guid, items) in by_room.items():
            room_el = _sub(day_el, "room", name=room_name, guid=guid)
            for item in items:
                ev = _sub(room_el, "event", id=str(item.id), guid=item_guid(item.uid))
                _sub(ev, "date", item.starts_at.isoformat())
                _sub(ev, "start", item.starts_at.strftime("%H:%M"))
                _sub(ev, "duration", _hhmm(item.minutes))
                _sub(ev, "room", room_name)
                _sub(ev, "slug", item_slug(acronym, item))
                _sub(ev, "url", f"{agenda_url}#item-{item.uid}")
                _sub(ev, "title", item.title)
                _sub(ev, "subtitle", "")
                _sub(ev, "track", item.theme["name"] if item.theme else "")
                _sub(ev, "type", FRAB_TYPES.get(item.kind, item.kind))
                _sub(ev, "language", item.language or "")
                _sub(ev, "abstract", item.description or "")
                _sub(ev, "description", describe(item))
                persons = _sub(ev, "persons")
                for p in item.people:
                    _sub(
                        persons,
                        "person",
                        person_name(p),
                        id=str(p["id"]),
                        guid=person_guid(event_slug, p["id"]),
                    )
                _sub(ev, "links")
                _sub(ev, "attachments")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'.encode()
