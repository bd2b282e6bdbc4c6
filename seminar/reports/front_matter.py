"""Front and back matter of the report: which optional parts it includes, the imprint page with its
generated defaults, and the check digits of ISBN and ISSN.

The list of acronyms is in ``acronyms.py``; the acknowledgements are a written section.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..audit import ACTION_LABELS, record
from ..content import services as content
from ..errors import DomainError
from ..extensions import db
from .models import Licence, Report, ReportAcronym, ReportFrontMatter
from .services import check_version, reopen_if_final

ACTION_LABELS.update(
    {
        "report.imprint_saved": _l("Report imprint saved"),
        "report.parts_changed": _l("Report parts changed"),
    }
)

PARTS = ("imprint", "acknowledgements", "acronyms", "statistics")
PART_TITLES: dict[str, Any] = {
    "imprint": _l("Imprint"),
    "acknowledgements": _l("Acknowledgements"),
    "acronyms": _l("List of acronyms"),
    "statistics": _l("Participants in figures"),
}
LICENCE_LABELS: dict[Licence, Any] = {
    Licence.CC_BY: _l("Creative Commons Attribution 4.0 International (CC BY 4.0)"),
    Licence.CC_BY_NC_SA: _l(
        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International (CC BY-NC-SA 4.0)"
    ),
    Licence.ALL_RIGHTS_RESERVED: _l("All rights reserved"),
    Licence.OTHER: _l("Other (describe it below)"),
}
IMPRINT_FIELDS = (
    "publisher", "place", "year", "citation", "licence", "licence_other", "disclaimer", "isbn",
    "issn",
)  # fmt: skip


def find_front_matter(report: Report) -> ReportFrontMatter | None:
    if report.id is None:
        return None
    return db.session.scalar(
        select(ReportFrontMatter).where(ReportFrontMatter.report_id == report.id)
    )


def get_front_matter(report: Report) -> ReportFrontMatter:
    """The stored settings, or unsaved defaults (every part included) for reading."""
    return find_front_matter(report) or ReportFrontMatter(
        report_id=report.id,
        include_imprint=True,
        include_acknowledgements=True,
        include_acronyms=True,
        include_statistics=True,
        publisher="",
        place="",
        year=None,
        citation="",
        licence=Licence.CC_BY_NC_SA,
        licence_other="",
        disclaimer="",
        isbn="",
        issn="",
    )


def ensure_front_matter(report: Report) -> ReportFrontMatter:
    """The settings to write, added to the session now if nobody saved any yet."""
    front = find_front_matter(report)
    if front is None:
        if report.id is None:
            db.session.flush()
        front = get_front_matter(report)
        front.report = report
        db.session.add(front)
    return front


def includes(front: ReportFrontMatter) -> dict[str, bool]:
    return {part: bool(getattr(front, f"include_{part}")) for part in PARTS}


def save_parts(
    front: ReportFrontMatter, included: dict[str, bool], *, expected_version: int | None, by: User
) -> None:
    """Switch the optional parts on or off."""
    check_version(front, expected_version)
    before = includes(front)
    for part in PARTS:
        setattr(front, f"include_{part}", bool(included.get(part)))
    changes = {
        p: [before[p], included.get(p, False)] for p in PARTS if before[p] != included.get(p)
    }
    front.updated_by = by
    reopen_if_final(front.report)
    db.session.flush()
    if changes:
        record("report.parts_changed", event=front.report.event, obj=front, changes=changes, by=by)


# --- the imprint -----------------------------------------------------------------------------


def default_year(report: Report) -> int:
    return report.event.starts_on.year


def default_publisher(report: Report) -> str:
    hosts = report.event.host_list
    return hosts[0] if hosts else ""


def default_citation(
    report: Report, *, publisher: str, place: str, year: int, title: str = "", subtitle: str = ""
) -> str:
    """ "Publisher (Year). Title. Subtitle. Place: Publisher." (an author-date citation), with the
    title in the document's language when given."""
    title = ". ".join(
        p.rstrip(".") for p in (title or report.title, subtitle or report.subtitle) if p
    )
    who = publisher or title
    parts = [f"{who} ({year}). {title}." if publisher else f"{title} ({year})."]
    if place or publisher:
        parts.append(": ".join(p for p in (place, publisher) if p) + ".")
    return " ".join(parts)


def _localized(front: ReportFrontMatter, lang: str | None) -> dict[str, str]:
    """The imprint's free texts in ``lang`` (as typed when ``lang`` is None); a text shown in
    another language (not translated yet) has that language under ``<field>_lang``."""
    fields = ("publisher", "citation", "licence_other", "disclaimer")
    if lang is None or front.id is None:
        return {name: getattr(front, name) or "" for name in fields}
    found: dict[str, str] = {}
    for name in fields:
        value = content.text(front, name, lang)
        found[name] = str(value)
        if value and value.lang != lang:
            found[f"{name}_lang"] = value.lang
    return found


