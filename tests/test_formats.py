"""Every date and time on the demo's pages follows its language's one pattern, for every role.

The pages come from the quality crawler (the app's URL map, filled with demo data), read as a
visitor, an organizer, a rapporteur and check-in staff, in Spanish and in English. Each time of
day must be written the language's way (Spanish: 24-hour "09:30"; English: "9:30 AM", CLDR's short
time), never both ways in one language, and no date may be written with numbers only ("11/30/26",
"2026-11-30"), nor with the other language's month names.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import current_app
from sqlalchemy import select

from seminar.events.models import Event
from seminar.i18n import format_clock, format_moment
from tests.quality.crawl import DEMO_SLUG, page_urls

NARROW = "\u202f"  # CLDR puts a narrow no-break space before AM/PM
TIME = re.compile(
    rf"(?<![\d:.+\-\u2212])\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[ \u00a0{NARROW}]?(?:[AaPp]\. ?[Mm]\.|[AaPp][Mm]\b))?"
    r"(?![\d:])"
)
PATTERNS = {
    "es": re.compile(r"\d{2}:\d{2}"),
    "en": re.compile(rf"\d{{1,2}}:\d{{2}}{NARROW}[AP]M"),
}
NUMERIC_DATE = re.compile(r"(?<![\d/.-])(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})(?![\d/-])")
ENGLISH_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}"
)
SPANISH_DATE = re.compile(
    r"\b\d{1,2}(?: de)? (?:ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)[a-z]*\.?(?: de)? \d{4}"
)
OTHER_LANGUAGE_DATE = {"es": ENGLISH_DATE, "en": SPANISH_DATE}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
HIDDEN = {"script", "style", "template", "textarea"}


class _Reader(HTMLParser):
    """Collects the text the app writes in the page's language: no markup, attributes, scripts,
    styles or text typed into fields, and no passage marked with another ``lang``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.langs: list[str | None] = []
        self.page_lang = ""
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.page_lang = (lang or "")[:2]
        self.langs.append(lang[:2] if lang else None)
        if tag in HIDDEN:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.langs:
            return
        self.langs.pop()
        if tag in HIDDEN:
            self.skip = max(self.skip - 1, 0)

    def handle_data(self, data: str) -> None:
        current = next((lang for lang in reversed(self.langs) if lang), self.page_lang)
        if not self.skip and current == self.page_lang:
            self.parts.append(data)


def visible_text(page: str) -> tuple[str, str]:
    """The page's language and the text a reader sees in it."""
    reader = _Reader()
    reader.feed(page)
    return reader.page_lang, " ".join(reader.parts)


def format_problems(text: str, lang: str) -> list[str]:
    """Every date or time in ``text`` not written in ``lang``'s pattern."""
    problems = [
        f"time {found!r}"
        for found in TIME.findall(text)
        if not PATTERNS[lang].fullmatch(found.replace("\u00a0", NARROW))
    ]
    problems += [f"numeric date {found!r}" for found in NUMERIC_DATE.findall(text)]
    problems += [
        f"date of the other language {m!r}" for m in OTHER_LANGUAGE_DATE[lang].findall(text)
    ]
    return problems


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("es", "Abre el 2 dic 2026, 09:00 hasta las 17:30.", []),
        ("es", "A las 9:00 AM", ["time '9:00 AM'"]),
        ("es", "el 11/30/26, 16:46", ["numeric date '11/30/26'"]),
        ("en", f"Opens Dec 2, 2026, 9:00{NARROW}AM until 5:30{NARROW}PM.", []),
        ("en", "At 09:00", ["time '09:00'"]),
        ("en", "on 2 dic 2026", ["date of the other language '2 dic 2026'"]),
        ("es", "on Dec 2, 2026 at 2026-12-02", ["numeric date '2026-12-02'",
                                                "date of the other language 'Dec 2, 2026'"]),
    ],
)  # fmt: skip
def test_the_checker_tells_each_pattern_apart(lang, text, expected):
    assert format_problems(text, lang) == expected


def test_the_format_helpers_write_each_languages_pattern(app):
    from datetime import UTC, datetime

    from flask_babel import force_locale

    moment = datetime(2026, 12, 2, 13, 5, tzinfo=UTC)  # 09:05 in La Paz
    with app.test_request_context(), force_locale("es"):
        from flask import g

        g.event = Event(timezone="America/La_Paz")
        assert format_clock(moment) == "09:05"
        assert format_moment(moment) == "2 dic 2026, 09:05"
        assert format_moment(moment, "long") == "2 de diciembre de 2026, 09:05"
    with app.test_request_context(), force_locale("en"):
        from flask import g

        g.event = Event(timezone="America/La_Paz")
        assert format_clock(moment) == f"9:05{NARROW}AM"
        assert format_moment(moment) == f"Dec 2, 2026, 9:05{NARROW}AM"


def _crawl(client: Any, urls: list[str], who: str, problems: list[str]) -> int:
    seen = 0
    for lang in ("es", "en"):
        for url in urls:
            response = client.get(url, headers={"Accept-Language": lang})
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            seen += 1
            # A document in its own language (the report preview) is judged in that language.
            page_lang, text = visible_text(response.get_data(as_text=True))
            problems += [
                f"[{who} {lang}] {url}: {problem}"
                for problem in format_problems(text, page_lang or lang)
            ]
    return seen


def test_every_date_and_time_of_the_demo_follows_the_pattern_of_its_language(client, db, login_as):
    result = current_app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    urls = page_urls(current_app)
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    problems: list[str] = []
    seen = _crawl(client, urls, "visitor", problems)
    for role in ("organizer", "rapporteur", "checkin"):
        login_as(role, event, locale=None)
        seen += _crawl(client, urls, role, problems)
    assert seen > 60, seen
    assert problems == [], "\n".join(sorted(set(problems))[:200])
