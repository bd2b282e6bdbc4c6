"""The report's list of acronyms: kept by the rapporteur, with suggestions found in the text.

Suggestions are only proposals: nothing joins the list until the rapporteur confirms it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..audit import ACTION_LABELS, record
from ..dbtypes import utcnow
from ..errors import DomainError
from ..extensions import db
from .models import (
    Recommendation,
    Report,
    ReportAcronym,
    ReportFrontMatter,
    ReportSection,
    SessionNote,
)
from .services import check_version, reopen_if_final

ACTION_LABELS.update({"report.acronyms_saved": _l("Report acronyms saved")})

# 2 to 8 capital letters (Spanish ones included), a whole word: "OIM", "MERCOSUR", "ODS".
_TOKEN = re.compile(r"(?<![\w-])[A-ZÁÉÍÓÚÑÜ]{2,8}(?![\w-])")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
# Expansions of acronyms common in migration policy, per language: proposed, never imposed.
KNOWN: dict[str, dict[str, str]] = {
    "es": {
        "ACNUR": "Alto Comisionado de las Naciones Unidas para los Refugiados",
        "AECID": "Agencia Española de Cooperación Internacional para el Desarrollo",
        "BID": "Banco Interamericano de Desarrollo",
        "CAN": "Comunidad Andina",
        "CELAC": "Comunidad de Estados Latinoamericanos y Caribeños",
        "CEPAL": "Comisión Económica para América Latina y el Caribe",
        "CSM": "Conferencia Suramericana sobre Migraciones",
        "MERCOSUR": "Mercado Común del Sur",
        "ODS": "Objetivos de Desarrollo Sostenible",
        "OEA": "Organización de los Estados Americanos",
        "OIM": "Organización Internacional para las Migraciones",
        "OIT": "Organización Internacional del Trabajo",
        "ONG": "Organización no gubernamental",
        "ONU": "Organización de las Naciones Unidas",
        "PNUD": "Programa de las Naciones Unidas para el Desarrollo",
        "UE": "Unión Europea",
        "UNICEF": "Fondo de las Naciones Unidas para la Infancia",
    },
    "en": {
        "CAN": "Andean Community",
        "ECLAC": "Economic Commission for Latin America and the Caribbean",
        "EU": "European Union",
        "ILO": "International Labour Organization",
        "IOM": "International Organization for Migration",
        "MERCOSUR": "Southern Common Market",
        "NGO": "Non-governmental organization",
        "OAS": "Organization of American States",
        "SDG": "Sustainable Development Goal",
        "UN": "United Nations",
        "UNDP": "United Nations Development Programme",
        "UNHCR": "Office of the United Nations High Commissioner for Refugees",
        "UNICEF": "United Nations Children's Fund",
    },
}
MAX_ACRONYMS = 200


@dataclass(frozen=True)
class Suggestion:
    acronym: str
    expansion: str
    count: int


def acronyms_of(report: Report) -> list[ReportAcronym]:
    if report.id is None:
        return []
    return list(
        db.session.scalars(
            select(ReportAcronym)
            .where(ReportAcronym.report_id == report.id)
            .order_by(ReportAcronym.position, ReportAcronym.id)
        )
    )


def _texts(report: Report) -> list[str]:
    """Every text the rapporteurs wrote for this report: sections, session notes, recommendations."""
    texts = [report.title, report.subtitle]
    if report.id is not None:
        texts += db.session.scalars(
            select(ReportSection.body).where(ReportSection.report_id == report.id)
        )
    for note in db.session.scalars(
        select(SessionNote).where(SessionNote.event_id == report.event_id)
    ):
        texts += [note.summary, note.key_points, note.statements]
    for text, addressee in db.session.execute(
        select(Recommendation.text, Recommendation.addressee).where(
            Recommendation.event_id == report.event_id
        )
    ):
        texts += [text, addressee]
    return texts


def suggest(report: Report) -> list[Suggestion]:
    """Capitalized words of 2 to 8 letters in the report's texts that the list does not have yet,
    most frequent first, with the known expansion in the report's language (else empty)."""
    counts: Counter[str] = Counter()
    for text in _texts(report):
        counts.update(t for t in _TOKEN.findall(text or "") if not _ROMAN.match(t))
    listed = {a.acronym for a in acronyms_of(report)}
    known = KNOWN.get(report.language, {})
    return [
        Suggestion(token, known.get(token, ""), count)
        for token, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if token not in listed
    ]


def _clean(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned: dict[str, str] = {}
    for acronym, expansion in rows:
        acronym, expansion = acronym.strip(), expansion.strip()
        if not acronym and not expansion:
            continue
        if not acronym:
            raise DomainError(_("Each expansion needs its acronym."), field="rows")
        if len(acronym) > 20 or len(expansion) > 300:
            raise DomainError(
                _("An acronym has at most 20 characters and its expansion at most 300."),
                field="rows",
            )
        if acronym in cleaned:
            raise DomainError(
                _("“%(acronym)s” is in the list twice.", acronym=acronym), field="rows"
            )
        cleaned[acronym] = expansion
    if len(cleaned) > MAX_ACRONYMS:
        raise DomainError(_("The list has room for 200 acronyms."), field="rows")
    return list(cleaned.items())


def save_acronyms(
    report: Report,
    rows: list[tuple[str, str]],
    *,
    expected_version: int | None,
    by: User,
    front: ReportFrontMatter,
) -> None:
    """Replace the list with ``rows`` (acronym, expansion), in this order; empty rows are left out.

    The version of the report's front-matter row ``front`` guards the list against two people
    saving it at once.
    """
    check_version(front, expected_version)
    wanted = _clean(rows)
    existing = {a.acronym: a for a in acronyms_of(report)}
    for acronym in set(existing) - {a for a, _e in wanted}:
        db.session.delete(existing[acronym])
    db.session.flush()  # a removed acronym's unique key is free again before the rest is written
    for position, (acronym, expansion) in enumerate(wanted):
        row = existing.get(acronym) or ReportAcronym(report_id=report.id, acronym=acronym)
        row.expansion = expansion
        row.position = position
        db.session.add(row)
    _touch(front, by)
    reopen_if_final(report)
    db.session.flush()
    record(
        "report.acronyms_saved", event=report.event, obj=report,
        summary=", ".join(a for a, _e in wanted)[:200], by=by,
    )  # fmt: skip


def add_confirmed(
    report: Report,
    rows: list[tuple[str, str]],
    *,
    expected_version: int | None,
    by: User,
    front: ReportFrontMatter,
) -> int:
    """Add the suggestions the rapporteur confirmed at the end of the list; returns how many."""
    check_version(front, expected_version)  # before a query flushes a new ``front``
    current = [(a.acronym, a.expansion) for a in acronyms_of(report)]
    listed = {a for a, _e in current}
    new = [(a.strip(), e) for a, e in rows if a.strip() and a.strip() not in listed]
    save_acronyms(report, current + new, expected_version=None, by=by, front=front)
    return len(new)


def _touch(front: ReportFrontMatter, by: User) -> None:
    """A new version of the front matter: the next stale save of the list is refused."""
    front.updated_at = utcnow()
    front.updated_by = by