def imprint(
    report: Report,
    front: ReportFrontMatter,
    *,
    title: str = "",
    subtitle: str = "",
    lang: str | None = None,
) -> dict[str, Any]:
    """The imprint page as printed: typed values (in ``lang`` when given, through the content
    translations), or the generated defaults where empty."""
    texts = _localized(front, lang)
    publisher = texts["publisher"] or default_publisher(report)
    place = front.place or report.event.city
    year = front.year or default_year(report)
    other = front.licence == Licence.OTHER
    licence = texts["licence_other"] if other else str(LICENCE_LABELS[front.licence])
    return {
        **{key: value for key, value in texts.items() if key.endswith("_lang")},
        "licence_lang": texts.get("licence_other_lang", "") if other else "",
        "publisher": publisher,
        "place": place,
        "year": year,
        "citation": texts["citation"]
        or default_citation(
            report, publisher=publisher, place=place, year=year, title=title, subtitle=subtitle
        ),
        "licence": licence,
        "licence_key": front.licence.value,
        "disclaimer": texts["disclaimer"],
        "isbn": front.isbn,
        "issn": front.issn,
    }


def save_imprint(
    front: ReportFrontMatter, data: dict[str, Any], *, expected_version: int | None, by: User
) -> ReportFrontMatter:
    """Change the imprint. ISBN and ISSN are checked (check digit) and stored hyphenated as typed."""
    check_version(front, expected_version)
    isbn = (data.get("isbn") or "").strip()
    if isbn:
        check_isbn(isbn)
    issn = (data.get("issn") or "").strip().upper()
    if issn:
        check_issn(issn)
    licence = Licence(data.get("licence") or Licence.CC_BY_NC_SA.value)
    if licence == Licence.OTHER and not (data.get("licence_other") or "").strip():
        raise DomainError(_("Describe the licence."), field="licence_other")
    for key in IMPRINT_FIELDS:
        value = data.get(key)
        if key == "year":
            front.year = int(value) if value else None
        elif key == "licence":
            front.licence = licence
        elif key == "isbn":
            front.isbn = isbn
        elif key == "issn":
            front.issn = issn
        else:
            setattr(front, key, (value or "").strip())
    front.updated_by = by
    reopen_if_final(front.report)
    db.session.flush()
    record("report.imprint_saved", event=front.report.event, obj=front, by=by)
    return front


def _digits(text: str) -> str:
    return "".join(c for c in text if c not in " -")


def check_isbn(text: str) -> None:
    """ISBN-13 (978/979, check digit modulo 10) or ISBN-10 (check digit modulo 11, "X" = 10)."""
    raw = _digits(text).upper()
    if len(raw) == 13 and raw.isdigit():
        if not raw.startswith(("978", "979")):
            raise DomainError(_("An ISBN-13 starts with 978 or 979."), field="isbn")
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(raw[:12]))
        if (10 - total % 10) % 10 != int(raw[12]):
            raise DomainError(
                _("This ISBN's check digit is wrong: check the number for a typo."), field="isbn"
            )
        return
    if len(raw) == 10 and raw[:9].isdigit() and (raw[9].isdigit() or raw[9] == "X"):
        total = sum(int(d) * (10 - i) for i, d in enumerate(raw[:9]))
        total += 10 if raw[9] == "X" else int(raw[9])
        if total % 11:
            raise DomainError(
                _("This ISBN's check digit is wrong: check the number for a typo."), field="isbn"
            )
        return
    raise DomainError(
        _("An ISBN has 13 digits (or 10 for older books), e.g. 978-92-9068-000-0."), field="isbn"
    )


def check_issn(text: str) -> None:
    """ISSN: NNNN-NNNC, the check digit modulo 11 ("X" = 10)."""
    raw = _digits(text).upper()
    if not (len(raw) == 8 and raw[:7].isdigit() and (raw[7].isdigit() or raw[7] == "X")):
        raise DomainError(_("An ISSN has 8 characters, e.g. 2075-8839."), field="issn")
    total = sum(int(d) * (8 - i) for i, d in enumerate(raw[:7]))
    check = (11 - total % 11) % 11
    if ("X" if check == 10 else str(check)) != raw[7]:
        raise DomainError(
            _("This ISSN's check digit is wrong: check the number for a typo."), field="issn"
        )


# --- in the document -------------------------------------------------------------------------


def _acronym(entry: ReportAcronym, lang: str) -> dict[str, str]:
    expansion = content.text(entry, "expansion", lang)
    found = {"acronym": entry.acronym, "expansion": str(expansion)}
    if expansion and expansion.lang != lang:
        found["expansion_lang"] = expansion.lang
    return found


def collect(report: Report, lang: str, *, title: str, subtitle: str) -> dict[str, Any]:
    """The front and back matter as document data (``None`` for a part left out), in ``lang``
    (``title`` and ``subtitle``: the cover's, for the suggested citation)."""
    from . import acronyms, statistics
    from .collation import sort_key

    front = get_front_matter(report)
    entries = sorted(acronyms.acronyms_of(report), key=lambda a: sort_key(a.acronym, lang))
    content.preload([*entries, front] if front.id is not None else entries, lang)
    return {
        "imprint": (
            imprint(report, front, title=title, subtitle=subtitle, lang=lang)
            if front.include_imprint
            else None
        ),
        "include_acknowledgements": front.include_acknowledgements,
        "acronyms": [_acronym(a, lang) for a in entries] if front.include_acronyms else None,
        "statistics": (
            statistics.participant_statistics(report.event, lang)
            if front.include_statistics
            else None
        ),
    }
