"""Readers get their language: every public page and export of the bilingual demo."""

from __future__ import annotations

import html
import json
import re
from xml.etree import ElementTree as ET

from icalendar import Calendar
from sqlalchemy import select

from seminar.agenda.models import AgendaItem
from seminar.content import services
from seminar.content.models import ContentTranslation

PAGES = ("/", "/events/{slug}/", "/events/{slug}/agenda", "/events/{slug}/speakers",
         "/events/{slug}/register")  # fmt: skip
EXPORTS = ("/events/{slug}/agenda.ics", "/events/{slug}/schedule.json",
           "/events/{slug}/schedule.xml")  # fmt: skip


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _readable(url: str, body: bytes) -> str:
    """What a reader (or an app) gets to read: text without markup, escapes or line folding."""
    if url.endswith(".ics"):
        calendar = Calendar.from_ical(body)
        texts = [str(v) for c in calendar.walk() for v in c.values() if isinstance(v, str)]
        texts += [str(c.get(k)) for c in calendar.walk() for k in ("CATEGORIES",) if c.get(k)]
    elif url.endswith(".json"):
        texts = list(_strings(json.loads(body)))
    elif url.endswith(".xml"):
        root = ET.fromstring(body)  # noqa: S314 - our own export
        texts = [t for el in root.iter() for t in (el.text, *el.attrib.values()) if t]
    else:
        texts = [html.unescape(re.sub(r"<[^>]+>", " ", body.decode()))]
    return re.sub(r"\s+", " ", " ".join(texts))


def _paragraphs(text: str) -> list[str]:
    """The paragraphs and list items of a (Markdown) text, as a reader sees them."""
    parts = []
    for block in text.split("\n\n"):
        lines = block.splitlines()
        if all(line.startswith("- ") for line in lines):
            parts.extend(line[2:] for line in lines)
        else:
            parts.append(" ".join(lines))
    return [re.sub(r"\s+", " ", re.sub(r"[*_#`]", "", p)).strip() for p in parts if p.strip()]


def _found(fragments: list[str], readable: str) -> list[str]:
    return [f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", readable)]


def _texts(db, event, lang):
    """(translation, source) of every translated text of the demo."""
    rows = db.scalars(
        select(ContentTranslation).where(
            ContentTranslation.event_id == event.id, ContentTranslation.lang == lang
        )
    ).all()
    return [(row.value, row.source_text) for row in rows]


def _fetch(client, url, lang):
    if "?" not in url and not url.endswith(("/", "agenda", "speakers", "register")):
        url = f"{url}?lang={lang}"
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200, url
    return url, response.data


def test_a_spanish_visitor_sees_no_english_content_on_any_public_page(client, db, bilingual):
    texts = _texts(db, bilingual, "en")
    assert len(texts) > 60  # event, rooms, themes, agenda, people, registration form
    english = sorted({f for value, _source in texts for f in _paragraphs(value)})

    for template in (*PAGES, *EXPORTS):
        url, body = _fetch(client, template.format(slug=bilingual.slug), "es")
        readable = _readable(url, body)
        assert _found(english, readable) == [], url
        if template in ("/events/{slug}/agenda", "/events/{slug}/schedule.json"):
            assert "Inauguración del seminario" in readable


def test_an_english_visitor_sees_the_translations_and_no_spanish_source(client, db, bilingual):
    texts = _texts(db, bilingual, "en")
    spanish = sorted({f for _value, source in texts for f in _paragraphs(source)})
    english = sorted({f for value, _source in texts for f in _paragraphs(value)})
    seen = []

    for template in (*PAGES, *EXPORTS):
        url, body = _fetch(client, template.format(slug=bilingual.slug), "en")
        readable = _readable(url, body)
        assert _found(spanish, readable) == [], url
        seen.append(readable)
    # Every English text of the demo is on some public page (so the scans above do look at them).
    assert set(_found(english, " ".join(seen))) == set(english)


def test_a_missing_translation_falls_back_to_the_source_marked_with_its_language(
    client, db, bilingual
):
    item = db.scalar(select(AgendaItem).where(AgendaItem.title == "Inauguración del seminario"))
    services.save(item, "title", "en", "", version=None, user=None)  # emptied: missing again
    db.commit()

    page = client.get(f"/events/{bilingual.slug}/agenda").get_data(as_text=True)

    assert '<span lang="es">Inauguración del seminario</span>' in page
    assert "Opening of the seminar" not in page
    assert '<span lang="es">Panel 1' not in page  # translated texts carry no lang of their own


def test_a_saved_translation_shows_at_once_on_the_cached_public_page(client, db, bilingual):
    url = f"/events/{bilingual.slug}/agenda"
    assert "Opening of the seminar" in client.get(url).get_data(as_text=True)
    item = db.scalar(select(AgendaItem).where(AgendaItem.title == "Inauguración del seminario"))
    services.save(item, "title", "en", "Official opening", version=None, user=None)
    db.commit()

    assert "Official opening" in client.get(url).get_data(as_text=True)
    ics = client.get(f"/events/{bilingual.slug}/agenda.ics?lang=en").get_data(as_text=True)
    assert "Official opening" in ics


def test_exports_carry_their_language(client, db, bilingual):
    slug = bilingual.slug
    ics = client.get(f"/events/{slug}/agenda.ics?lang=en")
    calendar = Calendar.from_ical(ics.data)
    opening = next(
        c for c in calendar.walk("VEVENT") if str(c["SUMMARY"]) == "Opening of the seminar"
    )
    assert opening["SUMMARY"].params["LANGUAGE"] == "en"
    assert opening["DESCRIPTION"].params["LANGUAGE"] == "en"
    assert calendar["X-WR-CALNAME"].params["LANGUAGE"] == "en"
    assert ics.headers["Content-Language"] == "en"

    spanish = client.get(f"/events/{slug}/schedule.json?lang=es")
    conference = spanish.get_json()["schedule"]["conference"]
    assert conference["meta"] == {"language": "es"}
    assert conference["title"] == "Políticas Migratorias, Desarrollo y Derechos Humanos"
    assert spanish.headers["Content-Language"] == "es"

    xml = client.get(f"/events/{slug}/schedule.xml?lang=en")
    assert xml.headers["Content-Language"] == "en"
    assert b"<title>Migration Policies, Development and Human Rights</title>" in xml.data
