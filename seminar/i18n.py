"""Languages: locale and time-zone selection, the language switch, locale-aware formatting helpers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

PACKAGE = Path(__file__).resolve().parent
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def translation_directories() -> str:
    """Where the gettext catalogs live (one catalog for the whole app)."""
    return str(PACKAGE / "translations")


def select_locale() -> str:
    """User's explicit choice, then the browser's Accept-Language, then the event's language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    if current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    best = request.accept_languages.best_match(languages)
    if best:
        return str(best)
    event = g.get("event")
    if event is not None and event.default_language in languages:
        return event.default_language
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


def timezone_choices() -> list[tuple[str, str]]:
    from zoneinfo import available_timezones

    return [(tz, tz.replace("_", " ")) for tz in sorted(available_timezones()) if "/" in tz]


def format_day(value: date, fmt: str = "full") -> str:
    return format_date(value, fmt)


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
        current_locale=lambda: str(get_locale()),
        country_name=country_name,
    )
    app.jinja_env.filters.update(
        date_range=format_date_range,
        day=format_day,
        datetime=lambda value, fmt="medium": format_datetime(value, fmt),
        date=lambda value, fmt="medium": format_date(value, fmt),
        country=country_name,
        # Machine-readable times for <time datetime>: HTML allows at most milliseconds.
        iso=lambda value: value.isoformat(timespec="seconds"),
    )
