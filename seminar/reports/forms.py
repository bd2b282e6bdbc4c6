"""Forms of the rapporteur workspace: one per use case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import choices, strip
from .models import Priority, RecommendationState, Timeframe
from .services import PRIORITY_LABELS, STATE_LABELS, TIMEFRAME_LABELS

MARKDOWN_HINT = _l("Markdown: **bold**, *italic*, lists with “- ”, quotes with “> ”.")


class NoteForm(FlaskForm):
    version = HiddenField()
    summary = TextAreaField(
        _l("Summary"),
        description=_l(
            "What the session discussed, in a few paragraphs. Markdown: **bold**, *italic*, "
            "lists with “- ”, quotes with “> ”."
        ),
        validators=[Length(max=50_000)],
    )
    key_points = TextAreaField(
        _l("Key points"),
        description=_l("One point per line, starting with “- ”."),
        validators=[Length(max=50_000)],
    )
    statements = TextAreaField(
        _l("Notable statements"),
        description=_l("Quotes worth keeping, with who said them (“> ” for a quote)."),
        validators=[Length(max=50_000)],
    )

    def data_dict(self) -> dict[str, str]:
        return {
            "summary": self.summary.data or "",
            "key_points": self.key_points.data or "",
            "statements": self.statements.data or "",
        }


class SectionForm(FlaskForm):
    version = HiddenField()
    body = TextAreaField(_l("Text"), description=MARKDOWN_HINT, validators=[Length(max=50_000)])


class CoverForm(FlaskForm):
    version = HiddenField()
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    subtitle = StringField(_l("Subtitle"), filters=[strip], validators=[Length(max=300)])
    place = StringField(_l("Place"), filters=[strip], validators=[Length(max=200)])
    dates_label = StringField(
        _l("Dates"),
        description=_l("Leave empty to use the event's dates, written in the report's language."),
        filters=[strip],
        validators=[Length(max=120)],
    )
    language = SelectField(
        _l("Report language"),
        description=_l("All fixed labels, dates and the page footer follow this language."),
        choices=choices([("es", "Español"), ("en", "English")]),
    )

    def data_dict(self) -> dict[str, Any]:
        return {
            key: getattr(self, key).data or ""
            for key in ("title", "subtitle", "place", "dates_label", "language")
        }


class SessionChecklistField(SelectMultipleField):
    """Sessions as checkboxes, listed by day: several are chosen with plain clicks or taps (no
    Ctrl-click in a list box), and the form works without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
    rows: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.type = "MultiCheckboxField"  # shown and compared (edits.py) like any checkbox list

    def set_rows(self, rows: list[Any]) -> None:
        """The sessions on offer (``SessionRow``s in programme order)."""
        self.rows = list(rows)
        self.choices = choices((r.item_id, r.title) for r in self.rows)

    def by_day(self, timezone: str) -> Iterator[tuple[date, list[tuple[Any, Any]]]]:
        """(day, [(checkbox, session row), ...]) in programme order, days in the event's zone."""
        zone = ZoneInfo(timezone)
        pairs = sorted(zip(self, self.rows, strict=True), key=lambda pair: pair[1].starts_at)
        for day, group in groupby(
            pairs, key=lambda pair: pair[1].starts_at.astimezone(zone).date()
        ):
            yield day, list(group)


class RecommendationForm(FlaskForm):
    version = HiddenField()
    text = TextAreaField(
        _l("Recommendation"),
        description=_l("Start with a verb: “Reduce…”, “Establish…”. Markdown: **bold**, *italic*."),
        validators=[DataRequired(), Length(max=50_000)],
    )
    theme_id = SelectField(_l("Theme"), validators=[Optional()])
    addressee = StringField(
        _l("Addressed to"),
        description=_l(
            "For example: Governments of the region; Ministry of Foreign Affairs; the organization."
        ),
        filters=[strip],
        validators=[Length(max=200)],
    )
    priority = SelectField(
        _l("Priority"), choices=choices((p.value, label) for p, label in PRIORITY_LABELS.items())
    )
    timeframe = SelectField(
        _l("Time frame"),
        choices=choices((t.value, label) for t, label in TIMEFRAME_LABELS.items()),
    )
    state = SelectField(
        _l("State"),
        description=_l("Only adopted recommendations appear in the report."),
        choices=choices((s.value, label) for s, label in STATE_LABELS.items()),
    )
    item_ids = SessionChecklistField(
        _l("Sessions it came from"),
        description=_l("Tick every session the recommendation came out of."),
        validators=[Optional()],
    )

    def set_choices(self, themes: list[Any], rows: list[Any]) -> None:
        self.theme_id.choices = choices(
            [("", _l("General (no theme)"))] + [(t.id, t.name) for t in themes]
        )
        self.item_ids.set_rows(rows)

    def data_dict(self) -> dict[str, Any]:
        return {
            "text": self.text.data or "",
            "theme_id": int(self.theme_id.data) if self.theme_id.data else None,
            "addressee": self.addressee.data or "",
            "priority": Priority(self.priority.data or "medium"),
            "timeframe": Timeframe(self.timeframe.data or "short"),
            "state": RecommendationState(self.state.data or "draft"),
            "item_ids": [int(i) for i in self.item_ids.data or []],
        }


class CommentForm(FlaskForm):
    target = HiddenField(validators=[DataRequired()])  # "section:<key>" or "recommendation:<id>"
    body = TextAreaField(
        _l("Comment"), filters=[strip], validators=[DataRequired(), Length(max=5000)]
    )


class FinalizeForm(FlaskForm):
    """Finalizing: the report version it was asked from, and the notes the organizer saw left out."""

    version = HiddenField()
    left_out = HiddenField()  # agenda item ids, comma-separated
    untranslated = HiddenField()  # translations.incomplete_key of the missing/outdated list seen

    def left_out_ids(self) -> set[int]:
        parts = (self.left_out.data or "").split(",")
        return {int(p) for p in parts if p.strip().isdigit() and len(p.strip()) < 10}


class TranslationForm(FlaskForm):
    """One report text in another language, next to its source (``version``: the saved
    translation's, 0 for a new one)."""

    version = HiddenField()
    value = TextAreaField(_l("Translation"), validators=[Length(max=50_000)])
