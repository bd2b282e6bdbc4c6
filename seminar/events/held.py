"""Where and when an event was held, in words, in the current language: "Held in La Paz, 2–3
December 2026" / "Celebrado en La Paz, 2 y 3 de diciembre de 2026"; and when a document made from
it counts as published (never before the event's last day)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_interval, format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _

from .models import Event


def _locale() -> str:
    return str(get_locale() or "en")


def event_dates(event: Event) -> str:
    """The event's dates: one day, days of one month, or a range across months."""
    start, end, locale = event.starts_on, event.ends_on, _locale()
    if start == end:
        return format_date(start, "long", locale=locale)
    if (start.year, start.month) != (end.year, end.month):
        return format_interval(start, end, skeleton="yMMMMd", locale=locale)
    month = format_skeleton("yMMMM", start, locale=locale)
    if (end - start).days == 1:
        return _("%(first)s–%(second)s %(month)s", first=start.day, second=end.day, month=month)
    return _("%(first)s–%(last)s %(month)s", first=start.day, last=end.day, month=month)


def held_in(event: Event, *, place: str = "", dates: str = "") -> str:
    """The sentence for a cover or a certificate; ``dates`` replaces the event's own dates."""
    place = place or event.city
    dates = dates or event_dates(event)
    if not place:
        return dates
    if event.starts_on == event.ends_on:
        return _("Held in %(place)s on %(date)s", place=place, date=dates)
    return _("Held in %(place)s, %(dates)s", place=place, dates=dates)


def is_published_on(event: Event, day: date) -> bool:
    """A version frozen on ``day`` is a publication only from the event's last day on; one
    frozen before is a draft, whatever its number."""
    return day >= event.ends_on


def cover_identity(
    event: Event,
    *,
    issued_at: datetime,
    is_version: bool,
    place: str = "",
    dates: str = "",
) -> dict[str, Any]:
    """What a document's cover says about who made it, where, when, and when it was issued:
    "Published <date>" for a version frozen from the event's last day on, else "Draft of <date>".
    Logos are ``/media/`` addresses, which the PDF renderer serves from the store."""
    issued_on = issued_at.astimezone(ZoneInfo(event.timezone)).date()
    published = is_version and is_published_on(event, issued_on)
    day = format_date(issued_on, "long", locale=_locale())
    return {
        "host_logos": [
            {"src": host.logo_url, "alt": host.logo_alt or host.name, "name": host.name}
            for host in event.host_organizations
            if host.logo_url
        ],
        "held_in": held_in(event, place=place, dates=dates),
        "is_published": published,
        "issued_label": _("Published %(date)s", date=day)
        if published
        else _("Draft of %(date)s", date=day),
    }
