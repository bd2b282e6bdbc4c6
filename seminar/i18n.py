"""Languages: locale and time-zone selection, the language switch, locale-aware formatting helpers."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import format_date, format_datetime, format_time, get_locale
from flask_login import current_user

from .cache import may_be_signed_in

PACKAGE = Path(__file__).resolve().parent
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
# The visitor's chosen language lives in its own cookie, not in the session: an anonymous visitor
# then has no session at all, and public pages are the same for everyone who reads that language.
LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def language_name(code: str, in_lang: str | None = None) -> str:
    """``code``'s name in ``in_lang`` ("inglés", "Spanish"), by default in the page's language,
    as written mid-sentence (``|capitalize`` it for a heading). ``LANGUAGE_NAMES`` holds each
    language's own name, for the language switch."""
    if in_lang is None:
        locale = get_locale() if has_request_context() else None
        in_lang = locale.language if locale is not None else "en"
    try:
        return Locale.parse(code).get_display_name(in_lang) or code
    except (ValueError, LookupError):
        return code


def translation_directories() -> str:
    """Where the gettext catalogs live (one catalog for the whole app)."""
    return str(PACKAGE / "translations")


def select_locale() -> str:
    """User's explicit choice, then the browser's Accept-Language, then the event's language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return str(chosen)
    if may_be_signed_in() and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    best = request.accept_languages.best_match(languages)
    if best:
        return str(best)
    event = g.get("event")
    # A conditional request answered before the event is loaded knows its language (cache.py).
    fallback = event.default_language if event is not None else g.get("event_language")
    if fallback in languages:
        return str(fallback)
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    event = g.get("event")
    return event.timezone if event is not None else current_app.config["BABEL_DEFAULT_TIMEZONE"]


def country_name(code: str | None, locale: str | None = None) -> str:
    if not code:
        return ""
    loc = Locale.parse(locale or str(get_locale()))
    return loc.territories.get(code.upper(), code)


def country_choices(locale: str | None = None) -> list[tuple[str, str]]:
    """ISO 3166 countries with names in the UI language, sorted for that language."""
    loc = Locale.parse(locale or str(get_locale()))
    names = {
        code: name
        for code, name in loc.territories.items()
        if len(code) == 2
        and code.isalpha()
        and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}
    }
    return sorted(names.items(), key=lambda item: _sort_key(item[1]))


def _sort_key(text: str) -> str:
    import unicodedata

    return "".join(
        c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c)
    )


def format_day(value: date, fmt: str = "full") -> str:
    return format_date(value, fmt)


# One way to write a time of day per language, on every page: 24-hour "09:30" in Spanish (as in
# the printed programme), CLDR's short time "9:30 AM" in English (as the timetable editor shows).
TIME_PATTERNS = {"es": "HH:mm"}


def format_clock(value: datetime | time) -> str:
    """A time of day to the minute, in the event's time zone: '09:30' / '9:30 AM'."""
    return format_time(value, TIME_PATTERNS.get(str(get_locale()), "short"))


def format_moment(value: datetime, style: str = "medium") -> str:
    """A date and time to the minute in the event's zone, the one pattern of each language:
    '2 dic 2026, 09:30' / 'Dec 2, 2026, 9:30 AM' (``style`` "long": '2 de diciembre de 2026, 09:30').

    Babel's "short" dates ('12/2/26') are never used: they read differently in each country.
    """
    day = format_date(value, "long" if style in {"long", "full"} else "medium")
    return f"{day}, {format_clock(value)}"


def _datetime_filter(value: datetime, fmt: str = "medium") -> str:
    """``|datetime``: a named style gives the one pattern (``format_moment``); an explicit CLDR
    pattern (such as "EEE HH:mm" for a weekday and time) is used as written."""
    if fmt in {"short", "medium", "long", "full"}:
        return format_moment(value, fmt)
    return format_datetime(value, fmt)


def format_date_range(start: date, end: date) -> str:
    """'27–28 November 2026' / '27–28 de noviembre de 2026', per locale."""
    from babel.dates import format_interval

    if start == end:
        return format_date(start, "long")
    return format_interval(start, end, skeleton="yMMMMd", locale=get_locale())


def in_zone(value: datetime, tz: str) -> datetime:
    return value.astimezone(ZoneInfo(tz))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        language_name=language_name,
        current_locale=lambda: str(get_locale()),
        country_name=country_name,
    )
    app.jinja_env.filters.update(
        date_range=format_date_range,
        day=format_day,
        datetime=_datetime_filter,
        time=format_clock,
        date=lambda value, fmt="medium": format_date(value, fmt),
        country=country_name,
        # Machine-readable times for <time datetime>: HTML allows at most milliseconds.
        iso=lambda value: value.isoformat(timespec="seconds"),
    )
