"""Participants in figures: confirmed registrations and checked-in participants by country, type of
institution and sex, as the report's tables and bar chart.

Computed when a draft is put together; a finalized version keeps the figures of its snapshot, so
later registrations or check-ins never change it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import exists, select

from ..events.models import Event
from ..extensions import db
from ..i18n import country_name
from ..registration.exports import INSTITUTION_TYPE_LABELS
from ..registration.models import (
    CheckIn,
    InstitutionType,
    Registration,
    RegistrationStatus,
    Sex,
)
from .collation import sort_key

SEX_LABELS: dict[Sex, Any] = {
    Sex.FEMALE: _l("Women"),
    Sex.MALE: _l("Men"),
    Sex.OTHER: _l("Other"),
    Sex.UNDISCLOSED: _l("Preferred not to say"),
    Sex.NOT_STATED: _l("Not stated"),
}


def participant_statistics(event: Event, lang: str) -> dict[str, Any]:
    """The figures, labels in ``lang`` (call inside ``force_locale(lang)``), ready for the snapshot.

    Registered: confirmed registrations. Attended: registrations checked in on at least one day
    (whatever their status now: they came).
    """
    checked_in = exists().where(CheckIn.registration_id == Registration.id)
    rows = db.session.execute(
        select(
            Registration.country,
            Registration.institution_type,
            Registration.sex,
            Registration.status,
            checked_in.label("attended"),
        ).where(Registration.event_id == event.id)
    ).all()
    counted = [
        (row.country, row.institution_type, row.sex, row.status == RegistrationStatus.CONFIRMED,
         bool(row.attended))
        for row in rows
        if row.status == RegistrationStatus.CONFIRMED or row.attended
    ]  # fmt: skip
    registered: dict[str, Counter[str]] = {
        "country": Counter(),
        "type": Counter(),
        "sex": Counter(),
    }
    attended: dict[str, Counter[str]] = {"country": Counter(), "type": Counter(), "sex": Counter()}
    for country, kind, sex, is_confirmed, has_attended in counted:
        keys = {"country": country or "", "type": kind.value, "sex": sex.value}
        for dimension, key in keys.items():
            if is_confirmed:
                registered[dimension][key] += 1
            if has_attended:
                attended[dimension][key] += 1

    def table(dimension: str, labels: dict[str, str], order: list[str]) -> list[dict[str, Any]]:
        return [
            {
                "label": labels[key],
                "registered": registered[dimension][key],
                "attended": attended[dimension][key],
            }
            for key in order
            if registered[dimension][key] or attended[dimension][key]
        ]

    countries = set(registered["country"]) | set(attended["country"])
    country_labels = {
        code: country_name(code, lang) if code else _("Not stated") for code in countries
    }
    country_order = sorted(
        countries,
        key=lambda c: (-registered["country"][c], -attended["country"][c],
                       sort_key(country_labels[c], lang)),
    )  # fmt: skip
    type_labels = {t.value: str(INSTITUTION_TYPE_LABELS[t.value]) for t in InstitutionType}
    sex_labels = {s.value: str(label) for s, label in SEX_LABELS.items()}
    tables = [
        {
            "key": "country",
            "caption": _("Participants by country"),
            "heading": _("Country"),
            "rows": table("country", country_labels, country_order),
        },
        {
            "key": "type",
            "caption": _("Participants by type of institution"),
            "heading": _("Type of institution"),
            "rows": table("type", type_labels, [t.value for t in InstitutionType]),
        },
        {
            "key": "sex",
            "caption": _("Participants by sex"),
            "heading": _("Sex"),
            "rows": table("sex", sex_labels, [s.value for s in SEX_LABELS]),
        },
    ]
    totals = {
        "registered": sum(registered["sex"].values()),
        "attended": sum(attended["sex"].values()),
    }
    return {
        "totals": totals,
        "tables": tables,
        "chart": bar_chart(
            tables[0]["caption"],
            tables[0]["rows"],
            series=(("registered", _("Registered (confirmed)")), ("attended", _("Attended"))),
        ),
    }


# Colours with at least 4.5:1 contrast on white (bars and their labels alike).
_COLOURS = ("#0b3d6e", "#a84a0c")
# Attributes rather than CSS: the PDF renderer styles inline SVG text from its own attributes.
_FONT = "Source Sans 3, Noto Sans, sans-serif"
_LABEL_WIDTH = 190
_BAR_AREA = 400
_ROW = 32
_TOP = 40


def bar_chart(
    title: str, rows: list[dict[str, Any]], *, series: tuple[tuple[str, str], ...]
) -> str:
    """A horizontal bar chart as inline SVG (no script, no external resource): one group of bars
    per row, the value written at the end of each bar, a legend, and a text alternative
    (``role="img"``, ``<title>`` and a ``<desc>`` listing every number)."""
    biggest = max((row[key] for row in rows for key, _label in series), default=0) or 1
    height = _TOP + _ROW * max(len(rows), 1) + 6
    width = _LABEL_WIDTH + _BAR_AREA + 50
    bar = (_ROW - 6) // len(series)
    described = "; ".join(
        "{}: {}".format(row["label"], ", ".join(f"{row[key]} {label}" for key, label in series))
        for row in rows
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stats-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="stats-chart-title stats-chart-desc" font-family="{_FONT}" '
        'fill="#1a2430">',
        f'<title id="stats-chart-title">{escape(title)}</title>',
        f'<desc id="stats-chart-desc">{escape(described)}</desc>',
    ]
    for index, (_key, label) in enumerate(series):
        x = _LABEL_WIDTH + index * 200
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{_COLOURS[index]}"/>')
        parts.append(f'<text x="{x + 18}" y="17" font-size="12">{escape(label)}</text>')
    for number, row in enumerate(rows):
        y = _TOP + number * _ROW
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + _ROW / 2 + 4}" text-anchor="end" '
            f'font-size="12">{escape(row["label"])}</text>'
        )
        for index, (key, _label) in enumerate(series):
            value = row[key]
            length = round(_BAR_AREA * value / biggest, 1)
            top = y + 4 + index * bar
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{top}" width="{length}" height="{bar - 2}" '
                f'fill="{_COLOURS[index]}"/>'
            )
            parts.append(
                f'<text x="{_LABEL_WIDTH + length + 5}" y="{top + bar - 3}" '
                f'font-size="10" font-weight="700">{value}</text>'
            )
    parts.append(
        f'<line x1="{_LABEL_WIDTH}" y1="{_TOP - 4}" x2="{_LABEL_WIDTH}" y2="{height - 4}" '
        'stroke="#4d5b69" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
