"""The time zones an organizer can choose for an event.

Only canonical IANA zones are offered, each under the country it belongs to (tzdata's ``zone.tab``),
never the backward-compatible aliases that ``zoneinfo.available_timezones()`` also lists ("US/Eastern",
"Cuba", "GMT+0"...). The event country's zones come first; every zone is labelled with its city and
country in the reader's language and its current UTC offset, so a native ``<select>`` finds it by
typing the first letters of the country.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache, lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_gmt, get_timezone_location
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import SelectChoice

from ..i18n import _sort_key, country_name


@cache
def zones_by_country() -> dict[str, tuple[str, ...]]:
    """Country code -> its canonical zones, in tzdata's order (the most populous area first)."""
    text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_comment = line.split("\t")
            zones.setdefault(code, []).append(zone)
    return {code: tuple(names) for code, names in zones.items()}


@cache
def country_of_zone() -> dict[str, str]:
    return {zone: code for code, names in zones_by_country().items() for zone in names}


def country_for(zone: str | None) -> str:
    """The country a canonical zone belongs to ("" for UTC, aliases and unknown names)."""
    return country_of_zone().get(zone or "", "")


def is_offered(zone: str) -> bool:
    return zone == "UTC" or zone in country_of_zone()


def timezone_choices(country: str | None, current: str | None = None) -> list[SelectChoice]:
    """Options for the event form: the country's zones, then all others, then UTC.

    ``current`` is kept on offer even if it is an alias saved before this list existed, so that
    editing an older event does not silently change its time zone.
    """
    return _choices(str(get_locale()), (country or "").upper(), current or "", date.today())


@lru_cache(maxsize=64)
def _choices(locale: str, country: str, current: str, today: date) -> list[SelectChoice]:
    # ``today`` is part of the cache key: offsets change with daylight saving time.
    moment = datetime.combine(today, datetime.min.time(), UTC)

    def offset(zone: str) -> str:
        return get_timezone_gmt(moment.astimezone(ZoneInfo(zone)), locale=locale)

    def city(zone: str) -> str:
        return str(get_timezone_location(zone, locale=locale, return_city=True))

    options: list[SelectChoice] = []
    if current and not is_offered(current):
        options.append(SelectChoice(current, f"{current} ({offset(current)})"))
    own = zones_by_country().get(country, ())
    group = country_name(country, locale)
    options += [
        SelectChoice(zone, f"{city(zone)} ({offset(zone)})", optgroup=group) for zone in own
    ]
    others = sorted(
        (
            (country_name(code, locale), city(zone), zone)
            for code, zones in zones_by_country().items()
            if code != country
            for zone in zones
        ),
        key=lambda row: (_sort_key(row[0]), _sort_key(row[1])),
    )
    rest = _("Other time zones") if own else _("All time zones")
    options += [
        SelectChoice(zone, f"{name} — {place} ({offset(zone)})", optgroup=rest)
        for name, place, zone in others
    ]
    options.append(SelectChoice("UTC", f"UTC ({offset('UTC')})", optgroup=rest))
    return options
